"""Repair words that mix Latin, Cyrillic and Greek letters ("Dиnara", "Рutin", "Kазахстан").

Only a word that mixes scripts is touched. Its target script is the dominant script of its
context, narrowest first: the quotation it sits in, the name it is part of, the sentence, the
paragraph, the article, then the language hint; never the word's own majority, except that a Latin
word carrying one stray letter (a brand, a gadget name) stays Latin inside Cyrillic or Greek text.

The target letter is a letter of the context's *alphabet*: the hinted language's when the text fits
it, else the one the text's own letters point to (ј and ђ say Serbian, ї and є Ukrainian, ə
Azerbaijani), else the script-level rules (cleaners/data/alphabets/). If every foreign letter has a
look-alike in that alphabet, the word is a homoglyph accident and is mapped by appearance ("Рutin" ->
"Putin", "Скопjе" -> "Скопје", "Straβe" -> "Straße"); otherwise it was half transliterated and its
foreign letters are transliterated by sound ("Dиnara" -> "Dinara", "Rахимов" -> "Rakhimov"),
preferring a spelling the article itself uses, in any common romanization ("Jelzin", "Tchaïkovski").
Invisible characters inside a word (soft hyphen, zero-width joiners) belong to it and are kept.
URLs, e-mail addresses, handles, hashtags, code identifiers and Greek letters used as notation
(TNFα, μmol) are never touched.

This module is the step and the walk over a paragraph's words; the parts live beside it:
mixed_scripts_words (what a word is, protected spans), mixed_scripts_context (the target script from
the context), mixed_scripts_alphabet (the target alphabet), mixed_scripts_word_kind (notation, Latin
brands, lone letters, Roman numerals), mixed_scripts_repair (by look or by sound, the article's own
spellings) and script_tables (the data files under cleaners/data/).
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from .config import CleanerConfig
from .mixed_scripts_alphabet import STAND_INS_ONLY, choose_alphabet, cyrillic_source
from .mixed_scripts_context import (
    QUOTE_RE,
    SENTENCE_END_RE,
    Paragraph,
    ScriptContext,
    alphabet_spans,
    dominant,
    name_script,
    quote_script,
    span_of,
    split_spans,
)
from .mixed_scripts_repair import prefer_article_spelling, repair_word
from .mixed_scripts_word_kind import (
    is_notation,
    is_protected_symbol,
    is_roman_numeral,
    lone_letter_stands_for,
    own_script,
    reads_as_latin,
)
from .mixed_scripts_words import OTHER_RE, PROTECTED_RE, WORD_RE, between_spaces, may_mix, word_scripts
from .records import Article, Replacement
from .script_tables import CYRILLIC_ROMAN, GREEK, LATIN, LONE_LETTERS, script_of

__all__ = ["STEP", "ScriptContext", "fix_mixed_scripts", "fix_text", "may_mix", "repair_word", "word_scripts"]


STEP = "fix_mixed_scripts"


def fix_text(text: str, context: ScriptContext | None = None,
             notes: list[tuple[str, str, str]] | None = None) -> tuple[str, list[tuple[str, str, str]]]:
    """Return (text, [(rule, before, after)]) with every mixed-script word repaired. `notes`, when
    given, receives (before, after, alphabet) for each repair: which alphabet decided it."""
    if not may_mix(text):
        return text, []
    return _fix(text, context, notes)


def _fix(text: str, context: ScriptContext | None, notes) -> tuple[str, list[tuple[str, str, str]]]:
    tokens = list(WORD_RE.finditer(text))
    words = tuple(t.group() for t in tokens)
    scripts_of = [word_scripts(w) for w in words]
    mixed = [k for k, s in enumerate(scripts_of) if len(s) > 1]
    if not mixed and not any(len(w) == 1 and w in LONE_LETTERS for w in words):
        return text, []
    para = Paragraph(text, tokens, words, scripts_of)
    paragraph = para.counts(None)
    main = dominant(paragraph)
    # a lone letter of another script is looked at only where it may stand for a letter of the text's
    # alphabet (Belarusian ŭ, Ukrainian i)
    lone = [k for k, w in enumerate(words) if len(w) == 1 and w in LONE_LETTERS and script_of(w) != main
            and between_spaces(text, tokens[k])]
    protected = [m.span() for m in PROTECTED_RE.finditer(text) if OTHER_RE.search(m.group())]
    candidates = [k for k in sorted(mixed + lone) if not any(a <= tokens[k].start() < b for a, b in protected)]
    if not candidates:
        return text, []
    context = context or ScriptContext.of_texts([text])
    sentences = split_spans(SENTENCE_END_RE, text)
    quotes = [m.span() for m in QUOTE_RE.finditer(text)]
    out, edits, last = [], [], 0
    for k in candidates:
        m = tokens[k]
        word = m.group()
        scripts = scripts_of[k]
        alphabet = None
        if is_roman_numeral(word):
            rule, fixed = "roman_numeral", "".join(CYRILLIC_ROMAN.get(c, c) for c in word)
        else:
            quote = span_of(quotes, m.start())
            sentence = span_of(sentences, m.start())
            by_quote = quote_script(para, quote)
            target = (
                by_quote
                or name_script(text, tokens, k)
                or dominant(para.counts(sentence))
                or main
                or dominant(context.article_counts)
            )
            by_text = target is not None
            target = target or context.target
            by_word = target is None  # no context, no hint: the word's own letters, or its name's
            if by_word:
                target = own_script(word) or name_script(text, tokens, k, own_script)
            if target is None:
                continue  # nothing to decide by: leave the word as written
            if len(scripts) == 1:
                if target in scripts:
                    continue
            elif target != GREEK and is_protected_symbol(word, scripts):
                continue
            outside = () if quote else quotes  # a quotation is another voice: its letters say nothing here
            spans = alphabet_spans(para, quote if by_quote else sentence, context, target, outside)
            # in a word that decided its own script, only a stand-in says which alphabet (i for і, j for ј)
            alphabet = choose_alphabet(target, spans, context, typed=STAND_INS_ONLY if by_word else True)
            if target != LATIN and by_text and len(scripts) > 1 and reads_as_latin(word, alphabet):
                target = LATIN
                alphabet = choose_alphabet(LATIN, alphabet_spans(para, sentence, context, LATIN, outside), context)
            if target == LATIN and is_notation(word, alphabet):
                continue
            if len(scripts) == 1 and not lone_letter_stands_for(word, alphabet):
                continue
            # the Cyrillic alphabet the word's Cyrillic letters are read in, found when needed
            source = partial(cyrillic_source, word, words, context) if target == LATIN else None
            rule, fixed = repair_word(word, alphabet, source=source)
            if rule == "transliteration" and target == LATIN:
                rule, fixed = prefer_article_spelling(word, fixed, context, source())
            if by_word and len(word_scripts(fixed)) > 1:
                continue  # the word did not come out in one script: it decided nothing
        if fixed != word:
            out.append(text[last:m.start()])
            out.append(fixed)
            last = m.end()
            edits.append((rule, word, fixed))
            if notes is not None:
                notes.append((word, fixed, alphabet.tag if alphabet else "roman numerals"))
    out.append(text[last:])
    return "".join(out), edits


def fix_mixed_scripts(article: Article, config: CleanerConfig) -> Article:
    texts = [article.title] + [b.text for b in article.blocks]
    if not any(may_mix(t) for t in texts):  # the fast path: one cheap check per paragraph
        return article
    context = ScriptContext.of_texts(texts, article.language or article.meta.html_lang)
    edits: Counter = Counter()
    blocks = []
    for block in article.blocks:
        if block.kind == "code":
            blocks.append(block)
            continue
        text, changes = fix_text(block.text, context)
        edits.update(changes)
        blocks.append(block if text == block.text else block.with_text(text))
    title, changes = fix_text(article.title, context)
    edits.update(changes)
    if not edits:
        return article
    replaced = tuple(Replacement(STEP, rule, before, after, n) for (rule, before, after), n in edits.items())
    return article.replace(title=title, blocks=tuple(blocks), replaced=article.replaced + replaced)

"""The last gate: is what is left an article?

A page with article evidence (article markup, a machine-readable date, a byline) needs
`min_words` of body text. A page without any is not an article when it declares itself a
website (og:type), and needs more words otherwise, because "About us" and landing pages also
have a few paragraphs of prose.
"""

from __future__ import annotations

from .config import CleanerConfig
from .metadata import is_declared_website
from .records import Article, Dropped

STEP = "validate"


def word_count(article: Article) -> int:
    """Whitespace-separated tokens, as in the output's word_count (the gate needs no more)."""
    return sum(len(b.text.split()) for b in article.blocks)


def validate(article: Article, config: CleanerConfig) -> Article | Dropped:
    n = word_count(article)
    if article.meta.evidence:
        if n < config.min_words:
            return Dropped(STEP, "too_short", f"{n} words < {config.min_words}")
    elif is_declared_website(article.meta.declared_types):
        return Dropped(STEP, "not_article", "og:type website, and no article markup, date or byline")
    elif n < config.min_words_without_article_markup:
        return Dropped(STEP, "not_article",
                       f"{n} words < {config.min_words_without_article_markup} and no article markup, date or byline")
    if not article.title.strip():
        return Dropped(STEP, "no_title", "no title in the page metadata or headings")
    return article

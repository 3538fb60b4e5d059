"""The last gate: is what is left an article?

A page is refused as `not_article` only on evidence that it is something else (page_kind: a
listing of teasers, a site's service page, an error page), never merely because it carries no
article markup: press releases and news items often declare `og:type=website` and nothing more.
Below `min_words` (counted per script, see text.count_words) nothing is left to read, whatever
the page says it is.
"""

from __future__ import annotations

from .config import CleanerConfig
from .records import Article, Dropped
from .text import count_words

STEP = "validate"


def word_count(article: Article) -> int:
    """The words of the body, counted as the output's word_count counts them."""
    return count_words("\n\n".join(b.text for b in article.blocks))


def validate(article: Article, config: CleanerConfig) -> Article | Dropped:
    if article.meta.not_article:
        return Dropped(STEP, "not_article", article.meta.not_article)
    n = word_count(article)
    if n < config.min_words:
        return Dropped(STEP, "too_short", f"{n} words < {config.min_words}")
    if not article.title.strip():
        return Dropped(STEP, "no_title", "no title in the page metadata or headings")
    return article

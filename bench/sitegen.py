"""A generated news site on disk, for crawl tests and the crawl benchmark.

    python bench/sitegen.py OUT_DIR [--articles 2000] [--kb 80]

Article pages look like a real news CMS's: header, section menu, sidebars, share bars, comments
and a footer around a body of several paragraphs, padded to about `kb` kilobytes with teasers of
other stories. Every link resolves: teasers point at real articles, the menu at real section pages. Served by
presswash.site_server.SiteServer (or any static server, nginx included): {{BASE_URL}} in XML and
text files is filled in at serve time.
"""

from __future__ import annotations

import argparse
import html
import random
from dataclasses import dataclass
from pathlib import Path

WORDS = ("akimat ministry regional council budget school hospital road river bridge water tenge bank price "
         "farmers harvest grain railway station airport flight winter summer report official deputy mayor "
         "residents district village city capital province reform plan decision project company workers "
         "salary pension tax law court police election parliament senate president government minister "
         "children parents teachers students doctors nurses patients market export import oil gas energy").split()


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    day: str  # YYYY-MM-DD
    body: tuple[str, ...]

    @property
    def path(self) -> str:
        y, m, d = self.day.split("-")
        return f"/{y}/{m}/{d}/{self.slug}/"


FUNCTION_WORDS = "the of and to in a on for with that by from at as is was were has will its their".split()


def _lexicon(size: int = 3000) -> list[str]:
    """Pseudo-words, so that paragraphs differ as much as real ones do: drawn from the hundred
    topical WORDS alone, any two paragraphs would share most of their words."""
    rng = random.Random(0)
    onsets = "b c d f g h k l m n p r s t v z br st tr kr pl sh ch".split()
    vowels, codas = "aeiou", ["", "n", "r", "s", "t"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                          for _ in range(rng.randint(2, 3))))
    return sorted(words)


LEXICON = _lexicon()


def word(rng: random.Random) -> str:
    roll = rng.random()
    return rng.choice(FUNCTION_WORDS if roll < 0.35 else WORDS if roll < 0.55 else LEXICON)


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS)] + [word(rng) for _ in range(n - 1)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def make_article(i: int, rng: random.Random, paragraphs: int = 8) -> Article:
    day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
    title = f"Story {i}: " + sentence(rng, 6)[:-1]
    body = tuple(" ".join(sentence(rng, rng.randint(12, 22)) for _ in range(rng.randint(3, 5)))
                 for _ in range(paragraphs))
    return Article(f"story-{i}", title, day, body)


SECTIONS = WORDS[:8]


def page_html(a: Article, kb: int, rng: random.Random, links: list[str], others: list[str] = ()) -> str:
    """One article page; `links` go in the Latest sidebar, teasers link to `others` (or `links`)."""
    menu = "".join(f'<li><a href="/section/{w}/">{w.title()}</a></li>' for w in SECTIONS)
    latest = "".join(f'<li><a href="{u}">{html.escape(u)}</a></li>' for u in links)
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in a.body)
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(a.title)} | Generated Gazette</title>
<link rel="canonical" href="https://gazette.example{a.path}">
<meta property="og:type" content="article"><meta property="og:title" content="{html.escape(a.title)}">
<meta property="og:site_name" content="Generated Gazette">
<meta property="article:published_time" content="{a.day}T09:00:00+05:00"><meta name="author" content="Staff Writer">
</head><body><a class="skip-link" href="#main">Skip to content</a>
<header><div class="brand">Generated Gazette</div><nav><ul class="mega-menu">{menu}</ul></nav></header>
<main id="main"><article><h1>{html.escape(a.title)}</h1>
<div class="byline">By Staff Writer, <time datetime="{a.day}T09:00:00+05:00">{a.day}</time></div>
<div class="share"><a href="https://facebook.example/share">Share on Facebook</a></div>
<div class="entry-content">{paras}</div></article>
<section id="comments"><h3>Comments</h3>{{COMMENTS}}</section></main>
<aside><h2>Latest</h2><ul>{latest}</ul></aside>
<section class="more-stories">{{PADDING}}</section>
<footer><p>&copy; 2024 Generated Gazette. All rights reserved.</p></footer>
<script>window.dataLayer=[];</script></body></html>"""
    comments = "".join(f'<div class="comment"><b>Reader {n}</b><p>{html.escape(sentence(rng, 15))}</p></div>'
                       for n in range(10))
    page = page.replace("{COMMENTS}", comments)
    # Real pages weigh what they weigh in markup around the story: teasers of other stories.
    teasers, size, targets = [], len(page.encode()), list(others or links)
    while size < kb * 1024 and targets:
        t = (f'<div class="teaser card"><a class="teaser__link" href="{rng.choice(targets)}">'
             f'<img class="teaser__img" src="/img/{rng.randint(1, 9999)}.jpg" alt="" loading="lazy">'
             f'<h4 class="teaser__title">{html.escape(sentence(rng, 7))}</h4></a>'
             f'<p class="teaser__summary">{html.escape(sentence(rng, 14))}</p>'
             f'<span class="teaser__date">{a.day}</span></div>')
        teasers.append(t)
        size += len(t.encode())
    return page.replace("{PADDING}", "".join(teasers))


def write_site(root: Path, n: int = 2000, kb: int = 80, seed: int = 1) -> list[Article]:
    """Write n articles, a sitemap index with sitemaps of 500 entries, an RSS feed of the 50
    newest, section pages and robots.txt under root; returns the articles."""
    rng = random.Random(seed)
    articles = [make_article(i, rng) for i in range(n)]
    paths = [a.path for a in articles]
    for i, a in enumerate(articles):
        links = [articles[(i + k) % n].path for k in (1, 2, 3)]
        target = root / a.path.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_html(a, kb, rng, links, paths), "utf-8")
    for k, word in enumerate(SECTIONS):
        items = "".join(f'<li><a href="{a.path}">{html.escape(a.title)}</a></li>' for a in articles[k::len(SECTIONS)])
        target = root / "section" / word / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f'<!DOCTYPE html><html lang="en"><head><title>{word.title()}</title></head>'
                          f'<body><h1>{word.title()}</h1><ul>{items}</ul></body></html>', "utf-8")
    newest = sorted(articles, key=lambda a: (a.day, a.slug), reverse=True)[:50]
    entries = "".join(f"<item><title>{html.escape(a.title)}</title><link>{{{{BASE_URL}}}}{a.path}</link></item>"
                      for a in newest)
    (root / "feed.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Generated Gazette'
                                   f'</title>{entries}</channel></rss>', "utf-8")
    chunks = [articles[i:i + 500] for i in range(0, n, 500)]
    for k, chunk in enumerate(chunks):
        urls = "".join(f"<url><loc>{{{{BASE_URL}}}}{a.path}</loc><lastmod>{a.day}</lastmod></url>" for a in chunk)
        (root / f"sitemap-{k}.xml").write_text(
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')
    index = "".join(f"<sitemap><loc>{{{{BASE_URL}}}}/sitemap-{k}.xml</loc></sitemap>" for k in range(len(chunks)))
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>')
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\nSitemap: {{BASE_URL}}/sitemap.xml\n")
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--kb", type=int, default=80)
    args = parser.parse_args()
    write_site(args.out, args.articles, args.kb)
    print(f"{args.articles} articles of about {args.kb} KB under {args.out}")


if __name__ == "__main__":
    main()

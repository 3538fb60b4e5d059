"""A generated news site laid out like a real CMS's, for the crawl benchmark (issue 9).

    python bench/newsite.py OUT_DIR [--articles 5000] [--kb 80] [--seed 1]

What is on disk (paths are URLs; a folder answers with its index.html):

  /robots.txt                     Disallow /wp-admin/ and /search/; Sitemap: lines for both sitemaps below
  /sitemap.xml                    sitemap index, <lastmod> per child:
  /sitemap-posts-1.xml ...        every article, newest first, 1,000 a file, <lastmod> per article
  /sitemap-pages.xml              home page, section fronts, the static pages
  /news-sitemap.xml               Google News sitemap (news: namespace, news:publication_date) of the
                                  articles of the last 48 hours (at most 1,000)
  /rss.xml                        RSS 2.0, the 50 newest
  /                               home page: the newest stories, every section
  /section/<name>/, .../page/N/   section listings, 20 stories a page: rel=prev/next, numbered links
  /tag/<tag>/, .../page/N/        listings of the tags that have one (a quarter of them, the others 404)
  /author/<slug>/, .../page/N/    author listings
  /YYYY/MM/DD/<slug>/             articles: menu, breadcrumb, byline, body with a "read also" link, tag
                                  links, share links (off-site), related stories, comments with
                                  ?replytocom= reply links, Latest and Most read sidebars, teasers of
                                  other stories up to about `kb` kilobytes, footer
  /about/ /contact/ /privacy/ /terms/ /advertise/    static pages; /careers/ and /login/ are linked, absent

Dates are spread over the `days` days before a fixed `now` (the site's clock, not the machine's),
so the site is the same bytes for the same arguments. {{BASE_URL}} in the XML files and robots.txt
is filled in at serve time (bench/crawl_speed.py fill_base_url, presswash.site_server).
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from sitegen import LEXICON, WORDS, sentence

SITE_NAME = "Steppe Evening Post"
SECTIONS = ("politics", "economy", "society", "world", "sport", "culture", "science", "opinion")
AUTHORS = ("Aigerim Bekova", "Daniyar Seitkali", "Olga Petrenko", "Marat Zhunusov", "Saule Omarova",
           "Ivan Kuznetsov", "Gulnara Abenova", "Timur Akhmetov", "Elena Sokolova", "Askar Nurlanov",
           "Madina Tulegenova", "Sergey Volkov")
STATIC_PAGES = ("about", "contact", "privacy", "terms", "advertise")
ABSENT_PAGES = ("careers", "login")  # linked from every page, no file: 404
PER_PAGE = 20
SITEMAP_CHUNK = 1000
NEWS_WINDOW = timedelta(hours=48)
TAGS_PER_ARTICLE = 0.2  # a tag vocabulary of a fifth as many tags as stories (at least 50), used Zipf-like
TAG_PAGE_EVERY = 4  # tag k has a listing page when k % 4 == 0: a quarter of the tags, the rest answer 404
NOW = datetime(2025, 3, 14, 18, 0, tzinfo=UTC)
LOCAL = timezone(timedelta(hours=5))  # the site's own time zone: dates in paths and pages are local
ARTICLE_PATH_RE = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/$")
_HREF_RE = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"')


@dataclass(frozen=True)
class Story:
    n: int  # 0 is the newest
    slug: str
    title: str
    section: str
    author: int
    tags: tuple[int, ...]
    published: datetime  # UTC
    modified: datetime  # UTC, >= published
    body: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/{self.published.astimezone(LOCAL):%Y/%m/%d}/{self.slug}/"


@dataclass
class NewsSite:
    """What write_news_site wrote: its stories, and counts the benchmark prints."""
    stories: list[Story]
    tags: list[str]
    pages: Counter = field(default_factory=Counter)  # files written, by kind
    links: Counter = field(default_factory=Counter)  # on-site link occurrences on article pages, by target path

    def topology(self, exists) -> dict:
        """Pages by kind; of the on-site links on article pages, the share that answer 404."""
        targets = self.links
        missing = {p: n for p, n in targets.items() if not exists(p)}
        tag_links = {p: n for p, n in targets.items() if p.startswith("/tag/")}
        tag_missing = sum(n for p, n in tag_links.items() if p in missing)
        return {
            "pages": dict(sorted(self.pages.items())), "pages_total": sum(self.pages.values()),
            "article_links_per_page": round(sum(targets.values()) / max(1, self.pages["article"]), 1),
            "link_targets": len(targets), "link_targets_404": len(missing),
            "links_404_share": round(sum(missing.values()) / max(1, sum(targets.values())), 4),
            "tag_links_404_share": round(tag_missing / max(1, sum(tag_links.values())), 4),
            "tags": len(self.tags), "tags_with_page": len(range(0, len(self.tags), TAG_PAGE_EVERY)),
        }


def tag_names(rng: random.Random, n: int) -> list[str]:
    """n tag words in order of popularity (the first is the most used)."""
    pool = sorted(set(WORDS) | set(rng.sample(LEXICON, min(n, len(LEXICON)))))
    names = rng.sample(pool, min(n, len(pool)))
    return names + [f"{names[k % len(names)]}-{k}" for k in range(len(names), n)]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def make_story(n: int, rng: random.Random, total: int, days: int, now: datetime, weights: list[float]) -> Story:
    step = days * 86400 / max(1, total)
    published = now - timedelta(seconds=int((n + rng.random()) * step))
    modified = published + timedelta(minutes=rng.randint(5, 600)) if rng.random() < 0.3 else published
    title = sentence(rng, rng.randint(6, 11))[:-1]
    # Zipf-like tag use: popular tags on many stories, a long tail on few.
    tags = tuple(sorted(set(rng.choices(range(len(weights)), cum_weights=weights, k=rng.randint(3, 6)))))
    body = tuple(" ".join(sentence(rng, rng.randint(12, 24)) for _ in range(rng.randint(2, 5)))
                 for _ in range(rng.randint(6, 12)))
    return Story(n, f"{slugify(' '.join(title.split()[:5]))}-{n}", title, rng.choice(SECTIONS),
                 rng.randrange(len(AUTHORS)), tags, published, min(modified, now), body)


def _iso(t: datetime) -> str:
    return t.astimezone(LOCAL).isoformat(timespec="seconds")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


class _Writer:
    def __init__(self, root: Path, site: NewsSite):
        self.root, self.site = root, site

    def write(self, path: str, text: str, kind: str) -> None:
        target = self.root / path.strip("/") / "index.html" if path.endswith("/") else self.root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        self.site.pages[kind] += 1


def _chrome(title: str, main: str, head: str = "", trending: str = "") -> str:
    menu = "".join(f'<li class="menu-item"><a href="/section/{s}/">{s.title()}</a></li>' for s in SECTIONS)
    footer = "".join(f'<li><a href="/{p}/">{p.title()}</a></li>' for p in (*STATIC_PAGES, "careers"))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_e(title)} | {SITE_NAME}</title>
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} feed" href="/rss.xml">
<link rel="stylesheet" href="/wp-content/themes/post/style.css?ver=6.4">{head}
</head><body class="wp-theme-post"><a class="skip-link screen-reader-text" href="#main">Skip to content</a>
<div class="top-bar"><a href="/login/">Log in</a> <form class="search" action="/search/"><input name="s"></form></div>
<header class="site-header"><a class="brand" href="/">{SITE_NAME}</a>
<nav class="main-navigation"><ul class="menu"><li class="menu-item"><a href="/">Home</a></li>{menu}</ul></nav>
<div class="trending">Trending: {trending}</div></header>
<main id="main" class="site-main">{main}</main>
<footer class="site-footer"><ul class="footer-menu">{footer}</ul>
<div class="social"><a href="https://facebook.example/steppepost">Facebook</a>
<a href="https://t.example/steppepost">Telegram</a></div>
<p>&copy; 2025 {SITE_NAME}. All rights reserved. <a href="/rss.xml">RSS</a></p></footer>
<script src="/wp-includes/js/jquery/jquery.min.js"></script><script>window.dataLayer=[];</script></body></html>"""


def _teaser(s: Story, rng: random.Random) -> str:
    return (f'<article class="teaser card"><a class="teaser__link" href="{s.path}">'
            f'<img class="teaser__img" src="/wp-content/uploads/{rng.randint(1, 99999)}.jpg" alt="" loading="lazy">'
            f'<h3 class="teaser__title">{_e(s.title)}</h3></a>'
            f'<p class="teaser__summary">{_e(s.body[0][:160])}</p>'
            f'<time class="teaser__date" datetime="{_iso(s.published)}">{s.published.astimezone(LOCAL):%d %b %Y}</time>'
            f'</article>')


def _pager(base: str, page: int, last: int) -> tuple[str, str]:
    """(head links, pagination nav) of page `page` of `last` under base ("/section/economy/")."""
    def url(k: int) -> str:
        return base if k == 1 else f"{base}page/{k}/"
    head = ""
    if page > 1:
        head += f'\n<link rel="prev" href="{url(page - 1)}">'
    if page < last:
        head += f'\n<link rel="next" href="{url(page + 1)}">'
    shown = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    items, previous = [], 0
    for k in shown:
        if k > previous + 1:
            items.append('<span class="dots">&hellip;</span>')
        items.append(f'<span aria-current="page" class="page-numbers current">{k}</span>' if k == page
                     else f'<a class="page-numbers" href="{url(k)}">{k}</a>')
        previous = k
    if page > 1:
        items.insert(0, f'<a class="prev page-numbers" rel="prev" href="{url(page - 1)}">&laquo; Previous</a>')
    if page < last:
        items.append(f'<a class="next page-numbers" rel="next" href="{url(page + 1)}">Next &raquo;</a>')
    return head, f'<nav class="navigation pagination"><div class="nav-links">{"".join(items)}</div></nav>'


def write_news_site(root: Path, n_articles: int = 5000, kb: int = 80, seed: int = 1, days: int = 30,
                    now: datetime = NOW) -> NewsSite:
    """Write the site under root (see the module docstring); the same arguments give the same bytes."""
    root = Path(root)
    rng = random.Random(seed)
    tags = tag_names(rng, max(50, int(n_articles * TAGS_PER_ARTICLE)))
    weights = list(itertools.accumulate(1 / (k + 8) for k in range(len(tags))))  # cumulative, Zipf-like
    stories = [make_story(n, rng, n_articles, days, now, weights) for n in range(n_articles)]  # newest first
    site = NewsSite(stories, tags)
    out = _Writer(root, site)
    by_section = {sec: [s for s in stories if s.section == sec] for sec in SECTIONS}
    by_tag = {k: [s for s in stories if k in s.tags] for k in range(0, len(tags), TAG_PAGE_EVERY)}
    by_author = {a: [s for s in stories if s.author == a] for a in range(len(AUTHORS))}
    trending = " ".join(f'<a href="/tag/{tags[k]}/">#{tags[k]}</a>' for k in range(5))
    latest = "".join(f'<li><a href="{s.path}">{_e(s.title)}</a></li>' for s in stories[:10])
    most_read = "".join(f'<li><a href="{s.path}">{_e(s.title)}</a></li>'
                        for s in rng.sample(stories[:200], min(5, len(stories))))
    sidebar = (f'<aside class="widget-area"><section class="widget"><h2>Latest</h2><ul>{latest}</ul></section>'
               f'<section class="widget"><h2>Most read</h2><ol>{most_read}</ol></section></aside>')

    place = {s.n: k for members in by_section.values() for k, s in enumerate(members)}
    for s in stories:
        out.write(s.path, _article_page(s, stories, tags, by_section[s.section], place[s.n], kb, rng, trending,
                                        sidebar),
                  "article")

    for kind, groups, base_of, title_of in (
            ("section", by_section, lambda g: f"/section/{g}/", lambda g: g.title()),
            ("tag", by_tag, lambda g: f"/tag/{tags[g]}/", lambda g: f"Tag: {tags[g]}"),
            ("author", by_author, lambda g: f"/author/{slugify(AUTHORS[g])}/", lambda g: AUTHORS[g])):
        for g, members in groups.items():
            last = max(1, -(-len(members) // PER_PAGE))
            for page in range(1, last + 1):
                head, nav = _pager(base_of(g), page, last)
                items = "".join(_teaser(s, rng) for s in members[(page - 1) * PER_PAGE:page * PER_PAGE])
                main = (f'<header class="page-header"><h1 class="page-title">{_e(title_of(g))}</h1>'
                        f'{"" if page == 1 else f"<p>Page {page} of {last}</p>"}</header>'
                        f'<div class="listing">{items}</div>{nav}{sidebar}')
                url = base_of(g) if page == 1 else f"{base_of(g)}page/{page}/"
                out.write(url, _chrome(f"{title_of(g)}{'' if page == 1 else f' - Page {page}'}", main, head, trending),
                          kind)

    home = "".join(f'<section class="home-section"><h2><a href="/section/{sec}/">{sec.title()}</a></h2>'
                   f'{"".join(_teaser(s, rng) for s in by_section[sec][:6])}</section>' for sec in SECTIONS)
    out.write("/", _chrome(SITE_NAME, f'<div class="top-stories">{"".join(_teaser(s, rng) for s in stories[:12])}'
                                      f'</div>{home}{sidebar}', trending=trending), "home")
    for p in STATIC_PAGES:
        text = "".join(f"<p>{_e(sentence(rng, rng.randint(12, 20)))}</p>" for _ in range(4))
        out.write(f"/{p}/", _chrome(p.title(), f'<article class="page"><h1>{p.title()}</h1>{text}</article>',
                                    trending=trending), "static")

    _write_feeds(out, stories, now)
    return site


def _article_page(s: Story, stories: list[Story], tags: list[str], section: list[Story], pos: int, kb: int,
                  rng: random.Random, trending: str, sidebar: str) -> str:
    """One article page; `pos` is its place in its section's list (related stories are its neighbours)."""
    author = AUTHORS[s.author]
    related = [x for x in section[max(0, pos - 3):pos + 4] if x.n != s.n][:5]
    read_also = stories[(s.n + 7) % len(stories)]
    paras = [f"<p>{_e(p)}</p>" for p in s.body]
    paras.insert(min(3, len(paras)), f'<p class="read-also"><strong>Read also:</strong> '
                                     f'<a href="{read_also.path}">{_e(read_also.title)}</a></p>')
    tag_links = "".join(f'<a href="/tag/{tags[k]}/" rel="tag">{tags[k]}</a>' for k in s.tags)
    related_html = "".join(f'<li><a href="{x.path}">{_e(x.title)}</a></li>' for x in related)
    comments = "".join(
        f'<li class="comment" id="comment-{s.n * 20 + c}"><div class="comment-author">'
        f'<a href="https://blog.example/u{rng.randint(1, 999)}" rel="external nofollow ugc">Reader {c + 1}</a></div>'
        f'<div class="comment-content"><p>{_e(sentence(rng, rng.randint(8, 20)))}</p></div>'
        f'<a rel="nofollow" class="comment-reply-link" href="?replytocom={s.n * 20 + c}#respond">Reply</a></li>'
        for c in range(rng.randint(0, 12)))
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": s.title,
                     "datePublished": _iso(s.published), "dateModified": _iso(s.modified),
                     "author": {"@type": "Person", "name": author}, "articleSection": s.section.title(),
                     "keywords": [tags[k] for k in s.tags],
                     "publisher": {"@type": "Organization", "name": SITE_NAME}}, ensure_ascii=False)
    head = (f'\n<link rel="canonical" href="https://steppe-post.example{s.path}">'
            f'\n<meta property="og:type" content="article"><meta property="og:title" content="{_e(s.title)}">'
            f'\n<meta property="og:site_name" content="{SITE_NAME}">'
            f'\n<meta property="article:published_time" content="{_iso(s.published)}">'
            f'\n<meta property="article:modified_time" content="{_iso(s.modified)}">'
            f'\n<meta property="article:section" content="{s.section.title()}"><meta name="author" content="{author}">'
            + "".join(f'\n<meta property="article:tag" content="{tags[k]}">' for k in s.tags)
            + f'\n<script type="application/ld+json">{ld}</script>')
    main = f"""<nav class="breadcrumbs"><a href="/">Home</a> &rsaquo;
<a href="/section/{s.section}/">{s.section.title()}</a></nav>
<article class="post type-post status-publish"><header class="entry-header"><h1 class="entry-title">{_e(s.title)}</h1>
<div class="entry-meta">By <a class="author" href="/author/{slugify(author)}/">{author}</a>,
<time class="published" datetime="{_iso(s.published)}">{s.published.astimezone(LOCAL):%d %B %Y, %H:%M}</time></div>
<div class="share"><a href="https://facebook.example/sharer?u={s.slug}">Share</a>
<a href="https://t.example/share?url={s.slug}">Telegram</a></div></header>
<div class="entry-content">{"".join(paras)}</div>
<footer class="entry-footer"><div class="tags-links">Tags: {tag_links}</div></footer></article>
<section class="related-posts"><h2>Related</h2><ul>{related_html}</ul></section>
<section id="comments" class="comments-area"><h2>{{N}} comments</h2><ol class="comment-list">{comments}</ol>
<div id="respond"><form action="/wp-comments-post.php" method="post"><textarea name="comment"></textarea></form>
</div></section>
{sidebar}<section class="more-stories">{{PADDING}}</section>"""
    page = _chrome(s.title, main.replace("{N}", str(comments.count('class="comment"'))), head, trending)
    teasers, size = [], len(page.encode())
    while size < kb * 1024:
        t = _teaser(stories[rng.randrange(len(stories))], rng)
        teasers.append(t)
        size += len(t.encode())
    page = page.replace("{PADDING}", "".join(teasers))
    return page


def _write_feeds(out: _Writer, stories: list[Story], now: datetime) -> None:
    root = out.root
    chunks = [stories[i:i + SITEMAP_CHUNK] for i in range(0, len(stories), SITEMAP_CHUNK)]
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    for k, chunk in enumerate(chunks, start=1):
        urls = "".join(f"\n<url><loc>{{{{BASE_URL}}}}{s.path}</loc><lastmod>{_iso(s.modified)}</lastmod></url>"
                       for s in chunk)
        (root / f"sitemap-posts-{k}.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {ns}>{urls}'
                                                     f'\n</urlset>\n', "utf-8")
        out.site.pages["sitemap"] += 1
    pages = ["/", *(f"/section/{sec}/" for sec in SECTIONS), *(f"/{p}/" for p in STATIC_PAGES)]
    urls = "".join(f"\n<url><loc>{{{{BASE_URL}}}}{p}</loc><lastmod>{_iso(now)}</lastmod></url>" for p in pages)
    (root / "sitemap-pages.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {ns}>{urls}\n</urlset>\n',
                                            "utf-8")
    children = [(f"sitemap-posts-{k}.xml", max(s.modified for s in chunk)) for k, chunk in enumerate(chunks, 1)]
    children.append(("sitemap-pages.xml", now))
    index = "".join(f"\n<sitemap><loc>{{{{BASE_URL}}}}/{name}</loc><lastmod>{_iso(t)}</lastmod></sitemap>"
                    for name, t in children)
    (root / "sitemap.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {ns}>{index}'
                                      f'\n</sitemapindex>\n', "utf-8")
    fresh = [s for s in stories if s.published >= now - NEWS_WINDOW][:1000]
    news = "".join(
        f"\n<url><loc>{{{{BASE_URL}}}}{s.path}</loc><news:news><news:publication><news:name>{SITE_NAME}</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>{_iso(s.published)}"
        f"</news:publication_date><news:title>{_e(s.title)}</news:title></news:news></url>" for s in fresh)
    (root / "news-sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {ns} '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{news}\n</urlset>\n', "utf-8")
    out.site.pages["sitemap"] += 3
    items = "".join(
        f"\n<item><title>{_e(s.title)}</title><link>{{{{BASE_URL}}}}{s.path}</link>"
        f'<guid isPermaLink="true">{{{{BASE_URL}}}}{s.path}</guid><pubDate>{format_datetime(s.published)}</pubDate>'
        f"<category>{s.section.title()}</category><description>{_e(s.body[0][:200])}</description></item>"
        for s in stories[:50])
    (root / "rss.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{SITE_NAME}</title>'
        f"<link>{{{{BASE_URL}}}}/</link><description>News</description>"
        f"<lastBuildDate>{format_datetime(now)}</lastBuildDate>{items}\n</channel></rss>\n", "utf-8")
    out.site.pages["feed"] += 1
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /wp-admin/\nDisallow: /search/\n"
                                     "Allow: /wp-admin/admin-ajax.php\n\n"
                                     "Sitemap: {{BASE_URL}}/sitemap.xml\nSitemap: {{BASE_URL}}/news-sitemap.xml\n",
                                     "utf-8")
    out.site.pages["robots"] += 1


def file_exists(root: Path):
    """exists(path) for a link target as a static server answers it: query and fragment ignored."""
    root = Path(root)

    def exists(path: str) -> bool:
        path = path.split("#", 1)[0].split("?", 1)[0]
        target = root / path.strip("/")
        return (target / "index.html").is_file() if path.endswith("/") else target.is_file()
    return exists


def count_links(root: Path, site: NewsSite) -> None:
    """Fill site.links from the article pages as written: on-site targets (root-relative hrefs and
    relative ?replytocom= links, resolved to their page) of <a> elements, as crawlers follow them."""
    for s in site.stories:
        text = (root / s.path.strip("/") / "index.html").read_text("utf-8")
        for href in _HREF_RE.findall(text):
            if href.startswith("/"):
                site.links[href] += 1
            elif href.startswith("?"):
                site.links[s.path + href] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--kb", type=int, default=80)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    site = write_news_site(args.out, args.articles, args.kb, args.seed)
    count_links(args.out, site)
    print(json.dumps(site.topology(file_exists(args.out)), indent=1))


if __name__ == "__main__":
    main()

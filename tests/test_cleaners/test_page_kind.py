"""The article gate's evidence that a page is something else, on pages of both sides."""

from cleaners.chain import clean
from cleaners.page_kind import error_page, link_farm, listing_page, not_article_evidence, service_page
from cleaners.records import Article, Block, Dropped, RawPage

STORY = ("Residents of the Alatau district will get a new polyclinic by the end of next year, the city akimat said "
         "on Tuesday, after years of complaints about queues at the only clinic serving 200,000 people. ")
TEASERS = [("Tenge holds steady against the dollar", "Steady oil prices keep the currency in a narrow range."),
           ("Astana light rail begins test runs", "Trains run without passengers between station and airport."),
           ("Almaty announces new smog measures", "A ban on burning coal in private homes from 2025 and gas for more."),
           ("Akimat reports new school openings", "Eleven schools should end three-shift teaching by September."),
           ("Foster families to get more support", "Allowances for foster children will rise by a third from July."),
           ("Wrestlers win three golds in Almaty", "The national team won three golds at the tournament at home."),
           ("Metro fares to stay the same in 2025", "The city council voted against the increase.")]


def page(body: str, head: str = "") -> bytes:
    return f"<html><head><title>T</title>{head}</head><body>{body}</body></html>".encode()


def cleaned(html: bytes, url: str = "https://news.example/society/") -> Article | Dropped:
    from cleaners.config import CleanerConfig
    return clean(RawPage(url=url, body=html, fetched_at="2024-06-01T00:00:00Z"), CleanerConfig())


def section_page() -> bytes:
    items = "".join(f'<div class="teaser"><h3><a href="/2024/03/{i}/">{h}</a></h3><p>{s}</p>'
                    f'<span class="date">March {10 + i}, 2024</span></div>' for i, (h, s) in enumerate(TEASERS))
    return page(f"<main><h1>Society</h1><p>Page 8 of 11</p>{items}"
                '<a class="next" href="/society/page/9/">Next</a></main>')


def test_a_paginated_section_listing_is_refused():
    out = cleaned(section_page())
    assert isinstance(out, Dropped) and out.reason == "not_article"
    assert "listing page" in out.detail


def test_a_home_page_of_teaser_boxes_is_refused_even_when_the_extractor_keeps_only_standfirsts():
    boxes = "".join(f'<article class="post"><h2 class="entry-title"><a href="/2024/03/{i}/">{h}</a></h2>'
                    f'<div class="entry-summary"><p>{s}</p></div></article>' for i, (h, s) in enumerate(TEASERS))
    out = cleaned(page(f'<main id="primary"><h1>Steppe Digest</h1>{boxes}</main>',
                       '<meta property="og:type" content="website">'), "https://news.example/")
    assert isinstance(out, Dropped) and out.reason == "not_article" and "listing page" in out.detail


def test_an_article_with_a_box_of_teasers_under_it_stays():
    related = "".join(f'<div class="teaser"><h3><a href="/2024/03/{i}/">{h}</a></h3><p>{s}</p></div>'
                      for i, (h, s) in enumerate(TEASERS))
    story = f"<p>{STORY}</p>" * 3
    out = cleaned(page(f"<article><h1>New polyclinic for Alatau</h1>{story}</article>"
                       f'<section class="related"><h2>More stories</h2>{related}</section>'),
                  "https://news.example/2024/03/20/new-polyclinic-for-alatau/")
    assert isinstance(out, Article)


def test_a_dated_post_of_links_is_an_article():
    """A weekly roundup is a list of links, and the page says it is a dated article."""
    blocks = tuple(Block(h, "item", link_density=0.9, group=1) for h, _ in TEASERS)
    assert listing_page(blocks) is not None
    assert listing_page(blocks, dated_article=True) is None
    paginated = (Block("Page 2 of 5"),) + blocks
    assert listing_page(paginated, dated_article=True) is not None


def test_a_story_told_in_short_paragraphs_is_no_listing():
    blocks = tuple(Block(STORY) for _ in range(8)) + tuple(Block(h, link_density=1.0) for h, _ in TEASERS[:5])
    assert listing_page(blocks) is None


def test_service_pages_by_url_or_headline():
    assert service_page("https://news.example/privacy/", "Privacy and you")
    assert service_page("https://news.example/impressum.html", "Anbieterkennzeichnung")
    assert service_page("https://news.example/kontakt/agentur/", "Impressum")
    for url, title in (("https://news.example/2024/05/about-the-new-tax-law/", "About the new tax law"),
                       ("https://news.example/news/contact-tracing-app-launched", "Contact tracing app launched"),
                       ("https://news.example/food/cookies", "The best cookies of the season"),
                       ("https://news.example/2024/05/12/search-for-missing-climbers", "Search for missing climbers")):
        assert service_page(url, title) is None, url


def test_error_pages_served_as_200():
    assert error_page("404 - Page not found")
    assert error_page("Seite nicht gefunden")
    assert error_page("Not finding the words: aphasia explained") is None
    assert error_page("Notfallplan für Almaty") is None


def test_headlines_that_begin_like_error_messages_are_stories():
    for title in ("Access denied: why women still cannot get loans", "404 days in captivity: a hostage speaks",
                  "Service unavailable for 3 hours as bank systems fail"):
        assert error_page(title) is None, title


def test_a_short_story_with_a_box_of_teasers_under_it_is_no_listing():
    story = Block("The akimat said on Tuesday that the new polyclinic in Alatau district will open next autumn and "
                  "serve about 200,000 residents who now queue for hours at the only clinic in the area.")
    teasers = tuple(Block(h, "heading", link_density=1.0) for h, _ in TEASERS)
    assert listing_page((story, Block("More from the region", "heading")) + teasers) is None
    assert listing_page((Block("Page 2 of 9"), story) + teasers) is not None  # a paginated listing with an intro


def card(i: int, headline: str, summary: str) -> str:
    """A card layout: image and headline wrapped in one link, the standfirst beside it."""
    return (f'<article class="teaser card"><a class="teaser__link" href="/2024/03/{i}/"><img src="/i/{i}.jpg" alt="">'
            f'<h3 class="teaser__title">{headline}</h3></a><p class="teaser__summary">{summary}</p>'
            f'<time datetime="2024-03-{10 + i}">{10 + i} Mar 2024</time></article>')


def test_a_tag_page_of_cards_whose_headlines_sit_inside_their_links_is_refused():
    cards = "".join(card(i, h, s) for i, (h, s) in enumerate(TEASERS))
    out = cleaned(page(f'<main><header><h1>Tag: smog</h1></header><div class="listing">{cards}</div></main>'),
                  "https://news.example/tag/smog/")
    assert isinstance(out, Dropped) and out.reason == "not_article" and "listing page" in out.detail


def test_an_article_with_cards_under_it_stays():
    """The negative case of the same shape: the cards are a box under a story."""
    cards = "".join(card(i, h, s) for i, (h, s) in enumerate(TEASERS))
    story = f"<p>{STORY}</p>" * 3
    out = cleaned(page(f"<article><h1>New polyclinic for Alatau</h1>{story}</article>"
                       f'<section class="related"><h2>Related</h2>{cards}</section>'),
                  "https://news.example/2024/03/20/new-polyclinic-for-alatau/")
    assert isinstance(out, Article)
    assert "New polyclinic" in out.title and STORY.strip()[:40] in out.blocks[0].text


def test_a_page_of_thousands_of_links_is_refused_whatever_its_markup_says():
    farm = (Block(" ".join(f"Cheap offer number {i} today" for i in range(600)), link_density=1.0),)
    assert "a page of links" in link_farm(farm)
    assert not_article_evidence("https://news.example/a/", "Offers", farm,
                                evidence=("type:NewsArticle", "date:jsonld")) is not None
    links = "".join(f'<a href="/o/{i}/">Cheap offer number {i} today</a> ' for i in range(600))
    result = cleaned(page(f"<article><h1>Offers</h1><p>{links}</p></article>"), "https://news.example/offers/")
    assert isinstance(result, Dropped) and result.reason == "not_article" and "page of links" in result.detail


def test_long_stories_with_many_links_and_short_link_roundups_stay():
    prose = STORY * 60  # ~2,000 words of running text ...
    story = (Block(prose, link_density=0.3), Block(prose, link_density=0.5))  # ... with many links in it
    assert link_farm(story) is None
    roundup = tuple(Block(h, "item", link_density=1.0, group=1) for h, _ in TEASERS)  # all links, but short
    assert link_farm(roundup) is None
    assert link_farm(()) is None

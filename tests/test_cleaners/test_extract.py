from dataclasses import replace

from helpers import SEED, STORIES, aside_page

from cleaners.config import CleanerConfig
from cleaners.extract import extract
from cleaners.records import Article, Dropped, RawPage


def raw(html: str | bytes, url="https://news.example/2024/03/14/story/", **kw) -> RawPage:
    return RawPage(url=url, body=html.encode("utf-8") if isinstance(html, str) else html, **kw)


def test_seed_page_keeps_paragraphs_lists_and_metadata(config):
    art = extract(RawPage(url="https://x.example/p", body=(SEED / "page.html").read_bytes()), config)
    assert isinstance(art, Article)
    assert art.title == "Expansion of Administrative Units: Governorates in Kazakhstan to Witness New Departments"
    assert art.authors == ("Aigerim Seitkali",)
    assert art.published == "2024-03-14T09:12:00+05:00"
    assert art.canonical_url.startswith("https://steppe-digest.example/2024/03/14/")
    kinds = [b.kind for b in art.blocks]
    assert kinds.count("item") == 10 and kinds.count("heading") == 2
    # the three quote lists and the recap list are four separate groups
    assert len({b.group for b in art.blocks if b.kind == "item"}) == 4
    link_lines = [b for b in art.blocks if b.text.startswith("[")]
    assert [b.link_density for b in link_lines] == [1.0, 1.0]
    assert all(b.link_density == 0 for b in art.blocks if b.kind == "p" and not b.text.startswith("["))
    assert "Skip to content" not in " ".join(b.text for b in art.blocks)


def test_br_separated_paragraphs_become_blocks(config):
    body = "<br><br>".join(f"Paragraph number {i} tells a story of some length about the akimat." for i in range(4))
    art = extract(raw(f"<html><head><title>T</title></head><body><div class='content'>{body}</div></body></html>"),
                  config)
    assert [b.text for b in art.blocks] == [f"Paragraph number {i} tells a story of some length about the akimat."
                                            for i in range(4)]


def test_pages_that_are_not_html_are_dropped(config):
    out = extract(raw(b"%PDF-1.7", headers=(("Content-Type", "application/pdf"),)), config)
    assert out == Dropped("extract", "not_html", "application/pdf")


def test_declared_non_articles_are_dropped_before_extraction(config):
    html = ('<html><head><meta property="og:type" content="website"><script type="application/ld+json">'
            '{"@type":"ContactPage"}</script></head><body><p>Call us.</p></body></html>')
    out = extract(raw(html), config)
    assert isinstance(out, Dropped) and out.reason == "not_article"


def test_oversized_and_undecodable_pages_are_dropped(config):
    assert extract(raw("<p>x</p>" * 10), CleanerConfig(max_body_bytes=20)).reason == "too_large"
    assert extract(raw(b""), config).reason == "decode_error"


def test_a_page_without_main_text_is_dropped(config):
    out = extract(raw("<html><head><title>Empty</title></head><body><div></div></body></html>"), config)
    assert isinstance(out, Dropped) and out.reason == "no_body"


def test_a_story_trafilatura_cleans_away_with_its_aside_is_found_by_the_recall_focus(config):
    art = extract(raw(aside_page()), config)
    assert [b.text for b in art.blocks if b.kind == "p"] == [f"{s} {s}" for s in STORIES]
    # without a story in the aside, the recall focus finds no more than the default: its taglines stay
    # all there is, and the page is left to the article gate
    bare = extract(raw(aside_page(with_story=False)), config)
    assert not any("council" in b.text.lower() for b in bare.blocks if b.kind == "p")
    # --fast-extraction asks no second run
    fast = extract(raw(aside_page()), replace(config, fast_extraction=True))
    assert not any(b.text.startswith("The council voted") for b in fast.blocks)


def test_a_story_only_in_the_json_ld_of_a_page_the_browser_renders_is_found(config):
    """A React shell: the page holds its story in schema.org JSON-LD only. trafilatura's baseline
    rescue reads it there, though the scripts leave the tree before extraction."""
    import json

    story = [f"Step {i}: {s} {s}" for i, s in enumerate(STORIES, 1)]
    jsonld = json.dumps({"@context": "https://schema.org", "@type": "HowTo", "name": "How to sew a round tablecloth",
                         "step": [{"@type": "HowToStep", "text": s} for s in story]})
    shell = ('<html><head><title>How to sew a round tablecloth</title></head><body><div id="root">Loading ...</div>'
             f'<script type="application/ld+json">{jsonld}</script></body></html>')
    art = extract(raw(shell), config)
    assert all(s in " ".join(b.text for b in art.blocks) for s in story)
    # a story on the page itself: the page's text, not its JSON-LD, whatever that says
    page = shell.replace('<div id="root">Loading ...</div>',
                         "<article>" + "".join(f"<p>{s} {s}</p>" for s in STORIES) + "</article>")
    assert [b.text for b in extract(raw(page), config).blocks] == [f"{s} {s}" for s in STORIES]


def test_a_fast_run_that_only_baseline_rescued_asks_the_full_run(config):
    """rnz.de: the fast run's own extraction finds next to nothing and baseline returns all of the
    body's text, the site's menus first: long, so it looked like a story found in full."""
    import gzip
    from pathlib import Path

    page = gzip.decompress((Path(__file__).parent.parent / "fixtures/real_pages/rnz.de.witzel.html.gz").read_bytes())
    text = " ".join(b.text for b in extract(raw(page, url="https://www.rnz.de/witzel"), config).blocks)
    assert "Für einen Roman" in text and "Auszeichnung der Branche." in text
    assert "Heiligkreuzsteinach" not in text  # a village of the region menu

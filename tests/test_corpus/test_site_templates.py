"""Site template profiles: what is learned from many pages of a site and removed with reason
site_template, what must stay (real content, headlines, sites with too few pages, copies of one
story), the versioned store, and the bytes with and without a profile."""

import random

import pytest
from helpers import make_article, texts

from cleaners.chain import CHAIN_VERSION, clean
from cleaners.config import CleanerConfig
from cleaners.records import Article, Block, RawPage, RawRef
from cleaners.site_template import SiteTemplate, digest_of, line_key, template_drops
from cleaners.strip_boilerplate import strip_boilerplate
from corpus.site_templates import (
    MIN_SITE_PAGES,
    Profile,
    TemplateLearner,
    TemplateStore,
    learn,
    load_profile,
)
from output.serialize import article_record, to_line

# lines no built-in rule removes: only the site's profile can
TEMPLATE = ["📻 Herald Radio: the day in ten minutes!", "Get the morning briefing in your inbox",
            "More from the Herald", "Our journalism is free for everyone. Help keep it that way"]
WORDS = ("council budget school road river bridge water bank price farmers harvest railway station airport "
         "winter report official deputy mayor residents district village city reform plan company workers").split()


def story(rng: random.Random, n: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(18, 40))).capitalize() + "."
            for _ in range(n)]


def record(title: str, paragraphs: list[str], removed=()) -> dict:
    return {"title": title, "text": "\n\n".join(paragraphs),
            "audit": {"removed": [{"step": "strip_boilerplate", "reason": r, "text": t} for t, r in removed],
                      "replaced": []}}


def site_records(pages: int = 24, seed: int = 1, template=TEMPLATE, every: int = 1) -> list[dict]:
    """`pages` stories of one site; every `every`-th page carries the template lines."""
    rng = random.Random(seed)
    out = []
    for i in range(pages):
        body = story(rng, rng.randint(4, 8))
        if i % every == 0:
            body = [template[0], *body[:2], template[2], *body[2:], template[1], template[3]]
        out.append(record(f"Story number {i} about {rng.choice(WORDS)}", body))
    return out


def test_lines_on_most_pages_of_a_site_are_its_template():
    profile = learn("herald", site_records())
    assert sorted(x.text for x in profile.lines) == sorted(t.strip() for t in TEMPLATE)
    assert profile.pages == 24 and all(x.pages == 24 and x.share == 1.0 for x in profile.lines)
    assert profile.keys == {line_key(t) for t in TEMPLATE}


def test_too_few_pages_learn_nothing():
    assert learn("tiny", site_records(pages=MIN_SITE_PAGES - 1)).lines == ()
    assert len(learn("enough", site_records(pages=MIN_SITE_PAGES)).lines) == len(TEMPLATE)


def test_a_line_on_a_small_share_of_the_pages_is_not_template():
    profile = learn("herald", site_records(pages=40, every=5))  # on 8 pages of 40: 20%
    assert profile.lines == ()


def test_real_prose_repeated_across_pages_is_not_template():
    disclaimer = ("The ministry said in a statement that it would publish the full list of schools and the "
                  "amounts each of them receives once the regional councils have approved their budgets.")
    recs = site_records()
    for r in recs:
        r["text"] += "\n\n" + disclaimer
    assert line_key(disclaimer) not in learn("herald", recs).keys


def test_a_line_that_is_a_headline_or_part_of_one_is_not_template():
    recs = site_records()
    for r in recs:
        r["text"] += "\n\nSteppe Digest\n\nReport"
    recs[3]["title"] = "Steppe Digest turns ten"
    recs[5]["title"] = "Report"
    keys = learn("herald", recs).keys
    assert "steppe digest" not in keys and "report" not in keys
    assert line_key(TEMPLATE[0]) in keys


def test_copies_of_one_story_under_many_urls_count_once():
    """2,000 copies of the demo's stories came out as distinct articles: one story's paragraphs
    on a third of the pages must not become the site's template."""
    rng = random.Random(3)
    syndicated = story(rng, 5)
    recs = site_records(pages=20, template=TEMPLATE)
    recs += [record("The one story everybody copied", syndicated) for _ in range(30)]
    profile = learn("herald", recs)
    assert profile.pages == 21
    assert not profile.keys & {line_key(p) for p in syndicated}
    assert profile.keys == {line_key(t) for t in TEMPLATE}


def test_lines_removed_by_an_earlier_profile_are_still_seen():
    recs = [record(r["title"], [p for p in r["text"].split("\n\n") if p not in TEMPLATE],
                   [(t, "site_template") for t in TEMPLATE]) for r in site_records()]
    assert learn("herald", recs).keys == {line_key(t) for t in TEMPLATE}


def test_the_learner_stops_at_its_page_budget():
    learner = TemplateLearner("herald", max_pages=12).add_all(site_records(pages=30))
    assert learner.pages == 12 and learner.full


# --- the rule ------------------------------------------------------------------------------------

def template() -> SiteTemplate:
    return SiteTemplate.of(TEMPLATE + ["Steppe Digest"])


def test_template_lines_are_removed_with_reason_site_template():
    art = make_article("Herald Radio: the day in ten minutes",
                       "The council met on Tuesday and approved the budget for the year.",
                       Block("More from the Herald", kind="heading"),
                       "Residents said they had waited for this decision for years.",
                       "Our journalism is free for everyone. Help keep it that way.")
    out = strip_boilerplate(art, CleanerConfig(site_template=template()))
    assert texts(out) == ["The council met on Tuesday and approved the budget for the year.",
                          "Residents said they had waited for this decision for years."]
    assert [(r.reason, r.text) for r in out.removed] == [
        ("site_template", "Herald Radio: the day in ten minutes"), ("site_template", "More from the Herald"),
        ("site_template", "Our journalism is free for everyone. Help keep it that way.")]
    assert out.meta.site_template == template().digest


def test_other_rules_keep_their_reason_and_headline_words_stay():
    art = make_article("Steppe Digest", "Share this article", "The story of the day, told in full sentences.",
                       title="Steppe Digest turns ten")
    t = SiteTemplate.of(["Share this article", "Steppe Digest"])
    out = strip_boilerplate(art, CleanerConfig(site_template=t))
    assert texts(out) == ["Steppe Digest", "The story of the day, told in full sentences."]
    assert [r.reason for r in out.removed] == ["boilerplate_phrase"]  # the built-in list said it first


def test_code_and_lines_not_in_the_profile_stay():
    art = make_article(Block("More from the Herald", kind="code"), "More from the Herald's statement, published today.")
    assert template_drops(art, template()) == []


def test_without_a_profile_nothing_changes():
    art = make_article("More from the Herald", "The council met on Tuesday and approved the budget.")
    plain = strip_boilerplate(art, CleanerConfig())
    assert texts(plain) == texts(art) and plain.meta.site_template is None
    assert strip_boilerplate(art, CleanerConfig(site_template=None)) == plain


def page_html(i: int, with_template: bool = True) -> bytes:
    rng = random.Random(i)
    body = "".join(f"<p>{p}</p>" for p in story(rng, 6))
    extra = "<p>📻 Herald Radio: the day in ten minutes!</p><h3>More from the Herald</h3>" if with_template else ""
    return (f"<html><head><title>Story {i}</title><meta property='og:type' content='article'></head><body>"
            f"<article><h1>Story {i}</h1>{extra}{body}<p>Get the morning briefing in your inbox</p></article>"
            "</body></html>").encode()


def line_of(result) -> bytes:
    assert isinstance(result, Article), result
    return to_line(article_record(result, CHAIN_VERSION))


def test_the_digest_goes_into_the_line_and_the_same_profile_gives_the_same_bytes():
    page = RawPage(url="https://herald.example/news/7/", body=page_html(7), fetched_at="2026-01-01T00:00:00Z")
    plain = line_of(clean(page, CleanerConfig()))
    assert b'"site_template":""' in plain and b"Get the morning briefing in your inbox" in plain
    t = template()
    first = line_of(clean(page, CleanerConfig(site_template=t)))
    again = line_of(clean(page, CleanerConfig(site_template=SiteTemplate.of(reversed(TEMPLATE + ["Steppe Digest"])))))
    assert first == again
    assert f'"site_template":"{t.digest}"'.encode() in first
    assert b'"reason":"site_template","text":"More from the Herald"' in first
    assert line_of(clean(page, CleanerConfig())) == plain


def test_the_line_validates_against_the_schema():
    from output.schema import record_errors

    page = RawPage(url="https://herald.example/news/8/", body=page_html(8), fetched_at="2026-01-01T00:00:00Z",
                   raw=RawRef("sha1:" + "A" * 32, "x.warc.gz", "<urn:uuid:1>", 0))
    rec = article_record(clean(page, CleanerConfig(site_template=template())), CHAIN_VERSION)
    assert record_errors(rec, "article")[1] == []
    rec["audit"]["site_template"] = "md5:abc"
    assert record_errors(rec, "article")[1]


# --- the store -----------------------------------------------------------------------------------

def test_the_store_keeps_versions_and_writes_none_for_the_same_lines(tmp_path):
    store = TemplateStore(tmp_path / "templates")
    assert store.current("herald") is None
    assert store.save(learn("herald", site_records(pages=5)))[1] is False  # nothing learned, nothing stored
    first, written = store.save(learn("herald", site_records(), "run-1"))
    assert written and first.version == 1
    again, written = store.save(learn("herald", site_records(seed=9), "run-2"))
    assert not written and again.version == 1 and again.learned_from == "run-1"
    second, written = store.save(learn("herald", site_records(template=TEMPLATE[:2] + ["Read more", TEMPLATE[3]])))
    assert written and second.version == 2 and store.current("herald").digest == second.digest
    assert [p.name[:5] for p in store.versions("herald")] == ["v0001", "v0002"]
    assert load_profile(store.versions("herald")[0]).digest == first.digest
    assert store.sites() == ["herald"]


def test_a_hand_edited_profile_gets_its_own_digest(tmp_path):
    import json

    store = TemplateStore(tmp_path)
    stored, _ = store.save(learn("127.0.0.1:8080", site_records()))
    path = store.versions("127.0.0.1:8080")[0]
    assert path.parent.name == "127.0.0.1_8080"
    doc = json.loads(path.read_text())
    doc["lines"] = doc["lines"][1:]
    path.write_text(json.dumps(doc))
    edited = load_profile(path)
    assert edited.digest != stored.digest == doc["digest"]
    assert edited.digest == digest_of(x["key"] for x in doc["lines"])


def test_a_profile_of_another_format_is_refused(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"format": 99, "site": "x", "lines": []}')
    with pytest.raises(ValueError, match="format 99"):
        load_profile(path)
    assert Profile.from_json({"format": 1, "site": "x", "lines": []}).lines == ()

"""Site templates learned by real crawls, and the drift alarm when the site changes its layout:
a local news site on 127.0.0.1 crawled, crawled again once it has published more stories in the
same layout, then once more after a redesign that puts a sidebar of teasers inside the article
and changes the template lines."""

import html
import json
import random
from pathlib import Path

import pytest
from helpers import read_jsonl, run_cli
from sitegen import LEXICON

from corpus import drift
from presswash.site_profiles import EXIT_DRIFT
from presswash.site_server import SiteServer

PAGES = 14
WORDS = LEXICON[:1500]  # pseudo-words: paragraphs differ as much as real ones (bench/sitegen.py)
# lines no built-in rule of strip_boilerplate removes: only a learned profile can
OLD_TEMPLATE = ["Herald Radio: the day in ten minutes", "Get the morning briefing in your inbox",
                "Our journalism is free for everyone, help keep it that way"]
NEW_TEMPLATE = ["The Herald is on WhatsApp now", "Chip in to keep the lights on",
                "Tips and corrections go to the night desk"]


def sentences(rng: random.Random, n: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(22, 34))).capitalize() + "." for _ in range(n)]


def article(i: int, layout: str) -> str:
    rng = random.Random(i)
    title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} story number {i}"
    body = [f"<p>{html.escape(p)}</p>" for p in sentences(rng, 5)]
    if layout == "v1":
        t = OLD_TEMPLATE
        body = [f"<p>{t[0]}</p>", *body[:3], f"<p>{t[1]}</p>", *body[3:], f"<p>{t[2]}</p>"]
    else:  # the redesign: new template lines, and the sidebar's teasers inside the article element
        t = NEW_TEMPLATE
        side = [f"<p>{html.escape(p)}</p>" for p in sentences(random.Random(1000 + i), 6)]
        body = [f"<p>{t[0]}</p>", *body, f"<p>{t[1]}</p>", "<div>", *side, "</div>", f"<p>{t[2]}</p>"]
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:type" content="article"><meta property="og:site_name" content="Test Herald">'
            f'<meta property="article:published_time" content="2024-03-{1 + i % 28:02d}T10:00:00Z"></head>'
            f'<body><nav><a href="/">Home</a></nav><article><h1>{title}</h1>{"".join(body)}</article>'
            "<footer>© Test Herald</footer></body></html>")


def write_site(root: Path, layout: str, pages: int = PAGES) -> None:
    for i in range(pages):
        target = root / "news" / str(i) / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article(i, layout), "utf-8")
    urls = "".join(f"<url><loc>{{{{BASE_URL}}}}/news/{i}/</loc></url>" for i in range(pages))
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')
    (root / "robots.txt").write_text("User-agent: *\nSitemap: {{BASE_URL}}/sitemap.xml\n")


def manifest_of(stdout: str) -> dict:
    path = stdout.split("manifest ", 1)[1].split()[0]
    return json.loads(Path(path).read_text("utf-8"))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("drift")
    root, data = tmp / "site", tmp / "data"
    write_site(root, "v1")
    with SiteServer(root) as site:
        sites = tmp / "sites.toml"
        sites.write_text(f'[[site]]\nname = "herald"\nbase_url = "{site.base_url}/"\nsitemaps = ["robots"]\n'
                         'delay = 0\nconcurrency = 4\nrecheck_after = "0s"\nmax_depth = 0\n')
        crawl = ("crawl", "--sites", sites, "--data-dir", data, "--workers", "1", "--fail-on-drift")
        first = run_cli(*crawl)
        write_site(root, "v1", 2 * PAGES)  # new stories; the first ones answer 304
        second = run_cli(*crawl)
        write_site(root, "v2", 2 * PAGES)
        third = run_cli(*crawl, check=False)
    return {"data": data, "tmp": tmp, "procs": [first, second, third],
            "manifests": [manifest_of(p.stdout) for p in (first, second, third)]}


def articles_of(manifest: dict) -> list[dict]:
    return [r for f in manifest["sites"]["herald"]["article_files"] for r in read_jsonl(f)]


def test_a_first_crawl_learns_the_template_and_removes_nothing_yet(runs):
    m = runs["manifests"][0]
    s = m["sites"]["herald"]
    assert m["exit_code"] == 0 and m["drifted"] == []
    assert s["new"] == PAGES and s["drift"]["alarms"] == [] and s["drift"]["compared_with"] == []
    t = s["templates"]
    assert t["used"]["digest"] is None
    assert t["learned"]["new_version"] and t["learned"]["version"] == 1 and t["learned"]["lines"] == 3
    profile = json.loads(next((runs["data"] / "templates" / "herald").glob("v0001-*.json")).read_text("utf-8"))
    assert sorted(x["text"] for x in profile["lines"]) == sorted(OLD_TEMPLATE)
    assert profile["digest"] == t["learned"]["digest"] and profile["pages"] == PAGES
    for r in articles_of(m):
        assert r["audit"]["site_template"] == ""
        assert all(line in r["text"] for line in OLD_TEMPLATE)


def test_the_next_crawl_removes_the_template_lines_of_new_pages_and_raises_no_alarm(runs):
    m = runs["manifests"][1]
    s = m["sites"]["herald"]
    digest = runs["manifests"][0]["sites"]["herald"]["templates"]["learned"]["digest"]
    assert m["exit_code"] == 0 and m["drifted"] == [] and s["drift"]["alarms"] == []
    assert s["new"] == PAGES and s["not_modified"] == PAGES
    assert s["templates"]["used"] == {"digest": digest, "version": 1, "lines": 3}
    assert s["templates"]["learned"]["new_version"] is False
    assert s["drift"]["stats"]["template_hit_rate"] == 1.0
    for r in articles_of(m):
        assert r["audit"]["site_template"] == digest
        gone = [x["text"] for x in r["audit"]["removed"] if x["reason"] == "site_template"]
        assert sorted(gone) == sorted(OLD_TEMPLATE)
        assert not any(line in r["text"] for line in OLD_TEMPLATE)
        assert r["word_count"] > 100  # the story itself is all there
    assert "site template     v1 " in runs["procs"][1].stdout


def test_a_redesign_raises_the_alarm_and_fails_the_run_for_the_scheduler(runs):
    proc, m = runs["procs"][2], runs["manifests"][2]
    s = m["sites"]["herald"]
    assert proc.returncode == EXIT_DRIFT == m["exit_code"], proc.stdout + proc.stderr
    assert m["drifted"] == ["herald"]
    metrics = {a["metric"]: a for a in s["drift"]["alarms"]}
    assert {"words_per_article", "template_hits", "template"} <= set(metrics), metrics
    assert metrics["words_per_article"]["now"] >= drift.WORDS_RATIO * metrics["words_per_article"]["before"]
    assert metrics["template_hits"]["now"] == 0.0 and metrics["template_hits"]["before"] == 1.0
    assert s["drift"]["compared_with"] == [runs["manifests"][0]["run_id"], runs["manifests"][1]["run_id"]]
    assert "DRIFT             words_per_article" in proc.stdout
    # the new layout's template is learned from the redesigned pages alone
    assert s["templates"]["learned"]["new_version"] and s["templates"]["learned"]["version"] == 2
    newest = sorted((runs["data"] / "templates" / "herald").glob("v*.json"))[-1]
    assert sorted(x["text"] for x in json.loads(newest.read_text("utf-8"))["lines"]) == sorted(NEW_TEMPLATE)


def test_the_report_says_which_site_drifted(runs):
    pytest.importorskip("matplotlib", reason="the report extra (matplotlib) is a test extra")
    out = runs["tmp"] / "report.html"
    run_cli("report", "--since", "1d", "--data-dir", runs["data"], "-o", out)
    page = out.read_text("utf-8")
    assert '<h2 id="drift">' in page
    alarms = page.split('<h2 id="drift">', 1)[1]
    assert alarms.count('class="drift-alarm" data-site="herald"') == len(
        runs["manifests"][2]["sites"]["herald"]["drift"]["alarms"])
    assert 'data-metric="words_per_article"' in alarms and "DRIFT: " in alarms


def test_stats_need_enough_pages_and_history():
    few = drift.RunStats(fetched=3, rejected=3, articles=2, words=4000)
    assert few.reject_rate is None and few.words_per_article is None
    steady = [drift.RunStats(fetched=20, rejected=1, articles=19, words=19 * 300,
                             removed={"strip_boilerplate/link_line": 40}) for _ in range(3)]
    same = drift.RunStats(fetched=20, rejected=2, articles=18, words=18 * 320,
                          removed={"strip_boilerplate/link_line": 30, "strip_boilerplate/site_template": 50})
    assert drift.alarms(same, steady) == []  # a profile coming into use is no layout change
    broken = drift.RunStats(fetched=20, rejected=12, articles=8, words=8 * 300,
                            removed={"strip_boilerplate/caption": 30})
    assert {a["metric"] for a in drift.alarms(broken, steady)} == {"reject_rate", "removal_mix"}
    assert drift.alarms(broken, []) == []  # no history, no alarm

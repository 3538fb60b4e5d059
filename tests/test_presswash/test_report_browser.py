"""`presswash report` opened in a real headless Chromium over the DevTools protocol: the plots
render (SVG elements with a size), nothing is logged as an error, and a before/after view shows
its removals struck through. Screenshots go to tmp_path (or $PRESSWASH_SCREENSHOTS)."""

import base64
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import read_jsonl, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (Debian package `chromium`; .ci/run installs it when it can)")
websocket = pytest.importorskip("websocket", reason="websocket-client (a test extra) is needed to drive Chromium")


class Chromium:
    """Just enough of the DevTools protocol: call a method, collect the events meanwhile."""

    def __init__(self, profile: Path):
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", f"--user-data-dir={profile}",
             "--window-size=1100,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id, self.events = 0, []
        for method in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.call(method)

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg["result"]
            self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 30) -> None:
        if any(e.get("method") == method for e in self.events):
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            self.events.append(msg)
            if msg.get("method") == method:
                return
        raise TimeoutError(method)

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def errors(self) -> list:
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown" or (m == "Runtime.consoleAPICalled" and p.get("type") == "error") \
                    or (m == "Log.entryAdded" and p["entry"]["level"] == "error"):
                out.append(p)
        return out

    def screenshot(self, path: Path) -> Path:
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png",
                                                    captureBeyondViewport=True)["data"]))
        return path

    def close(self) -> None:
        if getattr(self, "ws", None):
            self.ws.close()
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    run_cli("demo", "--data-dir", data)
    out = data / "report.html"
    run_cli("report", "--data-dir", data, "-o", out)
    return data, out


def test_report_renders_in_chromium(report, tmp_path):
    data, out = report
    shots = Path(os.environ.get("PRESSWASH_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    try:
        browser = Chromium(tmp_path / "profile")
    except RuntimeError:  # on a loaded machine a first start can fail; a second, fresh one decides
        browser = Chromium(tmp_path / "profile-2")
    try:
        browser.open(out.as_uri())
        svgs = browser.js("""[...document.querySelectorAll('main .plot svg')].map(s => {
            const r = s.getBoundingClientRect(); return [r.width, r.height, s.querySelectorAll('path').length]; })""")
        assert len(svgs) >= 7, svgs  # runs, rejects, removals, words, languages, status mix, latency
        assert all(w > 200 and h > 50 and paths > 5 for w, h, paths in svgs), svgs
        assert browser.js("document.querySelector('main').offsetHeight") > 2000
        assert browser.js("[...document.querySelectorAll('.page')].every(p => p.offsetParent === null)")
        main_shot = browser.screenshot(shots / "report.png")

        # "show me the pages where link_line fired": its list, then one article's before/after
        browser.call("Page.navigate", url=out.as_uri() + "#removed-strip_boilerplate-link_line")
        assert browser.js("document.querySelector('main').offsetParent === null")
        links = browser.js("[...document.querySelectorAll(':target a[href^=\"#a-\"]')].map(a => a.hash)")
        assert links, "the link_line list names its articles"
        browser.call("Page.navigate", url=out.as_uri() + links[0])
        removed = browser.js("""[...document.querySelectorAll(':target .blk.removed')].map(b => [
            getComputedStyle(b.querySelector('del')).textDecorationLine, b.querySelector('.label').textContent,
            b.getBoundingClientRect().height])""")
        assert removed and all(deco == "line-through" and h > 10 for deco, _, h in removed), removed
        assert any(label == "strip_boilerplate · link_line" for _, label, _ in removed), removed
        kept = browser.js("document.querySelectorAll(':target .blk.kept').length")
        assert kept >= 3
        view_shot = browser.screenshot(shots / "before_after.png")
        assert browser.errors() == []
    finally:
        browser.close()
    for shot in (main_shot, view_shot):
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    print(f"screenshots: {main_shot} {view_shot}")


def test_every_article_of_the_run_has_its_view(report):
    data, out = report
    html = out.read_text("utf-8")
    ids = {line["id"] for f in (data / "articles").rglob("*.jsonl") for line in read_jsonl(f)}
    # each demo article had something removed, so each is an example of some reason
    assert all(f'id="a-{i}"' in html for i in ids)

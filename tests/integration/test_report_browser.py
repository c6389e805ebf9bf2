"""The HTML report escapes article text and model output: checked in a real browser.

Hostile text (a script tag, an image whose error handler runs code, a javascript: link)
goes into a fixture's title, the run's name and the model's output. The report is loaded
in headless Chromium with its Content-Security-Policy removed, so that escaping alone is
tested, and the DOM after load must show that nothing ran.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from summarise.evaluation import load_fixtures, run_eval, write_run
from summarise.testing import FakeBackend
from summarise.view.page import asset
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

pytestmark = pytest.mark.integration

RUN = "document.title='PWNED'"
HOSTILE = f'<script>{RUN}</script><img src=x onerror="{RUN}"><a href="javascript:{RUN}">click</a>'


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0
        self.script = ""
        self.handlers: list[str] = []
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script += data

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        self._in_script = tag == "script"
        self.handlers += [
            f"{name}={value}"
            for name, value in attrs
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:")
        ]


def hostile_report(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    (folder / "a.txt").write_text(EXAMPLE_ARTICLE.read_text(encoding="utf-8"))
    (folder / "a.yaml").write_text(
        json.dumps({"id": "hostile", "title": HOSTILE, "source": "s", "licence": "l",
                    "article_file": "a.txt",
                    "expected": {"gist": "g", "actors": TRUE_SUMMARY["actors"][:2]}})
    )  # fmt: skip
    reply = json.loads(json.dumps(TRUE_SUMMARY))
    reply["gist"] = HOSTILE
    reply["actors"][0]["role"] = HOSTILE
    fixtures = load_fixtures(folder)
    report = run_eval(fixtures=fixtures, backend=FakeBackend(default=reply), name=HOSTILE)
    return write_run(report, tmp_path / "run", fixtures) / "report.html"


def test_the_report_has_no_live_markup_from_text(tmp_path: Path) -> None:
    page = hostile_report(tmp_path).read_text()
    tags = _Tags()
    tags.feed(page)
    assert tags.scripts == 1  # the page's own, allowed by its hash; none from the text
    assert tags.script == asset("view.js")
    assert tags.handlers == []
    assert "&lt;script&gt;" in page


def test_nothing_runs_in_a_real_browser(tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.fail("chromium is not installed; run `make setup` (it installs Debian's chromium).")
    page = hostile_report(tmp_path)
    bare = page.with_name("no-csp.html")
    text = page.read_text()
    start = text.index('<meta http-equiv="Content-Security-Policy"')
    bare.write_text(text[:start] + text[text.index(">", start) + 1 :])  # test escaping alone
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=2000", "--dump-dom", bare.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert "<title>Eval run" in dom  # the page loaded
    assert "<title>PWNED</title>" not in dom  # a script that ran would have set this
    assert "<img" not in dom  # the image tag stayed text: its error handler never existed
    assert "<script>document" not in dom

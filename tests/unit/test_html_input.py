"""HTML pages as input: the article's text is extracted, and offsets point into it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarise import InputError
from summarise.backends import register_backend
from summarise.cli import main
from summarise.html_input import html_to_text
from summarise.testing import FakeBackend

PAGE = """<html><head><title>Airbus cuts</title><script>alert("x")</script></head>
<body><nav>Home | News | Sport</nav><article><h1>Airbus announces job cuts</h1>
<p>Airbus, Europe's biggest aircraft manufacturer, has announced 10,000 job cuts over the
next four years.</p><p>Louis Gallois, the Airbus chief executive, said the company expects
to cut approximately 4,300 jobs in France.</p></article><footer>Copyright 2007</footer>
</body></html>"""

REPLY = {
    "gist": "Airbus will cut 10,000 jobs.",
    "actors": [{"name": "Louis Gallois", "kind": "person", "role": "chief executive",
                "evidence": [{"quote": "Louis Gallois, the Airbus chief executive"}]}],
}  # fmt: skip


def test_the_article_text_is_extracted_without_page_furniture() -> None:
    text = html_to_text(PAGE)
    assert "Louis Gallois, the Airbus chief executive" in text
    for furniture in ("alert", "Home | News", "Copyright"):
        assert furniture not in text


def test_a_page_without_an_article_is_an_input_error() -> None:
    with pytest.raises(InputError, match="No article text"):
        html_to_text("<html><head><title>t</title></head><body><div> </div></body></html>")


@pytest.fixture(autouse=True)
def fake() -> None:
    register_backend("fake-html", lambda _s: FakeBackend(default=REPLY), replace=True)


def test_the_cli_summarises_a_page_and_shows_the_text_offsets_point_into(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    assert main([str(page), "--json", "--backend", "fake-html"]) == 0
    record = json.loads(capsys.readouterr().out)
    evidence = record["summary"]["actors"][0]["evidence"][0]
    assert record["text"][evidence["start"] : evidence["end"]] == evidence["quote"]


def test_batch_folders_take_html_pages(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(PAGE)
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(folder), "--out", str(out), "--backend", "fake-html"]) == 0
    record = json.loads(out.read_text())
    evidence = record["summary"]["actors"][0]["evidence"][0]
    assert record["text"][evidence["start"] : evidence["end"]] == evidence["quote"]

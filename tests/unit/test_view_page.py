"""The summary page as HTML: for any schema type, everything escaped, the policy matching
the page's own script and style, and the ways to ask for it (Python and the shell)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict

from summarise import Evidence, InputError, Summariser, SummaryResult
from summarise.backends import register_backend
from summarise.cli import main
from summarise.schema_types import register_schema_type
from summarise.testing import FakeBackend
from summarise.view.index import page_name
from tests.conftest import EXAMPLE_ARTICLE, minimal_summary
from tests.view_results import (
    HOSTILE,
    example_text,
    hostile_article,
    hostile_reply,
    summarised,
    varied_reply,
)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.script = ""
        self.style = ""
        self._in = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = ""

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.script += data
        elif self._in == "style":
            self.style += data


def elements(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


def sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_the_policy_allows_exactly_the_page_s_own_script_and_style() -> None:
    page = summarised(varied_reply(), example_text()).to_html()
    found = elements(page)
    assert found.tags.count("script") == 1
    assert found.tags.count("style") == 1
    policy = next(v for n, v in found.attributes if n == "content" and "default-src" in v)
    assert "default-src 'none'" in policy
    assert f"script-src '{sha(found.script)}'" in policy
    assert f"style-src '{sha(found.style)}'" in policy
    assert "unsafe-inline" not in policy
    assert "http" not in page.split("<body", 1)[1].split("<script>")[0]  # no links out


def test_markup_from_the_article_and_the_model_is_text() -> None:
    page = summarised(hostile_reply(), hostile_article()).to_html()
    found = elements(page)
    assert found.tags.count("script") == 1  # ours
    assert "img" not in found.tags
    assert "a" not in found.tags
    assert [n for n, _ in found.attributes if n.startswith("on")] == []
    assert [v for _, v in found.attributes if v.strip().lower().startswith("javascript:")] == []
    assert HOSTILE not in page
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in page


class Clause(BaseModel):
    model_config = ConfigDict(extra="forbid")
    heading: str
    obligation: str
    evidence: list[Evidence]


class Party(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    clauses: list[Clause]
    evidence: list[Evidence]


class Contract(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    parties: list[Party]
    risks: list[Clause]


def test_any_schema_type_is_drawn_from_its_model() -> None:
    schema = register_schema_type(
        "contract_view", model=Contract, template="{% block system %}s{% endblock %}"
        "{% block user %}{{ article }}{% endblock %}", replace=True,
    )  # fmt: skip
    reply = {
        "title": "A deal",
        "parties": [
            {
                "name": "Vladimir Putin",
                "evidence": [{"quote": "Russia’s President Vladimir Putin"}],
                "clauses": [
                    {"heading": "Talks", "obligation": "host", "evidence": [{"quote": "Moscow"}]}
                ],
            }
        ],
        "risks": [],
    }
    with Summariser(schema=schema, backend=FakeBackend(default=reply)) as summariser:
        page = summariser.summarise(example_text()).to_html()
    assert 'class="chip k0" data-hide="k0" aria-pressed="true">parties<' in page
    assert 'class="chip k1" data-hide="k1" aria-pressed="true">risks<' in page
    assert "No risks found." in page
    assert '<h4 class="head">Talks</h4>' in page  # a nested item is a part of its card
    assert "<dt>obligation</dt><dd>host</dd>" in page
    assert "<dt>title</dt><dd>A deal</dd>" in page  # too short for a lede: a row
    assert len(re.findall(r'<mark class="ev pred k0', page)) >= 2


def test_a_result_read_back_needs_its_text_and_only_that_text() -> None:
    result = summarised(varied_reply(), example_text())
    assert result.to_html() == result.to_html(example_text())
    back = SummaryResult[Any].model_validate(json.loads(result.model_dump_json()))
    with pytest.raises(InputError, match=r"result.to_html\(text\)"):
        back.to_html()
    with pytest.raises(InputError, match="not the article this result was made from"):
        result.to_html(example_text() + " ")
    assert "<mark" in back.to_html(example_text())


@pytest.fixture
def fake() -> None:
    register_backend("fake", lambda _s: FakeBackend(default=minimal_summary()), replace=True)


@pytest.mark.usefixtures("fake")
def test_the_article_command_writes_a_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    assert main([str(EXAMPLE_ARTICLE), "--json", "--html", str(page), "--backend", "fake"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["meta"]["backend"] == "fake"  # the JSON is unchanged
    assert f"page written to {page}" in captured.err
    assert page.read_text().startswith("<!doctype html>")
    assert page.stat().st_mode & 0o644 == 0o644  # readable, not a temporary file's 0600


@pytest.mark.usefixtures("fake")
@pytest.mark.parametrize("where", ["article", "folder", "missing"])
def test_the_article_command_refuses_a_page_it_cannot_write_before_any_work(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(example_text())
    target = {"article": article, "folder": tmp_path, "missing": tmp_path / "no" / "p.html"}
    assert main([str(article), "--html", str(target[where]), "--backend", "fake"]) == 2
    assert "--html" in capsys.readouterr().err
    assert article.read_text() == example_text()


@pytest.mark.usefixtures("fake")
def test_a_batch_writes_a_page_per_article_and_an_index_and_a_rerun_keeps_them(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(example_text())
    argv = ["batch", str(folder), "--out", str(tmp_path / "out.jsonl"), "--backend", "fake"]
    assert main([*argv, "--html", str(tmp_path / "pages")]) == 0
    pages = tmp_path / "pages"
    assert sorted(p.name for p in pages.iterdir()) == sorted(
        ["index.html", page_name("a.txt"), page_name("b.txt")]
    )
    (folder / "c.txt").write_text(example_text())
    (pages / page_name("a.txt")).write_text("old")
    assert main([*argv, "--html", str(pages)]) == 0  # a rerun: only c is summarised
    assert (pages / page_name("a.txt")).read_text() == "old"  # not produced, not rewritten
    assert (pages / page_name("c.txt")).read_text().startswith("<!doctype html>")
    index = (pages / "index.html").read_text()
    for name in ("a.txt", "b.txt", "c.txt"):
        assert f'<a href="{page_name(name)}">{name}</a>' in index
    assert main([*argv, "--html", str(tmp_path / "out.jsonl")]) == 2  # the output file


def test_page_names_are_safe_and_distinct() -> None:
    assert page_name("../../etc/passwd") != page_name("_.._etc_passwd")
    assert "/" not in page_name("../../etc/passwd")
    assert page_name("a b").startswith("a_b-")

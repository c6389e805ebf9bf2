"""No control sequence from an article, a reply, an id or a file name reaches the
terminal: every human-readable output goes through ``printable``."""

from __future__ import annotations

import enum
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field
from rich.console import Console
from rich.text import Text

from summarise.backends import register_backend
from summarise.cli import main
from summarise.printable import printable, printable_value
from summarise.schema_types import SchemaParts, register_schema_type
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE, REPO, minimal_summary

BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# OSC window title, clear screen, cursor home, colour, a C1 CSI, BEL, backspace,
# carriage return, DEL and a right-to-left override. (A lone surrogate, which no UTF-8
# file or reply can carry, is covered by the properties.)
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x1b[H\x1b[31m\x9b2J\x08\x08\rX\x7f\u202eevil"


def unsafe(text: str, *, one_line: bool = False) -> list[str]:
    """Characters a terminal would act on rather than show."""
    allowed = set() if one_line else {"\n", "\t"}
    return [
        c
        for c in text
        if (unicodedata.category(c) in ("Cc", "Cs") and c not in allowed) or c in BIDI
    ]


any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)


@given(any_text)
def test_no_output_holds_a_control_character(text: str) -> None:
    assert unsafe(printable(text)) == []
    assert unsafe(printable(text, one_line=True), one_line=True) == []
    printable(text).encode("utf-8")  # a lone surrogate would not encode: none is left


@given(any_text)
def test_every_unsafe_character_becomes_visible_and_nothing_else_changes(text: str) -> None:
    shown = printable(text)
    kept = "".join(c if not unsafe(c) else c.encode("unicode_escape").decode() for c in text)
    assert shown == kept
    assert printable(shown) == shown  # escaping twice changes nothing


@pytest.mark.parametrize(
    "text",
    [
        "Путин встретился с ХАМАС",
        "قال المتحدث باسم حماس",  # right to left
        "שלום\u200f עולם",  # a right-to-left mark is a letter's direction, not a reorder
        "習近平與普京會面",
        "👩\u200d👩\u200d👧 family; می\u200cخواهم",  # joiners that make emoji and Persian words
        "line one\nline two\tcolumn",
    ],
)
def test_ordinary_text_of_any_script_is_unchanged(text: str) -> None:
    assert printable(text) == text


def test_one_line_escapes_newlines_and_tabs() -> None:
    assert printable("a\nb\tc", one_line=True) == "a\\nb\\tc"


class Kind(enum.StrEnum):
    A = "a"


class Inner(BaseModel):
    name: str
    kind: Kind


class Outer(BaseModel):
    title: str
    items: list[Inner]
    pair: tuple[str, int]
    tags: dict[str, str]


def test_a_printable_copy_reaches_every_string_and_keeps_the_rest() -> None:
    outer = Outer(
        title="\x1b[2J", items=[Inner(name="\x9b", kind=Kind.A)], pair=("\x07", 3),
        tags={"\x1b": "\u202e"},
    )  # fmt: skip
    copy = printable_value(outer)
    assert copy.title == "\\x1b[2J"
    assert copy.items[0].name == "\\x9b"
    assert copy.items[0].kind is Kind.A
    assert copy.pair == ("\\x07", 3)
    assert copy.tags == {"\\x1b": "\\u202e"}
    assert outer.title == "\x1b[2J"  # the original is untouched


@pytest.fixture
def hostile_backend() -> None:
    summary = minimal_summary(gist=f"gist {HOSTILE}")
    summary["actors"][0]["role"] = f"role {HOSTILE}"  # type: ignore[index]
    summary["claims"][0]["statement"] = f"claim {HOSTILE}"  # type: ignore[index]
    register_backend("fake", lambda _s: FakeBackend(default=summary), replace=True)


def assert_safe(output: str) -> None:
    assert unsafe(output) == [], output
    assert "Traceback" not in output


def test_the_article_command_prints_no_escape_from_article_or_reply(
    tmp_path: Path, hostile_backend: None, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE + "\n" + EXAMPLE_ARTICLE.read_text())
    assert main([str(article), "--backend", "fake"]) == 0
    out = capsys.readouterr()
    assert_safe(out.out + out.err)
    assert "\\x1b]0;pwned\\x07" in out.out  # shown, visibly, not dropped


def test_a_schema_types_own_rendering_gets_printable_text(
    hostile_backend: None, capsys: pytest.CaptureFixture[str]
) -> None:
    class Gist(BaseModel):
        model_config = ConfigDict(extra="forbid")
        gist: str = Field(description="one sentence")

    def careless(summary: BaseModel, console: Console) -> None:
        console.print(Text(summary.gist))  # type: ignore[attr-defined]

    register_schema_type(
        "careless_render", model=Gist, replace=True,
        template="{% block system %}s{% endblock %}{% block user %}{{ article }}{% endblock %}",
        parts=SchemaParts(render=careless),
    )  # fmt: skip
    register_backend("fake", lambda _s: FakeBackend(default={"gist": HOSTILE}), replace=True)
    argv = [str(EXAMPLE_ARTICLE), "--backend", "fake", "--schema", "careless_render"]
    assert main(argv) == 0
    out = capsys.readouterr()
    assert_safe(out.out + out.err)


def test_errors_quoting_a_hostile_file_name_print_no_escape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "\x1b]0;pwned\x07\x1b[2J.txt").symlink_to(EXAMPLE_ARTICLE)  # leads outside
    assert main(["batch", str(folder), "--out", "out.jsonl", "--backend", "fake"]) == 2
    err = capsys.readouterr().err
    assert_safe(err)
    assert "\\x1b]0;pwned" in err


def test_eval_prints_no_escape_from_a_fixture_or_run_name(
    tmp_path: Path, hostile_backend: None, capsys: pytest.CaptureFixture[str]
) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    source = REPO / "evals" / "fixtures" / "news"
    shutil.copy(source / "example-putin-hamas-moscow.txt", fixtures)
    fixture = yaml.safe_load((source / "example-putin-hamas-moscow.yaml").read_text())
    fixture["id"] = f"id {HOSTILE}"
    (fixtures / "hostile.yaml").write_text(yaml.safe_dump(fixture))
    argv = ["eval", "--backend", "fake", "--fixtures", str(fixtures), "--name", "run\x1b[2J"]
    assert main([*argv, "--out", str(tmp_path / "run")]) == 0
    out = capsys.readouterr()
    assert_safe(out.out + out.err)
    assert "run\\x1b[2J" in out.out

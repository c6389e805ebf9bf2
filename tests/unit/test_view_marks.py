"""Nested marks: any overlap of spans gives well-formed HTML whose text is the article."""

from __future__ import annotations

import html
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from summarise.view.marks import Span, marked_text


class _Marks(HTMLParser):
    """Checks nesting and collects, per range key, the text inside its pieces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.by_key: dict[str, list[str]] = {}
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        assert tag == "mark"
        self.stack.append(dict(attrs)["data-r"] or "")

    def handle_endtag(self, tag: str) -> None:
        assert tag == "mark"
        assert self.stack, "a closing tag with nothing open"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for key in set(self.stack):
            self.by_key.setdefault(key, []).append(data)


def parsed(markup: str) -> _Marks:
    parser = _Marks()
    parser.feed(markup)
    parser.close()
    assert parser.stack == [], "marks left open"
    return parser


def test_crossing_spans_are_split_not_broken() -> None:
    text = "abcdefghij"
    markup = marked_text(text, [Span(0, 6, "a", "x"), Span(3, 9, "b", "y")])
    assert markup == (
        '<mark class="x" data-r="a">abc<mark class="y" data-r="b">def</mark></mark>'
        '<mark class="y" data-r="b">ghi</mark>j'
    )
    marks = parsed(markup)
    assert "".join(marks.by_key["a"]) == text[0:6]
    assert "".join(marks.by_key["b"]) == text[3:9]


def test_a_span_inside_another_nests_once() -> None:
    markup = marked_text("Putin said so", [Span(0, 13, "s", "c"), Span(0, 5, "n", "a")])
    assert markup == (
        '<mark class="c" data-r="s"><mark class="a" data-r="n">Putin</mark> said so</mark>'
    )


def test_spans_outside_the_text_or_empty_are_left_out() -> None:
    markup = marked_text("abc", [Span(2, 2, "e", "x"), Span(1, 9, "o", "x"), Span(-1, 2, "n", "x")])
    assert markup == "abc"
    assert "<mark" not in markup


def test_text_and_attributes_are_escaped() -> None:
    text = '<script>alert(1)</script> & "q"'
    markup = marked_text(text, [Span(0, 8, 'k" onclick="x', 'c" onmouseover="y')])
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    assert 'onclick="x' not in markup
    assert 'onmouseover="y' not in markup
    assert html.unescape(parsed(markup).text[0]) == "<script>"


@given(
    st.text(min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=8),
)
def test_any_spans_give_well_formed_marks_over_the_same_text(
    text: str, bounds: list[tuple[int, int]]
) -> None:
    spans = [
        Span(min(a, b), max(a, b), f"r{i}", "ev")
        for i, (a, b) in enumerate(bounds)
        if min(a, b) < max(a, b) <= len(text)
    ]
    marks = parsed(marked_text(text, spans))
    assert "".join(marks.text) == text  # nothing lost, nothing added
    for span in spans:
        assert "".join(marks.by_key[span.key]) == text[span.start : span.end]
    assert marks.tags.count("mark") >= len(spans)

"""A batch's inputs, read as the user wrote them: which files of a folder are articles and in
what order, which JSONL records are accepted, and for each record that is not, a message
that names the source, the line and what is wrong with it."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from summarise import InputError
from summarise.batch import read_inputs

PAGE = """<html><head><title>Airbus cuts</title></head><body><nav>Home | News</nav>
<article><h1>Airbus announces job cuts</h1><p>Airbus, Europe's biggest aircraft maker, has
announced 10,000 job cuts over the next four years.</p><p>Louis Gallois, the Airbus chief
executive, said the company expects to cut approximately 4,300 jobs in France.</p></article>
</body></html>"""

EXPECTED = "expected a JSON object with 'id' and 'text'"
BAD_ID = f"{EXPECTED}: 'id' must be a non-empty string or an integer."


def jsonl(tmp_path: Path, *lines: str) -> Path:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return source


# --- JSONL ---------------------------------------------------------------------------------


def test_jsonl_records_come_back_in_order_with_integer_ids_as_strings(tmp_path: Path) -> None:
    source = jsonl(
        tmp_path,
        json.dumps({"id": "b", "text": "Beta «β»."}),
        "",
        "   ",
        json.dumps({"id": 7, "text": "Seven.", "extra": "ignored"}),
        json.dumps({"id": 0, "text": ""}),
    )
    assert read_inputs(str(source)) == [("b", "Beta «β»."), ("7", "Seven."), ("0", "")]


def test_an_empty_jsonl_file_is_no_articles(tmp_path: Path) -> None:
    assert read_inputs(str(jsonl(tmp_path))) == []


@pytest.mark.parametrize(
    ("record", "says"),
    [
        ('{"id": "a", "text": ', f"{EXPECTED}; it is not JSON ("),
        ('["a", "text"]', f"{EXPECTED}."),
        ('"just a string"', f"{EXPECTED}."),
        ('{"text": "x"}', f"{EXPECTED}."),
        ('{"id": "a"}', f"{EXPECTED}."),
        ('{"id": "", "text": "x"}', BAD_ID),
        ('{"id": true, "text": "x"}', BAD_ID),
        ('{"id": 1.5, "text": "x"}', BAD_ID),
        ('{"id": null, "text": "x"}', BAD_ID),
        ('{"id": ["a"], "text": "x"}', BAD_ID),
        ('{"id": "a", "text": null}', f"{EXPECTED}: 'text' must be a string, not null."),
        ('{"id": "a", "text": {"b": 1}}', f"{EXPECTED}: 'text' must be a string, not an object."),
        ('{"id": "a", "text": ["x"]}', f"{EXPECTED}: 'text' must be a string, not an array."),
        ('{"id": "a", "text": false}', f"{EXPECTED}: 'text' must be a string, not a boolean."),
        ('{"id": "a", "text": 3}', f"{EXPECTED}: 'text' must be a string, not a number."),
        ('{"id": "a", "text": 3.5}', f"{EXPECTED}: 'text' must be a string, not a number."),
    ],
    ids=[
        "cut-json", "array", "string", "no-id", "no-text", "empty-id", "bool-id", "float-id",
        "null-id", "array-id", "null-text", "object-text", "array-text", "bool-text",
        "int-text", "float-text",
    ],
)  # fmt: skip
def test_a_bad_record_names_the_file_its_line_and_what_is_wrong(
    tmp_path: Path, record: str, says: str
) -> None:
    # Blank lines still count: the number is the line an editor shows.
    source = jsonl(tmp_path, json.dumps({"id": "ok", "text": "fine"}), "", record)
    with pytest.raises(InputError) as caught:
        read_inputs(str(source))
    assert str(caught.value).startswith(f"{source} line 3: {says}")
    assert str(caught.value).count(EXPECTED) == 1


def test_jsonl_on_standard_input_is_read_and_named_in_its_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good = json.dumps({"id": "s", "text": "From a pipe."})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"{good}\n".encode())))
    assert read_inputs("-") == [("s", "From a pipe.")]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"{good}\n{{}}\n".encode())))
    with pytest.raises(InputError) as caught:
        read_inputs("-")
    assert str(caught.value) == f"standard input line 2: {EXPECTED}."


def test_a_jsonl_file_is_read_as_utf_8(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    record = {"id": "ü", "text": "Zürich – «naïve» ☃"}
    source.write_bytes((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    assert read_inputs(str(source)) == [("ü", "Zürich – «naïve» ☃")]


def test_a_file_that_is_not_utf_8_is_refused_with_the_reason(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes('{"id": "a", "text": "caf\xe9"}\n'.encode("latin-1"))
    with pytest.raises(InputError) as caught:
        read_inputs(str(source))
    assert str(caught.value) == (
        f"{source} line 1 is not UTF-8 (bad byte at offset 24); write the JSONL as UTF-8."
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing.jsonl", "No such file or directory"), ("afile/in.jsonl", "Not a directory")],
    ids=["missing", "under-a-file"],
)
def test_a_file_that_cannot_be_read_is_refused_with_the_reason(
    tmp_path: Path, name: str, reason: str
) -> None:
    (tmp_path / "afile").write_text("x")
    with pytest.raises(InputError) as caught:
        read_inputs(str(tmp_path / name))
    assert str(caught.value) == f"Cannot read {tmp_path / name}: {reason}."


# --- folders -------------------------------------------------------------------------------


def test_a_folder_gives_its_txt_and_html_files_sorted_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.txt").write_bytes("Bé.".encode())
    (folder / "A.TXT").write_bytes(b"Upper case suffix.")
    (folder / "c.html").write_text(PAGE)
    (folder / "d.HTM").write_text(PAGE)
    for ignored in ("notes.md", "data.json", "txt", "e.txt.bak"):
        (folder / ignored).write_text("not an article")
    (folder / "drafts").mkdir()  # a subfolder not named like an article
    pairs = read_inputs(str(folder))
    assert [article_id for article_id, _ in pairs] == ["A.TXT", "b.txt", "c.html", "d.HTM"]
    texts = dict(pairs)
    assert texts["b.txt"] == "Bé.".encode()  # a text file's bytes, decoded later
    assert texts["A.TXT"] == b"Upper case suffix."
    for page in ("c.html", "d.HTM"):  # a page's article text, without the furniture
        text = texts[page]
        assert isinstance(text, str)
        assert "Louis Gallois, the Airbus chief" in text
        assert "Home | News" not in text
        assert "<p>" not in text


def test_a_folder_without_articles_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.md").write_text("not an article")
    with pytest.raises(InputError) as caught:
        read_inputs(str(folder))
    assert str(caught.value) == f"No .txt or .html files in {folder}."


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_an_entry_named_like_an_article_that_is_not_a_file_is_refused(
    tmp_path: Path, kind: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("An article.")
    odd = folder / "x.txt"
    if kind == "folder":
        odd.mkdir()
    else:
        os.mkfifo(odd)
    with pytest.raises(InputError) as caught:
        read_inputs(str(folder))  # returns at once: a FIFO is never opened
    assert str(caught.value) == (
        f"{odd} is not a regular file (a folder, FIFO or device); a batch folder's .txt and "
        ".html entries must be articles: move or rename it."
    )


def test_a_link_inside_the_folder_is_read_and_one_leading_out_is_refused(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("An article.")
    (folder / "b.txt").symlink_to(folder / "a.txt")  # stays inside: an article like any
    assert read_inputs(str(folder)) == [("a.txt", b"An article."), ("b.txt", b"An article.")]
    (tmp_path / "elsewhere.txt").write_text("not for this batch")
    (folder / "c.txt").symlink_to(tmp_path / "elsewhere.txt")
    with pytest.raises(InputError) as caught:
        read_inputs(str(folder))
    assert str(caught.value) == (
        f"{folder / 'c.txt'} leads outside {folder}; batch inputs must stay inside it."
    )

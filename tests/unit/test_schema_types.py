from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from summarise import NewsSummary, SchemaTypeError
from summarise.schema_types import (
    get_schema_type,
    load_schema_type,
    register_schema_type,
    schema_type_names,
)

EARNINGS = Path(__file__).resolve().parents[2] / "examples" / "earnings"
TEMPLATE = "{% block system %}s{% endblock %}{% block user %}{{ article }}{% endblock %}"


class Note(BaseModel):
    text: str = Field(description="A note.")


def test_news_is_built_in() -> None:
    news = get_schema_type("news")
    assert news.model is NewsSummary
    assert "news" in schema_type_names()
    assert len(news.schema_sha256) == 64


def test_unknown_types_list_the_known_ones() -> None:
    with pytest.raises(SchemaTypeError, match=r"'nope'.*news"):
        get_schema_type("nope")


def test_register_from_code_then_find_by_name() -> None:
    registered = register_schema_type("note_test", model=Note, template=TEMPLATE, replace=True)
    assert get_schema_type("note_test") is registered
    with pytest.raises(SchemaTypeError, match="already registered"):
        register_schema_type("note_test", model=Note, template=TEMPLATE)


@pytest.mark.parametrize("name", ["News", "has space", "1st", ""])
def test_bad_names_are_refused(name: str) -> None:
    with pytest.raises(SchemaTypeError, match="lower-case"):
        register_schema_type(name, model=Note, template=TEMPLATE)


def test_a_model_must_be_a_pydantic_class() -> None:
    with pytest.raises(SchemaTypeError, match="Pydantic"):
        register_schema_type("not_a_model", model=dict, template=TEMPLATE)  # type: ignore[arg-type]


def test_load_a_folder_as_a_schema_type() -> None:
    earnings = load_schema_type(EARNINGS)
    assert earnings.name == "earnings"
    assert earnings.model.__name__ == "EarningsSummary"
    assert get_schema_type("earnings") is earnings


def test_a_folder_without_a_model_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "schema.py").write_text("X = 1\n")
    (tmp_path / "prompt.j2").write_text(TEMPLATE)
    with pytest.raises(SchemaTypeError, match="SUMMARY_MODEL"):
        load_schema_type(tmp_path)


def test_a_missing_template_names_the_path(tmp_path: Path) -> None:
    (tmp_path / "schema.py").write_text(
        "from pydantic import BaseModel\nclass M(BaseModel):\n    x: int\nSUMMARY_MODEL = M\n"
    )
    with pytest.raises(SchemaTypeError, match=r"prompt\.j2"):
        load_schema_type(tmp_path, name="missing_template")


def test_the_schema_hash_changes_with_the_schema() -> None:
    class NoteV2(BaseModel):
        text: str = Field(description="A note, revised.")

    first = register_schema_type("hash_test", model=Note, template=TEMPLATE, replace=True)
    second = register_schema_type("hash_test", model=NoteV2, template=TEMPLATE, replace=True)
    assert first.schema_sha256 != second.schema_sha256

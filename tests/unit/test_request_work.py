"""Work that depends only on the schema type and settings is done once, not per request:
instructor's tool schema, and its walk of the response model for async validators."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pytest
from instructor.v2.validation.async_validators import async_field_validator
from pydantic import BaseModel

from summarise import Summariser
from summarise.backends import schema_walks
from summarise.schema_types import get_schema_type
from summarise.schemas.news import NewsSummary
from summarise.testing.openai_server import ScriptedOpenAIServer
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

TEXT = EXAMPLE_ARTICLE.read_text(encoding="utf-8")


class CountedSummary(NewsSummary):
    """The news summary, counting how often its JSON schema is built."""

    built: ClassVar[int] = 0

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        CountedSummary.built += 1
        return super().model_json_schema(*args, **kwargs)


@pytest.mark.parametrize("grounding", ["strict", "off"])
def test_the_tool_schema_is_built_once_for_many_articles(grounding: str) -> None:
    schema = dataclasses.replace(get_schema_type("news"), name="counted", model=CountedSummary)
    with (
        ScriptedOpenAIServer(TRUE_SUMMARY) as server,
        Summariser(
            base_url=server.base_url, model="m", mode="tools", schema=schema, grounding=grounding
        ) as s,
    ):
        s.summarise(TEXT)
        after_one = CountedSummary.built
        for _ in range(3):
            s.summarise(TEXT)
    assert len(server.requests) == 4
    assert after_one >= 1
    assert CountedSummary.built == after_one  # not once more per request
    tools = [r["tools"] for r in server.requests]
    assert all(t == tools[0] for t in tools)  # the same schema every time
    assert tools[0][0]["function"]["name"] == "CountedSummary"


class Clean(BaseModel):
    text: str


class WithAsyncValidator(BaseModel):
    text: str

    @async_field_validator("text")
    async def check_text(self, value: str) -> None:
        pass  # pragma: no cover - never run: refused before


def test_a_model_that_passes_the_walk_is_remembered() -> None:
    schema_walks.remember_walks()
    assert Clean not in schema_walks._passed
    schema_walks._remembered(Clean)
    assert Clean in schema_walks._passed
    schema_walks._remembered(Clean)  # and passes again, from memory


def test_a_model_with_async_validators_is_refused_every_time() -> None:
    for _ in range(2):
        with pytest.raises(ValueError, match="async validators"):
            schema_walks._remembered(WithAsyncValidator)
    assert WithAsyncValidator not in schema_walks._passed


def test_a_typing_form_is_walked_and_refused_too() -> None:
    with pytest.raises(ValueError, match="async validators"):
        schema_walks._remembered(list[WithAsyncValidator])
    schema_walks._remembered(list[Clean])  # passes

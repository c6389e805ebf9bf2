"""Every component of a reply-cache key changes the key, and nothing else does: a reply is
replayed only for the same backend, endpoint, model, mode, template, schema, article,
messages and parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, Field

from summarise import ReplyCache, Summariser
from summarise.article import load_article
from summarise.backends import ExtractionRequest
from summarise.backends.cached import request_key
from summarise.schema_types import get_schema_type, register_schema_type
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

NEWS = get_schema_type("news")
TEXT = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
IDENTITY: dict[str, Any] = {
    "backend": "openai",
    "base_url": "http://127.0.0.1:8080/v1",
    "model": "m",
    "mode": "tools",
    "params": {
        "temperature": 0.0,
        "max_output_tokens": 4096,
        "max_validation_retries": 2,
        "reask_grounding": True,
    },
}


class Other(BaseModel):
    note: str = Field(description="A note.")


def request(**changes: Any) -> ExtractionRequest[Any]:
    article = changes.pop("article", load_article(TEXT))
    schema_type = changes.pop("schema_type", NEWS)
    messages = changes.pop("messages", schema_type.template.render(article=TEXT, hints=None))
    return ExtractionRequest(article, messages, schema_type.model, schema_type)


def test_the_same_request_has_the_same_key() -> None:
    reordered = dict(reversed(IDENTITY.items()))
    assert request_key(request(), IDENTITY) == request_key(request(), reordered)


def _retemplated() -> Any:
    source = NEWS.template.source.replace("You ", "You, a careful editor, ", 1)
    assert source != NEWS.template.source
    return register_schema_type("news_retemplated", model=NEWS.model, template=source, replace=True)


@pytest.mark.parametrize(
    "changed",
    [
        pytest.param(lambda: request(article=load_article(TEXT + " More.")), id="article"),
        pytest.param(
            lambda: request(messages=NEWS.template.render(article=TEXT, hints="- a hint")),
            id="messages",
        ),
        pytest.param(lambda: request(schema_type=_retemplated()), id="template"),
        pytest.param(
            lambda: request(
                schema_type=register_schema_type(
                    "news_other_schema",
                    model=Other,
                    template=NEWS.template.source,
                    replace=True,
                )
            ),
            id="schema",
        ),
    ],
)
def test_each_part_of_the_request_changes_the_key(changed: Any) -> None:
    assert request_key(changed(), IDENTITY) != request_key(request(), IDENTITY)


def test_a_template_change_alone_changes_the_key() -> None:
    # The same messages sent under another template's hash: the hash is in the key on
    # its own, not only through the rendered text.
    retemplated = _retemplated()
    same_messages = NEWS.template.render(article=TEXT, hints=None)
    a = request(messages=same_messages)
    b = request(schema_type=retemplated, messages=same_messages)
    assert request_key(a, IDENTITY) != request_key(b, IDENTITY)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("backend", "llama-cpp"),
        ("base_url", "http://127.0.0.1:9090/v1"),
        ("model", "another"),
        ("mode", "json"),
    ],
)
def test_each_part_of_the_identity_changes_the_key(key: str, value: str) -> None:
    assert request_key(request(), IDENTITY | {key: value}) != request_key(request(), IDENTITY)


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("temperature", 0.7),
        ("max_output_tokens", 512),
        ("max_validation_retries", 0),
        ("reask_grounding", False),
    ],
)
def test_each_parameter_changes_the_key(param: str, value: Any) -> None:
    changed = IDENTITY | {"params": IDENTITY["params"] | {param: value}}
    assert request_key(request(), changed) != request_key(request(), IDENTITY)


class Cacheable(FakeBackend):
    cacheable = True
    reasks_grounding = True  # so that the grounding policy decides the request sent
    mode = "tools"


@pytest.mark.parametrize(
    "setting",
    [
        {"model": "another"},
        {"base_url": "http://127.0.0.1:9090/v1"},
        {"temperature": 0.5},
        {"max_output_tokens": 1000},
        {"max_validation_retries": 0},
        {"grounding": "flag"},  # no grounding re-ask: another request
    ],
    ids=lambda s: next(iter(s)),
)
def test_a_summariser_misses_the_cache_when_a_setting_changes(
    tmp_path: Path, setting: dict[str, Any]
) -> None:
    cache = ReplyCache(tmp_path / "replies.sqlite")
    fake = Cacheable(default=TRUE_SUMMARY)
    base = {"model": "m", "base_url": "http://127.0.0.1:8080/v1"}
    for options in (base, base, base | setting):
        with Summariser(backend=fake, cache=cache, **options) as summariser:
            summariser.summarise(TEXT)
    assert len(fake.calls) == 2  # the first, then the changed setting; not the repeat

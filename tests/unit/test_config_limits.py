"""Configuration at its limits: each setting on both sides of the line it must not cross,
and each variable parsed as its type, with the variable named when it is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from summarise import ConfigurationError
from summarise.config import Settings, resolve_settings


@pytest.mark.parametrize(
    ("name", "lowest", "refused", "message"),
    [
        ("timeout_s", 0.001, 0, "timeout_s must be positive"),
        ("max_validation_retries", 0, -1, "max_validation_retries must be 0 or more"),
        ("max_transport_retries", 0, -1, "max_transport_retries must be 0 or more"),
        ("max_tokens_per_article", 1, 0, "max_tokens_per_article must be positive"),
        ("max_article_chars", 1, 0, "max_article_chars must be positive"),
        ("context_tokens", 256, 255, "context_tokens must be at least 256"),
        ("chunk_tokens", 64, 63, "chunk_tokens must be at least 64"),
    ],
)
def test_each_limit_holds_on_both_sides(name: str, lowest: Any, refused: Any, message: str) -> None:
    assert getattr(resolve_settings(env={}, **{name: lowest}), name) == lowest
    with pytest.raises(ConfigurationError, match=message):
        resolve_settings(env={}, **{name: refused})


def test_none_leaves_a_setting_at_its_default() -> None:
    settings = resolve_settings(env={}, max_tokens_per_article=None, chunk_tokens=None)
    assert settings.max_tokens_per_article == Settings().max_tokens_per_article  # None: unset
    assert settings.chunk_tokens is None


@pytest.mark.parametrize("policy", ["strict", "flag", "off"])
def test_the_grounding_policies(policy: str) -> None:
    assert resolve_settings(env={"SUMMARISE_GROUNDING": policy}).grounding == policy


def test_an_unknown_policy_names_the_choices() -> None:
    with pytest.raises(
        ConfigurationError, match=r"'lax' is not one of \['strict', 'flag', 'off'\]"
    ):
        resolve_settings(env={"SUMMARISE_GROUNDING": "lax"})


@pytest.mark.parametrize(
    ("variable", "raw", "name", "value"),
    [
        ("SUMMARISE_TIMEOUT", "2.5", "timeout_s", 2.5),
        ("SUMMARISE_MAX_TOKENS_PER_ARTICLE", "900", "max_tokens_per_article", 900),
        ("SUMMARISE_CONTEXT_TOKENS", "8192", "context_tokens", 8192),
        ("SUMMARISE_CHUNK_TOKENS", "500", "chunk_tokens", 500),
        ("SUMMARISE_BACKEND", "offline", "backend", "offline"),
        ("SUMMARISE_MODE", "json", "mode", "json"),
        ("SUMMARISE_MODEL_PATH", "/models/m.gguf", "model_path", "/models/m.gguf"),
        ("OPENAI_BASE_URL", "http://127.0.0.1:1/v1", "base_url", "http://127.0.0.1:1/v1"),
        ("SUMMARISE_MODEL", "  spaced  ", "model", "spaced"),
    ],
)
def test_each_variable_is_read_as_its_type(variable: str, raw: str, name: str, value: Any) -> None:
    settings = resolve_settings(env={variable: raw})
    assert getattr(settings, name) == value
    assert type(getattr(settings, name)) is type(value)


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        ("SUMMARISE_MAX_TOKENS_PER_ARTICLE", "9.5"),
        ("SUMMARISE_CONTEXT_TOKENS", "lots"),
        ("SUMMARISE_CHUNK_TOKENS", "1e3"),
        ("SUMMARISE_TIMEOUT", "soon"),
    ],
)
def test_a_variable_that_is_not_its_type_is_named(variable: str, raw: str) -> None:
    with pytest.raises(ConfigurationError, match=rf"{variable}='{raw}' is not a valid"):
        resolve_settings(env={variable: raw})


@pytest.mark.parametrize(("raw", "value"), [
    ("1", True), ("true", True), ("YES", True), ("on", True),
    ("0", False), ("false", False), ("No", False), ("off", False),
])  # fmt: skip
def test_hints_take_on_and_off_words(raw: str, value: bool) -> None:
    assert resolve_settings(env={"SUMMARISE_HINTS": raw}).hints is value


def test_hints_refuse_other_words_naming_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="SUMMARISE_HINTS='maybe' is not on or off"):
        resolve_settings(env={"SUMMARISE_HINTS": "maybe"})


def test_an_empty_variable_counts_as_unset_and_falls_through() -> None:
    env = {"SUMMARISE_MODEL": "   ", "OPENAI_MODEL": "fallback"}
    assert resolve_settings(env=env).model == "fallback"
    assert resolve_settings(env={"SUMMARISE_TIMEOUT": ""}).timeout_s == Settings().timeout_s


def test_an_argument_of_none_means_not_given() -> None:
    assert resolve_settings(env={"SUMMARISE_MODEL": "env"}, model=None).model == "env"


def test_overrides_replace_only_what_is_given() -> None:
    settings = Settings(model="a", timeout_s=5.0)
    changed = settings.with_overrides(model="b", timeout_s=None)
    assert (changed.model, changed.timeout_s) == ("b", 5.0)
    assert settings.model == "a"  # frozen: a copy

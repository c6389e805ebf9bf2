from __future__ import annotations

import pytest

from summarise import ConfigurationError
from summarise.config import resolve_settings


def test_argument_beats_summarise_variable_beats_openai_variable() -> None:
    env = {"SUMMARISE_MODEL": "from-summarise", "OPENAI_MODEL": "from-openai"}
    assert resolve_settings(env=env).model == "from-summarise"
    assert resolve_settings(env={"OPENAI_MODEL": "from-openai"}).model == "from-openai"
    assert resolve_settings(env=env, model="from-argument").model == "from-argument"


def test_openai_key_is_the_fallback_for_the_api_key() -> None:
    assert resolve_settings(env={"OPENAI_API_KEY": "sk-1"}).api_key == "sk-1"
    env = {"OPENAI_API_KEY": "sk-1", "SUMMARISE_API_KEY": "sk-2"}
    assert resolve_settings(env=env).api_key == "sk-2"


def test_the_key_never_appears_in_the_repr() -> None:
    settings = resolve_settings(env={}, api_key="sk-canary-123")
    assert "sk-canary-123" not in repr(settings)


def test_a_bad_variable_is_named_in_the_error() -> None:
    with pytest.raises(ConfigurationError, match="SUMMARISE_TIMEOUT"):
        resolve_settings(env={"SUMMARISE_TIMEOUT": "soon"})


def test_unknown_settings_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="temprature"):
        resolve_settings(env={}, temprature=0.5)


def test_a_nonpositive_token_budget_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="max_tokens_per_article"):
        resolve_settings(env={}, max_tokens_per_article=0)


def test_process_environment_is_read_when_no_mapping_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUMMARISE_BASE_URL", "http://127.0.0.1:9/v1")
    assert resolve_settings().base_url == "http://127.0.0.1:9/v1"

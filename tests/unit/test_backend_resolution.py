from __future__ import annotations

import pytest

from summarise import ConfigurationError
from summarise.backends import create_backend, resolve_backend_name
from summarise.config import resolve_settings


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"backend": "offline", "model": "gpt-4o-mini"}, "offline"),
        ({"model": "gpt-4o-mini"}, "openai"),
        ({"base_url": "http://127.0.0.1:1/v1"}, "openai"),
        ({"api_key": "sk-x"}, "openai"),
        ({}, "offline"),
    ],
)
def test_explicit_then_endpoint_then_offline(given: dict[str, str], expected: str) -> None:
    assert resolve_backend_name(resolve_settings(env={}, **given)) == expected


def test_environment_endpoint_selects_the_llm_backend() -> None:
    settings = resolve_settings(env={"OPENAI_API_KEY": "sk-x"})
    assert resolve_backend_name(settings) == "openai"


def test_unknown_backend_lists_the_known_ones() -> None:
    with pytest.raises(ConfigurationError, match=r"'nope'.*openai"):
        create_backend(resolve_settings(env={}, backend="nope"))


def test_openai_without_a_model_names_the_fix() -> None:
    with pytest.raises(ConfigurationError, match="SUMMARISE_MODEL"):
        create_backend(resolve_settings(env={}, backend="openai"))


def test_openai_itself_without_a_key_names_the_fix() -> None:
    with pytest.raises(ConfigurationError, match="OPENAI_API_KEY"):
        create_backend(resolve_settings(env={}, model="gpt-4o-mini"))


def test_a_local_server_needs_no_key() -> None:
    backend = create_backend(resolve_settings(env={}, base_url="http://127.0.0.1:1/v1", model="m"))
    assert backend.name == "openai"


@pytest.mark.parametrize(
    ("given", "mode"),
    [
        ({"model": "gpt-4o-mini", "api_key": "k"}, "json_schema_mode"),
        ({"model": "m", "base_url": "https://api.openai.com/v1"}, "json_schema_mode"),
        ({"model": "m", "base_url": "http://127.0.0.1:8080/v1"}, "tool_call"),
        (
            {"model": "m", "base_url": "http://127.0.0.1:8080/v1", "mode": "md_json"},
            "markdown_json_mode",
        ),
    ],
)
def test_mode_follows_the_endpoint_unless_overridden(given: dict[str, str], mode: str) -> None:
    from summarise.backends.openai_compat import choose_mode

    assert choose_mode(resolve_settings(env={}, **given)).value == mode


def test_an_unknown_mode_lists_the_choices() -> None:
    with pytest.raises(ConfigurationError, match="json_schema"):
        create_backend(resolve_settings(env={}, model="m", base_url="http://x/v1", mode="xml"))

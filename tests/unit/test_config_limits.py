"""Configuration at its limits: each setting on both sides of the line it must not cross,
and each variable parsed as its type, with the variable named when it is wrong."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarise import ConfigurationError
from summarise.config import Settings, resolve_settings

# Every numeric setting: its lowest and highest allowed values, the variable that sets
# it (if any), and its kind. Written out here, not read from config, so that a range
# that drifts fails this test.
RANGES: list[tuple[str, float, float, str | None, type]] = [
    ("timeout_s", 0.001, 3600, "SUMMARISE_TIMEOUT", float),
    ("max_validation_retries", 0, 20, None, int),
    ("max_transport_retries", 0, 20, None, int),
    ("max_tokens_per_article", 1, 100_000_000, "SUMMARISE_MAX_TOKENS_PER_ARTICLE", int),
    ("max_output_tokens", 16, 1_048_576, "SUMMARISE_MAX_OUTPUT_TOKENS", int),
    ("temperature", 0, 2, None, float),
    ("max_article_chars", 1, 100_000_000, None, int),
    ("context_tokens", 256, 1_048_576, "SUMMARISE_CONTEXT_TOKENS", int),
    ("chunk_tokens", 64, 1_048_576, "SUMMARISE_CHUNK_TOKENS", int),
    ("part_concurrency", 1, 64, None, int),
]
BAD = [math.nan, math.inf, -math.inf, -1, 0, True, "5"]


def _below(low: float, kind: type) -> float:
    return low - 1 if kind is int or low >= 1 else 0 if low > 0 else -0.001


@pytest.mark.parametrize(("name", "low", "high", "variable", "kind"), RANGES)
def test_each_number_holds_at_both_ends_and_refuses_the_rest(
    name: str, low: float, high: float, variable: str | None, kind: type
) -> None:
    for allowed in (low, high):
        assert getattr(resolve_settings(env={}, **{name: kind(allowed)}), name) == allowed
    refused = {_below(low, kind), high + 1, *BAD} - {low, high}
    for value in refused:
        if value == 0 and low == 0:
            continue
        with pytest.raises(ConfigurationError, match=rf"{name}=.* is not allowed") as caught:
            resolve_settings(env={}, **{name: value})
        assert f"{name} must be" in str(caught.value)
        if variable:
            assert variable in str(caught.value)  # every way to set it is named
        with pytest.raises(ConfigurationError):
            Settings(**{name: value})  # built directly, the same check


@pytest.mark.parametrize(
    ("name", "low", "high", "variable", "kind"), [r for r in RANGES if r[3] is not None]
)
@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "-1", "1e309"])
def test_each_variable_refuses_numbers_out_of_range_naming_itself(
    name: str, low: float, high: float, variable: str, kind: type, raw: str
) -> None:
    with pytest.raises(ConfigurationError, match=rf"{variable}='{raw}'"):
        resolve_settings(env={variable: raw})


@pytest.mark.parametrize(
    ("name", "low", "high", "variable", "kind"), [r for r in RANGES if r[3] is not None]
)
def test_each_variable_takes_its_boundaries(
    name: str, low: float, high: float, variable: str, kind: type
) -> None:
    for value in (low, high):
        raw = str(kind(value))
        assert getattr(resolve_settings(env={variable: raw}), name) == value


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_timeout_is_either_usable_or_refused(value: float) -> None:
    try:
        settings = resolve_settings(env={}, timeout_s=value)
    except ConfigurationError as e:
        assert "timeout_s" in str(e)
        assert not (0 < value <= 3600)
    else:
        assert 0 < settings.timeout_s <= 3600


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


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("timeout_s", 0, "timeout_s=0 is not allowed: timeout_s must be a number above 0 to "
         "3,600. Fix or unset the argument timeout_s=, --timeout, SUMMARISE_TIMEOUT."),
        ("max_validation_retries", 21, "max_validation_retries=21 is not allowed: "
         "max_validation_retries must be a whole number from 0 to 20. Fix or unset the "
         "argument max_validation_retries=."),
        ("temperature", 2.5, "temperature=2.5 is not allowed: temperature must be a number "
         "from 0 to 2. Fix or unset the argument temperature=."),
        ("max_output_tokens", 8, "max_output_tokens=8 is not allowed: max_output_tokens must "
         "be a whole number from 16 to 1,048,576, or unset. Fix or unset the argument "
         "max_output_tokens=, --max-output-tokens, SUMMARISE_MAX_OUTPUT_TOKENS."),
        ("chunk_tokens", 63, "chunk_tokens=63 is not allowed: chunk_tokens must be a whole "
         "number from 64 to 1,048,576, or unset. Fix or unset the argument chunk_tokens=, "
         "SUMMARISE_CHUNK_TOKENS."),
        ("max_article_chars", 100_000_001, "max_article_chars=100000001 is not allowed: "
         "max_article_chars must be a whole number from 1 to 100,000,000. Fix or unset the "
         "argument max_article_chars=, SUMMARISE_MAX_ARTICLE_CHARS."),
    ],
    ids=["timeout", "retries", "temperature", "output-tokens", "chunk-tokens", "article-chars"],
)  # fmt: skip
def test_a_number_out_of_range_is_refused_with_its_range_and_every_way_to_set_it(
    name: str, value: float, message: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(env={}, **{name: value})
    assert str(caught.value) == message


def test_an_unknown_policy_says_how_to_fix_it() -> None:
    with pytest.raises(ConfigurationError) as caught:
        Settings(grounding="lax")
    assert str(caught.value) == (
        "grounding='lax' is not one of ['strict', 'flag', 'off']; fix the argument or "
        "SUMMARISE_GROUNDING."
    )


def test_a_setting_given_in_code_does_not_stop_the_others_being_read() -> None:
    env = {"SUMMARISE_BACKEND": "offline", "SUMMARISE_MODEL": "from-env",
           "SUMMARISE_CHUNK_TOKENS": "500"}  # fmt: skip
    settings = resolve_settings(env=env, backend="openai", model="given")
    assert (settings.backend, settings.model, settings.chunk_tokens) == ("openai", "given", 500)


def test_the_wall_time_bound_follows_the_formula() -> None:
    from summarise.config import MAX_WAIT_S, wall_time_bound_s

    settings = Settings(
        timeout_s=10.0, max_transport_retries=2, max_validation_retries=1, part_concurrency=4
    )
    call = 3 * 10.0 + 2 * MAX_WAIT_S  # three tries, two waits between them
    assert MAX_WAIT_S == 60.0
    assert wall_time_bound_s(settings) == 2 * call
    assert wall_time_bound_s(settings, parts=5) == 5 * 2 * call
    assert wall_time_bound_s(settings, parts=5, concurrent=True) == 2 * 2 * call  # 4, then 1
    assert wall_time_bound_s(settings, parts=4, concurrent=True) == 2 * call
    no_retries = Settings(timeout_s=7.0, max_transport_retries=0, max_validation_retries=0)
    assert wall_time_bound_s(no_retries) == 7.0

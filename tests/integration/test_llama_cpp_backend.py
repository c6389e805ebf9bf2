"""The in-process llama-cpp backend with a real GGUF file (SmolLM2-135M-Instruct).

The model is far too small to summarise well: these tests check the path (grammar-
constrained output, instructor, usage, the model loaded once), not the answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise import ConfigurationError, InputError, NewsSummary, OutputError, Summariser
from summarise.backends import llama_cpp
from tests.integration.conftest import smollm2_gguf

pytestmark = pytest.mark.integration

SHORT = (
    "The mayor of Springfield, Jane Doe, said on Monday that 1,200 homes had lost power. "
    "The utility company Acme Power denied that the outage was caused by poor maintenance."
)


def test_a_gguf_file_gives_a_typed_summary_or_a_bounded_typed_error() -> None:
    with Summariser(
        model_path=str(smollm2_gguf()), max_validation_retries=1, max_output_tokens=600
    ) as summariser:
        assert summariser.backend.name == "llama-cpp"  # chosen by model_path alone
        try:
            result = summariser.summarise(SHORT)
        except OutputError as e:
            assert 1 <= e.attempts <= 2
            assert e.usage is not None
            assert e.usage.completion_tokens > 0
            return
    assert isinstance(result.summary, NewsSummary)
    assert result.meta.mode == "tool_call"
    assert result.usage.prompt_tokens > 0
    assert result.raw_output is not None
    assert result.raw_output.lstrip().startswith("{")


def test_the_model_loads_once_and_is_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARISE_MODEL_PATH", str(smollm2_gguf()))
    first = Summariser().backend
    second = Summariser().backend
    assert first._llama is second._llama  # type: ignore[attr-defined]
    assert len(llama_cpp._models) >= 1


def test_a_prompt_longer_than_the_context_is_an_input_error() -> None:
    long_text = SHORT + " " + " ".join(["More words about the outage."] * 200)
    with Summariser(model_path=str(smollm2_gguf()), context_tokens=512) as summariser:
        with pytest.raises(InputError, match="context_tokens"):
            summariser.summarise(long_text)


def test_a_missing_file_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="SUMMARISE_MODEL_PATH"):
        Summariser(backend="llama-cpp", model_path=str(tmp_path / "none.gguf"))
    with pytest.raises(ConfigurationError, match="SUMMARISE_MODEL_PATH"):
        Summariser(backend="llama-cpp")


def test_a_reply_cut_off_at_max_tokens_is_truncated_not_invalid() -> None:
    # llama.cpp reports a forced tool call cut off mid-JSON as "tool_calls"; the backend
    # must still see that it ran out of tokens.
    from summarise import TruncatedOutputError

    with (
        Summariser(
            model_path=str(smollm2_gguf()), max_output_tokens=40, max_validation_retries=0
        ) as summariser,
        pytest.raises(TruncatedOutputError) as caught,
    ):
        summariser.summarise(SHORT)
    assert caught.value.usage is not None
    assert caught.value.usage.completion_tokens == 40


def test_an_article_longer_than_the_context_is_split_to_fit() -> None:
    from summarise.article import load_article
    from summarise.planning import RequestPlanner
    from tests.conftest import EXAMPLE_ARTICLE

    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")  # ~1,700 tokens for SmolLM2
    with Summariser(
        model_path=str(smollm2_gguf()),
        context_tokens=3072,
        max_output_tokens=300,
        max_validation_retries=0,
    ) as summariser:
        count = summariser.backend.count_tokens
        planner = RequestPlanner(summariser.schema_type, summariser.backend, summariser.settings)
        parts = planner.plan(load_article(text))
        assert len(parts) >= 2
        for part in parts:  # each prompt fits with room for the reply
            prompt = sum(count(m["content"]) for m in part.messages)
            assert prompt + 300 <= 3072
        try:
            result = summariser.summarise(text)
        except OutputError:
            return  # the tiny model may fail a part; the split itself was checked above
    assert result.meta.parts == len(parts)

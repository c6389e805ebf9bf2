"""The in-process llama-cpp backend with a real GGUF file (SmolLM2-135M-Instruct).

The model is far too small to summarise well: these tests check the path (grammar-
constrained output, instructor, usage, the model loaded once), not the answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise import (
    ConfigurationError,
    InputError,
    NewsSummary,
    OutputError,
    Summariser,
    TruncatedOutputError,
)
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


def test_the_context_is_sized_from_the_model_file_unless_given() -> None:
    with Summariser(model_path=str(smollm2_gguf())) as summariser:
        assert summariser.backend.context_tokens == 8192  # SmolLM2's llama.context_length
    with Summariser(model_path=str(smollm2_gguf()), context_tokens=1024) as summariser:
        assert summariser.backend.context_tokens == 1024


def test_an_ordinary_article_fits_with_the_defaults(example_text: str) -> None:
    # The defaults used to refuse this article: a 4,096-token context cannot hold the
    # news prompt and a 4,096-token reply allowance.
    from summarise.article import load_article

    with Summariser(model_path=str(smollm2_gguf())) as summariser:
        requests = summariser._planner.plan(load_article(example_text))
    assert len(requests) == 1  # one part: the whole article, no InputError


def test_the_command_line_runs_a_gguf_file_without_an_input_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from summarise.cli import main
    from tests.conftest import EXAMPLE_ARTICLE

    argv = [str(EXAMPLE_ARTICLE), "--backend", "llama-cpp", "--model-path", str(smollm2_gguf())]
    # A short reply cap only keeps the test quick; the context is the default one.
    status = main([*argv, "--no-cache", "--json", "--max-output-tokens", "32"])
    err = capsys.readouterr().err
    assert status == 1  # the reply is cut off at 32 tokens: an output error, not exit 2
    assert "InputError" not in err
    assert "--max-output-tokens" in err  # named by its cause: the reply cap


def _prompt_tokens(text: str) -> int:
    """The prompt's length in tokens as the model counted it, from a one-token-cap run."""
    with (
        Summariser(
            model_path=str(smollm2_gguf()),
            max_output_tokens=16,
            max_validation_retries=0,
            chunk_tokens=4096,
        ) as summariser,
        pytest.raises(TruncatedOutputError, match="--max-output-tokens") as capped,
    ):
        summariser.summarise(text)
    assert capped.value.usage is not None
    return capped.value.usage.prompt_tokens


def test_a_reply_cut_off_by_a_full_context_names_the_context() -> None:
    # An article padded until its prompt ends 5 to 40 tokens short of a 1,024-token
    # context. The reply may be 4,096 tokens, but llama-cpp-python quietly lowers the cap
    # to what the context leaves, so only the token counts show that it was cut off.
    context = 1024
    with Summariser(model_path=str(smollm2_gguf()), context_tokens=context) as summariser:
        count = summariser.backend.count_tokens
        assert summariser.backend.context_tokens == context
    overhead = _prompt_tokens(SHORT) - count(SHORT)
    text = SHORT
    while overhead + count(text + " The outage went on.") < context - 20:
        text += " The outage went on."
    prompt = _prompt_tokens(text)
    assert context - 40 <= prompt <= context - 5
    with (
        Summariser(
            model_path=str(smollm2_gguf()),
            context_tokens=context,
            chunk_tokens=4096,  # one part, whatever the planner would keep for the reply
            max_validation_retries=0,
        ) as summariser,
        pytest.raises(TruncatedOutputError, match="context filled up") as full,
    ):
        summariser.summarise(text)
    assert "--context-tokens" in str(full.value)
    assert full.value.usage is not None
    assert full.value.usage.prompt_tokens == prompt
    assert full.value.usage.completion_tokens == context - prompt

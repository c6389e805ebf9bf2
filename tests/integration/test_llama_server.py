"""The whole LLM path against a real OpenAI-compatible server and a real model file.

SmolLM2-135M is far too small to summarise well; these tests judge the path (HTTP,
instructor, mode, retries, usage accounting), never the quality of the answer.
"""

from __future__ import annotations

import pytest

from summarise import NewsSummary, OutputError, Summariser, TransportError

pytestmark = pytest.mark.integration

SHORT_ARTICLE = (
    "The mayor of Springfield, Jane Doe, said on Monday that 1,200 homes had lost power. "
    "The utility company Acme Power denied that the outage was caused by poor maintenance."
)


def test_tools_mode_gives_a_typed_summary_or_a_typed_error_after_bounded_retries(
    llama_server: str,
) -> None:
    retries = 1
    with Summariser(
        base_url=llama_server,
        model="smollm2",
        max_validation_retries=retries,
        max_output_tokens=600,
    ) as summariser:
        assert summariser.backend.name == "openai"
        try:
            result = summariser.summarise(SHORT_ARTICLE)
        except OutputError as e:
            # The tiny model may fail validation or run out of tokens: the failure must
            # still be bounded and carry what it cost.
            assert 1 <= e.attempts <= retries + 1
            assert e.usage is not None
            assert e.usage.completion_tokens > 0
            return
    assert isinstance(result.summary, NewsSummary)
    assert result.meta.mode == "tool_call"
    assert 1 <= result.meta.attempts <= retries + 1
    assert result.usage.prompt_tokens > 0
    assert result.usage.completion_tokens > 0
    assert result.raw_output  # the tool call's arguments, as the server sent them


def test_llama_cpp_server_rejects_json_schema_mode_which_is_why_tools_is_its_default(
    llama_server: str,
) -> None:
    # The server answers response_format json_schema with a 500, which looks transient,
    # so the bounded transport retries run out; with none allowed it fails at once.
    with (
        Summariser(
            base_url=llama_server, model="smollm2", mode="json_schema", max_transport_retries=0
        ) as summariser,
        pytest.raises(TransportError, match="500"),
    ):
        summariser.summarise(SHORT_ARTICLE)

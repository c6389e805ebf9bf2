"""The core reads a backend's declarations and nothing else: what it declares decides
prompting, splitting, caching and the grounding re-ask."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from summarise import ConfigurationError, ReplyCache, RetriesExhaustedError, Summariser
from summarise.backends import BaseBackend, Extraction, ExtractionRequest
from summarise.schemas.news import NewsSummary
from summarise.testing import FakeBackend
from summarise.types import Usage
from tests.conftest import EXAMPLE_ARTICLE
from tests.fabrication import TRUE_SUMMARY

TEXT = EXAMPLE_ARTICLE.read_text(encoding="utf-8")


class Declared(FakeBackend):
    """A fake whose declarations a test sets."""

    def __init__(self, **declarations: Any) -> None:
        super().__init__(default=TRUE_SUMMARY)
        for name, value in declarations.items():
            setattr(self, name, value)


def test_an_object_missing_part_of_the_contract_is_refused_by_name() -> None:
    class HalfABackend:
        name = "half"

        def extract(self, request: Any) -> Any:
            raise AssertionError("never called")

    with pytest.raises(ConfigurationError, match=r"lacks \[.*'reads_prompt'.*'aextract'"):
        Summariser(backend=HalfABackend())  # type: ignore[arg-type]


def test_a_complete_backend_needs_no_inheritance() -> None:
    class Structural:
        name = "structural"
        mode = None
        cacheable = False
        reasks_grounding = False
        reads_prompt = True
        context_tokens = None
        cpu_bound = False

        def count_tokens(self, text: str) -> int:
            return len(text.split())

        def extract(self, request: ExtractionRequest[Any]) -> Extraction[Any]:
            value = request.response_model.model_validate(TRUE_SUMMARY)
            return Extraction(value=value, usage=Usage(), attempts=1, model="s")

        async def aextract(self, request: ExtractionRequest[Any]) -> Extraction[Any]:
            return self.extract(request)

        def close(self) -> None:
            pass

        async def aclose(self) -> None:
            pass

    with Summariser(backend=Structural()) as summariser:  # type: ignore[arg-type]
        assert summariser.summarise(TEXT).meta.backend == "structural"


def test_a_backend_that_reads_no_prompt_gets_no_prompt_and_no_split() -> None:
    fake = Declared(reads_prompt=False, context_tokens=600)
    with Summariser(backend=fake, hints=True, chunk_tokens=100) as summariser:
        result = summariser.summarise(TEXT)
    assert len(fake.calls) == 1
    assert fake.calls[0].messages == []
    assert result.meta.parts == 1


def test_a_declared_context_splits_what_does_not_fit_and_nothing_else() -> None:
    small = Declared(context_tokens=2600)  # the example is ~1,900 estimated tokens
    with Summariser(backend=small, max_output_tokens=256) as summariser:
        assert summariser.summarise(TEXT).meta.parts >= 2
    unknown = Declared(context_tokens=None)  # a remote endpoint: no automatic split
    with Summariser(backend=unknown, max_output_tokens=256) as summariser:
        assert summariser.summarise(TEXT).meta.parts == 1


def test_a_context_with_no_room_for_the_article_is_an_input_error() -> None:
    from summarise import InputError

    with (
        Summariser(backend=Declared(context_tokens=1000), max_output_tokens=256) as summariser,
        pytest.raises(InputError, match="leaves no room"),
    ):
        summariser.summarise(TEXT)


@pytest.mark.parametrize("cacheable", [True, False])
def test_only_cacheable_backends_are_recorded_and_replayed(tmp_path: Path, cacheable: bool) -> None:
    cache = ReplyCache(tmp_path / "replies.sqlite")
    fake = Declared(cacheable=cacheable)
    for _ in range(2):
        with Summariser(backend=fake, cache=cache) as summariser:
            last = summariser.summarise(TEXT)
    assert len(fake.calls) == (1 if cacheable else 2)
    assert last.meta.cached is cacheable


@pytest.mark.parametrize("reasks", [True, False])
def test_the_grounding_reask_is_armed_only_for_backends_that_declare_it(reasks: bool) -> None:
    fake = Declared(reasks_grounding=reasks)
    with Summariser(backend=fake) as summariser:
        summariser.summarise(TEXT)
    model = fake.calls[0].response_model
    assert (model is not NewsSummary) is reasks  # the re-asking subclass, or the model
    assert issubclass(model, NewsSummary)


class Slow(BaseBackend):
    """Answers after a pause and records how many requests were in flight at once."""

    name = "slow"
    cacheable = False

    def __init__(self) -> None:
        self.in_flight = 0
        self.most = 0
        self.calls = 0

    def extract(self, request: ExtractionRequest[Any]) -> Extraction[Any]:
        raise AssertionError("the async path must not block in extract")

    async def aextract(self, request: ExtractionRequest[Any]) -> Extraction[Any]:
        self.calls += 1
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        await asyncio.sleep(0.02)
        self.in_flight -= 1
        value = request.response_model.model_validate(TRUE_SUMMARY)
        return Extraction(value=value, usage=Usage(requests=1), attempts=1, model="slow")


@pytest.mark.parametrize("limit", [1, 3])
def test_async_sends_the_parts_of_a_long_article_concurrently_within_the_bound(
    limit: int,
) -> None:
    backend = Slow()
    long_text = "\n\n".join([TEXT] * 4)

    async def run() -> Any:
        async with Summariser(backend=backend, chunk_tokens=400, part_concurrency=limit) as s:
            return await s.asummarise(long_text)

    result = asyncio.run(run())
    assert result.meta.parts == backend.calls >= 8
    assert backend.most == limit
    assert result.usage.requests == backend.calls


class FailsOnPart(Slow):
    """Answers every part but one, which fails after the others have started."""

    def __init__(self, failing: int) -> None:
        super().__init__()
        self.failing = failing
        self.finished = 0
        self.cancelled = 0

    async def aextract(self, request: ExtractionRequest[Any]) -> Extraction[Any]:
        index = self.calls
        self.calls += 1
        if index == self.failing:
            await asyncio.sleep(0.01)
            raise RetriesExhaustedError(
                "part failed", attempts=3, usage=Usage(prompt_tokens=5, requests=3)
            )
        try:
            await asyncio.sleep(0.005 if index < self.failing else 5)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        self.finished += 1
        value = request.response_model.model_validate(TRUE_SUMMARY)
        return Extraction(value, Usage(prompt_tokens=100, requests=1), attempts=1, model="slow")


def test_a_failed_part_cancels_the_others_and_its_error_carries_every_finished_cost() -> None:
    backend = FailsOnPart(failing=2)
    long_text = "\n\n".join([TEXT] * 4)

    async def run() -> None:
        async with Summariser(backend=backend, chunk_tokens=400, part_concurrency=8) as s:
            await s.asummarise(long_text)

    with pytest.raises(RetriesExhaustedError) as caught:
        asyncio.run(run())
    assert backend.finished == 2  # the two parts before the failing one
    assert backend.cancelled >= 1  # the slow ones after it did not run on
    assert caught.value.attempts == 3 + 2
    assert caught.value.usage == Usage(prompt_tokens=5 + 200, requests=3 + 2)


def test_the_sync_path_charges_the_finished_parts_too() -> None:
    fake = FakeBackend(
        [TRUE_SUMMARY, RetriesExhaustedError("bad", attempts=2, usage=Usage(requests=2))],
        usage=Usage(prompt_tokens=10, requests=1),
    )
    with (
        Summariser(backend=fake, chunk_tokens=400) as summariser,
        pytest.raises(RetriesExhaustedError) as caught,
    ):
        summariser.summarise("\n\n".join([TEXT] * 2))
    assert len(fake.calls) == 2
    assert caught.value.attempts == 2 + 1
    assert caught.value.usage == Usage(prompt_tokens=10, requests=3)

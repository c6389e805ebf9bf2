"""Results to draw, shared by the view's unit and browser tests: the example article
summarised with every kind of evidence the page must show (exact, nested, crossing,
fuzzy, unaligned, removed by grounding), and an article full of markup that must stay text.
"""

from __future__ import annotations

import copy
from typing import Any

from summarise import Summariser, SummaryResult
from summarise.testing import FakeBackend
from tests.conftest import EXAMPLE_ARTICLE, minimal_summary

RUN = "document.title='PWNED'"
HOSTILE = (
    f'<script>{RUN}</script><img src=x onerror="{RUN}">'
    f'<a href="javascript:{RUN}">click</a></mark></div>'
)


def example_text() -> str:
    return EXAMPLE_ARTICLE.read_text(encoding="utf-8")


def varied_reply() -> dict[str, Any]:
    """A summary of the example article whose evidence is exact, nested inside other
    evidence, fuzzy (a typo), unaligned (not in the article) and invented (removed under
    strict grounding)."""
    reply: dict[str, Any] = copy.deepcopy(minimal_summary())
    reply["actors"].append(
        {
            "name": "Boris Johnson",  # not in the article: strict grounding removes it
            "kind": "person",
            "role": "invented",
            "aliases": [],
            "evidence": [{"quote": "Boris Johnson met Putin in Moscow"}],
        }
    )
    reply["claims"].append(
        {
            "speaker": "Vladimir Putin",
            "statement": "Putin hosted Hamas leaders.",
            "quote": None,
            "cue": None,
            # a typo: found only fuzzily
            "evidence": [{"quote": "Putin hosted leaders of the Hamass terror group"}],
        }
    )
    reply["contested_points"].append(
        {
            "issue": "Whether Russia stands with the West's enemies",
            "positions": [
                {
                    "actor": "Kasra Aarabi",
                    "position": "Russia and Iran share hostility towards the West.",
                    "evidence": [{"quote": "said Russia and Iran were united by"}],
                },
                {
                    "actor": "Vladimir Putin",
                    "position": "Russia hosts talks with every side.",
                    "evidence": [{"quote": "Russia’s President Vladimir Putin"}],
                },
            ],
        }
    )
    return reply


def summarised(reply: dict[str, Any], text: str, **options: Any) -> SummaryResult[Any]:
    with Summariser(backend=FakeBackend(default=reply), **options) as summariser:
        return summariser.summarise(text)


def hostile_article() -> str:
    """The example article with markup planted in its first lines."""
    return f"{HOSTILE}\n{example_text()}\nAnd {HOSTILE} again."


def hostile_reply() -> dict[str, Any]:
    """A summary quoting the planted markup and writing it into every text field."""
    reply: dict[str, Any] = copy.deepcopy(minimal_summary())
    reply["gist"] = HOSTILE
    reply["actors"][0]["role"] = HOSTILE
    reply["claims"][0]["statement"] = HOSTILE
    reply["claims"][0]["evidence"].append({"quote": HOSTILE})
    return reply


def perturbed_backend(summaries: dict[str, dict[str, Any]]) -> FakeBackend:
    """A backend that answers each article with a recorded summary (by the article's
    text), perturbed the way a worse model would be: the last two claims of every third
    article left out, the first figure of every fourth misread tenfold (so strict
    grounding drops it), the first actor of every fifth forgotten."""
    replies = {}
    for i, (text, summary) in enumerate(summaries.items()):
        reply = _without_offsets(summary)
        if i % 3 == 0:
            reply["claims"] = reply["claims"][:-2]
        if i % 4 == 1 and reply["figures"]:
            reply["figures"][0]["value"] *= 10
        if i % 5 == 2:
            reply["actors"] = reply["actors"][1:]
        replies[text] = reply

    class Perturbed(FakeBackend):
        def extract(self, request):  # type: ignore[no-untyped-def]
            self.queue(replies[request.article.text])
            return super().extract(request)

    return Perturbed()


def _without_offsets(summary: dict[str, Any]) -> dict[str, Any]:
    """A summary as a model sends it: evidence quotes only."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) >= {"quote", "start"}:
                return {"quote": value["quote"]}
            return {k: strip(v) for k, v in value.items()}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    stripped: dict[str, Any] = strip(copy.deepcopy(summary))
    return stripped

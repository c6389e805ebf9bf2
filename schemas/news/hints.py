"""Hints for LLM backends: the offline pipeline's candidates, written into the prompt.

With ``hints=True`` the prompt lists the actors, figures and attributed statements the
rule-based reader found, marked as possibly incomplete or wrong. Whether that helps a
given model is a question for the eval (run it with and without).
"""

from __future__ import annotations

from summarise.schemas.news.model import NewsSummary

__all__ = ["format_hints", "offline_hints"]

_MAX_ITEMS = 25


def offline_hints(text: str) -> str:
    """The offline pipeline's candidates for ``text``, as plain lines for a prompt."""
    from summarise.schemas.news.offline import summarise_offline  # spaCy: loaded when used

    return format_hints(summarise_offline(text))


def format_hints(summary: NewsSummary) -> str:
    lines = ["Actors:"]
    for actor in summary.actors[:_MAX_ITEMS]:
        aliases = f"; also {', '.join(actor.aliases)}" if actor.aliases else ""
        lines.append(f"- {actor.name} ({actor.kind}{aliases})")
    lines.append("Figures:")
    for figure in summary.figures[:_MAX_ITEMS]:
        lines.append(f'- "{figure.text}" {figure.unit}: {figure.what}')
    lines.append("Attributed statements:")
    for claim in summary.claims[:_MAX_ITEMS]:
        lines.append(f"- {claim.speaker} ({claim.cue or 'quoted'}): {claim.statement}")
    return "\n".join(lines)

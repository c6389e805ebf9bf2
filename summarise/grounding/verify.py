"""Checking a summary against its article, and applying the grounding policy.

Every item that carries ``evidence``, in any schema type, is checked: each quote must
align with the article, outside text addressed to a model (an injected instruction). A
schema type adds rules for its own item types (its ``rules`` part: item model ->
:data:`Rule`); the news type's rules live in its bundle. Rules ask the context whether
a name or quote is written (:meth:`RuleContext.occurs`) and whether evidence mentions
a name (:meth:`RuleContext.mentions`), so every type gets the same whole-word,
untrusted-text-aware answers.

Items are visited in field order, depth first, and a rule can see every item that
passed before it (:meth:`RuleContext.passed`): that is how "a speaker names an actor"
is checked against the actors that survived, whatever the schema calls them.

Policies: ``strict`` removes failing items (listing them with reasons), ``flag`` keeps
them and reports them, ``off`` checks nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from summarise.grounding.align import ArticleText
from summarise.types import DroppedItem, Evidence, GroundingPolicy, GroundingReport, ItemFailure

__all__ = [
    "Checked",
    "CheckedSummary",
    "Grounded",
    "Rule",
    "RuleContext",
    "Rules",
    "apply_policy",
    "check",
    "checked_copy",
    "excerpt",
    "feedback",
    "ground",
]

T = TypeVar("T", bound=BaseModel)
M = TypeVar("M", bound=BaseModel)


@dataclass
class RuleContext:
    """What a rule may consult: the article, and the items that passed before this one.

    Attributes:
        article: The prepared article (``article.text`` is the text).
        memo: Scratch space rules may use to avoid recomputing something per item; it
            lives for one check of one summary.
    """

    article: ArticleText
    memo: dict[str, Any] = field(default_factory=dict)
    _passed: list[BaseModel] = field(default_factory=list)

    def passed(self, kind: type[M]) -> list[M]:
        """The items of ``kind`` checked before this one that passed every check."""
        return [item for item in self._passed if isinstance(item, kind)]

    def evidence_text(self, evidence: list[Evidence]) -> list[str]:
        """The article text each aligned quote stands on (unaligned quotes left out)."""
        return [
            self.article.text[e.start : e.end]
            for e in evidence
            if e.start is not None and e.end is not None
        ]

    def occurs(self, phrase: str) -> bool:
        """Whether ``phrase`` is written in the article's reporting, as whole words
        (exactly, or but for spacing, quote marks, dashes or case). A fuzzy match is not
        enough, and text addressed to a model does not count."""
        return any(
            not self.article.touches_untrusted(start, end)
            for start, end in self.article.occurrences(phrase)
        )

    def mentions(self, evidence: list[Evidence], names: list[str]) -> bool:
        """Whether one of the aligned evidence quotes names one of ``names``: the
        evidence is about the item, not merely somewhere in the article. A name counts
        at the start of a longer word too, since "Iranian representatives" is about
        Iran."""
        spans = [(e.start, e.end) for e in evidence if e.start is not None and e.end is not None]
        return any(
            start <= s and e <= end
            for name in names
            for s, e in self.article.occurrences(name, stems=True)
            for start, end in spans
        )


Rule = Callable[[Any, RuleContext], list[str]]
"""``rule(item, context)`` returns the reasons ``item`` fails, or an empty list."""

Rules = Mapping[type[BaseModel], Rule]
"""A schema type's rules, by the item model they check (subclasses included)."""


@dataclass(frozen=True)
class Checked:
    """One item and the reasons it failed (none if it passed)."""

    path: str
    item: BaseModel
    reasons: list[str]


@dataclass(frozen=True)
class Grounded:
    """A summary after the policy was applied, and the report of what was found."""

    summary: BaseModel
    report: GroundingReport
    dropped: list[DroppedItem]


def check(summary: BaseModel, article: ArticleText, rules: Rules | None = None) -> list[Checked]:
    """Align every evidence quote (filling start, end, status, score in place) and run
    the rules. Items are visited in field order, so earlier fields are known to later
    ones' rules."""
    rules = rules or {}
    context = RuleContext(article)
    results = []
    cursor: int | None = None
    for path, item in _evidence_items(summary):
        reasons, cursor = _align_evidence(item, article, cursor)
        rule = _rule_for(item, rules)
        if rule is not None:
            reasons += rule(item, context)
        if not reasons:
            context._passed.append(item)
        results.append(Checked(path, item, reasons))
    return results


def _rule_for(item: BaseModel, rules: Rules) -> Rule | None:
    exact = rules.get(type(item))
    if exact is not None:
        return exact
    return next((rule for model, rule in rules.items() if isinstance(item, model)), None)


@dataclass(frozen=True)
class CheckedSummary:
    """A checked copy of a summary (its evidence offsets filled) and every item's result:
    what :func:`apply_policy` needs, so a summary checked once (by strict grounding's
    re-ask, say) is never checked again."""

    summary: BaseModel
    results: list[Checked]

    @property
    def failed(self) -> list[Checked]:
        """The items that failed a check."""
        return [r for r in self.results if r.reasons]


def checked_copy(
    summary: BaseModel, article: ArticleText, rules: Rules | None = None
) -> CheckedSummary:
    """Check a deep copy of ``summary`` (the caller's summary is left as it was)."""
    copy = summary.model_copy(deep=True)
    return CheckedSummary(copy, check(copy, article, rules))


def ground(summary: T, text: str, policy: GroundingPolicy, rules: Rules | None = None) -> Grounded:
    """Check ``summary`` against ``text`` with the evidence checks and ``rules``, and
    apply ``policy``.

    Returns:
        The summary (a checked copy; under ``strict`` without the failing items), the
        report, and what was dropped.
    """
    if policy == "off":
        return Grounded(summary, GroundingReport(policy="off"), [])
    return apply_policy(checked_copy(summary, ArticleText.of(text), rules), policy)


def apply_policy(checked: CheckedSummary, policy: GroundingPolicy) -> Grounded:
    """Apply ``policy`` to a checked summary: under ``strict`` its failing items are
    removed (from ``checked.summary`` itself), under ``flag`` they are reported.

    Returns:
        The summary, the report, and what was dropped.
    """
    if policy == "off":
        return Grounded(checked.summary, GroundingReport(policy="off"), [])
    summary, results = checked.summary, checked.results
    failed = checked.failed
    statuses = Counter(
        e.status or "unaligned" for r in results for e in getattr(r.item, "evidence", [])
    )
    dropped, undroppable = _drop(summary, failed) if policy == "strict" else ([], failed)
    report = GroundingReport(
        policy=policy,
        evidence=dict(sorted(statuses.items())),
        items_checked=len(results),
        items_failed=len(failed),
        items_dropped=len(dropped),
        failures=[_failure(r) for r in undroppable],
    )
    return Grounded(summary, report, dropped)


def feedback(failed: list[Checked]) -> str:
    """The failures as instructions to the model, one line an item."""
    lines = [
        "Some items are not supported by the article. Fix each one so that every evidence "
        "quote is copied verbatim from the article and every name, quote and number in it "
        "appears in the article; remove any item the article does not support. Return "
        "the whole summary again.",
    ]
    for result in failed:
        lines.append(f"- {result.path} ({_label(result.item)}): {'; '.join(result.reasons)}")
    return "\n".join(lines)


def _evidence_items(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, BaseModel]]:
    """Every item that carries evidence, depth first in field order: items in lists and
    models held in a field of their own alike."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        children = value if isinstance(value, list) else [value]
        for i, item in enumerate(children):
            if not isinstance(item, BaseModel) or isinstance(item, Evidence):
                continue
            path = f"{prefix}{name}[{i}]" if isinstance(value, list) else f"{prefix}{name}"
            if "evidence" in type(item).model_fields:
                yield path, item
            yield from _evidence_items(item, f"{path}.")


def _align_evidence(
    item: BaseModel, article: ArticleText, cursor: int | None
) -> tuple[list[str], int | None]:
    reasons = []
    for evidence in getattr(item, "evidence", []):
        found = article.align(evidence.quote, near=cursor, at=evidence.start)
        evidence.start, evidence.end = found.start, found.end
        evidence.status, evidence.score = found.status, found.score
        if found.start is None or found.end is None:
            reasons.append(f"evidence not found in the article: {excerpt(evidence.quote)!r}")
            continue
        cursor = found.start
        # Partly is enough: an instruction's payload sits in the sentences around it,
        # and a quote that runs from reporting into it carries the payload in.
        if article.touches_untrusted(found.start, found.end):
            reasons.append(
                f"evidence quotes text addressed to a model, not reporting: "
                f"{excerpt(evidence.quote)!r}"
            )
    return reasons, cursor


def _drop(summary: BaseModel, failed: list[Checked]) -> tuple[list[DroppedItem], list[Checked]]:
    """Remove failing items from their lists (and containers they leave empty), and
    failing models held in an optional field; return what was dropped, and the
    failures that could not be (a model in a required field)."""
    doomed = {id(r.item): r for r in failed}
    dropped: list[DroppedItem] = []
    kept_failing: list[Checked] = []

    def prune(model: BaseModel, prefix: str) -> None:
        for name in type(model).model_fields:
            value = getattr(model, name)
            if isinstance(value, BaseModel) and not isinstance(value, Evidence):
                result = doomed.get(id(value))
                if result is None:
                    prune(value, f"{prefix}{name}.")
                elif not _accepts_none(model, name):
                    kept_failing.append(result)
                else:
                    dropped.append(_dropped(result))
                    setattr(model, name, None)
                continue
            if not isinstance(value, list):
                continue
            kept = []
            for i, item in enumerate(value):
                path = f"{prefix}{name}[{i}]"
                result = doomed.get(id(item))
                if result is not None:
                    dropped.append(_dropped(result))
                    continue
                if isinstance(item, BaseModel) and not isinstance(item, Evidence):
                    before = len(dropped)
                    prune(item, f"{path}.")
                    if len(dropped) > before and _emptied(item):
                        reasons = ["every item it held was dropped"]
                        dropped.append(_dropped(Checked(path, item, reasons)))
                        continue
                kept.append(item)
            setattr(model, name, kept)

    prune(summary, "")
    return dropped, kept_failing


def _accepts_none(model: BaseModel, name: str) -> bool:
    annotation = type(model).model_fields[name].annotation
    return annotation is None or type(None) in getattr(annotation, "__args__", ())


def _emptied(item: BaseModel) -> bool:
    """A container whose required list is now empty (a contested point with no positions)."""
    for name, info in type(item).model_fields.items():
        value = getattr(item, name)
        min_length = next((m.min_length for m in info.metadata if hasattr(m, "min_length")), 0)
        if isinstance(value, list) and min_length and len(value) < min_length:
            return True
    return False


def _failure(result: Checked) -> ItemFailure:
    return ItemFailure(path=result.path, label=_label(result.item), reasons=result.reasons)


def _dropped(result: Checked) -> DroppedItem:
    return DroppedItem(
        path=result.path,
        label=_label(result.item),
        reasons=result.reasons,
        item=result.item.model_dump(exclude_none=True),
    )


def _label(item: BaseModel) -> str:
    """A short reminder of an item: its name, text, issue... or its first text field."""
    for name in ("name", "text", "issue", "actor", "speaker"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            return excerpt(value)
    for name in type(item).model_fields:
        value = getattr(item, name)
        if isinstance(value, str):
            return excerpt(value)
    return type(item).__name__


def excerpt(text: str, limit: int = 60) -> str:
    """``text``, cut to ``limit`` characters with an ellipsis: for messages about an item."""
    return text if len(text) <= limit else text[: limit - 1] + "…"

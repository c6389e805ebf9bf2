"""How far the eval's matchers agree with a careful reader: a judged set of pairs.

A judged pair is one predicted item and one gold item from a recorded run, with a
person's verdict: ``same`` (the matcher should pair them) or ``different`` (it should
not). The matcher's decision on a pair is what scoring does with it: whether the
one-to-one assignment of the whole field, in strict mode, pairs that prediction with
that gold item. So the set holds the matcher to account for its similarities and for
its assignment alike (a correct pair given up to collect a wrong one counts against
it).

    python scripts/judged_agreement.py        # agreement per field, and each disagreement

The news set is ``evals/judged/`` (see its README for how it was made).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from summarise.evaluation.fixtures import Fixture
from summarise.evaluation.scoring import score_fixture
from summarise.schema_types import SchemaType, get_schema_type

__all__ = ["FieldAgreement", "JudgedPair", "agreement", "load_judged", "load_predictions"]


class JudgedPair(BaseModel):
    """One (prediction, gold) pair with a person's verdict and the reason for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    run: str
    fixture: str
    field: str
    prediction: int  # index in the run's list for the field
    gold: int  # index in the fixture's gold list for the field
    verdict: Literal["same", "different"]
    reason: str
    predicted: str  # the two items as judged, for a reader of the file
    expected: str


@dataclass(frozen=True)
class FieldAgreement:
    """How many of a field's judged pairs the matcher decides as the reader did."""

    field: str
    agreed: int
    judged: int
    disagreements: list[JudgedPair]

    @property
    def rate(self) -> float:
        return self.agreed / self.judged if self.judged else 1.0


def load_judged(path: str | Path) -> list[JudgedPair]:
    """The judged pairs in a JSON-lines file, one pair a line."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [JudgedPair.model_validate_json(line) for line in lines if line.strip()]


def load_predictions(
    folder: str | Path, schema_type: SchemaType
) -> dict[tuple[str, str], BaseModel]:
    """Each recorded prediction under ``folder/<run>/<fixture>.json``, by (run, fixture)."""
    predictions: dict[tuple[str, str], BaseModel] = {}
    for path in sorted(Path(folder).glob("*/*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        key = (path.parent.name, record["fixture"])
        predictions[key] = schema_type.model.model_validate(record["summary"])
    return predictions


def agreement(
    pairs: Sequence[JudgedPair],
    predictions: Mapping[tuple[str, str], BaseModel],
    fixtures: Mapping[str, Fixture],
    *,
    schema: str | SchemaType = "news",
) -> dict[str, FieldAgreement]:
    """Per field, how many judged pairs the schema type's matchers decide as judged.

    Args:
        pairs: The judged pairs.
        predictions: The recorded predictions, by (run, fixture).
        fixtures: The fixtures, by id.
        schema: The schema type whose matchers are held to the verdicts.

    Returns:
        Each field's agreement, in the order the fields first appear in ``pairs``.

    Raises:
        KeyError: A pair names a run, fixture or field that is not there.
    """
    schema_type = get_schema_type(schema)
    matchers = schema_type.matchers()
    paired: dict[tuple[str, str], dict[str, set[tuple[int, int]]]] = {}
    results: dict[str, tuple[int, int, list[JudgedPair]]] = {}
    for pair in pairs:
        key = (pair.run, pair.fixture)
        if key not in paired:
            scores = score_fixture(predictions[key], fixtures[pair.fixture], schema=schema_type)
            paired[key] = {}
            for field, result in scores.strict.items():
                items = getattr(predictions[key], field)
                scored = _scored_positions(items, matchers[field].scored)
                paired[key][field] = {(scored[p], g) for p, g, _ in result.matched}
        decided_same = (pair.prediction, pair.gold) in paired[key][pair.field]
        agreed, judged, wrong = results.get(pair.field, (0, 0, []))
        if decided_same == (pair.verdict == "same"):
            agreed += 1
        else:
            wrong = [*wrong, pair]
        results[pair.field] = (agreed, judged + 1, wrong)
    return {
        field: FieldAgreement(field, agreed, judged, wrong)
        for field, (agreed, judged, wrong) in results.items()
    }


def _scored_positions(items: object, scored: object) -> list[int]:
    """Where each scored prediction sits in the field's whole list (scoring skips the
    items its matcher does not score, and numbers the rest from 0)."""
    if not isinstance(items, list):
        return [0]
    return [i for i, item in enumerate(items) if scored is None or scored(item)]  # type: ignore[operator]

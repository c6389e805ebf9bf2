"""Hand-labelled fixtures: one YAML file per article, with the gold summary.

A fixture file (``evals/fixtures/<schema_type>/<id>.yaml``)::

    id: wikinews-airbus-job-cuts
    title: Airbus announces job cuts of 10,000
    source: Wikinews
    url: http://en.wikinews.org/wiki/Airbus_announces_job_cuts_of_10,000
    licence: CC BY 2.5
    article_file: wikinews-airbus-announces-job-cuts-of-10-000.txt   # or `text:` inline
    tags: [short, figure-heavy]
    expected:            # the gold summary, in the schema type's own shape
      gist: ...
      actors:
        - {name: Airbus, kind: organisation, role: ..., evidence: [{quote: ...}]}
        - {name: EADS, ..., optional: true}          # may be found or not, no penalty
      claims:
        - {speaker: ..., statement: ..., alternatives: ["another acceptable wording"], ...}

Loading validates every fixture against its schema type and checks that every gold
evidence quote occurs in the article; a broken fixture is a :class:`FixtureError`
naming the file and the item.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from summarise.errors import FixtureError
from summarise.grounding.align import ArticleText
from summarise.grounding.verify import check
from summarise.schema_types import SchemaType, get_schema_type

__all__ = ["Fixture", "GoldMarks", "load_fixture", "load_fixtures"]

_META_KEYS = ("optional", "alternatives")
_REQUIRED = ("id", "title", "source", "licence", "expected")


@dataclass(frozen=True)
class GoldMarks:
    """Per gold item (by path, e.g. "claims[2]"): optional, and other acceptable wordings."""

    optional: frozenset[str] = frozenset()
    alternatives: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Fixture:
    """One labelled article."""

    id: str
    title: str
    source: str
    url: str | None
    licence: str
    tags: tuple[str, ...]
    text: str
    expected: BaseModel
    marks: GoldMarks
    path: Path


def load_fixtures(folder: str | Path, schema: str | SchemaType = "news") -> list[Fixture]:
    """Every ``*.yaml`` fixture in ``folder``, sorted by id.

    Raises:
        FixtureError: The folder is missing or empty, a fixture is malformed, or two
            fixtures share an id.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FixtureError(f"No fixtures folder at {folder}; pass --fixtures DIR.")
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    if not paths:
        raise FixtureError(f"No *.yaml fixtures in {folder}.")
    fixtures = [load_fixture(p, schema, root=folder) for p in paths]
    seen: dict[str, Path] = {}
    for fixture in fixtures:
        if fixture.id in seen:
            raise FixtureError(
                f"{fixture.path}: id {fixture.id!r} is also used by {seen[fixture.id]}."
            )
        seen[fixture.id] = fixture.path
    return sorted(fixtures, key=lambda f: f.id)


def load_fixture(
    path: str | Path, schema: str | SchemaType = "news", *, root: Path | None = None
) -> Fixture:
    """Load and check one fixture file.

    Args:
        path: The YAML file.
        schema: The schema type the gold summary is in.
        root: The folder fixtures must stay inside; the file's own folder when None.

    Raises:
        FixtureError: Unreadable YAML, a missing key, an article file outside the
            folder, a gold summary that does not validate, or a gold evidence quote that
            is not in the article.
    """
    path = Path(path)
    root = (root or path.parent).resolve()
    _inside(path, root, path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise FixtureError(f"{path}: cannot read the fixture: {e}") from e
    if not isinstance(data, dict):
        raise FixtureError(f"{path}: a fixture is a mapping with keys {list(_REQUIRED)}.")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise FixtureError(f"{path}: missing {missing}.")
    text = _article_text(path, root, data)
    schema_type = get_schema_type(schema)
    expected_data, marks = _strip_marks(data["expected"])
    try:
        expected = schema_type.model.model_validate(expected_data)
    except ValidationError as e:
        raise FixtureError(f"{path}: the gold summary does not validate:\n{e}") from e
    _check_quotes(path, expected, text, schema_type)
    return Fixture(
        id=str(data["id"]),
        title=str(data["title"]),
        source=str(data["source"]),
        url=data.get("url"),
        licence=str(data["licence"]),
        tags=tuple(data.get("tags") or ()),
        text=text,
        expected=expected,
        marks=marks,
        path=path,
    )


def _article_text(path: Path, root: Path, data: dict[str, Any]) -> str:
    if "text" in data:
        return str(data["text"])
    name = data.get("article_file")
    if not name:
        raise FixtureError(f"{path}: give the article as `text:` or `article_file:`.")
    article = path.parent / str(name)
    _inside(article, root, path)
    try:
        return article.read_text(encoding="utf-8")
    except OSError as e:
        raise FixtureError(f"{path}: cannot read article_file {name!r}: {e.strerror}.") from e


def _inside(target: Path, root: Path, fixture: Path) -> None:
    """Refuse absolute paths, '..' and symlinks that lead outside the fixtures folder."""
    resolved = Path(os.path.realpath(target))
    if not resolved.is_relative_to(root):
        raise FixtureError(
            f"{fixture}: {target} is outside the fixtures folder {root}; fixtures may only "
            "use files inside it."
        )


def _strip_marks(expected: Any) -> tuple[Any, GoldMarks]:
    optional: set[str] = set()
    alternatives: dict[str, list[str]] = {}

    def walk(node: Any, prefix: str) -> Any:
        if isinstance(node, dict):
            clean = {}
            for key, value in node.items():
                if key == "optional":
                    if value:
                        optional.add(prefix)
                elif key == "alternatives":
                    alternatives[prefix] = [str(v) for v in value or []]
                else:
                    clean[key] = walk(value, f"{prefix}.{key}" if prefix else key)
            return clean
        if isinstance(node, list):
            return [walk(item, f"{prefix}[{i}]") for i, item in enumerate(node)]
        return node

    return walk(expected, ""), GoldMarks(frozenset(optional), alternatives)


def _check_quotes(path: Path, expected: BaseModel, text: str, schema_type: SchemaType) -> None:
    """Gold must pass the checks predictions are held to: quotes verbatim (exact or
    normalised), and the schema type's rules (for news: speakers among the actors,
    figures agreeing with their evidence)."""
    for result in check(expected, ArticleText.of(text), schema_type.rules):
        reasons = list(result.reasons)
        for evidence in getattr(result.item, "evidence", []):
            if evidence.status == "fuzzy":
                reasons.append(f"evidence {evidence.quote!r} is only a fuzzy match")
        if reasons:
            raise FixtureError(f"{path}: {result.path}: {'; '.join(reasons)}.")

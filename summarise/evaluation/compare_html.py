"""Two eval runs compared as a page: per field and per fixture what got better or worse,
and the items that changed.

Per field: F1 before and after and the change (with the paired test's verdict when the
comparison has one). Per fixture: a table of the change in F1 by field, coloured and
sortable. Then, for every fixture that moved, the items behind the move: gold items now
found or now missed, predicted items newly extra or no longer extra.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from summarise.evaluation.compare import EPSILON, Comparison, FieldVerdict, fixture_f1s
from summarise.evaluation.fixtures import Fixture
from summarise.evaluation.report_html import fixture_anchor, run_line
from summarise.evaluation.runner import EvalReport, FixtureRun
from summarise.evaluation.scoring import field_items
from summarise.schema_types import SchemaType
from summarise.schema_types.fields import label
from summarise.view.cards import one_line
from summarise.view.page import document

__all__ = ["compare_page"]


def compare_page(
    a: EvalReport,
    b: EvalReport,
    comparison: Comparison,
    *,
    mode: str = "strict",
    fixtures: Mapping[str, Fixture] | None = None,
    schema_type: SchemaType | None = None,
) -> str:
    """The comparison's page.

    Args:
        a: The earlier run.
        b: The later run.
        comparison: What :func:`~summarise.evaluation.compare.compare_runs` found.
        mode: Which scores were compared, ``strict`` or ``lenient``.
        fixtures: The fixtures, by id, to name gold items; "gold item 3" without them.
        schema_type: The runs' schema type, to name predicted items; without it the
            page gives counts only.

    Returns:
        A self-contained HTML document.
    """
    e = escape
    fields = [c.field for c in comparison.fields if c.field != "all"]
    runs_a = {r.fixture: r for r in a.runs}
    runs_b = {r.fixture: r for r in b.runs}
    shared = [f for f in runs_b if f in runs_a]
    body = (
        '<header class="top"><div class="wrap">'
        f'<p class="eyebrow">Eval comparison · {e(b.schema_type)} · {e(mode)} F1</p>'
        f"<h1>{e(a.name)} → {e(b.name)}</h1>"
        f'<div class="strip"><span><b>before</b></span>{run_line(a)}</div>'
        f'<div class="strip"><span><b>after</b></span>{run_line(b)}</div>'
        "</div></header>"
        + _fields(comparison, a, b, mode)
        + _deltas(shared, runs_a, runs_b, fields, mode, fixtures or {})
        + _changes(shared, runs_a, runs_b, mode, fixtures or {}, schema_type)
        + _only(comparison)
    )
    return document(title=f"Compare {a.name} → {b.name}", body=body, subject="compare")


def _fields(comparison: Comparison, a: EvalReport, b: EvalReport, mode: str) -> str:
    e = escape
    agg_a = a.strict if mode == "strict" else a.lenient
    agg_b = b.strict if mode == "strict" else b.lenient
    rows = []
    for change in comparison.fields:
        before, after = agg_a.get(change.field), agg_b.get(change.field)
        verdict = comparison.verdicts.get(change.field)
        pr = (
            f"<td>{before.micro.precision:.3f} → {after.micro.precision:.3f}</td>"
            f"<td>{before.micro.recall:.3f} → {after.micro.recall:.3f}</td>"
            if before is not None and after is not None
            else "<td>–</td><td>–</td>"
        )
        tested = (
            f"<td>{verdict.interval[0]:+.3f} to {verdict.interval[1]:+.3f}</td>"
            f"<td>{verdict.p_value:.3f}</td><td>{_verdict(verdict.verdict)}</td>"
            if verdict is not None
            else "<td>–</td><td>–</td><td>–</td>"
        )
        total = ' class="total"' if change.field == "all" else ""
        rows.append(
            f"<tr{total}><td>{e(label(change.field))}</td><td>{change.before:.3f}</td>"
            f"<td>{change.after:.3f}</td>{_change_cell(change.delta, verdict)}{tested}{pr}</tr>"
        )
    shared = len({r.fixture for r in a.runs} & {r.fixture for r in b.runs})
    return (
        '<section class="block"><div class="pane"><h2>Per field</h2><p class="sub">Micro F1 '
        "of each run, the change, and a paired bootstrap over the "
        f"{shared} fixtures both ran ({comparison.resamples} resamples, seed "
        f"{comparison.seed}): the 95 % interval of the change and its p-value. A field is "
        "better or worse only when the interval leaves out zero; otherwise the difference "
        "cannot be told from noise at this sample size.</p>"
        '<table class="grid"><thead><tr><th>field</th><th>F1 before</th><th>F1 after</th>'
        "<th>change</th><th>95% CI of change</th><th>p</th><th>verdict</th>"
        "<th>precision</th><th>recall</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _change_cell(delta: float, verdict: FieldVerdict | None) -> str:
    """A field's change, coloured by its verdict where there is one: a change the test
    cannot tell from noise is not painted as a loss or a gain."""
    if verdict is None:
        return _delta_cell(delta, 3)
    css = {"better": "up", "worse": "down"}.get(verdict.verdict, "same")
    return f'<td class="{css}" data-v="{delta:.4f}">{delta:+.3f}</td>'


def _verdict(verdict: str) -> str:
    css = {"better": "better", "worse": "worse"}.get(verdict, "nodiff")
    return f'<span class="verdict {css}">{escape(verdict)}</span>'


def _deltas(
    shared: list[str],
    runs_a: Mapping[str, FixtureRun],
    runs_b: Mapping[str, FixtureRun],
    fields: list[str],
    mode: str,
    fixtures: Mapping[str, Fixture],
) -> str:
    e = escape
    head = "".join(f'<th class="sort">{e(label(f))}</th>' for f in fields)
    rows = []
    for fixture_id in shared:
        before, after = fixture_f1s(runs_a[fixture_id], mode), fixture_f1s(runs_b[fixture_id], mode)
        cells = "".join(
            _delta_cell(after.get(f, 0.0) - before.get(f, 0.0), 2)
            if f in before or f in after
            else '<td class="same" data-v="">–</td>'
            for f in fields
        )
        moved = any(abs(after.get(f, 0.0) - before.get(f, 0.0)) > EPSILON for f in fields)
        fixture = fixtures.get(fixture_id)
        name = e(fixture.title) if fixture else e(fixture_id)
        link = f'<a href="#{e(fixture_anchor(fixture_id))}">{name}</a>' if moved else name
        rows.append(
            f'<tr><td class="l wrap fx">{link}<span class="id">{e(fixture_id)}</span></td>'
            f"{cells}</tr>"
        )
    return (
        '<section class="block"><div class="pane"><h2>Per fixture</h2><p class="sub">The '
        "change in F1 by fixture and field: green better, red worse. Click a heading to "
        "sort; click a fixture to see the items that changed.</p>"
        '<table class="grid heat"><thead><tr><th class="sort l">fixture</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _changes(
    shared: list[str],
    runs_a: Mapping[str, FixtureRun],
    runs_b: Mapping[str, FixtureRun],
    mode: str,
    fixtures: Mapping[str, Fixture],
    schema_type: SchemaType | None,
) -> str:
    e = escape
    sections = []
    for fixture_id in shared:
        run_a, run_b = runs_a[fixture_id], runs_b[fixture_id]
        before, after = fixture_f1s(run_a, mode), fixture_f1s(run_b, mode)
        moved = [
            f
            for f in dict.fromkeys([*before, *after])
            if abs(after.get(f, 0.0) - before.get(f, 0.0)) > EPSILON
        ]
        if not moved:
            continue
        fixture = fixtures.get(fixture_id)
        chips = "".join(
            f'<span class="badge {_direction(after.get(f, 0.0) - before.get(f, 0.0))}">'
            f"{e(label(f))} {before.get(f, 0.0):.2f} → {after.get(f, 0.0):.2f}</span>"
            for f in moved
        )
        lists = "".join(_field_changes(f, run_a, run_b, mode, fixture, schema_type) for f in moved)
        sections.append(
            f'<details class="fixture" id="{e(fixture_anchor(fixture_id))}">'
            f'<summary><span class="t">{e(fixture.title if fixture else fixture_id)}</span>'
            f'<span class="id">{e(fixture_id)}</span>{chips}</summary>'
            f'<div class="changes">{lists}</div></details>'
        )
    if not sections:
        return (
            '<section class="block"><h2>Items that changed</h2><p class="sub">No fixture '
            "moved.</p></section>"
        )
    return (
        '<section class="block"><h2>Items that changed</h2><p class="sub">For each fixture '
        "that moved: gold items now found or now missed, and predictions newly extra or no "
        f"longer extra.</p>{''.join(sections)}</section>"
    )


def _field_changes(
    field: str,
    run_a: FixtureRun,
    run_b: FixtureRun,
    mode: str,
    fixture: Fixture | None,
    schema_type: SchemaType | None,
) -> str:
    e = escape
    result_a, result_b = _result(run_a, field, mode), _result(run_b, field, mode)
    found_a = {g for _, g, _ in result_a.matched} if result_a else set()
    found_b = {g for _, g, _ in result_b.matched} if result_b else set()
    gold = _gold(fixture, field)
    extra_a = _extras(run_a, result_a, field, schema_type)
    extra_b = _extras(run_b, result_b, field, schema_type)
    lines: list[tuple[str, str, str]] = []
    lines += [("up", "now found", gold(g)) for g in sorted(found_b - found_a)]
    lines += [("down", "now missed", gold(g)) for g in sorted(found_a - found_b)]
    lines += [("down", "newly extra", t) for t in extra_b if t not in extra_a]
    lines += [("up", "no longer extra", t) for t in extra_a if t not in extra_b]
    items = (
        "".join(
            f'<li class="change"><span class="badge {css}">{e(what)}</span> {e(text)}</li>'
            for css, what, text in lines
        )
        or '<li class="change">the same items; only their similarity moved</li>'
    )
    return f'<h3 class="head">{e(label(field))}</h3><ul class="plain">{items}</ul>'


def _gold(fixture: Fixture | None, field: str) -> Callable[[int], str]:
    values = field_items(getattr(fixture.expected, field, None), None) if fixture else []

    def name(index: int) -> str:
        return one_line(values[index]) if index < len(values) else f"gold item {index + 1}"

    return name


def _extras(run: FixtureRun, result: Any, field: str, schema_type: SchemaType | None) -> list[str]:
    """A run's extra predictions in one line each; counted when the type is unknown."""
    if result is None:
        return []
    if schema_type is None or run.result is None:
        return [f"prediction {p + 1}" for p in result.extra]
    summary = schema_type.model.model_validate(run.result["summary"])
    values = field_items(getattr(summary, field, None), schema_type.matchers().get(field))
    return [one_line(values[p]) for p in result.extra if p < len(values)]


def _only(comparison: Comparison) -> str:
    e = escape
    parts = [
        f"<p><b>only in {e(which)}:</b> {e(', '.join(ids))}</p>"
        for which, ids in (("the earlier run", comparison.only_in_a),
                           ("the later run", comparison.only_in_b))
        if ids
    ]  # fmt: skip
    return f'<section class="block">{"".join(parts)}</section>' if parts else ""


def _result(run: FixtureRun, field: str, mode: str) -> Any:
    if run.scores is None:
        return None
    return getattr(run.scores, mode).get(field)


def _delta_cell(delta: float, places: int) -> str:
    css = _direction(delta)
    shown = f"{delta:+.{places}f}" if css != "same" else "·"
    return f'<td class="{css}" data-v="{delta:.4f}">{shown}</td>'


def _direction(delta: float) -> str:
    return "up" if delta > EPSILON else "down" if delta < -EPSILON else "same"

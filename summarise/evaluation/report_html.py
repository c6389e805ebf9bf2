"""The eval run as a page that shows where to look.

At a glance: each field's precision, recall and F1 (with the bootstrap interval when the
run has one), a table of fixtures by fields coloured by F1 and sortable, so the weak ones
stand out, and the run's figures as a table. Then each fixture: gold and predicted
evidence highlighted on the article (the summary view's marks: gold underlined,
predictions shaded), and per field the gold and predicted items side by side, each match
with its similarity, missed and extra items marked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

from pydantic import BaseModel

from summarise.evaluation.counts import Counts
from summarise.evaluation.fixtures import Fixture
from summarise.evaluation.intervals import Interval
from summarise.evaluation.runner import EvalReport, FixtureRun
from summarise.evaluation.scoring import FieldResult, aligned_prediction, field_items
from summarise.schema_types import SchemaType, shown
from summarise.schema_types.fields import label
from summarise.view.cards import Badge, CardStyle, card, value_card
from summarise.view.highlight import colours_of, ranges
from summarise.view.items import Cited, Item, item_of, kinds_of
from summarise.view.marks import marked_text
from summarise.view.page import document

__all__ = ["f1_class", "fixture_anchor", "report_page", "run_line"]


def report_page(
    report: EvalReport, fixtures: Mapping[str, Fixture], schema_type: SchemaType
) -> str:
    """The run's page.

    Args:
        report: The run.
        fixtures: The fixtures it ran, by id (their articles and gold summaries).
        schema_type: The run's schema type (its matchers index the scored items).

    Returns:
        A self-contained HTML document.
    """
    e = escape
    fields = [f for f in report.strict if f != "all"]
    body = (
        '<header class="top"><div class="wrap">'
        f'<p class="eyebrow">Eval run · {e(report.schema_type)}</p>'
        f"<h1>{e(report.name)}</h1>"
        f'<div class="strip">{run_line(report)}</div></div></header>'
        + _scores(report)
        + _figures(report)
        + _heatmap(report, fields, fixtures)
        + '<section class="block"><h2>Fixtures</h2><p class="sub">Each fixture\'s article '
        "with gold evidence underlined and predicted evidence shaded; beside it, per field, "
        "gold and predicted items side by side. Click an item to mark its spans; hover a "
        "span to see who cites it.</p>"
        + "".join(
            _fixture(run, fixtures.get(run.fixture), schema_type, n)
            for n, run in enumerate(report.runs)
        )
        + "</section>"
    )
    return document(title=f"Eval run {report.name}", body=body, subject="report")


def run_line(report: EvalReport) -> str:
    """What ran, as the masthead's strip: backend, model, mode, grounding, fixtures."""
    e = escape
    parts = [
        ("backend", report.backend),
        ("model", report.model or "default"),
        *([("mode", report.mode)] if report.mode else []),
        ("grounding", report.grounding),
        ("fixtures", str(report.stats.fixtures)),
        *([("from", report.fixtures_dir)] if report.fixtures_dir != "(given)" else []),
        ("run", report.created),
    ]
    return "".join(f"<span>{e(k)} <b>{e(v)}</b></span>" for k, v in parts)


def f1_class(f1: float | None) -> str:
    """A heat class for an F1: red below 0.2 through green from 0.85; grey for none."""
    if f1 is None:
        return "hn"
    for bound, css in ((0.2, "h0"), (0.4, "h1"), (0.5, "h2"), (0.6, "h3"), (0.7, "h4")):
        if f1 < bound:
            return css
    return "h5" if f1 < 0.85 else "h6"


def fixture_anchor(fixture_id: str) -> str:
    """The id of a fixture's section in the page."""
    return "fx-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in fixture_id)


def _scores(report: EvalReport) -> str:
    e = escape
    rows = []
    for field, agg in report.strict.items():
        c, ci = agg.micro, agg.interval
        lenient = report.lenient.get(field)
        lenient_f1 = f"{lenient.micro.f1:.3f}" if lenient else "–"
        total = ' class="total"' if field == "all" else ""
        rows.append(
            f"<tr{total}><td>{e(label(field))}</td>"
            f"<td>{c.precision:.3f}{_ci(ci.precision if ci else None)}</td>"
            f"<td>{c.recall:.3f}{_ci(ci.recall if ci else None)}</td>"
            f"<td><b>{c.f1:.3f}</b>{_ci(ci.f1 if ci else None)}</td>"
            f'<td class="wide">{_bar(c.f1, ci.f1 if ci else None)}</td>'
            f'<td class="wide">{agg.macro_f1:.3f}</td><td class="wide">{lenient_f1}</td>'
            f'<td class="wide">{c.tp}</td><td class="wide">{c.fp}</td>'
            f'<td class="wide">{c.fn}</td></tr>'
        )
    drawn = (
        f" Grey ranges and whiskers: {e(str(report.bootstrap))}, over "
        f"{report.stats.fixtures} fixtures; runs whose intervals overlap may not differ."
        if report.bootstrap is not None
        else ""
    )
    return (
        '<section class="block"><div class="pane"><h2>Scores</h2><p class="sub">Micro '
        "precision, recall and F1 over every fixture, strict matching; macro F1 is the mean "
        f"of per-fixture F1; lenient relaxes what a match needs.{drawn}</p>"
        '<table class="grid"><thead><tr><th>field</th><th>precision</th><th>recall</th>'
        '<th>F1</th><th class="wide"></th><th class="wide">macro F1</th>'
        '<th class="wide">lenient F1</th><th class="wide">matched</th>'
        '<th class="wide">extra</th><th class="wide">missed</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _ci(interval: Interval | None) -> str:
    if interval is None:
        return ""
    return f'<span class="ci">{interval.low:.2f}–{interval.high:.2f}</span>'


def _bar(value: float, interval: Interval | None, width: int = 160) -> str:
    """An F1 as a bar with its interval as a whisker, drawn in SVG (attributes, not
    styles, so the page's policy allows it)."""

    def x(v: float) -> int:
        return round(max(0.0, min(1.0, v)) * width)

    whisker = (
        f'<line x1="{x(interval.low)}" y1="6" x2="{x(interval.high)}" y2="6" '
        'stroke="#1b1f24" stroke-width="1.5"></line>'
        f'<line x1="{x(interval.low)}" y1="2" x2="{x(interval.low)}" y2="10" stroke="#1b1f24">'
        f'</line><line x1="{x(interval.high)}" y1="2" x2="{x(interval.high)}" y2="10" '
        'stroke="#1b1f24"></line>'
        if interval is not None
        else ""
    )
    return (
        f'<svg class="bar" width="{width}" height="12" viewBox="0 0 {width} 12" '
        'role="img" aria-hidden="true">'
        f'<rect x="0" y="3" width="{width}" height="6" rx="2" fill="#e7eaee"></rect>'
        f'<rect x="0" y="3" width="{x(value)}" height="6" rx="2" fill="#7fa6e8"></rect>'
        f"{whisker}</svg>"
    )


def _figures(report: EvalReport) -> str:
    e = escape
    s = report.stats
    failed = sum(not r.ok for r in report.runs)
    evidence: dict[str, int] = {}
    for run in report.runs:
        for status, count in run.evidence.items():
            evidence[status] = evidence.get(status, 0) + count
    tiles = [
        ("fixtures", f"{s.fixtures}", f"{failed} failed" if failed else "all ran"),
        ("schema-valid", f"{s.schema_valid_rate:.0%}", "replies that parsed"),
        ("evidence grounded", f"{s.grounded_rate:.1%}", "exact or normalised"),
        ("items removed", f"{s.dropped_items}", "by strict grounding"),
        ("attempts", f"{s.attempts_mean:.2f}", "per article"),
        ("tokens", f"{s.prompt_tokens + s.completion_tokens:,}",
         f"{s.prompt_tokens:,} prompt + {s.completion_tokens:,} completion"),
        ("latency", f"{s.latency_mean_s:.2f} s", f"mean; median {s.latency_p50_s:.2f} s"),
        ("cost", f"${s.cost_usd:.4f}" if s.cost_usd is not None else "–",
         "from the price table" if s.cost_usd is not None else "no price table"),
    ]  # fmt: skip
    if evidence:
        tiles.append(
            ("evidence spans", f"{sum(evidence.values()):,}",
             " · ".join(f"{v} {k}" for k, v in sorted(evidence.items())))
        )  # fmt: skip
    cells = "".join(
        f'<div class="stat"><div class="k">{e(k)}</div><div class="v">{e(v)}</div>'
        f'<div class="k">{e(note)}</div></div>'
        for k, v, note in tiles
    )
    return (
        '<section class="block"><div class="pane"><h2>Run</h2><p class="sub">What the run '
        f'cost and how well its output held together.</p><div class="stats">{cells}</div>'
        "</div></section>"
    )


def _heatmap(report: EvalReport, fields: list[str], fixtures: Mapping[str, Fixture]) -> str:
    e = escape
    head = "".join(f'<th class="sort">{e(label(f))}</th>' for f in fields)
    rows = []
    for run in report.runs:
        fixture = fixtures.get(run.fixture)
        title = fixture.title if fixture else ""
        cells = []
        for field in fields:
            result = run.scores.strict.get(field) if run.scores else None
            cells.append(_cell(result) if run.ok else '<td class="hn" data-v="0">–</td>')
        overall = _overall(run, fields)
        shown_overall = f"{overall:.2f}" if overall is not None else "–"
        status = (
            '<span class="badge good">ok</span>'
            if run.ok
            else f'<span class="badge bad" title="{e(run.error or "")}">failed</span>'
        )
        rows.append(
            f'<tr><td class="l wrap fx"><a href="#{e(fixture_anchor(run.fixture))}">'
            f'{e(title or run.fixture)}</a><span class="id">{e(run.fixture)}</span></td>'
            f"{''.join(cells)}"
            f'<td class="{f1_class(overall)}" data-v="{"" if overall is None else overall}">'
            f'<b>{shown_overall}</b></td><td class="l wide">{status}</td></tr>'
        )
    return (
        '<section class="block"><div class="pane"><h2>Fixtures by field</h2><p class="sub">'
        "Strict F1 per fixture and field: red is weak, green strong, · nothing expected and "
        "nothing predicted. Click a heading to sort; click a fixture to open it below.</p>"
        '<table class="grid heat"><thead><tr><th class="sort l">fixture</th>'
        f'{head}<th class="sort">all</th>'
        f'<th class="sort l wide">status</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        "</div></section>"
    )


def _cell(result: FieldResult | None) -> str:
    if result is None:
        return '<td class="hn" data-v="">–</td>'
    c = result.counts
    if c.tp + c.fp + c.fn == 0:
        return '<td class="hn" data-v="" title="nothing expected, nothing predicted">·</td>'
    tip = f"P {c.precision:.2f} · R {c.recall:.2f} · {c.tp} matched, {c.fp} extra, {c.fn} missed"
    return f'<td class="{f1_class(c.f1)}" data-v="{c.f1}" title="{escape(tip)}">{c.f1:.2f}</td>'


def _overall(run: FixtureRun, fields: list[str]) -> float | None:
    """A fixture's F1 over every field's counts together; None when it did not run."""
    if not run.ok or run.scores is None:
        return None
    strict = run.scores.strict
    return sum((strict[f].counts for f in fields if f in strict), Counts()).f1


def _fixture(run: FixtureRun, fixture: Fixture | None, schema_type: SchemaType, n: int) -> str:
    e = escape
    title = fixture.title if fixture else run.fixture
    fields = list(run.scores.strict) if run.scores else []
    chips = "".join(
        f'<span class="badge {f1_class(run.scores.strict[f].counts.f1)}">'
        f"{e(label(f))} {run.scores.strict[f].counts.f1:.2f}</span>"
        for f in fields
        if run.scores is not None
    )
    head = (
        f'<details class="fixture" id="{e(fixture_anchor(run.fixture))}" data-scope>'
        f'<summary><span class="t">{e(title)}</span><span class="id">{e(run.fixture)}</span>'
        + (chips if run.ok else '<span class="badge bad">failed</span>')
        + "</summary>"
    )
    if not run.ok or run.scores is None or run.result is None or fixture is None:
        reason = run.error or ("no fixture file for this run" if fixture is None else "no result")
        return head + f'<p class="note block">{e(reason)}</p></details>'
    predicted = aligned_prediction(
        schema_type.model.model_validate(run.result["summary"]), fixture.text, schema_type
    )
    matchers = schema_type.matchers()
    kinds = kinds_of(fixture.expected)
    colours = colours_of([*kinds, *(f for f in fields if f not in kinds)])
    gold_items: list[Item] = []
    pred_items: list[Item] = []
    sections = []
    for field, result in run.scores.strict.items():
        gold = _items(field_items(getattr(fixture.expected, field, None), None), field)
        pred = _items(field_items(getattr(predicted, field, None), matchers.get(field)), field)
        gold_items += [i for i in gold if isinstance(i, Item)]
        pred_items += [i for i in pred if isinstance(i, Item)]
        sections.append(_pairs(field, result, gold, pred, colours[field], n))
    spans = ranges(gold_items, colours, _key(f"g{n}"), "gold") + ranges(
        pred_items, colours, _key(f"p{n}"), "pred"
    )
    legend = (
        '<nav class="legend"><button type="button" class="chip plain gold" data-hide="gold" '
        'aria-pressed="true">gold: underlined</button><button type="button" class="chip '
        'plain" data-hide="pred" aria-pressed="true">predicted: shaded</button></nav>'
    )
    return (
        head + '<div class="split"><section class="pane article" aria-label="Article">'
        f"<h2>Article</h2>{legend}"
        f'<div class="text">{marked_text(fixture.text, spans)}</div></section>'
        '<aside class="pane cards pairs" aria-label="Gold and predicted">'
        + "".join(sections)
        + "</aside></div></details>"
    )


def _items(values: Sequence[Any], field: str) -> list[Item | str]:
    """Models as items of the field (their evidence highlighted); plain values as text."""
    return [
        item_of(v, field, i, f"{field}[{i}]") if isinstance(v, BaseModel) else shown(v)
        for i, v in enumerate(values)
    ]


def _pairs(
    field: str,
    result: FieldResult,
    gold: list[Item | str],
    pred: list[Item | str],
    colour: str,
    n: int,
) -> str:
    e = escape
    rows = []
    for p, g, score in sorted(result.matched, key=lambda m: m[1]):
        similarity = Badge(f"similarity {score:.2f}", "good")
        rows.append(
            _row(
                _card(gold[g], field, colour, f"g{n}", [Badge("matched", "good")], "gold"),
                _card(pred[p], field, colour, f"p{n}", [similarity], "predicted"),
            )
        )
    for g in result.missed:
        rows.append(
            _row(
                _card(gold[g], field, colour, f"g{n}", [Badge("missed", "bad")], "gold", "missed"),
                '<div class="gap">not found</div>',
            )
        )
    for p in result.extra:
        extra = Badge("extra", "soft")
        rows.append(
            _row(
                '<div class="gap">no gold item</div>',
                _card(pred[p], field, colour, f"p{n}", [extra], "predicted", "extra"),
            )
        )
    seen = {g for _, g, _ in result.matched} | set(result.missed)
    optional = [g for g in range(len(gold)) if g not in seen]
    for g in optional:
        rows.append(
            _row(
                _card(gold[g], field, colour, f"g{n}", [Badge("optional")], "gold"),
                '<div class="gap">optional: not needed</div>',
            )
        )
    c = result.counts
    empty = "" if rows else '<p class="empty">Nothing expected, nothing predicted.</p>'
    return (
        f'<details class="group {e(colour)}" open><summary><h2><span class="dot"></span>'
        f'{e(label(field))} <span class="n">P {c.precision:.2f} · R {c.recall:.2f} · '
        f"F1 {c.f1:.2f}</span></h2></summary>"
        + ('<div class="cols"><span>gold</span><span>predicted</span></div>' if rows else "")
        + "".join(rows)
        + empty
        + "</details>"
    )


def _row(left: str, right: str) -> str:
    return f'<div class="row">{left}{right}</div>'


def _card(
    item: Item | str,
    field: str,
    colour: str,
    layer: str,
    badges: list[Badge],
    side: str,
    css: str = "",
) -> str:
    style = CardStyle(
        element_id=f"{layer}-{field}-{item.index if isinstance(item, Item) else 0}",
        keys=_key(layer),
        colour=colour,
        badges=badges,
        css=css,
        heading_prefix=f"{side} ",
    )
    if isinstance(item, Item):
        return card(item, style)
    return value_card(field, item, style)


def _key(layer: str) -> Callable[[Cited], str]:
    def key(cited: Cited) -> str:
        return f"{layer}-{cited.evidence.start}-{cited.evidence.end}"

    return key

"""Writing an eval run to a folder: JSON for machines, Markdown and HTML for people.

    runs/NAME/
      scores.json            the whole EvalReport
      fixtures/<id>.json     each fixture's raw model output and parsed result (or error)
      report.md              per-field scores, run figures, per-fixture table
      report.html            the same, self-contained, with matched / missed / extra
                             items side by side for every fixture

Every piece of article text or model output in the HTML is escaped, so an article that
contains markup or script shows as text and runs nothing.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path

from summarise.atomic import write_atomically
from summarise.evaluation.fixtures import Fixture
from summarise.evaluation.runner import EvalReport, FixtureRun
from summarise.evaluation.scoring import field_items
from summarise.schema_types import SchemaType, get_schema_type, shown

__all__ = ["load_run", "write_run"]


def write_run(report: EvalReport, out: str | Path, fixtures: Sequence[Fixture]) -> Path:
    """Write the run folder; returns its path. Each file is written whole or not at all."""
    out = Path(out)
    (out / "fixtures").mkdir(parents=True, exist_ok=True)
    for run in report.runs:
        record = {
            "fixture": run.fixture,
            "ok": run.ok,
            "error": run.error,
            "raw_output": (run.result or {}).get("raw_output"),
            "result": run.result,
        }
        write_atomically(
            out / "fixtures" / f"{_safe(run.fixture)}.json", json.dumps(record, indent=2)
        )
    write_atomically(out / "scores.json", report.model_dump_json(indent=2))
    write_atomically(out / "report.md", markdown(report))
    write_atomically(out / "report.html", render_html(report, {f.id: f for f in fixtures}))
    return out


def load_run(folder: str | Path) -> EvalReport:
    """Read a run folder's scores.json back."""
    return EvalReport.model_validate_json((Path(folder) / "scores.json").read_text())


def markdown(report: EvalReport) -> str:
    s = report.stats
    fields = [f for f in report.strict if f != "all"]
    lines = [
        f"# Eval run `{report.name}`",
        "",
        f"schema `{report.schema_type}` · backend `{report.backend}` · model "
        f"`{report.model}` · mode `{report.mode}` · grounding `{report.grounding}` · "
        f"{s.fixtures} fixtures · {report.created}",
        "",
        "| field | strict P | strict R | strict F1 | macro F1 | lenient F1 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for field, agg in report.strict.items():
        lenient = report.lenient.get(field)
        lines.append(
            f"| {field} | {agg.micro.precision:.3f} | {agg.micro.recall:.3f} | "
            f"{agg.micro.f1:.3f} | {agg.macro_f1:.3f} | "
            f"{lenient.micro.f1 if lenient else 0:.3f} |"
        )
    cost = f"${s.cost_usd:.4f}" if s.cost_usd is not None else "no price table"
    lines += [
        "",
        f"schema-valid {s.schema_valid_rate:.1%} · evidence grounded {s.grounded_rate:.1%} · "
        f"dropped items {s.dropped_items} · attempts {s.attempts_mean:.2f} per article · "
        f"tokens {s.prompt_tokens} prompt + {s.completion_tokens} completion · latency "
        f"{s.latency_mean_s:.2f}s mean, {s.latency_p50_s:.2f}s median · cost {cost}",
        "",
        "| fixture | " + " | ".join(f"{f} F1" for f in fields) + " | status |",
        "| --- | " + " | ".join("---" for _ in fields) + " | --- |",
    ]
    for run in report.runs:
        cells = [
            f"{run.scores.strict[f].counts.f1:.2f}"
            if run.scores and f in run.scores.strict
            else "-"
            for f in fields
        ]
        status = "ok" if run.ok else (run.error or "error").split(":")[0]
        lines.append(f"| {run.fixture} | " + " | ".join(cells) + f" | {status} |")
    return "\n".join(lines) + "\n"


def render_html(report: EvalReport, fixtures: dict[str, Fixture]) -> str:
    e = html.escape
    body = [
        f"<h1>Eval run {e(report.name)}</h1>",
        f"<p>schema {e(report.schema_type)} · backend {e(report.backend)} · model "
        f"{e(str(report.model))} · mode {e(str(report.mode))} · grounding "
        f"{e(report.grounding)}</p>",
        "<h2>Scores</h2>",
        _table(
            ["field", "strict P", "strict R", "strict F1", "macro F1", "lenient F1"],
            [
                [
                    field,
                    f"{agg.micro.precision:.3f}",
                    f"{agg.micro.recall:.3f}",
                    f"{agg.micro.f1:.3f}",
                    f"{agg.macro_f1:.3f}",
                    f"{report.lenient[field].micro.f1:.3f}" if field in report.lenient else "-",
                ]
                for field, agg in report.strict.items()
            ],
        ),
        f"<pre>{e(json.dumps(report.stats.model_dump(), indent=2))}</pre>",
        "<h2>Fixtures</h2>",
    ]
    schema_type = get_schema_type(report.schema_type)
    for run in report.runs:
        body.append(_fixture_section(run, fixtures.get(run.fixture), schema_type))
    return _PAGE.format(title=e(f"Eval run {report.name}"), body="\n".join(body))


def _fixture_section(run: FixtureRun, fixture: Fixture | None, schema_type: SchemaType) -> str:
    e = html.escape
    title = e(fixture.title if fixture else run.fixture)
    parts = [f"<details><summary>{e(run.fixture)}: {title}</summary>"]
    if not run.ok or run.scores is None or run.result is None:
        parts.append(f"<p class=error>{e(run.error or 'no result')}</p></details>")
        return "".join(parts)
    predicted = schema_type.model.model_validate(run.result["summary"])
    matchers = schema_type.matchers()
    for field, result in run.scores.strict.items():
        # Indexed as the scoring indexed them: only the predictions the matcher scores.
        pred_items = field_items(getattr(predicted, field, None), matchers.get(field))
        gold_items = field_items(getattr(fixture.expected, field, None) if fixture else [], None)
        rows = [
            ["matched", shown(gold_items[g]), shown(pred_items[p]), f"{score:.2f}"]
            for p, g, score in result.matched
        ]
        rows += [["missed", shown(gold_items[g]), "", ""] for g in result.missed]
        rows += [["extra", "", shown(pred_items[p]), ""] for p in result.extra]
        c = result.counts
        parts.append(f"<h3>{e(field)}: P {c.precision:.2f} R {c.recall:.2f} F1 {c.f1:.2f}</h3>")
        parts.append(_table(["", "gold", "predicted", "similarity"], rows))
    parts.append("</details>")
    return "".join(parts)


def _table(header: list[str], rows: list[list[str]]) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:120]


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em; max-width: 1200px; }}
table {{ border-collapse: collapse; margin: .5em 0 1em; }}
td, th {{ border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; text-align: left; }}
th {{ background: #f3f3f3; }} .error {{ color: #b00; }} details {{ margin: .4em 0; }}
</style></head>
<body>
{body}
</body></html>
"""

"""Writing an eval run to a folder: JSON for machines, Markdown and HTML for people.

    runs/NAME/
      scores.json            the whole EvalReport
      fixtures/<id>.json     each fixture's raw model output and parsed result (or error)
      report.md              per-field scores with 95 % intervals, run figures,
                             per-fixture table
      report.html            the same, self-contained, with matched / missed / extra
                             items side by side for every fixture

Every piece of article text or model output in the HTML is escaped, so an article that
contains markup or script shows as text and runs nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from summarise.atomic import write_atomically
from summarise.evaluation.fixtures import Fixture
from summarise.evaluation.report_html import report_page
from summarise.evaluation.runner import EvalReport
from summarise.schema_types import get_schema_type

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
        "| field | strict P | strict R | strict F1 | F1 95% CI | macro F1 | lenient F1 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for field, agg in report.strict.items():
        lenient = report.lenient.get(field)
        lines.append(
            f"| {field} | {agg.micro.precision:.3f} | {agg.micro.recall:.3f} | "
            f"{agg.micro.f1:.3f} | {agg.interval.f1 if agg.interval else '-'} | "
            f"{agg.macro_f1:.3f} | {lenient.micro.f1 if lenient else 0:.3f} |"
        )
    cost = f"${s.cost_usd:.4f}" if s.cost_usd is not None else "no price table"
    if report.bootstrap is not None:
        lines += ["", f"{report.bootstrap} ({s.fixtures} fixtures)."]
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
    """The run's page (see :mod:`summarise.evaluation.report_html`)."""
    return report_page(report, fixtures, get_schema_type(report.schema_type))


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:120]

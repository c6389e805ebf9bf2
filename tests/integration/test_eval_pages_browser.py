"""The eval report and the compare page in real headless Chromium, for the offline run
over the news fixtures and a perturbed run of the same replies: they load clean, colour
and sort the fixtures, highlight gold and predicted evidence, say what changed and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from summarise.cli import main
from summarise.evaluation import EvalReport, load_fixtures, run_eval, write_run
from summarise.evaluation.report_html import fixture_anchor
from summarise.view.items import items_of
from tests.browser import loaded, shoot
from tests.conftest import REPO
from tests.view_results import perturbed_backend

pytestmark = pytest.mark.integration

FIXTURES = REPO / "evals" / "fixtures" / "news"
FIELDS = ["actors", "claims", "figures", "contested_points"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("runs")
    fixtures = load_fixtures(FIXTURES)
    offline = run_eval(fixtures=fixtures, backend="offline", name="offline")
    write_run(offline, folder / "offline", fixtures)
    texts = {f.id: f.text for f in fixtures}
    recorded = {texts[r.fixture]: r.result["summary"] for r in offline.runs if r.result}
    worse = run_eval(fixtures=fixtures, backend=perturbed_backend(recorded), name="perturbed")
    write_run(worse, folder / "perturbed", fixtures)
    return {"folder": folder, "fixtures": fixtures, "offline": offline, "perturbed": worse}


def test_the_report_loads_clean_with_scores_intervals_and_a_heat_table(
    browser: Browser, runs: dict[str, Any]
) -> None:
    report: EvalReport = runs["offline"]
    view = loaded(browser, runs["folder"] / "offline" / "report.html")
    assert view.errors == []
    page = view.page
    # every field and "all", each with its F1 interval
    assert page.locator("table.grid").first.locator("tbody tr").count() == len(FIELDS) + 1
    f1 = report.strict["claims"].interval
    assert f1 is not None
    assert f"{f1.f1.low:.2f}–{f1.f1.high:.2f}" in (
        page.locator("table.grid").first.text_content() or ""
    )
    assert "1000 resamples, seed 0" in (page.locator(".block .sub").first.text_content() or "")
    assert "None" not in (page.locator("header.top").text_content() or "")  # no "mode None"
    heat = page.locator("table.heat")
    assert heat.locator("tbody tr").count() == len(report.runs)
    # sorting by claims puts the weakest first
    heat.locator("th", has_text="claims").click()
    values = heat.locator("tbody tr td:nth-child(3)").evaluate_all(
        "cells => cells.map(c => c.dataset.v).filter(v => v !== '').map(Number)"
    )
    assert values == sorted(values)
    assert values[0] < values[-1]
    heat.locator("th", has_text="claims").click()
    descending = heat.locator("tbody tr td:nth-child(3)").evaluate_all(
        "cells => cells.map(c => c.dataset.v).filter(v => v !== '').map(Number)"
    )
    assert descending == sorted(values, reverse=True)


def test_a_fixture_opens_with_gold_and_predicted_evidence_on_its_article(
    browser: Browser, runs: dict[str, Any]
) -> None:
    report: EvalReport = runs["offline"]
    fixture = next(
        f for f in runs["fixtures"] if f.id == "wikinews-cisco-sues-apple-for-iphone-trademark"
    )
    run = next(r for r in report.runs if r.fixture == fixture.id)
    view = loaded(browser, runs["folder"] / "offline" / "report.html")
    page = view.page
    section = page.locator(f"#{fixture_anchor(fixture.id)}")
    assert section.get_attribute("open") is None
    page.locator(f'a[href="#{fixture_anchor(fixture.id)}"]').click()
    assert section.get_attribute("open") is not None
    n = [r.fixture for r in report.runs].index(fixture.id)
    gold = {
        (c.evidence.start, c.evidence.end)
        for item in items_of(fixture.expected)
        if item.kind in FIELDS
        for c in item.all_evidence()
        if c.aligned
    }
    drawn_gold = set(section.locator("mark.gold").evaluate_all("ms => ms.map(m => m.dataset.r)"))
    assert drawn_gold == {f"g{n}-{s}-{e}" for s, e in gold}
    # one card per gold item and per scored prediction, each row a match, miss or extra
    result = run.scores.strict["actors"]
    actors = section.locator("details.group", has_text="actors")
    assert actors.locator(".badge", has_text="similarity").count() == len(result.matched)
    assert actors.locator(".card.missed").count() == len(result.missed)
    assert actors.locator(".card.extra").count() == len(result.extra)
    # clicking a gold card marks its gold spans
    card = actors.locator(".card", has_text="gold actor").first
    keys = set((card.get_attribute("data-r") or "").split())
    card.click()
    assert set(page.eval_on_selector_all("mark.ev.on", "ms => ms.map(m => m.dataset.r)")) == keys
    assert all(k.startswith(f"g{n}-") for k in keys)
    assert view.errors == []


def test_the_compare_page_gives_verdicts_and_the_items_that_changed(
    browser: Browser, runs: dict[str, Any], tmp_path: Path
) -> None:
    folder = runs["folder"]
    page_path = tmp_path / "compare.html"
    argv = ["eval", "compare", str(folder / "offline"), str(folder / "perturbed")]
    assert main([*argv, "--html", str(page_path), "--fixtures", str(FIXTURES)]) == 0
    view = loaded(browser, page_path)
    assert view.errors == []
    page = view.page
    verdicts = page.locator(".verdict").all_text_contents()
    assert len(verdicts) == len(FIELDS) + 1
    assert set(verdicts) <= {"better", "worse", "no detectable difference"}
    claims_row = page.locator("table.grid").first.locator("tr", has_text="claims")
    assert "worse" in (claims_row.text_content() or "")  # two claims gone from every third
    # the first fixture lost its last two claims: named as now missed
    first = runs["fixtures"][0]
    offline_run = next(r for r in runs["offline"].runs if r.fixture == first.id)
    lost = {g for _, g, _ in offline_run.scores.strict["claims"].matched} - {
        g
        for r in runs["perturbed"].runs
        if r.fixture == first.id
        for _, g, _ in r.scores.strict["claims"].matched
    }
    assert lost  # two claims were left out of its reply
    section = page.locator(f"#{fixture_anchor(first.id)}")
    page.locator(f'a[href="#{fixture_anchor(first.id)}"]').click()
    missed = section.locator("li", has_text="now missed").all_text_contents()
    assert len(missed) == len(lost)
    for g in lost:
        assert any(first.expected.claims[g].speaker in line for line in missed)
    # a fixture nothing happened to has no section
    untouched = [
        r.fixture
        for r in runs["offline"].runs
        if r.scores
        and all(
            r.scores.strict[f].counts.f1
            == next(p for p in runs["perturbed"].runs if p.fixture == r.fixture)
            .scores.strict[f]
            .counts.f1
            for f in FIELDS
        )
    ]
    assert untouched
    for fixture_id in untouched:
        assert page.locator(f"#{fixture_anchor(fixture_id)}").count() == 0


def test_screenshots_of_the_report_and_the_compare_page(
    browser: Browser, runs: dict[str, Any], tmp_path: Path, screenshots: Path
) -> None:
    folder = runs["folder"]
    compare = tmp_path / "compare.html"
    argv = ["eval", "compare", str(folder / "offline"), str(folder / "perturbed")]
    assert main([*argv, "--html", str(compare), "--fixtures", str(FIXTURES)]) == 0
    shots = shoot(browser, folder / "offline" / "report.html", screenshots, "eval-report")
    shots += shoot(browser, compare, screenshots, "eval-compare")
    assert all(s.stat().st_size > 10_000 for s in shots)

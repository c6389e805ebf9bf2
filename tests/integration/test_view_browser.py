"""The summary page in real headless Chromium: it loads clean, highlights every aligned
evidence span, answers clicks and hovers, and runs nothing from the article or the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from summarise import Summariser
from summarise.view.items import items_of
from tests.browser import PHONE, loaded, shoot
from tests.view_results import (
    example_text,
    hostile_article,
    hostile_reply,
    summarised,
    varied_reply,
)

pytestmark = pytest.mark.integration


def written(result: Any, folder: Path, name: str = "page.html") -> Path:
    path = folder / name
    path.write_text(result.to_html(), encoding="utf-8")
    return path


def aligned_ranges(result: Any) -> set[tuple[int, int]]:
    return {
        (c.evidence.start, c.evidence.end)
        for item in items_of(result.summary)
        for c in item.all_evidence()
        if c.aligned
    }


# Per range key: its text as drawn (pieces joined) and the citing cards' ids.
DRAWN = """() => {
  const text = {};
  const walk = (node, keys) => {
    for (const n of node.childNodes) {
      if (n.nodeType === 3) { for (const k of keys) { text[k] = (text[k] || '') + n.data; } }
      else if (n.matches && n.matches('mark.ev')) { walk(n, [...keys, n.dataset.r]); }
      else { walk(n, keys); }
    }
  };
  walk(document.querySelector('.text'), []);
  return text;
}"""


@pytest.fixture(scope="module")
def offline_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    text = example_text()
    with Summariser(backend="offline") as summariser:
        result = summariser.summarise(text)
    return result, written(result, tmp_path_factory.mktemp("offline"))


def test_the_offline_summary_loads_clean_and_highlights_every_aligned_span(
    browser: Browser, offline_page: tuple[Any, Path]
) -> None:
    result, path = offline_page
    view = loaded(browser, path)
    text = example_text()
    drawn: dict[str, str] = view.page.evaluate(DRAWN)
    ranges = aligned_ranges(result)
    assert len(ranges) > 20  # the offline reader cites plenty
    assert len(drawn) == len(ranges)  # one highlighted span per distinct aligned span
    for start, end in ranges:
        assert drawn[f"r{start}-{end}"] == text[start:end]  # the right words, whole
    assert view.page.locator(".text").text_content() == text  # nothing lost or added
    assert view.errors == []
    assert view.requests == [path.as_uri()]  # nothing fetched but the page itself


def test_clicking_a_card_marks_its_spans_and_only_those(
    browser: Browser, offline_page: tuple[Any, Path]
) -> None:
    result, path = offline_page
    view = loaded(browser, path)
    claim = result.summary.claims[-1]
    keys = {f"r{e.start}-{e.end}" for e in claim.evidence}
    card = view.page.locator(f"#c-claims-{len(result.summary.claims) - 1}")
    assert view.page.locator("mark.ev.on").count() == 0
    card.click()
    marked = set(view.page.eval_on_selector_all("mark.ev.on", "ms => ms.map(m => m.dataset.r)"))
    assert marked == keys
    assert "sel" in (card.get_attribute("class") or "")
    first = view.page.locator("mark.ev.on").first
    first.wait_for(state="visible")
    box = first.bounding_box()
    assert box is not None
    assert 0 <= box["y"] <= 860  # scrolled into view
    # another card moves the marks
    view.page.locator("#c-actors-0").click()
    assert set(view.page.eval_on_selector_all("mark.ev.on", "ms => ms.map(m => m.dataset.r)"))
    assert not keys & set(
        view.page.eval_on_selector_all("mark.ev.on", "ms => ms.map(m => m.dataset.r)")
    ) - {f"r{e.start}-{e.end}" for e in result.summary.actors[0].evidence}


def test_hovering_a_span_names_the_items_citing_it(browser: Browser, tmp_path: Path) -> None:
    result = summarised(varied_reply(), example_text(), grounding="flag")
    view = loaded(browser, written(result, tmp_path))
    tip = view.page.locator("#tip")
    assert tip.is_hidden()
    position = result.summary.contested_points[0].positions[0]
    key = f"r{position.evidence[0].start}-{position.evidence[0].end}"
    view.page.locator(f'mark.ev[data-r="{key}"]').first.hover()
    assert tip.is_visible()
    said = tip.text_content() or ""
    assert "contested point: Whether Russia stands with the West's enemies · Kasra Aarabi" in said
    assert "claim: Kasra Aarabi" in said  # the claim cites the same words
    assert "Vladimir Putin" not in said
    view.page.mouse.move(1, 1)
    assert tip.is_hidden()


def test_rough_and_missing_evidence_and_removed_items_are_said(
    browser: Browser, tmp_path: Path
) -> None:
    flagged = summarised(varied_reply(), example_text(), grounding="flag")
    view = loaded(browser, written(flagged, tmp_path, "flag.html"))
    assert view.page.locator("mark.ev.fuzzy").count() == 1
    boris = view.page.locator("#c-actors-2")
    assert "flagged" in (boris.text_content() or "")
    assert "not found in the article" in (boris.text_content() or "")
    fuzzy = flagged.summary.claims[1].evidence[0]
    assert fuzzy.status == "fuzzy"
    assert (
        view.page.locator("mark.ev.fuzzy").first.text_content()
        == (example_text()[fuzzy.start : fuzzy.end])
    )
    assert "fuzzy" in (view.page.locator("#c-claims-1").text_content() or "")
    strict = summarised(varied_reply(), example_text(), grounding="strict")
    view = loaded(browser, written(strict, tmp_path, "strict.html"))
    removed = view.page.locator("details.dropped")
    assert "Boris Johnson" in (removed.text_content() or "")
    assert "is not written in the article" in (removed.text_content() or "")
    assert view.page.locator("#c-actors-2").count() == 0  # removed, so no card
    assert view.errors == []


def test_an_article_full_of_markup_runs_nothing(browser: Browser, tmp_path: Path) -> None:
    text = hostile_article()
    result = summarised(hostile_reply(), text)
    page = written(result, tmp_path)
    html = page.read_text(encoding="utf-8")
    # with the policy and without it: escaping alone must hold
    start = html.index('<meta http-equiv="Content-Security-Policy"')
    bare = tmp_path / "no-csp.html"
    bare.write_text(html[:start] + html[html.index(">", start) + 1 :], encoding="utf-8")
    for path in (page, bare):
        view = loaded(browser, path)
        assert view.page.title().startswith("Summary:")
        assert view.page.title() != "PWNED"
        assert view.page.locator("img").count() == 0
        assert view.page.locator("a[href^='javascript']").count() == 0
        assert view.page.locator("script").count() == 1  # the page's own
        assert view.dialogs == []
        assert view.errors == []
        drawn = view.page.locator(".text").text_content() or ""
        assert drawn == text  # the markup shows as text, exactly
        view.page.locator("#c-claims-0").click()
        assert view.page.locator("mark.ev.on").count() >= 2  # the script still works
        assert view.page.title() != "PWNED"


def test_screenshots_at_a_laptop_and_a_phone_width(
    browser: Browser, offline_page: tuple[Any, Path], tmp_path: Path, screenshots: Path
) -> None:
    _, path = offline_page
    shots = shoot(browser, path, screenshots, "summary-offline")
    varied = written(summarised(varied_reply(), example_text(), grounding="flag"), tmp_path)
    shots += shoot(browser, varied, screenshots, "summary-varied")
    assert all(s.stat().st_size > 10_000 for s in shots)
    phone = loaded(browser, path, PHONE)
    # on a phone the summary comes first, folded by kind, then the article
    assert phone.page.locator(".cards details.group[open]").count() == 0
    cards = phone.page.locator(".cards").bounding_box()
    article = phone.page.locator(".article").bounding_box()
    assert cards is not None
    assert article is not None
    assert cards["y"] < article["y"]

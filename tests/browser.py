"""Pages in real headless Chromium (Debian's package), driven by Playwright.

``loaded(browser, path, width)`` opens a page at a window width and collects every
console error, uncaught exception and Content-Security-Policy violation it reports, so
a test can assert there were none. Screenshots go to ``--screenshots DIR`` when given,
else to the test's own folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

LAPTOP = 1280
PHONE = 390


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("chromium is not installed; run `make browser` (Debian's chromium).")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture
def screenshots(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Where screenshots go: ``--screenshots DIR``, else the test's folder."""
    chosen = request.config.getoption("--screenshots")
    folder = Path(chosen).resolve() if chosen else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Loaded:
    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def loaded(browser: Browser, path: Path, width: int = LAPTOP, height: int = 860) -> Loaded:
    """``path`` opened at ``width``; what it logged, asked for and popped up is kept."""
    # Reduced motion: scrolling is instant, so a test sees where a click leads at once.
    page = browser.new_page(viewport={"width": width, "height": height}, reduced_motion="reduce")
    result = Loaded(page)
    page.on("console", lambda m: result.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: result.errors.append(str(e)))
    page.on("request", lambda r: result.requests.append(r.url))
    page.on("dialog", lambda d: (result.dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return result


def shoot(browser: Browser, path: Path, folder: Path, name: str) -> list[Path]:
    """Whole-page screenshots at a laptop's and a phone's width; each load must be clean
    and the page no wider than its window."""
    shots = []
    for width in (LAPTOP, PHONE):
        view = loaded(browser, path, width)
        assert view.errors == [], f"{name} at {width}px: {view.errors}"
        overflow = view.page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{name} at {width}px is {overflow}px wide"
        shot = folder / f"{name}-{width}.png"
        view.page.screenshot(path=str(shot), full_page=True)
        shots.append(shot)
        view.page.close()
    return shots

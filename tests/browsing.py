"""Helpers for the tests that drive the app in Debian's headless Chromium (test_browser.py,
test_deploy.py, test_live_data.py, test_read_only.py) and that need a free port: where Chromium
is, where screenshots go, the pages and their charts, and waiting until a page is drawn."""

import socket

from playwright.sync_api import expect

from dashboard.paths import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
PAGES = {  # url path → (title, number of charts drawn)
    "overview": ("SPT visits at a glance", 4),
    "visits": ("Visits", 5),
    "places": ("Places of detention", 3),
    "reports": ("Reports", 4),
    "country-profile?state=FRA": ("Country profile", 0),
    "country-profile?state=ARM": ("Country profile", 0),
    "compare?state=BRA&state=MEX": ("Compare States parties", 4),
    "recommendations": ("What the SPT recommends", 3),
    "data-method": ("Data & method", 0),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_app(page, url: str | None, charts: int = 0, title: str | None = None) -> None:
    """Open url (or stay on the current page) and wait until the page is drawn; with `title`,
    until that page is drawn (after a click the previous page stays on screen a moment)."""
    if url:
        page.goto(url)
    if title:
        expect(page.locator("h1").first).to_have_text(title, timeout=60_000)
    expect(page.locator("h1").first).to_be_visible(timeout=60_000)
    if charts:
        drawn = page.locator(".vega-embed canvas, .vega-embed svg.marks")
        try:
            expect(drawn).to_have_count(charts, timeout=60_000)
        except AssertionError:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=ARTIFACTS / "failed.png", full_page=True)
            raise
    # Wait until the script has finished running.
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def headline(page) -> dict[str, str]:
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    return dict(zip([t.strip() for t in labels], [v.strip() for v in values], strict=True))

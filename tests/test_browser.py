"""End to end: `opcat-dashboard serve` on the real data, driven in Debian's headless Chromium by
Playwright. No network: Chromium is told not to fetch anything, the app fetches nothing."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from dashboard import figures
from dashboard.filters import Filters
from dashboard.paths import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
PAGES = {  # url path → (title, number of charts drawn)
    "overview": ("SPT visits at a glance", 4),
    "visits": ("Visits", 4),
    "places": ("Places of detention", 3),
    "reports": ("Reports", 4),
    "recommendations": ("What the SPT recommends", 3),
    "country-profile": ("Country profile", 0),
    "data-method": ("Data & method", 0),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app served on a free port from a fresh database built by `serve` itself."""
    db = tmp_path_factory.mktemp("served") / "opcat.duckdb"
    port = _free_port()
    env = {**os.environ, "OPCAT_DB": str(db)}
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / "serve.log").open("w")  # a file, never a pipe nobody reads
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "serve", "--port", str(port), "--db", str(db)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("the app did not start")
        assert db.exists(), "serve builds the database when it is missing"
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser():
    assert shutil.which(CHROMIUM), "Debian's chromium is needed (apt-get install chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def open_app(page, url: str | None, charts: int = 0) -> None:
    """Open url (or stay on the current page) and wait until the page is drawn."""
    if url:
        page.goto(url)
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


def expected(con, filters: Filters) -> dict[str, str]:
    h = figures.headline(con, filters)
    return {
        "Visits": str(h.visits),
        "States visited": str(h.states_visited),
        "States never visited": str(h.states_never_visited),
        "Reports published": figures.share(h.share_published),
        "Median months to publish": figures.months(h.median_months),
    }


DEFAULT = {
    "Visits": "104",
    "States visited": "73",
    "States never visited": "23",
    "Reports published": "87%",
    "Median months to publish": "21.8",
}


def test_every_page_renders(server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    for path, (title, charts) in PAGES.items():
        open_app(page, f"{server}/{path}" if path != "overview" else server, charts)
        expect(page.locator("h1").first).to_have_text(title)
        page.screenshot(path=ARTIFACTS / f"{path}.png", full_page=True)


def test_overview_headline_figures(server, page, con):
    open_app(page, server, charts=4)
    assert headline(page) == expected(con, Filters()) == DEFAULT
    page.screenshot(path=ARTIFACTS / "overview-top.png")
    if os.environ.get("OPCAT_UPDATE_SCREENSHOT"):  # refresh the README's picture on purpose
        page.screenshot(path=ROOT / "docs" / "overview.png")


def test_link_with_filters_changes_the_figures(server, page, con):
    open_app(page, f"{server}/?region=African&from=2016&to=2026", charts=4)
    figures_shown = headline(page)
    assert figures_shown == expected(con, Filters(year_from=2016, year_to=2026, region="African"))
    assert figures_shown["Visits"] == "19"
    assert figures_shown != DEFAULT
    assert "region=African" in page.url and "from=2016" in page.url
    page.screenshot(path=ARTIFACTS / "overview-african.png", full_page=True)


def test_filters_survive_a_page_change(server, page):
    open_app(page, f"{server}/?region=African&from=2016&to=2026", charts=4)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Reports").click()
    expect(page.locator("h1").first).to_have_text("Reports", timeout=60_000)
    open_app(page, None, charts=4)
    expect(page).to_have_url(re.compile(r"/reports\?.*region=African"))
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_text("Filters: 2016–2026, African Group.").count() == 1


def test_hostile_url_warns_and_shows_the_default(server, page):
    open_app(page, f"{server}/?region=%27%3BDROP%20TABLE%20visits--&from=abc", charts=4)
    warnings = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warnings).to_have_count(2)
    text = " ".join(warnings.all_inner_texts())
    assert 'Ignored region="\';DROP TABLE visits--"' in text
    assert "Ignored from='abc': a year has four digits." in text
    assert headline(page) == DEFAULT
    page.screenshot(path=ARTIFACTS / "overview-hostile.png", full_page=True)


def test_country_profile_from_a_link(server, page):
    open_app(page, f"{server}/country-profile?state=RWA")
    expect(page.get_by_text("date unknown (2017-10), ended 2017-10-20")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "country-rwa.png", full_page=True)


def test_embed_shows_one_chart_alone(server, page):
    page.goto(f"{server}/?embed=true&chart=visits-per-year&region=African")
    expect(page.locator(".vega-embed canvas, .vega-embed svg.marks")).to_have_count(
        1, timeout=60_000
    )
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=60_000)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
    expect(page.get_by_text("African Group").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / "embed.png", full_page=True)


def test_export_menu_downloads_a_chart(server, page):
    open_app(page, f"{server}/visits?region=African", charts=4)
    menus = page.get_by_role("button", name="Export")
    expect(menus).to_have_count(4)
    menus.first.click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="SVG image").first.click()
    assert download.value.suggested_filename == "visits-per-year_region-african.svg"
    svg = Path(download.value.path()).read_text()
    assert svg.startswith("<svg") and "SPT visits per year" in svg


REPORT_LINKS = 'a[href^="https://undocs.org/CAT/OP/"]'  # one per recommendation listed


def test_recommendations_by_theme_each_linked_to_report_and_visit(server, page):
    open_app(page, f"{server}/recommendations?theme=npm-independence", charts=3)
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name="24 recommendations")).to_be_visible()
    expect(main.locator(REPORT_LINKS)).to_have_count(24)
    visits = main.locator('a[href*="country-profile?state="]')
    expect(visits).to_have_count(24)
    href = visits.first.get_attribute("href")
    assert re.search(r"country-profile\?state=[A-Z]{3}#[a-z]{3}-\d{4}-\d{2}$", href)
    page.screenshot(path=ARTIFACTS / "recommendations-theme.png", full_page=True)
    # The visit link opens the State's profile at that visit (same tab when opened directly).
    page.goto(f"{server}/{href}")
    open_app(page, None, charts=1)
    visit_id = href.rsplit("#", 1)[1].upper()
    expect(page.get_by_role("heading", name=visit_id)).to_be_visible()


def test_search_box_ranks_police_custody_first(server, page):
    open_app(page, f"{server}/recommendations", charts=3)
    box = page.get_by_role("textbox", name="Search the recommendations")
    box.fill("police custody")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/recommendations\?q=police\+custody"), timeout=60_000)
    open_app(page, None, charts=3)
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name="5 recommendations")).to_be_visible()
    expect(main.locator(REPORT_LINKS)).to_have_count(5)
    first = main.locator('[data-testid="stMarkdownContainer"]:has(a[href^="https://undocs.org/"])')
    expect(first.first).to_contain_text("Build human rights oversight into the National Police")
    page.screenshot(path=ARTIFACTS / "recommendations-search.png", full_page=True)


def test_kazakhstan_profile_shows_its_recommendations(server, page):
    open_app(page, f"{server}/country-profile?state=KAZ", charts=1)
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name="Recommendations on record, by theme")).to_be_visible()
    caption = main.locator("p", has_text="2 recommendations from 1 report counted")
    expect(caption).to_have_count(1)
    page.screenshot(path=ARTIFACTS / "country-kaz.png", full_page=True)

"""End to end: `opcat-dashboard serve` on the real data, driven in Debian's headless Chromium by
Playwright. No network: Chromium is told not to fetch anything, the app fetches nothing."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from dashboard.paths import ROOT
from dashboard.query import figures
from dashboard.query.filters import Filters
from tests.browsing import ARTIFACTS, CHROMIUM, PAGES, free_port, headline, open_app


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app served on a free port from a fresh database built by `serve` itself."""
    db = tmp_path_factory.mktemp("served") / "opcat.duckdb"
    port = free_port()
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


def expected(con, filters: Filters) -> dict[str, str]:
    h = figures.headline(con, filters)
    return {
        "Visits": str(h.visits),
        "States visited": f"{h.states_visited} of {h.states_parties}",
        h.not_visited_label: str(h.states_not_visited),
        "Visits with a public report": f"{h.visits_published} of {h.visits}",
        "Median months to publish": figures.months(h.median_months),
    }


DEFAULT = {
    "Visits": "102",
    "States visited": "73 of 96",
    "States never visited": "23",
    "Visits with a public report": "64 of 102",
    "Median months to publish": "20.6",
}


def screenshot(page, name: str) -> None:
    """The whole page (Streamlit scrolls inside its main block, so the window is made as tall
    as the content first)."""
    width = page.viewport_size["width"]
    page.wait_for_timeout(1500)  # metrics and tables draw after the script has finished
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('section, div')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": width, "height": min(max(height, 800), 12000)})
    page.wait_for_timeout(1000)
    page.screenshot(path=ARTIFACTS / f"{name}-{width}.png")
    page.set_viewport_size({"width": width, "height": 1000})


def file_name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


PHONE_PAGES = (
    "overview",
    "visits",
    "reports",
    "compare?state=BRA&state=MEX",
    "country-profile?state=FRA",
    "country-profile?state=ARM",
    "places",
)


@pytest.mark.parametrize("width", [1400, 390])
def test_every_page_renders(server, browser, width):
    """Every page at desktop width, the main ones at phone width; screenshots saved."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    for path, (title, charts) in PAGES.items():
        if width < 1000 and path not in PHONE_PAGES:
            continue
        open_app(page, f"{server}/{path}" if path != "overview" else server, charts)
        expect(page.locator("h1").first).to_have_text(title)
        screenshot(page, file_name(path))
    context.close()


def test_overview_headline_figures(server, page, con):
    open_app(page, server, charts=4)
    assert headline(page) == expected(con, Filters()) == DEFAULT
    expect(
        page.get_by_text(
            "64 of 102 visits have a public report (63%) · 7 not public · 2 with no report · "
            "29 status unknown"
        )
    ).to_be_visible()
    page.screenshot(path=ARTIFACTS / "overview-top.png")
    if os.environ.get("OPCAT_UPDATE_SCREENSHOT"):  # refresh the README's picture on purpose
        page.screenshot(path=ROOT / "docs" / "overview.png")


def test_link_with_filters_changes_the_figures(server, page, con):
    open_app(page, f"{server}/?region=African&from_year=2016&to_year=2026", charts=4)
    figures_shown = headline(page)
    assert figures_shown == expected(con, Filters(from_year=2016, to_year=2026, region="African"))
    assert figures_shown["Visits"] == "19"
    assert figures_shown != DEFAULT
    assert "region=African" in page.url and "from_year=2016" in page.url
    page.screenshot(path=ARTIFACTS / "overview-african.png", full_page=True)


def test_filters_survive_a_page_change(server, page):
    open_app(page, f"{server}/?region=African&from_year=2016&to_year=2026", charts=4)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Reports").click()
    expect(page.locator("h1").first).to_have_text("Reports", timeout=60_000)
    open_app(page, None, charts=4)
    expect(page).to_have_url(re.compile(r"/reports\?.*region=African"))
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_text("Filters: 2016–2026, African Group.").count() == 1


def test_hostile_url_warns_and_shows_the_default(server, page):
    open_app(page, f"{server}/?region=%27%3BDROP%20TABLE%20visits--&from_year=abc", charts=4)
    warnings = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warnings).to_have_count(2)
    text = " ".join(warnings.all_inner_texts())
    assert 'Ignored region="\';DROP TABLE visits--"' in text
    assert "Ignored from_year='abc': a year has four digits." in text
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
    open_app(page, f"{server}/visits?region=African", charts=5)
    menus = page.get_by_role("button", name="Export")
    expect(menus).to_have_count(5)
    menus.first.click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="SVG image").first.click()
    assert download.value.suggested_filename == "visits-per-year_region-african.svg"
    svg = Path(download.value.path()).read_text()
    assert svg.startswith("<svg") and "SPT visits per year" in svg


def test_share_link_carries_the_address_the_app_is_served_at(server, page):
    """`serve` on a free port (not 8501): the link to copy names that port and opens the view."""
    open_app(page, f"{server}/reports?visit_type=regular", charts=4)
    page.get_by_text("Share or cite this view").click()
    code = page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').first
    expect(code).to_be_visible()
    link = code.inner_text().strip()
    assert link == f"{server}/reports?visit_type=regular"
    open_app(page, link, charts=4)
    expect(page.locator("h1").first).to_have_text("Reports")


def test_not_visited_in_the_years_is_not_never_visited(server, page):
    open_app(page, f"{server}/visits?from_year=2016&region=African", charts=5)
    main = page.locator('[data-testid="stMain"]')
    expect(
        main.get_by_text("Visited before, but not visited in 2016–2026 (3): Mali, Mauritius, Togo.")
    ).to_be_visible()
    never = main.get_by_text("Never visited (5):").inner_text()
    assert "Mali" not in never


def test_compare_shows_both_states(server, page):
    open_app(page, f"{server}/compare?state=BRA&state=MEX", charts=4)
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name="Side by side")).to_be_visible()
    table = main.locator('[data-testid="stDataFrame"]').first
    expect(table).to_be_visible()
    assert "state=BRA&state=MEX" in page.url
    page.screenshot(path=ARTIFACTS / "compare-bra-mex.png")


def test_a_year_after_the_data_warns_and_shows_the_default(server, page):
    open_app(page, f"{server}/?from_year=2030", charts=4)
    warnings = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warnings).to_have_text(
        "Ignored from_year='2030': the visits on record run from 2007 to 2026. "
        "Showing the default instead."
    )
    assert headline(page) == DEFAULT


def test_markdown_in_the_url_is_shown_as_text(server, page):
    open_app(page, f"{server}/?from_year=[x](http://example.org)&region=<b>bold</b>", charts=4)
    warnings = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warnings).to_have_count(2)
    # Reads as the text typed (an invisible word joiner keeps "://" from becoming a link).
    text = " ".join(warnings.all_inner_texts()).replace("\u2060", "")
    assert "Ignored from_year='[x](http://example.org)'" in text
    assert "Ignored region='<b>bold</b>'" in text
    assert warnings.locator("a, img, b").count() == 0


HOSTILE_PATHS = [  # each gave a blank page, a bare error or a traceback before
    "/a/b/c/d",
    "//reports",
    "/%C3%BCber/%2e%2e",
    "/" + "a" * 3000,
    "/?" + "state=BRA&" * 300,
    "/?embed=true&chart=%3Cscript%3E",
    "/?visit_type=%E2%80%AE&state=%C0%AF&from_year=" + "9" * 5000,
]


def test_hostile_urls_never_give_a_blank_page(server, page):
    for path in HOSTILE_PATHS:
        page.goto(server + path)
        content = page.locator("h1, .vega-embed, [data-testid='stAlert']").first
        expect(content).to_be_visible(timeout=60_000)
        expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0, path
        if path.startswith("/?embed") is False and "chart" not in path:
            expect(page.locator("h1").first).to_be_visible()


def test_a_nested_path_shows_the_default_page_with_a_notice(server, page):
    open_app(page, f"{server}/reports/xyz", charts=4)
    expect(page.locator("h1").first).to_have_text("SPT visits at a glance")
    expect(page.get_by_role("dialog")).to_contain_text("Page not found")


# One per recommendation listed: its report (a source may be the same UN document, as "source 1").
REPORT_LINKS = 'a[href^="https://undocs.org/CAT/OP/"]:text-matches("^CAT/OP/")'


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
    expect(page).to_have_url(
        re.compile(r"/recommendations\?search=police\+custody"), timeout=60_000
    )
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


def _blue_pixels(png: bytes) -> int:
    """Pixels of the blues scheme's darker half (the tiles of a heat map), in a screenshot."""
    import io

    from PIL import Image

    data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    return sum(1 for r, g, b in pixels if b > 150 and b - r > 60 and r < 150)


@pytest.mark.parametrize(
    ("path", "charts", "chart_index"),
    [
        ("places", 3, 0),  # places by year: one row a year, its types listed
        ("places", 3, 2),  # the State x type matrix: one row a State
        ("recommendations", 3, 1),  # themes by regional group: one row a group
    ],
)
def test_charts_unfolded_in_the_browser_draw_their_tiles(server, page, path, charts, chart_index):
    """These charts get one row per group, its counts in a list, and make their tiles in the
    browser: the tiles must be drawn in Chromium, not only axes."""
    open_app(page, f"{server}/{path}", charts)
    chart = page.locator(".vega-embed").nth(chart_index)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    # Beyond the colour legend's gradient (about 2,200 such pixels alone): the tiles too.
    assert _blue_pixels(chart.screenshot()) > 4_000


def test_reports_table_a_page_at_a_time(server, page):
    """The Reports table shows 50 visits and the totals of all 104; page 2 shows the next ones;
    the download gives every row."""
    open_app(page, f"{server}/reports", charts=4)
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("102 visits, 111 reports on record.")).to_be_visible()
    expect(main.get_by_text("Showing visits 1–50 of 102 (page 1 of 3).")).to_be_visible()
    grid = main.locator('[data-testid="stDataFrame"] table[role="grid"]')
    expect(grid).to_have_attribute("aria-rowcount", "54")  # a header and 53 rows: 50 visits
    expect(grid.locator("td").first).to_have_text("ALB-2024-04")
    number = main.get_by_role("spinbutton", name="Page (of 3)")
    number.fill("2")
    number.press("Enter")
    expect(main.get_by_text("Showing visits 51–100 of 102 (page 2 of 3).")).to_be_visible(
        timeout=60_000
    )
    open_app(page, None, charts=4)
    expect(grid).to_have_attribute("aria-rowcount", "58")
    expect(grid.locator("td").first).to_have_text("MDV-2014-12")
    expect(main.get_by_text("102 visits, 111 reports on record.")).to_be_visible()
    with page.expect_download(timeout=60_000) as download:
        main.get_by_role("button", name="All 102 visits (CSV)").click()
    assert download.value.suggested_filename == "visit-reports.csv"
    lines = Path(download.value.path()).read_text().splitlines()
    assert len(lines) == 1 + 113 and lines[1].startswith("ALB-2024-04,")
    page.screenshot(path=ARTIFACTS / "reports-page-2.png", full_page=True)

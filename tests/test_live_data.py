"""New data reaches a running app: `build` replaces the database file under a running `serve`;
sessions that start afterwards show the new figures, a session already open keeps working."""

import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import sync_playwright

from dashboard.paths import ROOT
from dashboard.query import figures
from dashboard.query.filters import Filters
from tests.browsing import ARTIFACTS, CHROMIUM, free_port, headline, open_app
from tests.conftest import MINI_DATA
from tests.offline_browser import CHROMIUM_ARGS
from tests.serving import serving


@pytest.fixture
def served(db_path, tmp_path):
    """`serve --public` on a copy of the real database."""
    db = tmp_path / "served.duckdb"
    shutil.copy(db_path, db)
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "dashboard", "serve", "--public", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with serving([*command, "--db", str(db)], url, ARTIFACTS / "live-data-serve.log", cwd=ROOT):
        yield url, db


def test_a_new_build_reaches_new_sessions_and_open_ones_keep_working(served, con, mini_db):
    url, db = served
    before = str(figures.headline(con, Filters()).visits)
    after = str(figures.headline(mini_db, Filters()).visits)
    assert before == "102" and after != before
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            open_session = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_app(open_session, url, charts=4)
            assert headline(open_session)["Visits"] == before

            # A new build, written and moved into place as `build` always does.
            subprocess.run(
                [sys.executable, "-m", "dashboard", "build", "--data", str(MINI_DATA)]
                + ["--db", str(db)],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )

            new_session = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_app(new_session, url, charts=4)
            assert headline(new_session)["Visits"] == after

            # The open session goes on working: another page, then back, on the build it began.
            open_session.locator('[data-testid="stSidebarNav"] a', has_text="Reports").click()
            open_app(open_session, None, charts=4, title="Reports")
            open_session.locator('[data-testid="stSidebarNav"] a', has_text="Overview").click()
            open_app(open_session, None, charts=4, title="SPT visits at a glance")
            assert headline(open_session)["Visits"] == before
            open_session.screenshot(path=ARTIFACTS / "live-data-open-session.png")
        finally:
            browser.close()

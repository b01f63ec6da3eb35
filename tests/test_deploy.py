"""The public deployment, for real: two `serve --public` replicas of the installed wheel behind
Debian's nginx under /opcat/, started by deploy/public.py (the commands of deploy/Dockerfile),
driven in Chromium through nginx."""

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from dashboard.paths import ROOT
from dashboard.query.filters import Filters
from dashboard.site import PAGES as SITE_PAGES
from tests.browsing import ARTIFACTS, CHROMIUM, PAGES, free_port, open_app
from tests.conftest import clean_env
from tests.offline_browser import CHROMIUM_ARGS

SCRIPT = str(ROOT / "deploy" / "public.py")
NGINX = "/usr/sbin/nginx"
BASE = "opcat"


@pytest.fixture(scope="module")
def deployment(installed, tmp_path_factory):
    assert shutil.which(NGINX), "Debian's nginx is needed (apt-get install nginx)"
    work = tmp_path_factory.mktemp("deploy")
    python = str(installed / "bin" / "python")
    env = clean_env(work)
    db = work / "opcat.duckdb"
    subprocess.run([python, SCRIPT, "build", "--db", str(db)], env=env, check=True, cwd=work)
    run_dir = work / "run"
    port = free_port()
    log = (work / "public.log").open("w")
    process = subprocess.Popen(
        [python, SCRIPT, "run", "--db", str(db), "--listen", f"127.0.0.1:{port}"]
        + ["--base-path", BASE, "--run-dir", str(run_dir), "--rate", "20r/s", "--burst", "200"],
        env=env,
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(600):
            if (run_dir / "state.json").exists():
                break
            assert process.poll() is None, (work / "public.log").read_text()
            time.sleep(0.25)
        else:
            raise AssertionError("the deployment did not start")
        state = json.loads((run_dir / "state.json").read_text())
        yield {"url": f"http://127.0.0.1:{port}/{BASE}", "state": state, "run_dir": run_dir}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        log.close()
        ARTIFACTS.mkdir(exist_ok=True)
        for name in ("access.log", "error.log", "replica-1.log", "replica-2.log"):
            if (run_dir / name).exists():
                shutil.copy(run_dir / name, ARTIFACTS / f"deploy-{name}")


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context
    context.close()


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except urllib.error.URLError:  # nothing listening
        return 0, b""


def test_every_page_renders_under_the_base_path(deployment, context):
    page = context.new_page()
    for path, (title, charts) in PAGES.items():
        url = deployment["url"] + ("/" if path == "overview" else f"/{path}")
        open_app(page, url, charts)
        expect(page.locator("h1").first).to_have_text(title)
        assert page.url.startswith(f"{deployment['url']}/")
    nav = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    # Every page of the site, and no press release review (public).
    assert [n.strip() for n in nav] == [title for _, title in SITE_PAGES]
    page.screenshot(path=ARTIFACTS / "deploy-data.png", full_page=True)


def test_the_root_and_the_bare_base_path_lead_to_the_dashboard(deployment):
    root = deployment["url"].removesuffix(f"/{BASE}")
    request = urllib.request.Request(f"{root}/{BASE}", method="GET")
    opener = urllib.request.build_opener(NoRedirect)
    for url, where in ((f"{root}/", f"/{BASE}/"), (request.full_url, f"/{BASE}/")):
        try:
            opener.open(url, timeout=10)
        except urllib.error.HTTPError as e:
            assert e.code in (301, 302) and e.headers["Location"].endswith(where)
        else:
            raise AssertionError(f"{url} did not redirect")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def share_link(page) -> str:
    page.get_by_text("Share or cite this view").click()
    code = page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').first
    expect(code).to_be_visible()
    return code.inner_text().strip()


def test_a_permalink_carries_the_public_address_and_opens_the_same_view(deployment, browser):
    filters = Filters(from_year=2016, to_year=2024, region="African")
    words = f"Filters: {filters.describe()}."
    first = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = first.new_page()
    url = f"{deployment['url']}/visits?region=African&from_year=2016&to_year=2024"
    open_app(page, url, charts=PAGES["visits"][1])
    assert page.locator('[data-testid="stMain"]').get_by_text(words).count() == 1
    link = share_link(page)
    assert link == f"{deployment['url']}/visits?from_year=2016&to_year=2024&region=African"
    # A file exported from the app carries the same address.
    page.get_by_role("button", name="Export").first.click()
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Vega-Lite JSON").first.click()
    spec = json.loads(Path(download.value.path()).read_text())
    assert spec["usermeta"]["opcat"]["permalink"] == link
    first.close()

    second = browser.new_context(viewport={"width": 390, "height": 900})  # another browser
    page = second.new_page()
    open_app(page, link, charts=PAGES["visits"][1])
    expect(page.locator("h1").first).to_have_text("Visits")
    assert page.locator('[data-testid="stMain"]').get_by_text(words).count() == 1
    page.screenshot(path=ARTIFACTS / "deploy-permalink-390.png", full_page=True)
    second.close()


def _upstreams(run_dir: Path, sticky: str) -> list[list[str]]:
    """For each request of this browser, the replicas nginx tried (host:port), in order."""
    return [
        m.group(1).split(", ")
        for line in (run_dir / "access.log").read_text().splitlines()
        if f"sticky={sticky}" in line
        for m in [re.search(r"upstream=(.+?) sticky=", line)]
        if m and m.group(1) != "-"
    ]


def test_stopping_one_replica_leaves_the_site_working(deployment, context):
    page = context.new_page()
    open_app(page, f"{deployment['url']}/reports?region=African", charts=4)
    (cookie,) = [c for c in context.cookies() if c["name"] == "opcat_replica"]
    served = {tried[-1] for tried in _upstreams(deployment["run_dir"], cookie["value"])}
    assert len(served) == 1  # sticky: every request of this browser went to one replica
    served_by = served.pop()
    (replica,) = [r for r in deployment["state"]["replicas"] if served_by.endswith(f":{r['port']}")]
    os.kill(replica["pid"], signal.SIGTERM)  # the replica this browser was talking to
    for _ in range(100):
        if get(f"http://{served_by}/{BASE}/_stcore/health")[0] != 200:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the replica did not stop")

    assert get(f"{deployment['url']}/_stcore/health") == (200, b"ok")
    page.reload()
    open_app(page, None, charts=4)  # the same browser carries on, on the other replica
    expect(page.locator("h1").first).to_have_text("Reports")
    newcomer = context.browser.new_context(viewport={"width": 1400, "height": 1000})
    open_app(newcomer.new_page(), f"{deployment['url']}/", charts=4)
    newcomer.close()
    last = _upstreams(deployment["run_dir"], cookie["value"])[-1]
    assert last[-1] != served_by


def test_rate_limit(deployment):
    """A client asking too fast is told 429; the health check and Streamlit's files never are."""
    # The earlier tests ask from the same address: let their share of the burst
    # drain first (200 requests at 20 a second), or fewer than 200 would pass.
    page = get(f"{deployment['url']}/")[1].decode()
    (script,) = re.findall(r'src="\./(static/js/[^"]+\.js)"', page)
    time.sleep(200 / 20 + 1)
    with ThreadPoolExecutor(max_workers=32) as pool:  # faster than the rate refills the burst
        statuses = list(pool.map(lambda _: get(f"{deployment['url']}/")[0], range(600)))
    assert statuses.count(200) >= 200  # the burst goes through
    assert statuses.count(429) >= 100
    assert set(statuses) == {200, 429}
    # Streamlit's own files are not counted: a first visit asks for a hundred or more of them.
    # Asked right after the burst, 20 pages at once: the limit lets one more in every 50 ms, so
    # some are refused however slow the machine (with the burst unspent, all 20 would pass).
    with ThreadPoolExecutor(max_workers=20) as pool:
        again = list(pool.map(lambda _: get(f"{deployment['url']}/")[0], range(20)))
    assert 429 in again  # the burst is still spent
    assert [get(f"{deployment['url']}/{script}")[0] for _ in range(50)] == [200] * 50
    assert get(f"{deployment['url']}/_stcore/health") == (200, b"ok")

"""A read-only copy of the repository: the command line never crashes on a database it cannot
rebuild, and `OPCAT_PUBLIC=1 serve` serves every page and writes nothing.

The copy is made read-only for real: as root (CI), by a read-only bind mount in a private mount
namespace (root ignores file permissions); otherwise by taking away the write permissions."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from dashboard.paths import ROOT
from tests.browsing import ARTIFACTS, CHROMIUM, PAGES, free_port, open_app
from tests.conftest import clean_env
from tests.offline_browser import CHROMIUM_ARGS
from tests.serving import serving

SKIP = {".git", ".venv", "test-artifacts", "build", "report", "charts", "__pycache__"}


def _ignore(folder, names):
    return [n for n in names if n in SKIP or n.endswith((".duckdb", ".egg-info", ".tmp"))]


def snapshot(folder: Path) -> dict[str, tuple]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """A copy of the repository with its database built, then made older than data/."""
    repo = tmp_path_factory.mktemp("readonly") / "repo"
    shutil.copytree(ROOT, repo, ignore=_ignore)
    home = repo / "home"
    home.mkdir()
    subprocess.run(
        [sys.executable, "-m", "dashboard", "build"],
        cwd=repo,
        env=clean_env(home),
        check=True,
        capture_output=True,
    )
    later = time.time() + 60
    for csv in (repo / "data").glob("*.csv"):
        os.utime(csv, (later, later))  # the database now looks stale
    if os.geteuid() != 0:
        for p in [repo, *repo.rglob("*")]:
            p.chmod(p.stat().st_mode & ~0o222)
    yield repo
    if os.geteuid() != 0:
        for p in [repo, *repo.rglob("*")]:
            p.chmod(p.stat().st_mode | 0o200)


def read_only(copy: Path, command: list[str]) -> list[str]:
    """The command, run with the copy mounted read-only (as root)."""
    if os.geteuid() != 0:
        return command
    mount = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"'
    return [
        "unshare",
        "--mount",
        "--propagation",
        "private",
        "sh",
        "-c",
        mount,
        str(copy),
    ] + command


def test_the_copy_is_really_read_only(copy):
    result = subprocess.run(
        read_only(copy, ["touch", str(copy / "data" / "new.csv")]), capture_output=True, text=True
    )
    assert (
        result.returncode != 0
        and "Read-only file system" in result.stderr
        or (os.geteuid() != 0 and "Permission denied" in result.stderr)
    )


def test_query_on_a_read_only_disk_uses_the_database_as_it_is(copy):
    before = snapshot(copy)
    result = subprocess.run(
        read_only(copy, [sys.executable, "-m", "dashboard", "query", "visits_per_year"]),
        cwd=copy,
        env=clean_env(copy / "home"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "cannot be rebuilt" in result.stderr and "using it as it is" in result.stderr
    assert "2023" in result.stdout
    assert snapshot(copy) == before


def test_public_serve_on_a_read_only_copy_serves_every_page_and_writes_nothing(copy):
    before = snapshot(copy)
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    url = f"http://127.0.0.1:{port}"
    command = read_only(copy, [sys.executable, "-m", "dashboard", "serve", "--port", str(port)])
    env = clean_env(copy / "home", OPCAT_PUBLIC="1")
    log = ARTIFACTS / "read-only-serve.log"
    with serving(command, url, log, cwd=copy, env=env), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for path, (title, charts) in PAGES.items():
            open_app(page, f"{url}/{path}" if path != "overview" else url, charts)
            assert page.locator("h1").first.inner_text() == title
        browser.close()
    assert snapshot(copy) == before
    assert "Traceback" not in (ARTIFACTS / "read-only-serve.log").read_text()

"""The memory of a running `serve` process: after start, after each page, after every export of
every chart once, and after doing all of it again (the caches are bounded, so the second round
must not grow it much). Drives Debian's Chromium through every page and every Export button.

    python benchmarks/serve_memory.py [--db PATH] [--rounds 2] [--pages-only]

Prints the resident memory (VmRSS, MB) of the serve process at each step.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.exports import LABELS, page_path  # noqa: E402
from dashboard.site import PAGES  # noqa: E402

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settle(page) -> None:
    expect(page.locator("h1").first).to_be_visible(timeout=120_000)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=120_000)
    page.wait_for_timeout(2000)  # the last elements of the page (Export menus) to appear


def export_everything(page) -> int:
    """Click every format of every Export menu on the page; return the downloads made."""
    made = 0
    menus = page.get_by_role("button", name="Export")
    for i in range(menus.count()):
        for label in LABELS.values():
            menus.nth(i).click()
            button = page.get_by_role("button", name=label).locator("visible=true")
            with page.expect_download(timeout=120_000):
                button.first.click()
            made += 1
            page.keyboard.press("Escape")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a built database (default: build one)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pages-only", action="store_true", help="no exports")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "opcat.duckdb"
    if not args.db:
        subprocess.run([sys.executable, "-m", "dashboard", "build", "--db", str(db)], check=True)
    port = free_port()
    log = open(os.devnull, "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "serve", "--public", "--port", str(port)]
        + ["--db", str(db)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        print(f"{'step':<44} RSS MB")
        print(f"{'started':<44} {rss_mb(process.pid):7.1f}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            for round_ in range(1, args.rounds + 1):
                downloads = 0
                for _file, title in PAGES:
                    page.goto(f"{url}/{page_path(title)}")
                    settle(page)
                    if not args.pages_only:
                        downloads += export_everything(page)
                    step = f"round {round_}: {title}" + ("" if args.pages_only else " + exports")
                    print(f"{step:<44} {rss_mb(process.pid):7.1f}")
                print(
                    f"{f'round {round_}: done ({downloads} downloads)':<44} "
                    f"{rss_mb(process.pid):7.1f}"
                )
            browser.close()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


if __name__ == "__main__":
    main()

"""How long chart exports take: one chart in each format, and the whole static report.

    python benchmarks/export_speed.py [--chart ID] [--db PATH] [--repeat N] [--no-report]

For each format: "fresh process" is the first export in a new Python process (vl-convert starting
its JavaScript engine included, imports not); "cache cleared" is the same export in a process that
has exported before, with the bytes cache emptied (median of N); "cached" is a repeat call (median
of N). The report is `write_bundle` for every chart of the registry, in a fresh process and then
again in the same process with the cache cleared (`--no-report` leaves it out: CI's smoke run,
where tests/test_export_bundle.py writes the report anyway). Prints a small Markdown table.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import config, exports  # noqa: E402
from dashboard.charts import CHARTS  # noqa: E402
from dashboard.exports.bundle import write_bundle  # noqa: E402
from dashboard.query.db import connect  # noqa: E402
from dashboard.query.filters import Filters  # noqa: E402


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def child(args) -> None:
    """Run in a fresh process: time the first export, or the first whole report."""
    settings = config.load()
    con = connect(settings, args.db)
    base = settings.link_base()
    if args.child == "bundle":
        with tempfile.TemporaryDirectory() as out:
            seconds = timed(lambda: write_bundle(con, Path(out), base))
    else:
        seconds = timed(lambda: exports.export(con, args.chart, Filters(), args.child, base))
    print(json.dumps({"seconds": seconds}))


def in_fresh_process(what: str, args) -> float:
    command = [sys.executable, __file__, "--child", what, "--chart", args.chart]
    command += ["--db", str(args.db)] if args.db else []
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout.strip().splitlines()[-1])["seconds"]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chart", default=next(iter(CHARTS)))
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-report", action="store_true", help="time single exports only")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    settings = config.load()
    con = connect(settings, args.db)
    base = settings.link_base()
    for fmt in exports.FORMATS:  # warm the process: JavaScript engine, fonts, libraries
        exports.export(con, args.chart, Filters(), fmt, base)
    rows = []
    for fmt in exports.FORMATS:
        fresh = in_fresh_process(fmt, args)
        cleared, cached = [], []
        for _ in range(args.repeat):
            exports.clear_cache()
            cleared.append(timed(lambda f=fmt: exports.export(con, args.chart, Filters(), f, base)))
            cached.append(timed(lambda f=fmt: exports.export(con, args.chart, Filters(), f, base)))
        size = len(exports.export(con, args.chart, Filters(), fmt, base))
        rows.append(
            (fmt, ms(fresh), ms(statistics.median(cleared)), ms(statistics.median(cached)), size)
        )

    print(f"Chart `{args.chart}`, no filters; {len(CHARTS)} charts in the registry.\n")
    print("| format | fresh process | cache cleared | cached | size |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for fmt, fresh, cleared, cached, size in rows:
        print(f"| {fmt} | {fresh} | {cleared} | {cached} | {size:,} B |")
    if args.no_report:
        return
    bundle_fresh = in_fresh_process("bundle", args)
    exports.clear_cache()
    with tempfile.TemporaryDirectory() as out:
        bundle_cleared = timed(lambda: write_bundle(con, Path(out), base))
        bundle_size = sum(p.stat().st_size for p in Path(out).iterdir())
    print(
        f"| whole report ({len(CHARTS)} charts × {len(exports.FORMATS)} formats + index.html) "
        f"| {ms(bundle_fresh)} | {ms(bundle_cleared)} | – | {bundle_size:,} B |"
    )


if __name__ == "__main__":
    main()

"""Time the press-release reader on hostile inputs at growing sizes, and check the time grows
linearly: for each kind, the time for the largest size divided by the time for the smallest,
against the size ratio. Run from the repository root:
    python benchmarks/press_hostile_input.py [--quick] [--strict]
Prints FAIL lines for an input that takes over 1 s (warm, best of three) or whose time grows much
faster than linearly; with --strict it then exits 1. (That the reader never hangs is a test:
tests/test_press_hostile_input.py.)
"""

import contextlib
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.press import NotText, parse_bytes  # noqa: E402
from dashboard.press.hostile import inputs  # noqa: E402

SIZES = (6_000, 12_000, 24_000, 48_000)  # bytes; the largest text the reader takes is 50,000
BEYOND = (2_000_000, 5_000_000)  # refused at once
LIMIT_SECONDS = 1.0
# Doubling the size twice (x4) may multiply the time by at most this (linear: 4; n² would be 16).
MAX_GROWTH = 8.0


def best_of_three(data: bytes) -> tuple[float, str]:
    times, outcome = [], ""
    for _ in range(3 if len(data) > 20_000 else 5):
        start = time.perf_counter()
        try:
            parse_bytes(data, "input")
            outcome = "parsed"
        except NotText:
            outcome = "refused"
        times.append(time.perf_counter() - start)
    return min(times), outcome


def calls(data: bytes) -> int:
    """Python function calls made parsing data: a count that machine load does not change."""
    profile = cProfile.Profile()
    profile.enable()
    with contextlib.suppress(NotText):
        parse_bytes(data, "input")
    profile.disable()
    return pstats.Stats(profile).total_calls


def main(quick: bool, strict: bool) -> int:
    parse_bytes(b"The SPT visited Kazakhstan from 26 March to 1 April.")  # warm up
    sizes = (SIZES[0], SIZES[-1]) if quick else SIZES
    failures = []
    print(f"{'input':20}" + "".join(f"{s:>11,}" for s in sizes + BEYOND) + "   growth  calls")
    for kind in inputs(10):
        cells, times = [], []
        for size in sizes + BEYOND:
            seconds, outcome = best_of_three(inputs(size)[kind])
            times.append(seconds)
            cells.append(f"{seconds * 1000:8.0f}ms{'R' if outcome == 'refused' else ' '}")
            if seconds > LIMIT_SECONDS:
                failures.append(f"{kind} at {size:,} bytes took {seconds:.2f} s")
        growth = times[len(sizes) - 1] / max(times[0], 1e-4) / (sizes[-1] / sizes[0]) * 4
        if len(sizes) > 1 and times[len(sizes) - 1] > 0.2 and growth > MAX_GROWTH:
            failures.append(f"{kind} grows {growth:.1f}x for 4x the size")
        small, large = calls(inputs(sizes[0])[kind]), calls(inputs(sizes[-1])[kind])
        call_growth = large / max(small, 1) / (sizes[-1] / sizes[0]) * 4
        if call_growth > 5:
            failures.append(f"{kind}: function calls grow {call_growth:.1f}x for 4x the size")
        print(
            f"{kind:20}"
            + "".join(f"{c:>11}" for c in cells)
            + f"   {growth:5.1f}x  {call_growth:4.1f}x"
        )
    print(
        "R: refused with a message. growth: time (and Python function calls, which machine load "
        "does not change) for 4x the size; linear is 4x."
    )
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures and strict else 0


if __name__ == "__main__":
    sys.exit(main("--quick" in sys.argv[1:], "--strict" in sys.argv[1:]))

"""Time the press-release reader on hostile inputs at growing sizes, and check the time grows
linearly: for each kind, the time for the largest size divided by the time for the smallest,
against the size ratio. Run from the repository root:
    python benchmarks/press_hostile_input.py [--quick]
Exits 1 if an input takes over 1 s (warm, best of three) or grows much faster than linearly.
"""

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
    for _ in range(3):
        start = time.perf_counter()
        try:
            parse_bytes(data, "input")
            outcome = "parsed"
        except NotText:
            outcome = "refused"
        times.append(time.perf_counter() - start)
    return min(times), outcome


def main(quick: bool) -> int:
    parse_bytes(b"The SPT visited Kazakhstan from 26 March to 1 April.")  # warm up
    sizes = SIZES[::3] if quick else SIZES
    failures = []
    print(f"{'input':20}" + "".join(f"{s:>11,}" for s in sizes + BEYOND) + "   growth")
    for kind in inputs(10):
        cells, times = [], []
        for size in sizes + BEYOND:
            seconds, outcome = best_of_three(inputs(size)[kind])
            times.append(seconds)
            cells.append(f"{seconds * 1000:8.0f}ms{'R' if outcome == 'refused' else ' '}")
            if seconds > LIMIT_SECONDS:
                failures.append(f"{kind} at {size:,} bytes took {seconds:.2f} s")
        growth = times[len(sizes) - 1] / max(times[0], 1e-4) / (sizes[-1] / sizes[0]) * 4
        if len(sizes) > 1 and times[len(sizes) - 1] > 0.05 and growth > MAX_GROWTH:
            failures.append(f"{kind} grows {growth:.1f}x for 4x the size")
        print(f"{kind:20}" + "".join(f"{c:>11}" for c in cells) + f"   {growth:5.1f}x")
    print("R: refused with a message. growth: time for 4x the size (linear is 4x).")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main("--quick" in sys.argv[1:]))

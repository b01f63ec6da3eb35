"""Time the press-release reader on hostile inputs at growing sizes, and check the time grows
linearly. Run from the repository root:
    python benchmarks/press_hostile_input.py [--quick] [--strict]

Two sets of inputs (dashboard/press/hostile.py):
- the kinds that once made the reader hang, at 6-48 kB: FAIL when one takes over 1 s (warm, best
  of three) or its time grows much faster than linearly;
- inputs built from the rules themselves (every pattern's and word list's strings, repeated,
  interleaved and nested, after a release's lead), at 8 kB, 64 kB and 1 MB: FAIL when one takes
  over 1 s at 64 kB or over 20 times its 64 kB time at 1 MB (linear: 16), or when its Python
  function calls grow more than 10 times from 8 to 64 kB (linear: 8; calls do not depend on the
  machine's load). --quick leaves out 1 MB and the sizes between.
With --strict a FAIL exits 1. (That the reader never hangs is a test:
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
from dashboard.press.hostile import from_rules, inputs  # noqa: E402

SIZES = (6_000, 12_000, 24_000, 48_000)  # bytes
BEYOND = (2_000_000, 5_000_000)  # refused at once
LIMIT_SECONDS = 1.0
# Doubling the size twice (x4) may multiply the time by at most this (linear: 4; n² would be 16).
MAX_GROWTH = 8.0
RULE_SIZES = (8_000, 64_000, 1_000_000)  # the inputs built from the rules
SECONDS_PER_64K = 1.0
MAX_GROWTH_TO_1MB = 20.0  # time at 1 MB over time at 64 kB (linear: 15.6)
MAX_CALL_GROWTH_8_TO_64K = 10.0  # linear: 8


def best_of_three(data: bytes) -> tuple[float, str]:
    times, outcome = [], ""
    for _ in range(2 if len(data) > 500_000 else 3 if len(data) > 20_000 else 5):
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
    failures += from_the_rules(quick)
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures and strict else 0


def from_the_rules(quick: bool) -> list[str]:
    """Time every input built from the rules; the failures against the targets."""
    sizes = RULE_SIZES[:2] if quick else RULE_SIZES
    made = {size: from_rules(size) for size in sizes}
    names = list(made[sizes[0]])
    print(f"\n{len(names)} inputs built from the rules")
    print(f"{'input':48}" + "".join(f"{s:>12,}" for s in sizes) + "  1MB/64kB  calls 64k/8k")
    failures, slowest = [], (0.0, "")
    for name in names:
        timed = [best_of_three(made[size][name]) for size in sizes]
        times = [seconds for seconds, _ in timed]
        failures += [
            f"{name} at {size:,} bytes was refused: it measures nothing"
            for size, (_, outcome) in zip(sizes, timed, strict=True)
            if outcome != "parsed"
        ]
        call_growth = calls(made[64_000][name]) / max(calls(made[8_000][name]), 1)
        growth = times[2] / max(times[1], 1e-4) if len(sizes) > 2 else float("nan")
        if times[1] > SECONDS_PER_64K:
            failures.append(f"{name} at 64 kB took {times[1]:.2f} s")
        if len(sizes) > 2 and growth > MAX_GROWTH_TO_1MB:
            failures.append(f"{name}: 1 MB took {growth:.1f}x its 64 kB time")
        if call_growth > MAX_CALL_GROWTH_8_TO_64K:
            failures.append(f"{name}: function calls grow {call_growth:.1f}x from 8 to 64 kB")
        slowest = max(slowest, (times[-1], name))
        print(
            f"{name[:48]:48}"
            + "".join(f"{t * 1000:10.0f}ms" for t in times)
            + f"  {growth:8.1f}x  {call_growth:10.1f}x"
        )
    print(f"slowest at {sizes[-1]:,} bytes: {slowest[1]}, {slowest[0]:.2f} s")
    return failures


if __name__ == "__main__":
    sys.exit(main("--quick" in sys.argv[1:], "--strict" in sys.argv[1:]))

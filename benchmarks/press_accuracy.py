"""Print the press-release parser's accuracy per field: on the tuning part and the test part of the
corpus of real releases (tests/press_corpus/) and on the hand-written unit releases
(tests/press_releases/), side by side.

A field is right when it equals the expected value exactly (members compared as a set). Run from
the repository root:
    python benchmarks/press_accuracy.py [--verbose]
--verbose lists the wrong fields of the tuning part and the unit releases. The test part's are not
listed on purpose: it is the part the rules are never tuned on.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.press.accuracy import FIELDS, corpus, evaluate, overall, per_field  # noqa: E402

TESTS = Path(__file__).resolve().parent.parent / "tests"


def main(verbose: bool) -> None:
    sets = {
        "tuning": evaluate(corpus(TESTS / "press_corpus", "tuning")),
        "test": evaluate(corpus(TESTS / "press_corpus", "test")),
        "unit": evaluate(TESTS / "press_releases"),
    }
    fields = {name: per_field(results) for name, results in sets.items()}
    print(f"{'field':28}" + "".join(f"{name:>16}" for name in sets))
    print(f"{'releases':28}" + "".join(f"{len(r):>16}" for r in sets.values()))
    for field in FIELDS:
        cells = []
        for name in sets:
            share, n = fields[name].get(field, (None, 0))
            cells.append(f"{share:7.1%} of {n:<4}" if n else f"{'-':>12}    ")
        print(f"{field:28}" + "".join(f"{c:>16}" for c in cells))
    print(f"{'overall':28}" + "".join(f"{overall(r):>12.1%}    " for r in sets.values()))
    if verbose:
        for name in ("tuning", "unit"):
            for r in sets[name]:
                for field, (expected, found) in r.wrong.items():
                    print(f"{name} {r.release.name}: {field}: ", end="")
                    print(f"expected {expected!r}, found {found!r}")


if __name__ == "__main__":
    main("--verbose" in sys.argv[1:])

"""Print the press-release parser's accuracy per field, and overall, on tests/press_releases/.

A field is right when it equals the expected value exactly. Run from the repository root:
    python benchmarks/press_accuracy.py [--verbose]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.press.accuracy import evaluate, overall, per_field  # noqa: E402

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "press_releases"


def main(verbose: bool) -> None:
    results = evaluate(FOLDER)
    print(f"{len(results)} releases")
    for field, share in per_field(results).items():
        print(f"{field:28} {share:6.1%}")
    print(f"{'overall':28} {overall(results):6.1%}")
    if verbose:
        for r in results:
            for field, (expected, found) in r.wrong.items():
                print(f"{r.release.name}: {field}: expected {expected!r}, found {found!r}")


if __name__ == "__main__":
    main("--verbose" in sys.argv[1:])

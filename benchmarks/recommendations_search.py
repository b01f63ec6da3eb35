"""How fast the Recommendations page answers at scale: a ranked search and the theme chart over
50,000 synthetic recommendations.

    python benchmarks/recommendations_search.py [--rows N] [--repeat N]

The real data/ is copied into a temporary folder and N synthetic recommendations (ids SYN-…,
summaries made of stock phrases and marked "(SYNTHETIC)", confidence low) are appended to
the copy's recommendations.csv, spread over the published reports; the database and its search
index are built there (that build time is printed too). Nothing is written into data/.

Printed (median of --repeat runs after one warm-up, server time: the query and its Polars frame,
no page; wall clock and CPU time of all threads): the search `police custody` (the first 50
results, as the page asks), a phrase and a broad one-word search, the theme chart without and
with the search, and as the baseline run side by side the visits-per-year chart on the same
database; each with its ratio to the baseline. The aim is under 50 ms for the search and for the
theme chart.
"""

import argparse
import csv
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from dashboard.charts import CHARTS, chart_data  # noqa: E402
from dashboard.data.build import build  # noqa: E402
from dashboard.paths import DATA_DIR  # noqa: E402
from dashboard.query import queries  # noqa: E402
from dashboard.query.filters import PLACE_TYPES, THEMES, Filters  # noqa: E402

# Stock phrases for synthetic summaries: the vocabulary of real recommendations, recombined.
ACTIONS = [
    "Ensure that", "Guarantee that", "Take steps so that", "Review how", "Make sure that",
    "Adopt measures so that", "Provide resources so that", "Monitor whether",
]  # fmt: skip
SUBJECTS = [
    "every detainee", "persons in police custody", "women held in prison", "children deprived "
    "of liberty", "migrants in detention", "patients in psychiatric hospitals", "the national "
    "preventive mechanism", "prison staff", "people held in pre-trial detention", "the police",
]  # fmt: skip
PREDICATES = [
    "has access to a lawyer from the outset", "is examined by an independent doctor",
    "can complain without fear of reprisals", "is held in decent material conditions",
    "receives adequate food, water and bedding", "is registered promptly and accurately",
    "has its own budget and staff", "is informed of their rights in a language they understand",
    "is not held in solitary confinement", "is trained on the prohibition of torture",
    "can visit all places of deprivation of liberty unannounced", "is separated from adults",
]  # fmt: skip
PERSONS = ["persons deprived of liberty", "women", "children", "migrants", ""]


def synthetic_rows(n: int, reports: list[str], seed: int = 2024) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        summary = (
            f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}"
            f"{', and ' + rng.choice(PREDICATES) if rng.random() < 0.5 else ''}. (SYNTHETIC)"
        )
        rows.append(
            [
                f"SYN-{i:06d}",
                rng.choice(reports),
                str(rng.randint(5, 150)),
                "",
                rng.choice(["state", "state", "npm"]),
                ";".join(rng.sample(THEMES, rng.randint(1, 3))),
                rng.choice(PLACE_TYPES),
                rng.choice(PERSONS),
                summary,
                "low",
                "",  # section
                "",  # unmapped_themes
                "",  # unmapped_persons
            ]
        )
    return rows


def make_data(folder: Path, n: int) -> Path:
    data = folder / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "reports.csv").open(newline="") as f:
        reports = [
            r["report_id"] for r in csv.DictReader(f) if r["publication_status"] == "published"
        ]
    with (data / "recommendations.csv").open("a", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(synthetic_rows(n, reports))
    return data


def median_ms(fn, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU time (all threads of this process) of fn, in milliseconds. On a
    loaded machine the wall time grows with the wait for a core; the CPU time much less."""
    fn()  # warm-up
    walls, cpus = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000, help="synthetic recommendations")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each case")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="opcat-bench-") as tmp:
        folder = Path(tmp)
        data = make_data(folder, args.rows)
        start = time.perf_counter()
        db = build(data, folder / "bench.duckdb")
        build_seconds = time.perf_counter() - start
        con = duckdb.connect(str(db), read_only=True)
        total = con.sql("SELECT count(*) FROM recommendations").fetchall()[0][0]
        postings = con.sql("SELECT count(*) FROM search_postings").fetchall()[0][0]

        def search(text: str):
            filters = Filters(search=text)
            return lambda: queries.run(con, "recommendations", filters, {"limit": 50})

        theme_chart = CHARTS["recommendations-by-theme"]
        cases = {
            "baseline: visits-per-year chart": lambda: chart_data(
                con, CHARTS["visits-per-year"], Filters()
            ),
            "search `police custody` (first 50)": search("police custody"),
            'search `"police custody"` (phrase)': search('"police custody"'),
            "search `detention` (broad)": search("detention"),
            "theme chart": lambda: chart_data(con, theme_chart, Filters()),
            "theme chart, search `police custody`": lambda: chart_data(
                con, theme_chart, Filters(search="police custody")
            ),
        }
        results = {name: median_ms(fn, args.repeat) for name, fn in cases.items()}
        matches = search("police custody")()["matches"][0]
        con.close()

    baseline, baseline_cpu = results["baseline: visits-per-year chart"]
    print(
        f"{total:,} recommendations ({args.rows:,} synthetic), {postings:,} index postings; "
        f"build with index {build_seconds:.1f} s; `police custody` matches {matches:,}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.\n"
    )
    print(f"| case (median of {args.repeat}) | server time | × baseline | CPU time | × baseline |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (ms, cpu) in results.items():
        ratios = f"{ms / baseline:.2f} | {cpu:.1f} ms | {cpu / baseline_cpu:.2f}"
        print(f"| {name} | {ms:.1f} ms | {ratios} |")


if __name__ == "__main__":
    main()

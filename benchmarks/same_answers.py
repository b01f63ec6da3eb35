"""Same answers before and after a change of the code: every named query and every chart's
Vega-Lite JSON, byte for byte, on the shipped data and on a synthetic set.

    python benchmarks/same_answers.py --against b2829a6            # data/ and 100k synthetic visits
    python benchmarks/same_answers.py --against b2829a6 --visits 0 # data/ only

The commit named by --against is checked out into a temporary git worktree. Each tree (that one,
then this one) runs the dump below in a process of its own, importing its own `dashboard`: it
builds the data folder with its own `build`, runs every named query under a set of filters (the
URL's parameters, as `opcat-dashboard query -p` takes them) and renders every chart under the same
filters, and prints one SHA-256 per answer. The two lists must be equal; every difference is named.

The dump finds the code where either layout keeps it (the flat `dashboard/` of before the
redesign, or the layered folders of after), so the same script compares the two.
"""

import argparse
import datetime as dt
import hashlib
import importlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The filters every query and chart is run under, as URL parameters (the names of before the
# redesign, which it still reads). Facets reach only the queries and charts that take them.
CASES = {
    "none": {},
    "years": {"from": "2012", "to": "2018"},
    "region": {"region": "african"},
    "states": {"state": ["BRA", "MEX", "KAZ"]},
    "type": {"type": "regular"},
    "mixed": {"from": "2015", "region": ["latin", "eastern"], "type": ["regular", "follow-up"]},
    "theme": {"theme": "fundamental-safeguards"},
    "search": {"q": "detention conditions"},
    "addressee": {"addressee": "npm", "from": "2014"},
    "place": {"place": "prison", "state": "BRA"},
    "affected": {"affected": "women"},
}
# Fixed parameters per query (`by` variants, one page of a list); as_of is fixed so that an answer
# does not depend on the day it is computed.
EXTRA = {
    "facility_coverage": [{"by": b} for b in ("all", "year", "region")],
    "facility_coverage_lists": [{"by": b} for b in ("state", "year")],
    "publication_rate": [{"by": b} for b in ("all", "year", "region", "type", "state")],
    "time_to_publication": [{"by": b} for b in ("all", "state")],
    "recommendations": [{"limit": "50"}],
    "visit_details": [{"limit": "30", "offset": "10"}],
    "visit_reports": [{"limit": "30", "offset": "0"}],
    "visit_timeline": [{"limit": "50"}],
    "source_list": [{"limit": "40", "offset": "5"}],
    "state_profile": [{"state": "BRA"}, {"state": "KAZ"}],
}
# A State's profile reads only the State: the other filters leave it as it is (before the redesign
# it took no other filter, after it takes the filters and reads their State).
ONLY_CASES = {"state_profile": ("none",)}
AS_OF = "2026-12-01"


def _module(*names: str):
    """The first of these modules that imports (the layout before or after the redesign)."""
    for name in names:
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError:
            continue
    raise ModuleNotFoundError(" or ".join(names))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def dump(data_dir: Path, db_path: Path) -> dict[str, str]:
    """Every answer of the code importable as `dashboard`, on data_dir: key → SHA-256."""
    build = _module("dashboard.build", "dashboard.data.build")
    db = _module("dashboard.db", "dashboard.query.db")
    queries = _module("dashboard.queries", "dashboard.query.queries")
    charts = _module("dashboard.charts")
    filters_module = _module("dashboard.filters", "dashboard.query.filters")

    build.build(data_dir, db_path)
    con = db.open_read_only(db_path)
    out: dict[str, str] = {}
    for name in queries.names():
        # Before the redesign each filter field was a parameter of its own; after, one value whose
        # fields the command line names.
        listed = getattr(queries, "text_parameters", queries.parameters)
        takes = set(listed(name))
        for extra in EXTRA.get(name, [{}]):
            for case, raw in CASES.items():
                if case not in ONLY_CASES.get(name, CASES):
                    continue
                params = {**raw, **extra}
                if "as_of" in takes:
                    params["as_of"] = AS_OF
                wanted = {k: v for k, v in params.items() if _takes(k, takes)}
                if case != "none" and wanted.keys() <= extra.keys() | {"as_of"}:
                    continue  # the query takes none of this case's filters: the same as "none"
                try:
                    frame = queries.run_text(con, name, wanted)
                    text = f"{frame.schema}\n{frame.write_csv()}"
                except Exception as e:  # an error is an answer too, and must stay the same
                    text = f"error: {type(e).__name__}: {e}"
                key = f"query {name} {json.dumps(extra, sort_keys=True)} {case}"
                out[key] = _digest(text)
    for chart_id, chart in charts.CHARTS.items():
        for case, raw in CASES.items():
            filters, warnings = filters_module.Filters.parse(raw)
            assert not warnings, warnings
            applied = charts.chart_filters(chart, filters)
            frame = charts.chart_data(con, chart, applied)
            out[f"chart {chart_id} {case}"] = _digest(charts.render(chart, frame).to_json())
    return out


def _takes(key: str, takes: set[str]) -> bool:
    """Whether a query takes the URL parameter `key`, given the names it takes as the command line
    gives them (the URL's short names of before the redesign are read as the full ones)."""
    full = {"from": "from_year", "to": "to_year", "type": "visit_type", "place": "place_type"}
    full |= {"affected": "affected_persons", "q": "search"}
    return full.get(key, key) in takes or key in ("limit", "offset")


def run_dump(tree: Path, data_dir: Path, work: Path) -> dict[str, str]:
    """The dump of one tree, in a process that imports that tree's `dashboard`."""
    db_path = work / f"{tree.name}.duckdb"
    # The tree's folder first on the path, and no editable install's finder, which would find
    # modules of this checkout that the tree does not have.
    code = (
        "import sys, json; sys.meta_path = [f for f in sys.meta_path if 'editable' not in "
        "repr(f).lower()];"
        f"sys.path.insert(0, {str(tree)!r}); sys.path.insert(1, {str(ROOT)!r});"
        "from benchmarks.same_answers import dump;"
        f"print(json.dumps(dump(__import__('pathlib').Path({str(data_dir)!r}), "
        f"__import__('pathlib').Path({str(db_path)!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=work, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"the dump of {tree} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def compare(before: dict[str, str], after: dict[str, str]) -> list[str]:
    problems = [f"only before: {k}" for k in sorted(before.keys() - after.keys())]
    problems += [f"only after: {k}" for k in sorted(after.keys() - before.keys())]
    problems += [
        f"differs: {k}" for k in sorted(before.keys() & after.keys()) if before[k] != after[k]
    ]
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="the commit to compare this tree with")
    parser.add_argument("--visits", type=int, default=100_000, help="synthetic visits (0: none)")
    args = parser.parse_args()
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", args.against],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        old = work / "before"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(old), commit],
            check=True,
        )
        try:
            sets = {"data/": ROOT / "data"}
            if args.visits:
                sys.path.insert(0, str(ROOT / "benchmarks"))
                from synthetic import generate

                sets[f"synthetic {args.visits:,} visits"] = generate(
                    work / "synthetic", args.visits
                )
            for label, data_dir in sets.items():
                before = run_dump(old, data_dir, work)
                after = run_dump(ROOT, data_dir, work)
                problems = compare(before, after)
                queries = sum(k.startswith("query ") for k in after)
                chart_specs = sum(k.startswith("chart ") for k in after)
                verdict = "identical" if not problems else f"{len(problems)} difference(s)"
                print(
                    f"{label}: {queries} query answers and {chart_specs} chart specs, "
                    f"{commit} vs this tree: {verdict}"
                )
                for problem in problems[:50]:
                    print(f"  {problem}")
                failed |= bool(problems)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False
            )
    print(f"checked {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

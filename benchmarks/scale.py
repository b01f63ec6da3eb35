"""The dashboard at scale: build, page queries and chart payloads on synthetic data.

    python benchmarks/scale.py [--sizes 10000 100000 1000000] [--quick] [--repeat N]

For each size, synthetic data (benchmarks/synthetic.py) is generated into a temporary folder and:

- built with `opcat-dashboard build` in a fresh process, beside a bare DuckDB load of the same CSV
  files into the same schema (sql/schema.sql, read_csv and INSERT, no checks of ours): wall time
  and peak memory (the child's maximum resident set size);
- for each page of the app (dashboard/site.py), its queries after a filter change (every repeat a
  year range not asked before, as a user moving the slider; median of N): the charts of the page
  (charts.chart_data) and its other queries (headline figures, tables), run as the app runs them;
  the same SQL with the same parameters run bare on the connection (fetchall); and, for the main
  aggregates, pandas on frames loaded once (as a Streamlit dashboard over pandas would cache them);
- the payload of every chart: the bytes of the JSON of the rows it receives, unfiltered, and the
  map's geometry.

Prints one Markdown table, the sizes side by side, then each target met or not. The figures go in
README.md (Performance).
"""

import argparse
import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SIZES = (10_000, 100_000, 1_000_000)
GEOMETRY_BYTES = (ROOT / "data" / "world-map.json").stat().st_size  # sent with the map, any size


# --- children: each measured in a process of its own ----------------------------------------------


def measured(command: list[str]) -> dict:
    """Run command in a wrapper process that reports its wall time and the peak memory of command
    (ru_maxrss of the wrapper's children: command alone)."""
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "s = time.perf_counter() - t\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'seconds': s, 'cpu': u.ru_utime + u.ru_stime,\n"
        "    'peak_mb': u.ru_maxrss / 1024, 'rc': r.returncode,\n"
        "    'err': r.stderr.decode()[-2000:]}))\n"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True)
    result = json.loads(out.stdout)
    if result["rc"]:
        raise SystemExit(f"{' '.join(command)} failed:\n{result['err']}")
    return result


def bare_load(data: Path, db: Path) -> None:
    """The same CSV files into the same schema with DuckDB alone: read_csv, cast, insert."""
    import duckdb

    from dashboard.data.schema import TABLES, quote_identifier, typed_select
    from dashboard.paths import SQL_DIR

    con = duckdb.connect(str(db))
    con.execute("SET enable_progress_bar = false")
    con.execute((SQL_DIR / "schema.sql").read_text())
    for table in TABLES:
        select = typed_select(con, table)
        source = f"read_csv('{data / (table + '.csv')}', all_varchar = true, header = true)"
        if table == "visits":  # a suspended part refers to the visit that resumed it: that first
            for where in ("related_visit_id IS NULL", "related_visit_id IS NOT NULL"):
                con.execute(f"INSERT INTO visits SELECT {select} FROM {source} WHERE {where}")
        else:
            con.execute(f"INSERT INTO {quote_identifier(table)} SELECT {select} FROM {source}")
    con.execute("CHECKPOINT")
    con.close()


# --- pages and their queries ----------------------------------------------------------------------

# Page helpers of dashboard/app/ui.py that run named queries, and the queries they run.
HELPER_QUERIES = {
    "state_record": ["state_record"],
    "compare_table": ["state_record"],
    "country_record": ["state_record"],
}


def page_work(page_file: str) -> list[tuple[str, str, dict]]:
    """What a page runs, read from its source: ("chart", id, {}), ("query", name, extra),
    ("headline", "", {}). A query given a limit is a list shown a page at a time: its first page
    (dashboard/query/paging.py; the Recommendations page lists 50 at first)."""
    from dashboard.paths import PACKAGE
    from dashboard.query import queries
    from dashboard.query.paging import PAGE_SIZES

    source = (PACKAGE / "app" / "app_pages" / page_file).read_text()
    work = []
    for m in re.finditer(r"(?:ui|session)\.(\w+)\(\s*(?:\"([\w-]+)\")?", source):
        helper, name = m.groups()
        rest = source[m.end() : source.find(")", m.end())]
        if helper == "show_chart":
            work.append(("chart", name, {}))
        elif helper == "query" and name:
            extra = {"limit": PAGE_SIZES.get(name, 50), "offset": 0} if "limit=" in rest else {}
            takes = queries.parameters(name)  # the recommendations list takes a limit, no offset
            work.append(("query", name, {k: v for k, v in extra.items() if k in takes}))
        elif helper == "headline_figures":
            work.append(("headline", "", {}))
        elif helper in HELPER_QUERIES:
            work += [("query", q, {}) for q in HELPER_QUERIES[helper]]
    return work


def page_filters(title: str, con, repeat: int):
    """The filters of each timed run of a page: a new year range every time; one State on the
    country profile, three on Compare."""
    from dashboard.query.filters import Filters

    states = [r[0] for r in con.execute("SELECT iso3 FROM states ORDER BY iso3").fetchall()]
    chosen = {"Country profile": states[:1], "Compare": states[:3]}.get(title, [])
    return [Filters(from_year=2009 + i, to_year=2023 - i % 2, state=chosen) for i in range(repeat)]


class Recorder:
    """A connection that records the SQL and parameters of every query run through it."""

    def __init__(self, con):
        self._con, self.calls = con, []

    def sql(self, query, params=None, **kw):
        self.calls.append((query, params))
        return self._con.sql(query, params=params, **kw)

    def __getattr__(self, name):
        return getattr(self._con, name)


def run_page(con, work, filters) -> None:
    from dashboard.charts import CHARTS, chart_data, chart_filters
    from dashboard.query import figures

    for kind, name, extra in work:
        if kind == "chart":
            chart_data(con, CHARTS[name], chart_filters(CHARTS[name], filters))
        elif kind == "query":
            figures.run(con, name, filters, **extra)
        else:
            figures.headline(con, filters)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def page_times(con, repeat: int) -> dict:
    """Per page: (ours, bare) median seconds over `repeat` filter changes."""
    from dashboard.site import PAGES

    out = {}
    for page_file, title in PAGES:
        work = page_work(page_file)
        runs = page_filters(title, con, 2 * repeat + 1)
        run_page(con, work, runs[0])  # the page's first load: not a filter change
        ours, bare = [], []
        for i in range(repeat):
            ours.append(timed(lambda f=runs[1 + i], w=work: run_page(con, w, f)))
            recorder = Recorder(con)
            run_page(recorder, work, runs[1 + repeat + i])  # record the SQL, for a new range
            calls = recorder.calls
            bare.append(timed(lambda c=calls: [con.execute(q, p).fetchall() for q, p in c]))
        out[title] = (statistics.median(ours), statistics.median(bare))
    return out


# --- the pandas baseline --------------------------------------------------------------------------


def pandas_frames(con):
    """The tables as pandas frames, with the per-visit facts joined once (as an app would cache)."""
    visits = con.sql(
        "SELECT v.visit_id, v.iso3, v.visit_type, v.status, v.start_date, v.end_date, "
        "v.approx_date, s.un_regional_group FROM visits v JOIN states s USING (iso3)"
    ).df()
    visits["visit_year"] = (
        visits["start_date"]
        .dt.year.fillna(visits["end_date"].dt.year)
        .fillna(visits["approx_date"].str[:4].astype(float))
        .astype(int)
    )
    visits["counts"] = visits["status"].isin(["completed", "terminated"])
    reports = con.sql("SELECT visit_id, publication_status FROM reports").df()
    status = (
        reports.assign(
            pub=reports["publication_status"] == "published",
            notpub=reports["publication_status"] == "not-published",
        )
        .groupby("visit_id")[["pub", "notpub"]]
        .any()
    )
    visits = visits.merge(status, left_on="visit_id", right_index=True, how="left")
    visits["publication"] = "no report"
    visits.loc[visits["pub"].notna(), "publication"] = "unknown"
    visits.loc[visits["notpub"].eq(True), "publication"] = "not-published"
    visits.loc[visits["pub"].eq(True), "publication"] = "published"
    places = con.sql("SELECT visit_id, facility_type FROM visit_places").df()
    return visits, places


def _filtered(visits, f):
    return visits[visits["counts"] & visits["visit_year"].between(f.from_year, f.to_year)]


def _per_year(visits, places, f):
    return _filtered(visits, f).groupby(["visit_year", "visit_type"]).size()


def _per_region(visits, places, f):
    return (
        _filtered(visits, f)
        .groupby("un_regional_group")
        .agg(visits=("visit_id", "size"), states=("iso3", "nunique"))
    )


def _publication(visits, places, f):
    pub = (
        _filtered(visits, f)
        .groupby(["visit_year", "publication"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=["published", "not-published", "unknown", "no report"], fill_value=0)
    )
    pub["share"] = pub["published"] / (pub["published"] + pub["not-published"])
    return pub


def _coverage(visits, places, f):
    v = _filtered(visits, f)
    covered = places[places["visit_id"].isin(v["visit_id"])].merge(
        v[["visit_id", "visit_year"]], on="visit_id"
    )
    known = covered.groupby("visit_year")["visit_id"].nunique()
    return covered.groupby(["visit_year", "facility_type"]).size().div(known, level=0)


# The main aggregates: pandas, and the named query and fixed parameters doing the same in SQL.
MAIN = {
    "visits_per_year": (_per_year, "visits_per_year", {}),
    "visits_per_region": (_per_region, "visits_per_region", {}),
    "publication_rate": (_publication, "publication_rate", {"by": "year"}),
    "facility_coverage": (_coverage, "facility_coverage", {"by": "year"}),
}


def main_query_times(con, repeat: int) -> dict:
    """For each main aggregate: (ours, pandas) median seconds after a filter change, and the
    time pandas takes to load its frames; the visit counts of the two are checked to agree."""
    from dashboard.query import figures
    from dashboard.query.filters import Filters

    load = time.perf_counter()
    visits, places = pandas_frames(con)
    load = time.perf_counter() - load
    runs = [Filters(from_year=2009 + i, to_year=2023 - i % 2) for i in range(repeat)]
    out = {"load": load}
    for name, (in_pandas, query, extra) in MAIN.items():
        ours = [timed(lambda f=f, q=query, e=extra: figures.run(con, q, f, **e)) for f in runs]
        panda = [timed(lambda f=f, p=in_pandas: p(visits, places, f)) for f in runs]
        out[name] = (statistics.median(ours), statistics.median(panda))
    f = runs[0]
    sql_total = int(figures.run(con, "visits_per_year", f)["visits"].sum())
    assert int(_per_year(visits, places, f).sum()) == sql_total, "pandas and SQL disagree"
    return out


def payloads(con) -> dict:
    from dashboard.charts import CHARTS, chart_data
    from dashboard.query.filters import Filters

    return {
        chart_id: len(json.dumps(chart_data(con, chart, Filters()).to_dicts(), default=str))
        for chart_id, chart in CHARTS.items()
    }


def query_child(db: Path, repeat: int) -> None:
    from dashboard.query.db import open_read_only

    con = open_read_only(db)
    result = {
        "pages": page_times(con, repeat),
        "main": main_query_times(con, repeat),
        "payloads": payloads(con),
    }
    print(json.dumps(result))


# --- the run --------------------------------------------------------------------------------------


def measure(size: int, repeat: int, work: Path) -> dict:
    from synthetic import generate

    data = work / f"data-{size}"
    start = time.perf_counter()
    generate(data, size)
    generated = time.perf_counter() - start
    db, bare_db = work / f"build-{size}.duckdb", work / f"bare-{size}.duckdb"
    build = measured(
        [sys.executable, "-m", "dashboard", "build", "--data", str(data), "--db", str(db)]
    )
    bare = measured([sys.executable, __file__, "--bare-load", str(data), str(bare_db)])
    out = subprocess.run(
        [sys.executable, __file__, "--query-child", str(db), "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    queries = json.loads(out.stdout.strip().splitlines()[-1])
    for path in data.iterdir():
        path.unlink()
    data.rmdir()
    db.unlink()
    bare_db.unlink()
    return {"generated": generated, "build": build, "bare": bare, **queries}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def table(results: dict[int, dict]) -> str:
    sizes = list(results)
    rows = []

    def row(label, cell):
        rows.append([label, *[cell(results[s]) for s in sizes]])

    row("synthetic data written", lambda r: f"{r['generated']:.1f} s")
    row(
        "build: time (vs bare DuckDB load)",
        lambda r: (
            f"{r['build']['seconds']:.1f} s vs {r['bare']['seconds']:.1f} s "
            f"({r['build']['seconds'] / r['bare']['seconds']:.1f}×)"
        ),
    )
    row(
        "build: peak memory (vs bare)",
        lambda r: f"{r['build']['peak_mb']:,.0f} MB vs {r['bare']['peak_mb']:,.0f} MB",
    )
    first = results[sizes[0]]
    for page in first["pages"]:
        row(
            f"page {page}: queries after a filter change (bare SQL)",
            lambda r, p=page: f"{ms(r['pages'][p][0])} ({ms(r['pages'][p][1])})",
        )
    row("pandas: load the frames once", lambda r: ms(r["main"]["load"]))
    for name, (_, query, extra) in MAIN.items():
        what = f"{query} {extra.get('by', '')}".strip()
        row(
            f"{what}: ours vs pandas",
            lambda r, n=name: f"{ms(r['main'][n][0])} vs {ms(r['main'][n][1])}",
        )
    for chart_id in first["payloads"]:
        row(f"payload {chart_id}", lambda r, c=chart_id: f"{r['payloads'][c] / 1000:,.1f} kB")
    row("map geometry (data/world-map.json)", lambda r: f"{GEOMETRY_BYTES / 1000:,.1f} kB")
    header = ["", *[f"{s:,} visits" for s in sizes]]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def verdicts(size: int, r: dict) -> list[str]:
    """The targets of issue 13, each met or not at this size."""
    build, bare = r["build"], r["bare"]
    slowest = max(r["pages"], key=lambda p: r["pages"][p][0])
    largest = max(r["payloads"], key=r["payloads"].get)
    checks = [
        (
            build["seconds"] <= 2 * bare["seconds"],
            f"build at most 2× the bare load: {build['seconds'] / bare['seconds']:.2f}×",
        ),
        (build["peak_mb"] <= 2048, f"build peak memory at most 2 GB: {build['peak_mb']:,.0f} MB"),
        (
            r["pages"][slowest][0] <= 0.3,
            f"every page's queries at most 300 ms: slowest {slowest}, {ms(r['pages'][slowest][0])}",
        ),
        (
            r["payloads"][largest] <= 20_000,
            f"every chart's data at most 20 kB: largest {largest}, "
            f"{r['payloads'][largest] / 1000:.1f} kB",
        ),
        (
            GEOMETRY_BYTES <= 150_000,
            f"map geometry at most 150 kB: {GEOMETRY_BYTES / 1000:.1f} kB",
        ),
    ]
    return [f"- {size:,} visits: {'met' if ok else 'NOT MET'}: {text}" for ok, text in checks]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--quick", action="store_true", help="10,000 visits only (CI smoke run)")
    parser.add_argument("--repeat", type=int, default=3, help="filter changes per page (median)")
    parser.add_argument("--bare-load", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--query-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_load:
        return bare_load(*args.bare_load)
    if args.query_child:
        return query_child(args.query_child, args.repeat)
    sizes = [10_000] if args.quick else args.sizes
    results = {}
    with tempfile.TemporaryDirectory(prefix="opcat-scale-") as work:
        for size in sizes:
            results[size] = measure(size, args.repeat, Path(work))
            print(f"{size:,} visits measured: {json.dumps(results[size])}", file=sys.stderr)
    load = os.getloadavg()
    print(
        f"opcat-dashboard at scale, {dt.date.today()}, {os.cpu_count()} cores, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n"
    )
    print(table(results))
    print("\nTargets (issue 13; they are set for 1,000,000 visits):")
    for size, r in results.items():
        print("\n".join(verdicts(size, r)))


if __name__ == "__main__":
    main()

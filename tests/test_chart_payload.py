"""What a chart sends to the browser stays small whatever the size of the data: the map's geometry
at most 150 KB, drawing every State party; every chart's data at most 20 KB."""

import calendar
import csv
import json
import sys

import duckdb
import pytest

from dashboard import charts
from dashboard.build import build
from dashboard.filters import Filters
from dashboard.paths import DATA_DIR, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import generate  # noqa: E402

GEOMETRY_LIMIT = 150_000


def test_map_geometry_is_small_and_draws_every_state_party():
    assert (DATA_DIR / "world-map.json").stat().st_size <= GEOMETRY_LIMIT
    with (DATA_DIR / "states.csv").open(newline="") as f:
        parties = {row["iso3"] for row in csv.DictReader(f)}
    world = charts._world()
    outlines = {g["properties"]["iso3"] for g in world["objects"]["countries"]["geometries"]}
    dots = set(charts.map_dots())
    assert parties <= outlines | dots
    # The States parties missing at 1:110m, and the smallest drawn, are dots.
    assert {"CPV", "LIE", "MDV", "MLT", "MUS", "NRU", "LUX"} <= dots
    assert "KAZ" in outlines and "USA" in outlines and "KAZ" not in dots
    # Each dot lies where its State is (longitude, latitude within a degree).
    assert (
        abs(charts.map_dots()["MLT"][0] - 14.4) < 1 and abs(charts.map_dots()["MLT"][1] - 35.9) < 1
    )
    assert (
        abs(charts.map_dots()["NRU"][0] - 166.9) < 1 and abs(charts.map_dots()["NRU"][1] + 0.5) < 1
    )


def test_map_spec_sends_the_outlines_once(con):
    chart = charts.CHARTS["visits-map"]
    spec = json.dumps(charts.render(chart, charts.chart_data(con, chart, Filters())).to_dict())
    geometry = json.dumps(charts._outlines())
    assert spec.count('"Topology"') == 1
    assert len(spec) - len(geometry) <= 30_000


DATA_LIMIT = 20_000
SYNTHETIC_VISITS = 20_000


def data_bytes(frame) -> int:
    """A chart's data as the benchmark weighs it: the JSON of the rows chart_data returns."""
    return len(json.dumps(frame.to_dicts(), default=str))


@pytest.fixture(scope="session")
def synthetic_con(tmp_path_factory):
    """A database built from 20,000 made-up visits (benchmarks/synthetic.py, never in data/)."""
    folder = generate(tmp_path_factory.mktemp("synthetic") / "data", visits=SYNTHETIC_VISITS)
    db = build(folder, folder.parent / "synthetic.duckdb")
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def sizes(con, filters: Filters) -> dict[str, int]:
    return {
        chart_id: data_bytes(charts.chart_data(con, chart, charts.chart_filters(chart, filters)))
        for chart_id, chart in charts.CHARTS.items()
    }


@pytest.mark.parametrize("filters", [Filters(), Filters(region="African")], ids=["all", "african"])
def test_every_chart_data_is_small_on_the_real_data(con, filters):
    too_big = {c: n for c, n in sizes(con, filters).items() if n > DATA_LIMIT}
    assert not too_big


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(region="African"), Filters(state=("BRA", "MEX"))],
    ids=["all", "african", "two-states"],
)
def test_every_chart_data_is_small_at_20k_visits(synthetic_con, filters):
    measured = sizes(synthetic_con, filters)
    assert synthetic_con.execute("SELECT count(*) FROM visits").fetchall()[0][0] == SYNTHETIC_VISITS
    too_big = {c: n for c, n in measured.items() if n > DATA_LIMIT}
    assert not too_big


def test_bounded_charts_say_what_they_leave_out(synthetic_con):
    def note(chart_id):
        chart = charts.CHARTS[chart_id]
        return chart.note(charts.chart_data(synthetic_con, chart, Filters()))

    ((visits, parts),) = synthetic_con.execute(
        "SELECT count(*) FILTER (WHERE status <> 'suspended'), "
        "count(*) FILTER (WHERE status = 'suspended') "
        "FROM filtered_visits_with_parts(NULL, NULL, NULL, NULL, NULL)"
    ).fetchall()
    timeline = note("visit-timeline")
    assert timeline.startswith(f"{visits:,} visits counted (completed or terminated); {parts:,} ")
    assert f"Drawn: the {charts.TIMELINE_LIMIT} most recent" in timeline
    assert f"; {visits + parts - charts.TIMELINE_LIMIT:,} earlier left out" in timeline
    assert "Drawn at 61 of its " in note("time-to-publication")
    by_state = note("time-to-publication-by-state")
    assert "91 more States parties left out" in by_state


def test_a_thinned_curve_keeps_the_exact_median(synthetic_con):
    from dashboard.figures import median_months
    from dashboard.queries import run

    exact = run(synthetic_con, "time_to_publication")
    chart = charts.CHARTS["time-to-publication"]
    drawn = charts.chart_data(synthetic_con, chart, Filters())
    assert drawn.height < exact.height
    for column in ("share_published", "share_published_low", "share_published_high"):
        assert median_months(drawn, column) == median_months(exact, column)


@pytest.mark.parametrize("database", ["con", "mini_db"])
@pytest.mark.parametrize(
    ("by", "long_query", "params"),
    [("state", "facility_matrix", {}), ("year", "facility_coverage", {"by": "year"})],
)
def test_listed_coverage_is_the_long_table(request, database, by, long_query, params):
    """The matrix and places-by-year rows list per type of place (in the order of
    labels.FACILITY_TYPE, the schema's vocabulary) the very counts of the long queries."""
    import polars as pl

    from dashboard import labels, queries
    from dashboard.validate import vocabulary

    assert tuple(labels.FACILITY_TYPE) == vocabulary("visit_places", "facility_type")
    con = request.getfixturevalue(database)
    listed = queries.run(con, "facility_coverage_lists", {"by": by})
    cells = (
        listed.with_columns(facility_type=pl.lit(list(labels.FACILITY_TYPE)))
        .explode("visits_covering", "facility_type")
        .drop_nulls("visits_covering")
        .select(by, "facility_type", "visits_covering", "visits_with_known_places")
        .sort(by, "facility_type")
    )
    long = queries.run(con, long_query, params).select(cells.columns).sort(by, "facility_type")
    assert cells.height > 0
    assert cells.equals(long)


# The query as it was before it counted place_facts (a cross join of visits and types of place).
CROSS_JOIN = ROOT / "tests" / "fixtures" / "facility_coverage_lists_cross_join.sql"


@pytest.mark.parametrize("database", ["con", "mini_db", "synthetic_con"])
@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(year_from=2016, region="African"),
        Filters(year_to=2012, state=("BRA", "MEX", "XAA"), visit_type=("regular", "follow-up")),
    ],
    ids=["all", "african-2016", "states-types"],
)
@pytest.mark.parametrize("by", ["state", "year", None])
def test_coverage_lists_from_the_places_are_those_of_the_cross_join(request, database, filters, by):
    """facility_coverage_lists, counting place_facts, gives the very rows of the cross join it
    replaced, on the real data, the hand-made fixture and 20,000 synthetic visits."""
    from dashboard import figures, queries

    con = request.getfixturevalue(database)
    rows = figures.run(con, "facility_coverage_lists", filters, by=by)
    sql = CROSS_JOIN.read_text()
    params = {**filters.params(), "by": by}
    wanted = dict.fromkeys(queries.PARAMETER.findall(sql))
    reference = con.sql(sql, params={k: params.get(k) for k in wanted}).pl()
    assert rows.height > 0
    assert rows.schema == reference.schema
    assert rows.equals(reference)


def test_counts_at_scale_are_written_with_thousands_separators(synthetic_con):
    """19,000 visits read as on the charts' axes, in the headline and in every chart's note."""
    import re

    from dashboard import figures

    h = figures.headline(synthetic_con, Filters())
    assert h.visits > 10_000
    line = h.publication_line()
    assert line.startswith(f"{h.visits_published:,} of {h.visits:,} visits have a public report")
    assert f"· {h.visits_status_unknown:,} status unknown" in line
    assert f"of all {h.visits:,} visits lies between" in h.publication_detail()
    notes = {
        chart_id: chart.note(charts.chart_data(synthetic_con, chart, Filters()))
        for chart_id, chart in charts.CHARTS.items()
    }
    assert notes["visits-per-year"].startswith(f"{h.visits:,} visits counted")
    # No count of four digits or more without its separator (dates such as "May 2024" aside).
    months = "|".join(calendar.month_name[1:])
    dates = rf"(?:{months}) \d{{4}}|\d{{4}}–\d{{4}}"
    count = r"(?<![\d,.])\d{4,}(?![\d,.])"
    bare = {c: re.findall(count, re.sub(dates, "", n)) for c, n in notes.items()}
    assert bare == {c: [] for c in notes}


def test_compare_table_writes_large_counts_with_separators(con):
    """One State's record from the real data, its counts as an NPM's own data would have them."""
    from dashboard import figures

    record = figures.run(con, "state_record", Filters(state=("BRA",))).with_columns(
        visits=10_246,
        visits_published=5_330,
        visits_not_published=2_795,
        visits_publication_unknown=2_121,
        reports_sent=10_246,
        reports_published=5_330,
    )
    table = figures.compare_table(record, ("BRA",))
    facts = dict(zip(table["Fact"], table["Brazil"], strict=True))
    assert facts["Visits counted"] == "10,246"
    assert (
        facts["Visits with a public report"] == "5,330 of 10,246 (2,795 not public, 2,121 unknown)"
    )
    assert facts["Reports sent (on record)"] == "10,246"
    assert facts["Reports published"] == "5,330"


def test_map_bins_at_scale_still_tell_states_apart(synthetic_con):
    """At 20,000 visits every State has dozens: the bins are cut at the thirds of the counts."""
    import polars as pl

    from dashboard import figures

    rows = figures.run(synthetic_con, "visits_map", Filters()).filter(pl.col("visits") > 0)
    bins = rows.group_by("category_rank", "category").agg(
        states=pl.len(), low=pl.col("visits").min(), high=pl.col("visits").max()
    )
    bins = bins.sort("category_rank", descending=True).to_dicts()
    assert [b["category_rank"] for b in bins] == [3, 2, 1]
    assert all(b["states"] >= rows.height // 4 for b in bins)  # about a third each
    first, middle, top = bins
    assert first["category"] == f"1–{first['high']:,} visits"
    assert middle["category"] == f"{first['high'] + 1:,}–{middle['high']:,} visits"
    assert top["category"] == f"{middle['high'] + 1:,} or more visits"
    assert middle["low"] > first["high"] and top["low"] > middle["high"]

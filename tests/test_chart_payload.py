"""What a chart sends to the browser stays small whatever the size of the data: the map's geometry
at most 150 KB, drawing every State party; every chart's data at most 20 KB."""

import csv
import json

import pytest

from dashboard import charts
from dashboard.charts import world_map
from dashboard.paths import DATA_DIR, ROOT
from dashboard.query.filters import Filters
from tests.conftest import SYNTHETIC_VISITS
from tests.visit_parts import visits_with_parts

GEOMETRY_LIMIT = 150_000


def test_map_geometry_is_small_and_draws_every_state_party():
    assert (DATA_DIR / "world-map.json").stat().st_size <= GEOMETRY_LIMIT
    with (DATA_DIR / "states.csv").open(newline="") as f:
        parties = {row["iso3"] for row in csv.DictReader(f)}
    world = world_map._world()
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
    geometry = json.dumps(world_map._outlines())
    assert spec.count('"Topology"') == 1
    assert len(spec) - len(geometry) <= 30_000


DATA_LIMIT = 20_000


def data_bytes(frame) -> int:
    """A chart's data as the benchmark weighs it: the JSON of the rows chart_data returns."""
    return len(json.dumps(frame.to_dicts(), default=str))


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

    ((visits, parts),) = visits_with_parts(
        synthetic_con,
        "count(*) FILTER (WHERE status <> 'suspended'), "
        "count(*) FILTER (WHERE status = 'suspended')",
    )
    timeline = note("visit-timeline")
    assert timeline.startswith(f"{visits:,} visits counted (completed or terminated); {parts:,} ")
    assert f"Drawn: the {charts.TIMELINE_LIMIT} most recent" in timeline
    assert f"; {visits + parts - charts.TIMELINE_LIMIT:,} earlier left out" in timeline
    assert "Drawn at 61 of its " in note("time-to-publication")
    by_state = note("time-to-publication-by-state")
    assert "91 more States parties left out" in by_state


def test_a_thinned_curve_keeps_the_exact_median(synthetic_con):
    from dashboard.query.figures import median_months
    from dashboard.query.queries import run

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

    from dashboard import labels
    from dashboard.data.schema import vocabulary
    from dashboard.query import queries

    assert tuple(labels.FACILITY_TYPE) == vocabulary("visit_places", "facility_type")
    con = request.getfixturevalue(database)
    listed = queries.run(con, "facility_coverage_lists", None, {"by": by})
    cells = (
        listed.with_columns(facility_type=pl.lit(list(labels.FACILITY_TYPE)))
        .explode("visits_covering", "facility_type")
        .drop_nulls("visits_covering")
        .select(by, "facility_type", "visits_covering", "visits_with_known_places")
        .sort(by, "facility_type")
    )
    long = (
        queries.run(con, long_query, None, params).select(cells.columns).sort(by, "facility_type")
    )
    assert cells.height > 0
    assert cells.equals(long)


# The query as it was before it counted place_facts (a cross join of visits and types of place).
CROSS_JOIN = ROOT / "tests" / "fixtures" / "facility_coverage_lists_cross_join.sql"


@pytest.mark.parametrize("database", ["con", "mini_db", "synthetic_con"])
@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(from_year=2016, region="African"),
        Filters(to_year=2012, state=("BRA", "MEX", "XAA"), visit_type=("regular", "follow-up")),
    ],
    ids=["all", "african-2016", "states-types"],
)
@pytest.mark.parametrize("by", ["state", "year", None])
def test_coverage_lists_from_the_places_are_those_of_the_cross_join(request, database, filters, by):
    """facility_coverage_lists, counting place_facts, gives the very rows of the cross join it
    replaced, on the real data, the hand-made fixture and 20,000 synthetic visits."""
    from dashboard.query import figures, queries

    con = request.getfixturevalue(database)
    rows = figures.run(con, "facility_coverage_lists", filters, by=by)
    sql = CROSS_JOIN.read_text()
    params = {"filters": filters.sql(), "by": by}
    wanted = dict.fromkeys(queries.PARAMETER.findall(sql))
    reference = con.sql(sql, params={k: params.get(k) for k in wanted}).pl()
    assert rows.height > 0
    assert rows.schema == reference.schema
    assert rows.equals(reference)

"""The aggregate queries read cells (visit_cells, place_cells, publication_facts in
sql/views/) instead of every visit. Their answers must be those of counting the visits one by
one: each is checked here against the per-visit count, on the real data, the hand-made fixture and
synthetic data, for filters that cut cells every way."""

import sys

import duckdb
import polars as pl
import pytest

from dashboard.data.build import build
from dashboard.paths import ROOT
from dashboard.query import figures
from dashboard.query.filters import Filters

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import generate  # noqa: E402

FILTERS = [
    Filters(),
    Filters(from_year=2016),
    Filters(from_year=2010, to_year=2015),
    Filters(from_year=2030),
    Filters(region=("African", "Eastern European"), from_year=2012),
    Filters(state=("KAZ",)),
    Filters(state=("BRA", "MEX", "ARM")),
    Filters(visit_type=("follow-up", "npm-advisory")),
    Filters(region=("Latin American and Caribbean",), visit_type=("regular",), to_year=2019),
]

# The visits of the filters, one row each: the per-visit definitions the cells must add up to.
VISITS = "SELECT * FROM filtered_visits($filters)"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = generate(tmp_path_factory.mktemp("cells") / "data", visits=3000, seed=7)
    path = build(folder, folder.parent / "cells.duckdb")
    connection = duckdb.connect(str(path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(params=["real", "mini", "synthetic"])
def db(request, con, mini_db, synthetic):
    return {"real": con, "mini": mini_db, "synthetic": synthetic}[request.param]


def per_visit(db, sql: str, filters: Filters) -> pl.DataFrame:
    return db.sql(sql, params={"filters": filters.sql()}).pl()


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_publication_counts_are_the_visits_counted_one_by_one(db, filters):
    expected = per_visit(
        db,
        f"""SELECT visit_year AS year, count(*) AS visits,
            count(*) FILTER (WHERE publication_status = 'published') AS visits_published,
            count(*) FILTER (WHERE publication_status = 'not-published') AS visits_not_published,
            count(*) FILTER (WHERE publication_status = 'unknown') AS visits_status_unknown,
            count(*) FILTER (WHERE publication_status = 'no report') AS visits_no_report,
            CAST(sum(reports) AS BIGINT) AS reports,
            CAST(sum(reports_published) AS BIGINT) AS reports_published
        FROM ({VISITS}) GROUP BY visit_year ORDER BY visit_year""",
        filters,
    )
    got = figures.run(db, "publication_rate", filters, by="year").select(expected.columns)
    assert got.equals(expected)


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_place_counts_are_the_visits_counted_one_by_one(db, filters):
    expected = per_visit(
        db,
        f"""WITH v AS ({VISITS})
        SELECT un_regional_group, p.facility_type,
            count(*) AS visits_covering
        FROM v JOIN visit_places AS p USING (visit_id)
        GROUP BY ALL ORDER BY ALL""",
        filters,
    )
    got = figures.run(db, "facility_coverage", filters, by="region")
    got = got.filter(pl.col("visits_covering") > 0).select(expected.columns).sort(pl.all())
    assert got.equals(expected)
    known = per_visit(
        db,
        f"""SELECT un_regional_group,
            count(*) FILTER (WHERE places_known) AS visits_with_known_places,
            count(*) FILTER (WHERE NOT places_known) AS visits_places_unknown
        FROM ({VISITS}) GROUP BY ALL ORDER BY ALL""",
        filters,
    )
    got = figures.run(db, "facility_coverage", filters, by="region").select(known.columns)
    assert got.unique().sort(pl.all()).equals(known)


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_state_records_are_the_visits_counted_one_by_one(db, filters):
    expected = per_visit(
        db,
        f"""SELECT iso3, count(*) AS visits, min(visit_year) AS first_visit_year,
            max(visit_year) AS last_visit_year, CAST(sum(reports) AS BIGINT) AS reports_sent,
            count(*) FILTER (WHERE publication_status = 'no report') AS visits_no_report,
            count(*) FILTER (WHERE publication_status = 'unknown') AS visits_publication_unknown
        FROM ({VISITS}) GROUP BY iso3 ORDER BY iso3""",
        filters,
    )
    got = figures.run(db, "state_record", filters).filter(pl.col("visits") > 0)
    assert got.select(expected.columns).sort("iso3").equals(expected)
    # The date of the last visit looks at every year, with the other filters.
    last = per_visit(
        db,
        """WITH v AS (SELECT * FROM filtered_visits({'from_year': NULL, 'to_year': NULL,
            'region': $filters.region, 'state': $filters.state,
            'visit_type': $filters.visit_type}))
        SELECT iso3, max(coalesce(end_date, start_date)) AS last_visit_date
        FROM v WHERE visit_year = (SELECT max(visit_year) FROM v AS w WHERE w.iso3 = v.iso3)
        GROUP BY iso3 ORDER BY iso3""",
        filters,
    )
    got = figures.run(db, "state_record", filters).filter(
        pl.col("last_visit_year_any").is_not_null()
    )
    assert got.select(last.columns).sort("iso3").equals(last)


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_time_to_publication_counts_the_visits_with_known_times(db, filters):
    counted = per_visit(
        db,
        f"""SELECT count(*) AS n FROM ({VISITS})
        WHERE end_date IS NOT NULL AND (publication_status = 'not-published'
            OR (publication_status = 'published' AND first_published_date IS NOT NULL))""",
        filters,
    )["n"][0]
    curve = figures.run(db, "time_to_publication", filters)
    assert (int(curve["visits_counted"][0]) if curve.height else 0) == counted


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_recommendation_sample_counts_the_reports_one_by_one(db, filters):
    expected = per_visit(
        db,
        f"""SELECT count(*) FILTER (WHERE r.publication_status = 'published') AS reports_published,
            count(*) FILTER (WHERE r.publication_status = 'published' AND r.report_id IN
                (SELECT report_id FROM recommendations)) AS reports_with_recommendations
        FROM ({VISITS}) JOIN reports AS r USING (visit_id)""",
        filters,
    )
    got = db.sql(
        "SELECT * FROM recommendation_sample($filters)", params={"filters": filters.sql()}
    ).pl()
    assert got.equals(expected)

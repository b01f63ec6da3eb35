"""Every named query on the hand-made fixture returns the figures computed by hand.

The fixture (tests/fixtures/mini) has 8 visit rows; 6 count as visits: XAA 2010 (regular), XAA 2014
(regular, year only), XAA 2016 (follow-up), XBB 2013 (regular; its 2012 suspended part does not
count), XCC 2013 (NPM advisory, month only) and XCC 2018 (regular, terminated). XCC 2020 is only
planned. XDD was never visited. Dates are counted as of 2025-01-01."""

import datetime as dt

import pytest

from dashboard.query import queries
from dashboard.query.filters import Filters

AS_OF = dt.date(2025, 1, 1)


def run(con, name, filters=None, **params):
    return queries.run(con, name, filters, params).to_dicts()


def test_visits_per_year(mini_db):
    rows = run(mini_db, "visits_per_year")
    nonzero = [(r["year"], r["visit_type"], r["visits"]) for r in rows if r["visits"]]
    assert nonzero == [
        (2010, "regular", 1),
        (2013, "npm-advisory", 1),
        (2013, "regular", 1),
        (2014, "regular", 1),
        (2016, "follow-up", 1),
        (2018, "regular", 1),
    ]
    # Every year from 2010 to 2018 for each of the three types, zeros included.
    assert len(rows) == 9 * 3
    assert {r["year"] for r in rows} == set(range(2010, 2019))


def test_visits_per_year_filters(mini_db):
    rows = run(mini_db, "visits_per_year", Filters(from_year=2013, region="African"))
    nonzero = [(r["year"], r["visit_type"], r["visits"]) for r in rows if r["visits"]]
    assert nonzero == [(2013, "regular", 1), (2014, "regular", 1), (2016, "follow-up", 1)]
    assert {r["year"] for r in rows} == set(range(2013, 2019))


def test_visits_per_region(mini_db):
    assert run(mini_db, "visits_per_region") == [
        {"un_regional_group": "African", "visits": 4, "states_visited": 2, "states_parties": 2},
        {
            "un_regional_group": "Eastern European",
            "visits": 2,
            "states_visited": 1,
            "states_parties": 1,
        },
        {
            "un_regional_group": "Asia-Pacific",
            "visits": 0,
            "states_visited": 0,
            "states_parties": 1,
        },
    ]


def test_state_record(mini_db):
    rows = run(mini_db, "state_record", as_of=AS_OF)
    assert [
        (
            r["iso3"],
            r["visits"],
            r["first_visit_year"],
            r["last_visit_year"],
            r["years_since_last_visit"],
            r["years_without_visit"],
            r["never_visited"],
            r["reports_sent"],
            r["reports_published"],
            (
                r["visits_published"],
                r["visits_not_published"],
                r["visits_no_report"],
                r["visits_publication_unknown"],
            ),
            r["planned_dates"],
        )
        for r in rows
    ] == [
        # Sorted by years without a visit. 2013-02-20 → 2025-01-01 is 4333 days = 11.9 years;
        # the suspended 2012 part is not counted. XDD, never visited, counts from its
        # ratification (2015-07-01: 3472 days). XCC's 2018 visit has no report on record
        # (halted: no report, a status of its own) and its 2020 visit is only planned.
        ("XBB", 1, 2013, 2013, 11.9, 11.9, False, 2, 2, (1, 0, 0, 0), []),
        ("XDD", 0, None, None, None, 9.5, True, 0, 0, (0, 0, 0, 0), []),
        ("XAA", 3, 2010, 2016, 8.8, 8.8, False, 3, 1, (1, 1, 0, 1), []),  # 3224 days
        ("XCC", 2, 2013, 2018, 6.6, 6.6, False, 1, 0, (0, 1, 1, 0), ["2020"]),  # 2397 days
    ]


def test_state_record_under_a_year_filter(mini_db):
    rows = run(mini_db, "state_record", Filters(from_year=2017), as_of=AS_OF)
    by_state = {r["iso3"]: r for r in rows}
    # XAA was visited, but not from 2017 on: 0 visits counted, yet not "never visited", and its
    # years without a visit still count from its last visit (2016).
    assert by_state["XAA"]["visits"] == 0
    assert by_state["XAA"]["never_visited"] is False
    assert by_state["XAA"]["years_since_last_visit"] == 8.8
    assert by_state["XDD"]["never_visited"] is True
    assert by_state["XCC"]["visits"] == 1 and by_state["XCC"]["planned_visits"] == 1


def test_facility_coverage_overall(mini_db):
    rows = run(mini_db, "facility_coverage")
    # 4 counted visits have known places; XAA 2014 and XCC 2013 do not and are left out.
    assert [
        (
            r["facility_type"],
            r["visits_covering"],
            r["visits_with_known_places"],
            r["share"],
            r["visits_places_unknown"],
        )
        for r in rows
    ] == [
        ("police", 3, 4, 0.75, 2),
        ("prison", 2, 4, 0.5, 2),
        ("psychiatric", 1, 4, 0.25, 2),
    ]


def test_facility_coverage_by_region(mini_db):
    rows = run(mini_db, "facility_coverage", by="region")
    assert [
        (
            r["un_regional_group"],
            r["facility_type"],
            r["visits_covering"],
            r["visits_with_known_places"],
            r["share"],
        )
        for r in rows
    ] == [
        ("African", "police", 2, 3, 0.6667),
        ("African", "prison", 2, 3, 0.6667),
        ("African", "psychiatric", 1, 3, 0.3333),
        ("Eastern European", "police", 1, 1, 1.0),
        ("Eastern European", "prison", 0, 1, 0.0),
        ("Eastern European", "psychiatric", 0, 1, 0.0),
    ]


def test_facility_coverage_by_year(mini_db):
    rows = run(mini_db, "facility_coverage", by="year")
    police = {
        r["year"]: (r["visits_covering"], r["visits_with_known_places"])
        for r in rows
        if r["facility_type"] == "police"
    }
    assert police == {2010: (1, 1), 2013: (0, 1), 2014: (0, 0), 2016: (1, 1), 2018: (1, 1)}


def test_facility_matrix(mini_db):
    rows = run(mini_db, "facility_matrix")
    assert len(rows) == 4 * 3  # every State party × every facility type on record
    cells = {(r["iso3"], r["facility_type"]): r["visits_covering"] for r in rows}
    assert cells == {
        ("XAA", "police"): 2,
        ("XAA", "prison"): 1,
        ("XAA", "psychiatric"): 0,
        ("XBB", "police"): 0,
        ("XBB", "prison"): 1,
        ("XBB", "psychiatric"): 1,
        ("XCC", "police"): 1,
        ("XCC", "prison"): 0,
        ("XCC", "psychiatric"): 0,
        ("XDD", "police"): 0,
        ("XDD", "prison"): 0,
        ("XDD", "psychiatric"): 0,
    }


def test_publication_rate_overall(mini_db):
    (row,) = run(mini_db, "publication_rate")
    assert row == {
        "grouped_by": "all",
        "year": None,
        "un_regional_group": None,
        "visit_type": None,
        "iso3": None,
        "state": None,
        "visits": 6,
        "visits_published": 2,
        "visits_not_published": 2,
        "visits_status_unknown": 1,
        "visits_no_report": 1,
        "share_published": 0.5,
        "reports": 6,
        "reports_published": 3,
        "partial_year": None,
    }


def test_publication_rate_by_type(mini_db):
    rows = run(mini_db, "publication_rate", by="type")
    assert [
        (r["visit_type"], r["visits"], r["visits_published"], r["share_published"]) for r in rows
    ] == [
        ("follow-up", 1, 0, 0.0),
        ("npm-advisory", 1, 0, 0.0),
        ("regular", 4, 2, 1.0),  # XAA 2014 (unknown) and XCC 2018 (no report) left out
    ]


def test_time_to_publication_kaplan_meier(mini_db):
    rows = run(mini_db, "time_to_publication", as_of=AS_OF)
    # Published after 334 days (XBB) and 365 days (XAA); XAA 2016 is unpublished, censored at
    # 3224 days. S(334) = 2/3, S(365) = 2/3 × 1/2 = 1/3, so 1/3 then 2/3 published.
    assert [
        (r["days"], r["at_risk"], r["published"], r["censored"], r["share_published"]) for r in rows
    ] == [
        (0, 3, 0, 0, 0.0),
        (334, 3, 1, 0, 0.3333),
        (365, 2, 1, 0, 0.6667),
        (3224, 1, 0, 1, 0.6667),
    ]


def test_publication_within_months(mini_db):
    rows = run(mini_db, "publication_within", as_of=AS_OF)
    assert [
        (r["months"], r["share_published"], r["visits_counted"], r["visits_left_out"]) for r in rows
    ] == [
        (6, 0.0, 3, 3),
        (12, 0.6667, 3, 3),
        (24, 0.6667, 3, 3),
        (36, 0.6667, 3, 3),
        (60, 0.6667, 3, 3),
    ]


def test_unknown_parameter_is_an_error(mini_db):
    with pytest.raises(queries.QueryError, match="takes no parameter"):
        queries.run(mini_db, "visits_per_year", None, {"as_of": AS_OF})


def test_unknown_query_is_an_error(mini_db):
    with pytest.raises(queries.QueryError, match="unknown query"):
        queries.run(mini_db, "visits; DROP TABLE visits")


def test_every_query_has_a_description():
    for name in queries.names():
        assert len(queries.describe(name)) > 20, name


def test_real_visits_per_year_covers_2007_to_2025(con):
    years = {r["year"] for r in run(con, "visits_per_year")}
    assert set(range(2007, 2026)) <= years


def test_real_totals(con):
    rows = run(con, "visits_per_year")
    assert sum(r["visits"] for r in rows) == 102
    (pub,) = run(con, "publication_rate")
    assert (pub["visits_published"], pub["visits_not_published"], pub["visits_status_unknown"]) == (
        64,
        7,
        29,
    )

"""Long lists a page at a time (dashboard/query/paging.py): each page is a slice of the whole list,
the totals are those of the whole selection, the app asks for a page with bound parameters, and the
downloads give every row."""

import polars as pl
import pytest

from dashboard.query import figures, queries
from dashboard.query.filters import Filters
from dashboard.query.paging import PAGE_SIZES, Page, visits_words
from tests.apptest import open_page, texts
from tests.visit_parts import visits_with_parts


def test_page_arithmetic():
    page = Page.of(2, 50, 104)
    assert (page.pages, page.offset, page.first, page.last) == (3, 50, 51, 100)
    assert page.showing("visits") == "Showing visits 51–100 of 104 (page 2 of 3)."
    assert Page.of(3, 50, 104).last == 104
    assert visits_words(104) == "104 visits"
    assert visits_words(1, 2) == "1 visit and 2 suspended parts"
    # A page past the end (the list shrank) or before the start is moved into the list.
    assert Page.of(9, 50, 104).number == 3 and Page.of(0, 50, 104).number == 1
    empty = Page.of(1, 20, 0)
    assert (empty.pages, empty.offset, empty.first, empty.last) == (1, 0, 0, 0)


def test_totals_of_the_lists_on_the_real_data(con):
    totals = figures.run(con, "list_totals", Filters()).row(0, named=True)
    assert totals == {"visits": 102, "suspended_parts": 3, "listed": 105, "reports": 111}
    every = figures.run(con, "visit_reports", Filters())
    assert every["visit_id"].n_unique() == 102 and every["report_id"].count() == 111
    african = figures.run(con, "list_totals", Filters(from_year=2016, region="African"))
    assert african.row(0) == (19, 0, 19, 19)
    # Argentina: two visits and the suspended part of the second, listed with it.
    argentina = figures.run(con, "list_totals", Filters(state="ARG")).row(0, named=True)
    assert argentina == {"visits": 2, "suspended_parts": 1, "listed": 3, "reports": 2}
    details = figures.run(con, "visit_details", Filters(state="ARG"))
    assert details.select("visit_id", "counted_visit_id").rows() == [
        ("ARG-2012-04", "ARG-2012-04"),
        ("ARG-2020-03", "ARG-2022-04"),
        ("ARG-2022-04", "ARG-2022-04"),
    ]


@pytest.mark.parametrize("database", ["con", "mini_db"])
@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(to_year=2015), Filters(from_year=2013, state=("ARG", "XBB"))],
    ids=["all", "to-2015", "states-from-2013"],
)
def test_listed_visits_are_the_filtered_visits_with_their_parts(request, database, filters):
    """The lists' rows (listed_visits, over visit_list) follow the rule of
    tests/visit_parts.py: a suspended part is listed with the visit that resumed it."""
    con = request.getfixturevalue(database)
    listed = con.sql(
        "SELECT visit_id, counted_as.visit_id FROM listed_visits($filters) ORDER BY 1",
        params={"filters": filters.sql()},
    ).fetchall()
    rule = visits_with_parts(con, "visit_id, counted_visit_id", filters, "ORDER BY 1")
    assert listed == rule and listed


def test_first_page_of_the_reports_table(con):
    first = figures.run(con, "visit_reports", Filters(), limit=50, offset=0)
    assert (first.height, first["visit_id"].n_unique(), first["report_id"].count()) == (53, 50, 52)
    assert (first["visit_id"][0], first["visit_id"][-1]) == ("ALB-2024-04", "MDV-2007-12")
    last = figures.run(con, "visit_reports", Filters(), limit=50, offset=100)
    assert last["visit_id"].unique(maintain_order=True).to_list() == [
        "GBR-2019-09",
        "URY-2018-03",
    ]


def pages(con, name: str, filters: Filters, size: int) -> list[pl.DataFrame]:
    out, offset = [], 0
    while True:
        page = figures.run(con, name, filters, limit=size, offset=offset)
        if page.is_empty():
            return out
        out.append(page)
        offset += size


@pytest.mark.parametrize(
    ("database", "filters"),
    [
        ("con", Filters()),
        ("con", Filters(from_year=2016, region="African")),
        ("con", Filters(state=("MEX", "BRA", "ARG"), visit_type="regular")),
        ("mini_db", Filters()),
        ("mini_db", Filters(state=("XAA", "XBB"))),
    ],
)
@pytest.mark.parametrize(("name", "size"), [("visit_reports", 7), ("visit_details", 5)])
def test_the_pages_make_up_the_whole_list(request, database, filters, name, size):
    """Page after page, in order, are the whole list; a page holds `size` visits (or parts), each
    with all its reports; the totals count the whole list."""
    con = request.getfixturevalue(database)
    whole = figures.run(con, name, filters)
    parts = pages(con, name, filters, size)
    assert parts and pl.concat(parts).equals(whole)
    assert all(p["visit_id"].n_unique() == size for p in parts[:-1])
    totals = figures.run(con, "list_totals", filters).row(0, named=True)
    listed = totals["listed"] if name == "visit_details" else totals["visits"]
    assert whole["visit_id"].n_unique() == listed


def test_the_source_list_in_pages(con):
    whole = figures.run(con, "source_list", Filters())
    assert whole.height == int(figures.run(con, "sources_by_kind", Filters())["sources"].sum())
    assert whole.height == 494
    parts = pages(con, "source_list", Filters(), PAGE_SIZES["source_list"])
    assert len(parts) == 10 and pl.concat(parts).equals(whole)
    first = parts[0].row(0, named=True)
    assert (first["source_id"], first["publisher"], first["records"]) == ("S0093", "ILO NATLEX", 1)


def test_reports_page_shows_a_page_and_the_true_totals(db_path):
    at = open_page("Reports")
    (pager,) = at.number_input
    assert (pager.label, pager.value, pager.max) == ("Page (of 3)", 1, 3)
    text = texts(at)
    assert "102 visits, 111 reports on record." in text
    assert "Showing visits 1–50 of 102 (page 1 of 3)." in text
    (table,) = at.dataframe
    assert table.value["visit_id"].nunique() == 50
    pager.set_value(3).run()
    assert "Showing visits 101–102 of 102 (page 3 of 3)." in texts(at)
    assert at.dataframe[0].value["visit_id"].unique().tolist() == [
        "GBR-2019-09",
        "URY-2018-03",
    ]
    # New filters start again at the first page.
    at.multiselect(key="w_region").set_value(["African"]).run()
    assert not at.number_input  # 27 visits: one page, no page to pick
    assert "27 visits" in texts(at)
    assert {b.label for b in at.get("download_button")} >= {
        "All 27 visits (CSV)",
        "All 27 visits (Parquet)",
    }


def test_the_page_asked_for_is_a_bound_parameter(db_path, monkeypatch):
    """The page number from the widget reaches the query as bound `$limit` and `$offset` values;
    the SQL text that runs is the query file's, whatever the page."""
    import streamlit as st

    calls = []
    run = queries.run

    def recording(con, name, filters=None, params=None):
        calls.append((name, dict(params or {})))
        return run(con, name, filters, params)

    monkeypatch.setattr(queries, "run", recording)
    st.cache_data.clear()
    at = open_page("Reports")
    at.number_input[0].set_value(2).run()
    asked = [p for name, p in calls if name == "visit_reports"]
    assert [(p["limit"], p["offset"]) for p in asked] == [(50, 0), (50, 50)]
    assert all(type(p["limit"]) is int and type(p["offset"]) is int for p in asked)
    text = queries._sql("visit_reports")
    assert "LIMIT $limit OFFSET $offset" in text and "50" not in text


def test_country_profile_lists_its_visits_in_pages(db_path):
    at = open_page("Country profile", state="ARG")
    assert not at.number_input  # 3 rows: one page
    assert at.subheader[-1].value == "Visits (2 counted)"
    assert [h.value for h in at.markdown if h.value.startswith("##### ")] == [
        "##### ARG-2012-04",
        "##### ARG-2020-03",
        "##### ARG-2022-04",
    ]
    assert "All 2 visits and 1 suspended part (CSV)" in [b.label for b in at.get("download_button")]


def test_the_cli_takes_a_page(con):
    rows = queries.run_text(con, "visit_reports", {"limit": "50", "offset": "100"})
    assert rows["visit_id"].n_unique() == 2
    for bad in ("-1", "1e3", "9" * 50, "１"):
        with pytest.raises(queries.QueryError, match="offset: a whole number"):
            queries.run_text(con, "visit_reports", {"offset": bad})

"""Every page runs on the real data, with the default filters and with filters from the URL, and
draws exactly the rows the named queries return for those filters."""

import json

import pytest

from dashboard.charts import CHARTS, chart_data
from dashboard.query import figures
from dashboard.query.filters import Filters
from tests.apptest import DEFAULT_FIGURES, PAGES, drawn, metrics, open_page, shown, texts

EXPECTED_CHARTS = {
    "Overview": {
        "visits-per-year",
        "visits-map",
        "facility-coverage-by-region",
        "publication-rate-by-year",
    },
    "Visits": {
        "visits-per-year",
        "visits-per-region",
        "visits-map",
        "visit-timeline",
        "longest-without-visit",
    },
    "Places": {"facility-coverage-by-year", "facility-coverage-by-region", "facility-matrix"},
    "Reports": {
        "publication-rate-by-year",
        "publication-rate-by-region",
        "publication-rate-by-type",
        "time-to-publication",
    },
    "Recommendations": {
        "recommendations-by-theme",
        "recommendation-themes-by-region",
        "recommendation-themes-by-year",
    },
    "Country profile": set(),
    "Compare": set(),  # charts only once two States parties are chosen
    "Data & method": set(),
}

FILTER_SETS = [
    ({}, Filters()),
    (
        {"region": "African", "from_year": "2016", "to_year": "2026"},
        Filters(from_year=2016, to_year=2026, region="African"),
    ),
    ({"visit_type": "follow-up", "to_year": "2019"}, Filters(to_year=2019, visit_type="follow-up")),
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("params", "filters"), FILTER_SETS)
def test_page_draws_the_named_query_rows(db_path, con, page, params, filters):
    at = open_page(page, **params)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning
    frames = drawn(at)
    assert set(frames) == EXPECTED_CHARTS[page]
    for chart_id, frame in frames.items():
        assert frame.equals(chart_data(con, CHARTS[chart_id], filters)), chart_id
    # Each chart on the page carries its registry title, and its note (records counted, left
    # out) is shown once, in the caption under it.
    specs = [json.loads(element.proto.spec) for element in at.get("vega_lite_chart")]
    assert {spec["title"]["text"] for spec in specs} == {
        CHARTS[chart_id].title for chart_id, frame in frames.items() if frame.height
    }
    assert all("subtitle" not in spec["title"] for spec in specs)
    captions = [shown(c.value) for c in at.caption]
    for chart_id, frame in frames.items():
        if frame.height:
            chart = CHARTS[chart_id]
            assert captions.count(f"{chart.description} {chart.note(frame)}") == 1, chart_id
    assert (
        dict(at.query_params) == {k: [v] for k, v in filters.to_query().items()}
        or dict(at.query_params) == filters.to_query()
    )


def test_overview_headline_figures_on_real_data(db_path):
    at = open_page("Overview")
    assert metrics(at) == DEFAULT_FIGURES
    text = texts(at)
    assert (
        "64 of 102 visits have a public report (63%) · 7 not public · 2 with no report · "
        "29 status unknown"
    ) in text
    assert "between 63% (none of them public) and 91% (all of them public)" in text


def test_overview_headline_figures_follow_the_filters(db_path, con):
    at = open_page("Overview", region="African", **{"from_year": "2016", "to_year": "2026"})
    h = figures.headline(con, Filters(from_year=2016, to_year=2026, region="African"))
    assert metrics(at) == {
        "Visits": str(h.visits),
        "States visited": f"{h.states_visited} of {h.states_parties}",
        "States not visited in 2016–2026": str(h.states_not_visited),
        "Visits with a public report": f"{h.visits_published} of {h.visits}",
        "Median months to publish": figures.months(h.median_months),
    }
    assert metrics(at)["Visits"] == "19"
    assert metrics(at)["States not visited in 2016–2026"] == "8"
    assert "8 of 19 visits have a public report (42%)" in texts(at)


def test_reports_page_table_lists_the_visits_with_links(db_path, con):
    at = open_page("Reports")
    (table,) = at.dataframe
    first_page = figures.run(con, "visit_reports", Filters(), limit=50, offset=0)
    assert table.value["visit_id"].tolist() == first_page["visit_id"].to_list()
    expected = figures.run(con, "visit_reports", Filters())
    assert expected["visit_id"].n_unique() == 102
    symbol = expected.filter(expected["report_symbol"] == "CAT/OP/MEX/1")
    assert symbol["report_url"].to_list() == ["https://undocs.org/CAT/OP/MEX/1"]


def test_places_page_lists_the_gaps(db_path, con):
    at = open_page("Places")
    (table,) = at.dataframe
    matrix = figures.run(con, "facility_matrix", Filters())
    gaps = figures.gaps(matrix, ("psychiatric", "immigration-detention"))
    assert len(table.value) == gaps.height == 71
    # Codes are shown as their labels.
    assert set(table.value["facility_type"]) == {"Psychiatric institution", "Immigration detention"}


def test_country_profile_without_a_state_asks_for_one(db_path):
    at = open_page("Country profile")
    assert not at.exception
    assert "Pick a State party" in at.info[0].value


def test_country_profile_of_rwanda(db_path):
    at = open_page("Country profile", state="RWA")
    assert not at.exception
    assert at.header[0].value == "Rwanda"
    text = texts(at)
    assert "date unknown (2017-10), ended 2017-10-20" in text
    assert "terminated (halted, not resumed)" in text
    assert "https://www.ohchr.org/en/press-releases/2017/10/" in text
    assert at.selectbox(key="w_profile_state").value == "RWA"


def test_country_profile_shows_suspended_part_and_report_links(db_path):
    at = open_page("Country profile", state="AZE")
    text = texts(at)
    assert "suspended (resumed later); resumed as AZE-2015-04" in text
    assert "Visits (1 counted)" in [s.value for s in at.subheader]


def test_country_profile_of_france_shows_its_planned_visit(db_path, con):
    at = open_page("Country profile", state="FRA")
    assert not at.exception
    assert metrics(at)["Visits counted"] == "0"
    assert metrics(at)["Last visit"] == "never visited"
    assert metrics(at)["Planned visits"] == "1 (2026)"
    # Since ratification (2008-11-11), counted to today.
    (years,) = figures.run(con, "state_record", Filters(state="FRA"))["years_without_visit"]
    assert years >= 18.0
    assert metrics(at)["Years without a visit"] == f"{years:.1f}"
    assert "France has never been visited by the SPT" in texts(at)
    assert "A visit is planned: 2026." in texts(at)


def test_country_profile_of_armenia(db_path):
    at = open_page("Country profile", state="ARM")
    assert metrics(at)["Visits counted"] == "1"
    assert metrics(at)["Last visit"] == "2013"
    assert metrics(at)["Planned visits"] == "none"
    assert "never visited" not in texts(at)


def test_country_picker_sets_the_state_filter(db_path):
    at = open_page("Country profile")
    at.selectbox(key="w_profile_state").select("MEX").run()
    assert not at.exception
    assert at.header[0].value == "Mexico"
    assert at.query_params["state"] == "MEX"
    assert at.multiselect(key="w_state").value == ["MEX"]


def test_data_page_offers_every_table(db_path):
    at = open_page("Data & method")
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    for table in ("states", "visits", "reports", "recommendations", "sources"):
        assert f"{table}.csv" in labels
        assert f"{table}.parquet" in labels
    assert "2026-01-30" in texts(at)


def test_visits_page_lists_every_state_partys_record(db_path, con):
    at = open_page("Visits", region="African", **{"from_year": "2016"})
    assert not at.exception
    (table,) = at.dataframe
    record = figures.run(con, "state_record", Filters(from_year=2016, region="African"))
    assert len(table.value) == record.height == 25
    rows = {r["state"]: r for r in table.value.to_dict("records")}
    # Mali was visited in 2011: "not visited in 2016–2026", never "never visited".
    assert rows["Mali"]["record"] == "not visited in 2016–2026"
    assert rows["Burundi"]["record"] == "never visited"
    assert (
        rows["Mali"]["years_without_visit"]
        == record.filter(record["iso3"] == "MLI")["years_without_visit"][0]
    )
    text = texts(at)
    assert "Visited before, but not visited in 2016–2026 (3): Mali, Mauritius, Togo." in text
    assert "Never visited (5):" in text
    # The table is sorted by years without a visit, longest first.
    years = list(table.value["years_without_visit"])
    assert years == sorted(years, reverse=True)


def test_compare_shows_both_states(db_path, con):
    at = open_page("Compare", state=["BRA", "MEX"])
    assert not at.exception, [e.value for e in at.exception]
    frames = drawn(at)
    assert set(frames) == {
        "visit-timeline",
        "facility-matrix",
        "publication-rate-by-state",
        "time-to-publication-by-state",
    }
    both = Filters(state=("BRA", "MEX"))
    for chart_id, frame in frames.items():
        assert frame.equals(chart_data(con, CHARTS[chart_id], both)), chart_id
    assert set(frames["publication-rate-by-state"]["state"]) == {"Brazil", "Mexico"}
    assert set(frames["time-to-publication-by-state"]["state"]) == {"Brazil", "Mexico"}
    side = at.dataframe[0].value
    assert list(side.columns) == ["Fact", "Brazil", "Mexico"]
    assert at.multiselect(key="w_compare").value == ["BRA", "MEX"]


def test_compare_asks_for_two_states(db_path):
    at = open_page("Compare", state="BRA")
    assert not at.exception
    assert "Pick two to five States parties" in at.info[0].value
    assert drawn(at) == {}


def test_compare_keeps_five(db_path):
    at = open_page("Compare", state=["BRA", "MEX", "PER", "ARG", "CHL", "URY"])
    assert not at.exception
    assert "6 chosen: comparing the first five" in texts(at)
    assert list(at.dataframe[0].value.columns)[1:] == [
        "Brazil", "Mexico", "Peru", "Argentina", "Chile"
    ]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_contradictory_filters_say_so_instead_of_showing_zeros(db_path, page):
    at = open_page(page, region="African", state="KAZ")
    assert not at.exception
    assert any(
        "No State party matches these filters: Kazakhstan is not in the African Group."
        in shown(w.value)
        for w in at.warning
    )
    assert not at.metric and not drawn(at) and not at.dataframe


def test_a_state_outside_the_region_is_named(db_path):
    at = open_page("Overview", region="African", state=["KAZ", "MLI"])
    assert "Kazakhstan is not in the African Group, so left out." in texts(at)
    assert metrics(at)["States visited"] == "1 of 1"


def test_overview_and_country_profile_show_high_level_talks_beside_the_visits(db_path):
    at = open_page("Overview", **{"from_year": "2025", "to_year": "2025"})
    assert not at.exception
    assert metrics(at)["Visits"] == "4"
    talks = (
        "Not counted as visits, as the SPT counts: 1 high-level talk (Kyrgyzstan, 2025-06-25 "
        "to 2025-06-27)."
    )
    assert talks in texts(at)
    at = open_page("Country profile", state="KGZ")
    assert not at.exception
    assert talks in texts(at)

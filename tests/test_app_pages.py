"""Every page runs on the real data, with the default filters and with filters from the URL, and
draws exactly the rows the named queries return for those filters."""

import json

import pytest

from dashboard import figures
from dashboard.charts import CHARTS, chart_data
from dashboard.filters import Filters
from tests.apptest import PAGES, drawn, metrics, open_page

EXPECTED_CHARTS = {
    "Overview": {
        "visits-per-year",
        "visits-map",
        "facility-coverage-by-region",
        "publication-rate-by-year",
    },
    "Visits": {"visits-per-year", "visits-per-region", "visits-map", "visit-timeline"},
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
    "Data & method": set(),
}

FILTER_SETS = [
    ({}, Filters()),
    (
        {"region": "African", "from": "2016", "to": "2026"},
        Filters(year_from=2016, year_to=2026, region="African"),
    ),
    ({"type": "follow-up", "to": "2019"}, Filters(year_to=2019, visit_type="follow-up")),
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
    # Each chart on the page carries its registry title and its note (records counted, left out).
    specs = [json.loads(element.proto.spec) for element in at.get("vega_lite_chart")]
    shown = {spec["title"]["text"]: " ".join(spec["title"]["subtitle"]) for spec in specs}
    assert shown == {
        CHARTS[chart_id].title: CHARTS[chart_id].note(frame)
        for chart_id, frame in frames.items()
        if frame.height
    }
    assert (
        dict(at.query_params) == {k: [v] for k, v in filters.to_query().items()}
        or dict(at.query_params) == filters.to_query()
    )


def test_overview_headline_figures_on_real_data(db_path):
    at = open_page("Overview")
    assert metrics(at) == {
        "Visits": "104",
        "States visited": "73",
        "States never visited": "23",
        "Reports published": "87%",
        "Median months to publish": "21.8",
    }


def test_overview_headline_figures_follow_the_filters(db_path, con):
    at = open_page("Overview", region="African", **{"from": "2016", "to": "2026"})
    h = figures.headline(con, Filters(year_from=2016, year_to=2026, region="African"))
    assert metrics(at) == {
        "Visits": str(h.visits),
        "States visited": str(h.states_visited),
        "States never visited": str(h.states_never_visited),
        "Reports published": figures.share(h.share_published),
        "Median months to publish": figures.months(h.median_months),
    }
    assert metrics(at)["Visits"] == "19"
    assert metrics(at)["States never visited"] == "8"


def test_reports_page_table_lists_every_visit_with_links(db_path, con):
    at = open_page("Reports")
    (table,) = at.dataframe
    expected = figures.run(con, "visit_reports", Filters())
    assert len(table.value) == expected.height
    assert expected["visit_id"].n_unique() == 104
    symbol = expected.filter(expected["report_symbol"] == "CAT/OP/MEX/1")
    assert symbol["report_url"].to_list() == ["https://undocs.org/CAT/OP/MEX/1"]


def test_places_page_lists_the_gaps(db_path, con):
    at = open_page("Places")
    (table,) = at.dataframe
    matrix = figures.run(con, "facility_matrix", Filters())
    gaps = figures.gaps(matrix, ("psychiatric", "immigration-detention"))
    assert len(table.value) == gaps.height == 71
    assert set(table.value["facility_type"]) == {"psychiatric", "immigration-detention"}


def test_country_profile_without_a_state_asks_for_one(db_path):
    at = open_page("Country profile")
    assert not at.exception
    assert "Pick a State party" in at.info[0].value


def test_country_profile_of_rwanda(db_path):
    at = open_page("Country profile", state="RWA")
    assert not at.exception
    assert at.header[0].value == "Rwanda"
    text = "\n".join(m.value for m in at.markdown)
    assert "date unknown (2017-10), ended 2017-10-20" in text
    assert "terminated (halted, not resumed)" in text
    assert "https://www.ohchr.org/en/press-releases/2017/10/" in text
    assert at.selectbox(key="w_profile_state").value == "RWA"


def test_country_profile_shows_suspended_part_and_report_links(db_path):
    at = open_page("Country profile", state="AZE")
    text = "\n".join(m.value for m in at.markdown)
    assert "suspended (resumed later); resumed as AZE-2015-04" in text
    assert "Visits (1 counted)" in [s.value for s in at.subheader]


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
    text = "\n".join(m.value for m in at.markdown)
    assert "2026-01-30" in text

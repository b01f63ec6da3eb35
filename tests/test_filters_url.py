"""The sidebar filters are bound to the URL: a link reproduces the view, filters carry across
pages, and a bad value warns and falls back to the default instead of breaking the page."""

import pytest

from dashboard import figures
from dashboard.filters import Filters
from tests.apptest import metrics, open_page

DEFAULT_FIGURES = {
    "Visits": "104",
    "States visited": "73",
    "States never visited": "23",
    "Reports published": "90%",
    "Median months to publish": "20.6",
}


def query(at) -> dict[str, str]:
    """The app's URL query parameters."""
    return {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}


def test_link_opens_the_filtered_view(db_path):
    at = open_page("Overview", region="African", **{"from": "2016", "to": "2026"})
    assert not at.exception and not at.warning
    assert metrics(at)["Visits"] == "19"
    assert metrics(at)["States visited"] == "17"
    assert at.slider(key="w_years").value == (2016, 2026)
    assert at.selectbox(key="w_region").value == "African"
    assert query(at) == {"region": "African", "from": "2016", "to": "2026"}


def test_region_given_by_its_first_word_or_slug(db_path):
    at = open_page("Overview", region="latin-american-and-caribbean")
    assert at.selectbox(key="w_region").value == "Latin American and Caribbean"
    assert query(at) == {"region": "Latin American and Caribbean"}


@pytest.mark.parametrize(
    "params",
    [
        {"region": "Mars"},
        {"from": "abc"},
        {"region": "';DROP TABLE visits--"},
        {"state": "XXX"},
        {"type": "holiday"},
        {"from": "2020", "to": "2010"},
        {"to": "1850"},
    ],
)
def test_bad_value_warns_and_falls_back_to_the_default(db_path, params):
    at = open_page("Overview", **params)
    assert not at.exception
    assert len(at.warning) >= 1
    assert "Showing the default instead" in at.warning[0].value
    assert metrics(at) == DEFAULT_FIGURES
    assert query(at) == {}


def test_bad_value_is_dropped_and_good_values_kept(db_path, con):
    at = open_page("Overview", region="';DROP TABLE visits--", type="follow-up")
    assert not at.exception
    assert "Ignored region=" in at.warning[0].value
    h = figures.headline(con, Filters(visit_type="follow-up"))
    assert metrics(at)["Visits"] == str(h.visits)
    assert query(at) == {"type": "follow-up"}


@pytest.mark.parametrize(
    "page", ["Visits", "Places", "Reports", "Country profile", "Data & method"]
)
def test_every_page_survives_a_hostile_url(db_path, page):
    at = open_page(page, region="';DROP TABLE visits--", **{"from": "abc"})
    assert not at.exception
    assert len(at.warning) == 2
    assert at.title


def test_sidebar_change_updates_the_url_and_figures(db_path, con):
    at = open_page("Overview")
    at.selectbox(key="w_region").select("Asia-Pacific").run()
    assert query(at) == {"region": "Asia-Pacific"}
    h = figures.headline(con, Filters(region="Asia-Pacific"))
    assert metrics(at)["Visits"] == str(h.visits) == "19"
    at.slider(key="w_years").set_range(2015, 2020).run()
    assert query(at) == {"region": "Asia-Pacific", "from": "2015", "to": "2020"}
    h = figures.headline(con, Filters(year_from=2015, year_to=2020, region="Asia-Pacific"))
    assert metrics(at)["Visits"] == str(h.visits)


def test_filters_carry_across_pages(db_path):
    at = open_page("Overview", region="African", type="regular")
    at.switch_page("app_pages/reports.py").run()
    assert not at.exception
    assert at.selectbox(key="w_region").value == "African"
    assert at.selectbox(key="w_type").value == "regular"
    assert query(at) == {"region": "African", "type": "regular"}
    at.switch_page("app_pages/overview.py").run()
    assert query(at) == {"region": "African", "type": "regular"}


def test_reset_returns_to_the_default_view(db_path):
    at = open_page("Overview", region="African")
    at.button[0].click().run()
    assert metrics(at) == DEFAULT_FIGURES
    assert query(at) == {}


def test_filters_in_words_name_the_state():
    filters = Filters(year_from=2016, region="African", state="KAZ", visit_type="follow-up")
    assert filters.describe() == "2016–latest, African Group, KAZ, follow-up visits"
    assert filters.describe({"KAZ": "Kazakhstan"}) == (
        "2016–latest, African Group, Kazakhstan, follow-up visits"
    )

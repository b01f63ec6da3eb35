"""The sidebar filters are bound to the URL: a link reproduces the view, filters carry across
pages, and a bad value warns and falls back to the default instead of breaking the page."""

import pytest

from dashboard.query import figures
from dashboard.query.filters import Filters
from tests.apptest import DEFAULT_FIGURES, metrics, open_page, shown


def query(at) -> dict[str, str | list[str]]:
    """The app's URL query parameters: a key given several times holds the list of its values."""
    values = {k: [v] if isinstance(v, str) else list(v) for k, v in at.query_params.items()}
    return {k: v[0] if len(v) == 1 else v for k, v in values.items()}


def test_link_opens_the_filtered_view(db_path):
    at = open_page("Overview", region="African", **{"from_year": "2016", "to_year": "2026"})
    assert not at.exception and not at.warning
    assert metrics(at)["Visits"] == "19"
    assert metrics(at)["States visited"] == "17 of 25"
    assert at.slider(key="w_years").value == (2016, 2026)
    assert at.multiselect(key="w_region").value == ["African"]
    assert query(at) == {"region": "African", "from_year": "2016", "to_year": "2026"}


def test_region_given_by_its_first_word_or_slug(db_path):
    at = open_page("Overview", region="latin-american-and-caribbean")
    assert at.multiselect(key="w_region").value == ["Latin American and Caribbean"]
    assert query(at) == {"region": "Latin American and Caribbean"}


@pytest.mark.parametrize(
    "params",
    [
        {"region": "Mars"},
        {"from_year": "abc"},
        {"region": "';DROP TABLE visits--"},
        {"state": "XXX"},
        {"visit_type": "holiday"},
        {"from_year": "2020", "to_year": "2010"},
        {"to_year": "1850"},
        {"from_year": "2027"},
        {"from_year": "2030"},
        {"to_year": "2006"},
        {"from_year": "2000", "to_year": "2030"},
    ],
)
def test_bad_value_warns_and_falls_back_to_the_default(db_path, params):
    at = open_page("Overview", **params)
    assert not at.exception
    assert len(at.warning) >= 1
    assert "Showing the default instead" in shown(at.warning[0].value)
    assert metrics(at) == DEFAULT_FIGURES
    assert query(at) == {}


def test_bad_value_is_dropped_and_good_values_kept(db_path, con):
    at = open_page("Overview", region="';DROP TABLE visits--", visit_type="follow-up")
    assert not at.exception
    assert "Ignored region=" in shown(at.warning[0].value)
    h = figures.headline(con, Filters(visit_type="follow-up"))
    assert metrics(at)["Visits"] == str(h.visits)
    assert query(at) == {"visit_type": "follow-up"}


@pytest.mark.parametrize(
    "page", ["Visits", "Places", "Reports", "Country profile", "Data & method"]
)
def test_every_page_survives_a_hostile_url(db_path, page):
    at = open_page(page, region="';DROP TABLE visits--", **{"from_year": "abc"})
    assert not at.exception
    assert len(at.warning) == 2
    assert at.title


def test_sidebar_change_updates_the_url_and_figures(db_path, con):
    at = open_page("Overview")
    at.multiselect(key="w_region").select("Asia-Pacific").run()
    assert query(at) == {"region": "Asia-Pacific"}
    h = figures.headline(con, Filters(region="Asia-Pacific"))
    assert metrics(at)["Visits"] == str(h.visits) == "18"  # Kyrgyzstan 2025: talks
    at.slider(key="w_years").set_range(2015, 2020).run()
    assert query(at) == {"region": "Asia-Pacific", "from_year": "2015", "to_year": "2020"}
    h = figures.headline(con, Filters(from_year=2015, to_year=2020, region="Asia-Pacific"))
    assert metrics(at)["Visits"] == str(h.visits)


def test_filters_carry_across_pages(db_path):
    at = open_page("Overview", region="African", visit_type="regular")
    at.switch_page("app_pages/reports.py").run()
    assert not at.exception
    assert at.multiselect(key="w_region").value == ["African"]
    assert at.multiselect(key="w_visit_type").value == ["regular"]
    assert query(at) == {"region": "African", "visit_type": "regular"}
    at.switch_page("app_pages/overview.py").run()
    assert query(at) == {"region": "African", "visit_type": "regular"}


def test_reset_returns_to_the_default_view(db_path):
    at = open_page("Overview", region="African")
    at.button[0].click().run()
    assert metrics(at) == DEFAULT_FIGURES
    assert query(at) == {}


def test_filters_in_words_name_the_state():
    filters = Filters(from_year=2016, region="African", state="KAZ", visit_type="follow-up")
    assert filters.describe() == "2016–latest, African Group, KAZ, follow-up visits"
    assert filters.describe({"KAZ": "Kazakhstan"}) == (
        "2016–latest, African Group, Kazakhstan, follow-up visits"
    )
    assert Filters(visit_type=("npm-advisory", "regular")).describe() == (
        "NPM advisory or regular visits"
    )
    several = Filters(region=("African", "Western European and others"), state=("BRA", "MEX"))
    assert several.describe({"BRA": "Brazil", "MEX": "Mexico"}) == (
        "African Group or Western European and others, Brazil, Mexico"
    )


def test_several_states_in_the_url_are_all_kept(db_path, con):
    at = open_page("Overview", state=["BRA", "MEX"])
    assert not at.exception and not at.warning
    assert at.multiselect(key="w_state").value == ["BRA", "MEX"]
    assert query(at) == {"state": ["BRA", "MEX"]}
    both = figures.headline(con, Filters(state=("BRA", "MEX")))
    one = figures.headline(con, Filters(state="MEX"))
    assert metrics(at)["Visits"] == str(both.visits)
    assert both.visits > one.visits
    assert both.states_parties == 2


def test_one_bad_value_among_several_is_dropped_alone(db_path):
    at = open_page("Overview", state=["BRA", "XXX", "MEX"], visit_type=["regular", "holiday"])
    assert not at.exception
    assert [shown(w.value) for w in at.warning] == [
        "Ignored state='XXX': not the ISO3 code of a State party. Showing the default instead.",
        "Ignored visit_type='holiday': not a visit type (regular, follow-up, npm-advisory, "
        "opcat-advisory, high-level-talks, other). Showing the default instead.",
    ]
    assert query(at) == {"state": ["BRA", "MEX"], "visit_type": "regular"}


def test_a_year_given_twice_is_ignored():
    filters, warnings = Filters.parse({"from_year": ["2010", "2012"], "to_year": "2020"})
    assert filters == Filters(to_year=2020)
    assert warnings == ["Ignored from_year: one year expected, 2 given."]


def test_values_keep_their_order_and_repeats_are_dropped():
    filters, warnings = Filters.parse({"state": ["mex", "BRA", "MEX"], "region": "african"})
    assert not warnings
    assert filters.state == ("MEX", "BRA")
    assert filters.region == ("African",)
    assert filters.to_query() == {"region": "African", "state": ["MEX", "BRA"]}
    assert filters.sql()["state"] == ["MEX", "BRA"]
    assert Filters().sql()["state"] is None


def test_too_many_values_are_refused():
    filters, warnings = Filters.parse({"state": [f"A{i:02d}"[:3] for i in range(26)]})
    assert filters == Filters()
    assert warnings == ["Ignored state: at most 25 values, 26 given."]


def test_a_year_after_the_data_is_ignored_with_a_warning(db_path):
    at = open_page("Overview", **{"from_year": "2030"})
    assert not at.exception
    assert [shown(w.value) for w in at.warning] == [
        "Ignored from_year='2030': the visits on record run from 2007 to 2026. "
        "Showing the default instead."
    ]
    assert at.slider(key="w_years").value == (2007, 2026)
    assert metrics(at) == DEFAULT_FIGURES


@pytest.mark.parametrize(
    ("key", "payload"),
    [
        ("from_year", "[Log in again](http://example.org/phish)"),
        ("region", "![x](http://example.org/x.png)"),
        ("state", "<b>bold</b><script>alert(1)</script>"),
        ("visit_type", ":red[alarm] $x^2$ **strong** `code`"),
        ("to_year", "www.example.org http://example.org"),
    ],
)
def test_url_text_in_a_warning_is_literal(db_path, key, payload):
    at = open_page("Overview", **{key: payload})
    assert not at.exception
    (warning,) = at.warning
    source = warning.value
    # The Markdown source escapes every character that could make a link, image, tag, colour,
    # formula or emphasis; what a reader sees is the text itself.
    assert "](" not in source and "<" not in source.replace("\\<", "")
    assert "http://" not in source and "www." not in source
    assert f"Ignored {key}={payload[:40]!r}" in shown(source)


def test_a_link_made_with_the_old_short_keys_still_opens_its_view_under_the_new_names():
    """Links made before the keys were one name from URL to SQL (December 2026) used from, to,
    type, place, affected and q: the view they cite opens, and the address is rewritten."""
    at = open_page("Overview", region="African", type="regular", **{"from": "2016", "to": "2026"})
    assert not at.warning
    assert query(at) == {
        "from_year": "2016",
        "to_year": "2026",
        "region": "African",
        "visit_type": "regular",
    }
    old, _ = Filters.parse({"place": "police", "affected": "women", "q": "custody", "from": "2016"})
    new, _ = Filters.parse(
        {
            "place_type": "police",
            "affected_persons": "women",
            "search": "custody",
            "from_year": "2016",
        }
    )
    assert (
        old
        == new
        == Filters(
            from_year=2016, place_type=("police",), affected_persons=("women",), search="custody"
        )
    )

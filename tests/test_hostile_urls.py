"""No traceback ever reaches a page: random URL parameters (every filter key, repeated keys,
unicode, long strings, Markdown and HTML payloads, embed/chart) go through the code that turns
the URL into filters and widget values, and a share of them through every page of the app."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import exports
from dashboard.app import sidebar
from dashboard.query.filters import KEYS, MAX_VALUES, REGIONS, VISIT_TYPES, Filters
from tests.apptest import PAGES, open_page, shown

YEARS = (2007, 2026)
STATES = {"BRA", "MEX", "KAZ", "FRA", "ARM", "MLI", "RWA", "AFG"}  # a few real codes
PAYLOADS = [
    "[Log in again](http://example.org/phish)",
    "![x](http://example.org/x.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    ":red[alarm] :material/warning: $x^2$",
    "**bold** _em_ `code` # heading",
    "http://example.org www.example.org",
    "\u202eevil\u202c",
    "line\nbreak\r\n\tand tab",
    "';DROP TABLE visits--",
    "%00%0A%3Cscript%3E",
]

value = st.one_of(
    st.integers(1800, 2200).map(str),  # years, in and out of range
    st.sampled_from([*REGIONS, "african", "latin-american", "Mars"]),
    st.sampled_from([*STATES, "bra", "XXX", "ZZ", "ABCD"]),
    st.sampled_from([*VISIT_TYPES, "REGULAR", "holiday"]),
    st.sampled_from(PAYLOADS),
    st.text(max_size=30),  # any unicode
    st.text(string.printable, min_size=200, max_size=3000),  # long strings
)
keys = st.sampled_from([*KEYS, "embed", "chart", "page", "x" * 300, "é"])
params = st.dictionaries(keys, st.lists(value, min_size=1, max_size=4), max_size=6)


@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(raw=params)
def test_random_urls_give_valid_filters_and_widget_values(raw):
    filters, warnings = Filters.parse(raw, states=STATES, years=YEARS)
    # Every kept value is valid; every dropped one is named in a warning.
    assert set(filters.region) <= set(REGIONS)
    assert set(filters.state) <= STATES
    assert set(filters.visit_type) <= set(VISIT_TYPES)
    for year in (filters.from_year, filters.to_year):
        assert year is None or YEARS[0] <= year <= YEARS[1]
    if filters.from_year and filters.to_year:
        assert filters.from_year <= filters.to_year
    assert all(len(w) < 400 for w in warnings)  # a rejected value is quoted short
    assert len(filters.state) <= MAX_VALUES
    # The widgets can show it: the slider within its ends, the choices among the options.
    widgets = sidebar.widget_values(filters, YEARS)
    lo, hi = widgets["w_years"]
    assert YEARS[0] <= lo <= hi <= YEARS[1]
    assert set(widgets["w_region"]) <= set(REGIONS)
    assert set(widgets["w_visit_type"]) <= set(VISIT_TYPES)
    # The URL written back reproduces the filters exactly, with no warning.
    assert Filters.parse(filters.to_query(), states=STATES, years=YEARS) == (filters, [])
    # A chart id from the URL is a known chart or a clear error.
    for chart_id in raw.get("chart", []):
        try:
            exports.get_chart(chart_id)
        except exports.ExportError as e:
            assert "unknown chart" in str(e)


app_params = st.dictionaries(
    st.sampled_from([*KEYS, "chart"]), st.lists(value, min_size=1, max_size=3), max_size=4
)
RUNS_PER_PAGE = 15  # 7 pages: 105 AppTest runs


@pytest.mark.parametrize("page", PAGES)
@settings(
    max_examples=RUNS_PER_PAGE,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(raw=app_params)
def test_random_urls_never_break_a_page(db_path, page, raw):
    at = open_page(page, **raw)
    assert not at.exception, [e.value for e in at.exception]
    if "chart" not in raw:
        assert at.title  # the page was drawn
    for warning in at.warning:
        # Rejected URL text is shown literally: no link, image or tag can be made from it.
        assert "](" not in warning.value and "<" not in warning.value.replace("\\<", "")
        assert shown(warning.value)

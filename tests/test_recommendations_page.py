"""The Recommendations page and the country profile's recommendations, on the real data: facets
bound to the URL, each result linked to its report and its visit, the theme chart with its
denominators, and hostile facet values that warn instead of breaking the page."""

import re

import pytest

from dashboard.labels import THEME
from dashboard.query import queries
from dashboard.query.filters import THEMES, Filters
from dashboard.query.recommendations import paragraph, result_markdown
from tests.apptest import drawn, open_page, shown

RESULT = re.compile(
    r"\*\*Report:\*\* \[(?P<symbol>CAT/OP/[A-Z0-9/]+)\]\(<https://undocs\.org/(?P=symbol)>\), "
    r"(?P<para>[^·]+) · \*\*Visit:\*\* \[(?P<state>[^,\]]+), [^\]]+\]"
    r"\(<country-profile\?state=(?P<iso3>[A-Z]{3})#(?P<visit>[a-z]{3}-\d{4}-\d{2})>\)"
)


def results(at) -> list[re.Match]:
    """Each listed recommendation's report and visit, read as a reader sees the text."""
    return [m for md in at.markdown if (m := RESULT.search(shown(md.value)))]


def test_theme_link_lists_those_recommendations_each_linked(db_path, con):
    at = open_page("Recommendations", theme="npm-independence")
    assert not at.exception and not at.warning
    expected = con.sql(
        "SELECT count(*) FROM recommendations WHERE list_contains(themes, 'npm-independence')"
    ).fetchall()[0][0]
    assert expected == 24
    assert at.subheader[0].value == "24 recommendations"
    found = results(at)
    assert len(found) == 24
    # Each links to the report of its row and to the visit that report came from.
    visits = dict(con.sql("SELECT report_symbol, visit_id FROM reports").fetchall())
    for m in found:
        assert m["visit"] == visits[m["symbol"]].lower()
    assert at.multiselect(key="w_theme").value == ["npm-independence"]
    assert dict(at.query_params) == {"theme": "npm-independence"}
    chart = drawn(at)["recommendations-by-theme"]
    assert chart.filter(chart["theme"] == "npm-independence")["recommendations"].item() == 24


def test_search_ranks_police_custody_first(db_path):
    at = open_page("Recommendations", search="police custody")
    assert not at.exception
    first = [m for m in results(at)][:5]
    assert [m["symbol"] for m in first] == ["CAT/OP/PRY/1"] * 5
    assert at.text_input(key="w_search").value == "police custody"
    assert at.markdown[0].value.startswith("Build human rights oversight into the National Police")


def test_theme_chart_states_its_denominators(con):
    frame = queries.run(con, "recommendations_by_theme", Filters())
    first = frame.row(0, named=True)
    assert first["recommendations_counted"] == 59
    assert first["reports_counted"] == 28
    assert first["reports_with_recommendations"] == 28
    published = con.sql(
        "SELECT count(*) FROM reports JOIN visit_facts USING (visit_id) "
        "WHERE reports.publication_status = 'published' AND counts_as_visit"
    ).fetchall()[0][0]
    assert first["reports_published"] == published
    assert (
        int(frame["recommendations"].sum())
        == con.sql("SELECT sum(len(themes)) FROM recommendations").fetchall()[0][0]
    )


def test_facets_combine(con):
    filters = Filters(addressee=("npm",), theme=("npm-independence",), region=("African",))
    frame = queries.run(con, "recommendations", filters)
    assert sorted(frame["recommendation_id"]) == ["R046", "R047", "R048"]
    frame = queries.run(con, "recommendations", Filters(place_type=("police",)))
    assert sorted(frame["recommendation_id"]) == ["R015", "R016", "R017", "R018", "R019"]
    frame = queries.run(con, "recommendations", Filters(affected_persons=("women",)))
    assert sorted(frame["recommendation_id"]) == ["R019", "R021"]


def test_visit_filters_leave_the_facets_out_elsewhere(db_path):
    at = open_page("Visits", theme="npm-independence")
    assert not at.exception
    assert "theme" not in dict(at.query_params)
    assert not any("theme" in caption.value for caption in at.caption)
    assert not any("theme" in caption.value for caption in at.sidebar.caption)


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "';DROP TABLE recommendations--"},
        {"addressee": "the king"},
        {"place_type": "castle"},
        {"affected_persons": "<script>alert(1)</script>"},
        {"search": "%"},
    ],
)
def test_bad_facet_warns_and_falls_back(db_path, params):
    at = open_page("Recommendations", **params)
    assert not at.exception
    assert "Showing the default instead" in at.warning[0].value
    assert at.subheader[0].value == "59 recommendations"
    assert dict(at.query_params) == {}


def test_kazakhstan_profile_shows_its_recommendations_by_theme(db_path):
    at = open_page("Country profile", state="KAZ")
    assert not at.exception
    chart = drawn(at)["recommendations-by-theme"]
    assert chart.select("theme", "recommendations").rows() == [("reprisals-cooperation", 2)]
    assert any("(<recommendations?state=KAZ>)" in m.value for m in at.markdown)
    # The visit anchors the Recommendations page links to.
    assert any(m.value == "##### KAZ-2016-09" for m in at.markdown)


def test_every_theme_has_a_label_and_results_escape_the_data():
    assert set(THEME) == set(THEMES)  # every theme of the schema, and no other
    row = {
        "summary": "Use [links](http://x) and *stars*",
        "themes": ["children"],
        "addressee": "npm",
        "place_type": "juvenile",
        "affected_persons": None,
        "report_symbol": "CAT/OP/X/1",
        "report_id": "CAT/OP/X/1",
        "report_url": "https://undocs.org/CAT/OP/X/1",
        "paragraph": "238-239",
        "sub_item": None,
        "state": "Testland",
        "iso3": "XAA",
        "visit_id": "XAA-2010-05",
        "visit_dates": "2010-05-10 to 2010-05-20",
        "confidence": "high",
        "source_urls": ["https://example.org/a (b)"],
    }
    text = result_markdown(row)
    assert shown(text).startswith("Use [links](http://x) and *stars*")
    assert text.count("](") == 3  # the report, the visit and the source: no link from the data
    assert "[source 1](<https://example.org/a%20(b)>)" in text
    visit = (
        "**Visit:** [Testland, 2010-05-10 to 2010-05-20](<country-profile?state=XAA#xaa-2010-05>)"
    )
    assert visit in shown(text)
    assert paragraph(row) == "paras. 238-239"
    assert paragraph({"paragraph": "7", "sub_item": "a;b"}) == "para. 7 (a;b)"

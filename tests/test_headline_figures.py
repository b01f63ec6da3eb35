"""Headline figures, the new named queries and chart builders, on the real data."""

import datetime as dt
import json

import polars as pl
import pytest
import vl_convert

from dashboard.charts import CHARTS, chart_data, render
from dashboard.charts.world_map import _world
from dashboard.data.schema import TABLES
from dashboard.paths import DATA_DIR
from dashboard.query import figures, tables, words
from dashboard.query.filters import Filters
from tests.apptest import shown
from tests.visit_parts import visits_with_parts


def test_headline_on_real_data(con):
    h = figures.headline(con, Filters(), as_of=dt.date(2026, 11, 27))
    assert h == figures.Headline(
        visits=102,
        states_visited=73,
        states_parties=96,
        states_not_visited=23,
        states_never_visited=23,
        visits_published=64,
        visits_not_published=7,
        visits_status_unknown=29,
        visits_no_report=2,
        median_months=20.57,
        median_low=16.59,
        median_high=24.34,
        curve_visits=53,
        years="2007–2026",
        filtered=False,
        high_level_talks=2,  # Brazil 2022, Kyrgyzstan 2025: not counted as visits
    )
    assert h.visits_publication_known == 73  # 64 public, 7 not public, 2 halted with no report
    assert figures.share(h.share_published) == "88%"
    assert figures.months(h.median_months) == "20.6"
    # Every share says of how many, and how many are unknown.
    assert h.publication_line() == (
        "64 of 102 visits have a public report (63%) · 7 not public · 2 with no report · "
        "29 status unknown"
    )
    assert h.publication_detail() == (
        "Among the 73 visits whose status is known (2 of them halted with no report), 88% have a "
        "public report. With the 29 of unknown status, the share of all 102 visits lies between "
        "63% (none of them public) and 91% (all of them public)."
    )
    assert h.share_published_range == (64 / 102, 93 / 102)
    assert h.not_visited_label == "States never visited"


def test_headline_african_2016_2026(con):
    h = figures.headline(con, Filters(from_year=2016, to_year=2026, region="African"))
    assert (h.visits, h.states_visited, h.states_parties, h.states_not_visited) == (19, 17, 25, 8)
    # Mali (2011), Mauritius (2007) and Togo (2014) were visited, just not in 2016–2026.
    assert h.states_never_visited == 5
    assert h.not_visited_label == "States not visited in 2016–2026"
    # Rwanda 2017 was halted before any report: a known status, not an unknown one.
    assert (h.visits_published, h.visits_publication_known) == (8, 9)
    assert h.publication_line() == (
        "8 of 19 visits have a public report (42%) · 0 not public · 1 with no report · "
        "10 status unknown"
    )
    assert h.median_months == 32.53


def test_headline_with_no_visit_in_the_selection(con):
    h = figures.headline(con, Filters(state="AFG"))
    assert (h.visits, h.states_visited, h.states_never_visited) == (0, 0, 1)
    assert h.share_published is None and h.median_months is None
    assert h.share_published_range is None
    assert h.publication_line() == "No visit in the selection."
    assert figures.share(None) == "unknown" and figures.months(None) == "not reached"


def test_median_is_the_first_time_half_are_published():
    curve = pl.DataFrame({"months": [0.0, 3.0, 7.5, 12.0], "share_published": [0.0, 0.4, 0.5, 0.7]})
    assert figures.median_months(curve) == 7.5
    assert figures.median_months(curve.head(2)) is None


def test_timeline_shows_suspended_parts_and_unknown_dates(con):
    timeline = figures.run(con, "visit_timeline", Filters())
    assert timeline.filter(pl.col("status") != "suspended").height == 102
    parts = timeline.filter(pl.col("status") == "suspended")
    assert sorted(parts["visit_id"]) == ["ARG-2020-03", "AZE-2014-09", "UKR-2016-05"]
    counted_as = visits_with_parts(
        con, "counted_visit_id", rest="WHERE status = 'suspended' ORDER BY 1"
    )
    assert counted_as == [("ARG-2022-04",), ("AZE-2015-04",), ("UKR-2016-09",)]
    mus = timeline.filter(pl.col("visit_id") == "MUS-2007-10").row(0, named=True)
    assert mus["date_label"] == "date unknown (2007-10)"
    assert (mus["period_start"], mus["period_end"]) == (dt.date(2007, 10, 1), dt.date(2007, 10, 31))
    rwa = timeline.filter(pl.col("visit_id") == "RWA-2017-10").row(0, named=True)
    assert rwa["status"] == "terminated"  # the chart labels it "Terminated (halted, not resumed)"
    assert rwa["date_label"] == "date unknown (2017-10), ended 2017-10-20"


def test_map_rows_tell_parties_apart(con):
    rows = figures.run(con, "visits_map", Filters(region="African"))
    assert rows.height == 96
    counts = dict(rows.group_by("category").len().iter_rows())
    assert counts["State party outside the filters"] == 71
    assert counts["Never visited"] == 5
    assert rows.filter(pl.col("in_selection"))["visits"].sum() == 27
    # The map's outlines and dots are tagged with their ISO3 codes.
    drawn = {g["properties"]["iso3"] for o in _world()["objects"].values() for g in o["geometries"]}
    assert "KAZ" in drawn and "USA" in drawn


def test_map_bins_on_the_real_data_are_1_2_and_3_or_more(con):
    rows = figures.run(con, "visits_map", Filters())
    counts = dict(rows.group_by("category").len().iter_rows())
    assert {k: counts[k] for k in ("1 visit", "2 visits", "3 or more visits")} == {
        "1 visit": 47,
        "2 visits": 23,  # Brazil and Kyrgyzstan: their high-level talks are not visits
        "3 or more visits": 3,
    }
    by_bin = (
        rows.filter(pl.col("visits") > 0)
        .group_by("category")
        .agg(low=pl.col("visits").min(), high=pl.col("visits").max())
    )
    assert sorted(by_bin.iter_rows()) == [
        ("1 visit", 1, 1),
        ("2 visits", 2, 2),
        ("3 or more visits", 3, 3),
    ]


def test_map_says_not_visited_in_the_years_not_never(con):
    rows = figures.run(con, "visits_map", Filters(from_year=2016, region="African"))
    category = dict(rows.select("state", "category").iter_rows())
    for state in ("Mali", "Mauritius", "Togo"):
        assert category[state] == "Not visited in 2016–2026"
    assert category["Burundi"] == "Never visited"
    typed = figures.run(con, "visits_map", Filters(visit_type="follow-up", state="MLI"))
    category = dict(typed.select("state", "category").iter_rows())
    assert category["Mali"] == "No visit of these types in 2007–2026"


def test_visit_reports_links(con):
    rows = figures.run(con, "visit_reports", Filters(state="MEX"))
    assert rows["visit_id"].n_unique() == 3
    assert "https://undocs.org/CAT/OP/MEX/1" in rows["report_url"].to_list()
    assert all(len(urls) > 0 for urls in rows["source_urls"])


def test_state_profile(con):
    profile = figures.run(con, "state_profile", Filters(state="AZE")).row(0, named=True)
    assert profile["ratification"] == "2009-01-28"
    assert profile["npm_type"] == "ombudsman"
    assert "https://whatconvention.org/en/ratifications/1562" in profile["source_urls"]
    assert figures.run(con, "state_profile", Filters()).height == 0


def test_visit_markdown_keeps_unknown_dates_unknown(con):
    visits = figures.run(con, "visit_details", Filters(state="MUS"))
    text = shown(words.visit_markdown(visits.row(0, named=True)))
    assert text.startswith("**date unknown (2007-10)**")
    # The visit's own status, not that of its (unpublished) report.
    assert "· Regular visit · completed ·" in text
    assert "report (symbol unknown) to the State: not published" in text


def test_gaps_from_the_matrix(con):
    matrix = figures.run(con, "facility_matrix", Filters())
    gaps = figures.gaps(matrix, ("psychiatric", "immigration-detention"))
    assert gaps.height == 71 and gaps["state"].n_unique() == 51
    assert (gaps["visits_with_known_places"] > 0).all()


def test_unknown_values_and_downloads(con):
    unknown = tables.unknown_values(con)
    # The same counts as the tables loaded whole and counted by Polars.
    for name, frame in ((t, con.table(t).pl()) for t in TABLES):
        nulls = frame.null_count().row(0, named=True)
        mine = unknown.filter(pl.col("table") == name)
        assert dict(zip(mine["field"], mine["unknown"], strict=True)) == nulls
        assert set(mine["rows"]) == {frame.height}
    assert tables.table_rows(unknown)["visits"] == 119
    assert list(tables.table_rows(unknown)) == list(TABLES)
    row = unknown.filter((pl.col("table") == "visits") & (pl.col("field") == "start_date"))
    assert row.row(0, named=True) == {
        "table": "visits",
        "field": "start_date",
        "rows": 119,
        "unknown": 16,
    }
    csv = tables.to_csv(tables.table(con, "recommendations")).decode()
    assert csv.splitlines()[0].startswith("recommendation_id,")
    assert pl.read_parquet(tables.to_parquet(tables.table(con, "visits"))).height == 119
    with pytest.raises(KeyError):
        tables.table(con, "build_info; DROP TABLE visits")


def test_the_changelog_gets_the_sources_it_cites(con):
    changes = tables.changelog((DATA_DIR / "CHANGES.md").read_text(encoding="utf-8"))
    cited = tables.cited_sources(con, changes)
    wanted = {sid for sids in changes["sources"].to_list() for sid in sids or []}
    known = {s for (s,) in con.execute("SELECT source_id FROM sources").fetchall()}
    assert set(cited["source_id"]) == wanted & known and cited.height > 0
    everything = con.table("sources").pl()
    assert tables.changelog_markdown(changes, cited) == tables.changelog_markdown(
        changes, everything
    )


def test_newest_fact(con):
    assert figures.run(con, "newest_fact", Filters())["newest_fact_date"][0] == dt.date(2026, 1, 30)


def test_every_chart_renders_with_title_note_and_alt_text(con):
    for chart in CHARTS.values():
        frame = chart_data(con, chart, Filters(state=("BRA", "MEX")))
        spec = render(chart, frame).to_dict()
        assert spec["title"]["text"] == chart.title
        assert "subtitle" not in spec["title"]  # the page shows the note once, in the caption
        assert "counted" in chart.note(frame)
        assert spec["description"].startswith(chart.title)
        fixed = render(chart, frame).properties(width=600).to_dict()
        assert vl_convert.vegalite_to_svg(json.dumps(fixed)).startswith("<svg")


def test_chart_notes_on_real_data(con):
    def note(chart_id):
        return CHARTS[chart_id].note(chart_data(con, CHARTS[chart_id], Filters()))

    assert note("visits-per-region").startswith("102 visits counted")
    # The time line draws the 50 most recent of the 105 visits and suspended parts.
    assert note("visit-timeline") == (
        "102 visits counted (completed or terminated); 3 suspended parts, not counted; "
        "3 known only to the month or year, drawn across it as a bar with no point. Drawn: the "
        "50 most recent, from May 2017; 55 earlier left out (visits or suspended parts): "
        "choose later years, a region or a State to see them."
    )
    assert note("facility-coverage-by-year").startswith(
        "80 visits with known places counted; 22 left out"
    )
    assert note("time-to-publication").startswith("53 visits counted; 49 left out")
    assert note("time-to-publication").endswith(
        "Median 20.6 months (95% confidence interval 16.6 to 24.3): the first time at which "
        "half the reports are estimated to be published."
    )
    assert note("publication-rate-by-region") == (
        "102 visits counted: 64 with a public report, 7 not public, 29 of unknown status, "
        "2 with no report on record; none left out."
    )
    assert note("visits-per-year").endswith(
        "* 2026: the year is not over, its figures are partial (drawn lighter)."
    )
    assert note("longest-without-visit") == (
        "96 States parties counted, the 20 longest without a visit shown: years since the last "
        "visit (of the chosen types, any year), or since ratification for the 23 never visited; "
        "counted to today."
    )
    assert (
        "Drawn as a dot (too small at this scale): CPV, CYP, LBN, LIE, LUX, MDV, MLT, MNE, MUS, "
        "NRU, PSE."
    ) in note("visits-map")


def test_sources_by_kind_and_records_by_confidence(con):
    kinds = figures.run(con, "sources_by_kind", Filters())
    assert kinds.rows() == [
        ("un-primary", 177, 16, 76, 40),
        ("state-npm", 43, 42, 1, 0),
        ("ngo", 111, 21, 0, 0),
        ("news", 121, 84, 0, 0),
        ("mirror", 42, 6, 0, 0),
    ]
    assert words.kind_labels(kinds)["kind"][0] == "UN primary"
    confidence = figures.run(con, "records_by_confidence", Filters())
    assert confidence.rows() == [
        ("states", 96, 48, 44, 4),
        ("visits", 119, 85, 26, 8),
        ("reports", 113, 67, 41, 5),
        ("recommendations", 59, 22, 37, 0),
    ]


def test_a_long_figure_gets_the_room_it_needs():
    from dashboard.app.ui import metric_widths

    items = [
        ("Visits", "970,000", ""),
        ("States never visited", "0", ""),
        ("Visits with a public report", "500,000 of 970,000", ""),
    ]
    widths = metric_widths(items)
    assert widths == [pytest.approx(19.2), 23, pytest.approx(47.8)]  # the value's, or the label's
    assert widths[2] / sum(widths) > 0.5


def test_many_planned_visits_are_counted_not_all_listed():
    dates = [f"20{y}-01-01" for y in range(27, 60)]
    assert words.planned_words({"planned_dates": dates[:1]}) == "1 (2027-01-01)"
    assert words.planned_words({"planned_dates": dates[:3]}) == (
        "3 (2027-01-01, 2028-01-01, 2029-01-01)"
    )
    assert words.planned_words({"planned_dates": dates}) == (
        "33 (2027-01-01, 2028-01-01, 2029-01-01 and 30 more)"
    )
    assert words.planned_words({"planned_dates": []}) == "none"

    assert words.planned_figure({"planned_dates": dates[:1]}) == (
        "1 (2027-01-01)",
        "Announced, not yet held: 2027-01-01.",
    )
    assert words.planned_figure({"planned_dates": dates}) == (
        "33",
        "Announced, not yet held: 2027-01-01, 2028-01-01, 2029-01-01 and 30 more.",
    )
    assert words.planned_figure({"planned_dates": None}) == ("none", "Announced, not yet held.")


def test_2025_counts_four_visits_beside_one_high_level_talk(con):
    """The SPT's statement on 2025: four of the eight planned visits took place; the talks in
    Kyrgyzstan that year are not among them. Counted as the SPT counts, and shown beside."""
    year = Filters(from_year=2025, to_year=2025)
    h = figures.headline(con, year)
    assert (h.visits, h.high_level_talks) == (4, 1)
    assert words.talks_words(figures.run(con, "high_level_talks", year)) == (
        "Not counted as visits, as the SPT counts: 1 high-level talk (Kyrgyzstan, 2025-06-25 "
        "to 2025-06-27)."
    )
    per_year = figures.run(con, "visits_per_year", year)
    assert per_year.filter(pl.col("visits") > 0).rows() == [(2025, "regular", 4, False)]
    assert words.talks_words(figures.run(con, "high_level_talks", Filters(state="AFG"))) == ""

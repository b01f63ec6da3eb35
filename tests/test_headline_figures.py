"""Headline figures, the new named queries and chart builders, on the real data."""

import datetime as dt
import json

import polars as pl
import vl_convert

from dashboard import figures
from dashboard.charts import CHARTS, chart_data, map_iso3, render
from dashboard.filters import Filters


def test_headline_on_real_data(con):
    h = figures.headline(con, Filters(), as_of=dt.date(2026, 11, 27))
    assert h == figures.Headline(
        visits=104,
        states_visited=73,
        states_parties=96,
        states_never_visited=23,
        visits_published=64,
        visits_publication_known=71,
        share_published=64 / 71,
        median_months=20.57,
        curve_visits=53,
    )
    assert figures.share(h.share_published) == "90%"
    assert figures.months(h.median_months) == "20.6"


def test_headline_african_2016_2026(con):
    h = figures.headline(con, Filters(year_from=2016, year_to=2026, region="African"))
    assert (h.visits, h.states_visited, h.states_parties, h.states_never_visited) == (19, 17, 25, 8)
    assert (h.visits_published, h.visits_publication_known) == (8, 8)
    assert h.median_months == 32.53


def test_headline_with_no_visit_in_the_selection(con):
    h = figures.headline(con, Filters(state="AFG"))
    assert (h.visits, h.states_visited, h.states_never_visited) == (0, 0, 1)
    assert h.share_published is None and h.median_months is None
    assert figures.share(None) == "unknown" and figures.months(None) == "not reached"


def test_median_is_the_first_time_half_are_published():
    curve = pl.DataFrame({"months": [0.0, 3.0, 7.5, 12.0], "share_published": [0.0, 0.4, 0.5, 0.7]})
    assert figures.median_months(curve) == 7.5
    assert figures.median_months(curve.head(2)) is None


def test_timeline_shows_suspended_parts_and_unknown_dates(con):
    timeline = figures.run(con, "visit_timeline", Filters())
    assert timeline.filter(pl.col("status") != "suspended").height == 104
    parts = timeline.filter(pl.col("status") == "suspended")
    assert sorted(parts["visit_id"]) == ["ARG-2020-03", "AZE-2014-09", "UKR-2016-05"]
    assert sorted(parts["counted_visit_id"]) == ["ARG-2022-04", "AZE-2015-04", "UKR-2016-09"]
    mus = timeline.filter(pl.col("visit_id") == "MUS-2007-10").row(0, named=True)
    assert mus["date_label"] == "date unknown (2007-10)"
    assert (mus["period_start"], mus["period_end"]) == (dt.date(2007, 10, 1), dt.date(2007, 10, 31))
    rwa = timeline.filter(pl.col("visit_id") == "RWA-2017-10").row(0, named=True)
    assert rwa["status_label"] == "Terminated (halted, not resumed)"
    assert rwa["date_label"] == "date unknown (2017-10), ended 2017-10-20"


def test_map_rows_tell_parties_apart(con):
    rows = figures.run(con, "visits_map", Filters(region="African"))
    assert rows.height == 96
    counts = dict(rows.group_by("category").len().iter_rows())
    assert counts["State party outside the filters"] == 71
    assert counts["State party, not visited"] == 5
    assert rows.filter(pl.col("in_selection"))["visits"].sum() == 27
    assert "KAZ" in map_iso3() and "USA" in map_iso3()


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
    text = figures.visit_markdown(visits.row(0, named=True))
    assert text.startswith("**date unknown (2007-10)**")
    # The visit's own status, not that of its (unpublished) report.
    assert "· regular visit · completed ·" in text
    assert "report (symbol unknown) to the State: not published" in text


def test_gaps_from_the_matrix(con):
    matrix = figures.run(con, "facility_matrix", Filters())
    gaps = figures.gaps(matrix, ("psychiatric", "immigration-detention"))
    assert gaps.height == 71 and gaps["state"].n_unique() == 51
    assert (gaps["visits_with_known_places"] > 0).all()


def test_unknown_values_and_downloads(con):
    frames = figures.tables(con)
    unknown = figures.unknown_values(frames)
    row = unknown.filter((pl.col("table") == "visits") & (pl.col("field") == "start_date"))
    assert row.row(0, named=True) == {
        "table": "visits",
        "field": "start_date",
        "rows": 119,
        "unknown": 16,
    }
    csv = figures.to_csv(frames["recommendations"]).decode()
    assert csv.splitlines()[0].startswith("recommendation_id,")
    assert pl.read_parquet(figures.to_parquet(frames["visits"])).height == 119


def test_newest_fact(con):
    assert figures.run(con, "newest_fact", Filters())["newest_fact_date"][0] == dt.date(2026, 1, 30)


def test_every_chart_renders_with_title_note_and_alt_text(con):
    for chart in CHARTS.values():
        frame = chart_data(con, chart, Filters())
        spec = render(chart, frame).to_dict()
        assert spec["title"]["text"] == chart.title
        assert " ".join(spec["title"]["subtitle"]) == chart.note(frame)
        assert "counted" in chart.note(frame)
        assert spec["description"].startswith(chart.title)
        fixed = render(chart, frame).properties(width=600).to_dict()
        assert vl_convert.vegalite_to_svg(json.dumps(fixed)).startswith("<svg")


def test_chart_notes_on_real_data(con):
    def note(chart_id):
        return CHARTS[chart_id].note(chart_data(con, CHARTS[chart_id], Filters()))

    assert note("visits-per-region").startswith("104 visits counted")
    assert note("visit-timeline").startswith(
        "104 visits counted (completed or terminated); 3 suspended parts shown, not counted; "
        "4 known only to the month or year"
    )
    assert note("facility-coverage-by-year").startswith(
        "80 visits with known places counted; 24 left out"
    )
    assert note("time-to-publication").startswith("53 visits counted; 51 left out")
    assert note("publication-rate-by-region").startswith(
        "71 visits with a known publication status counted; 33 left out"
    )
    assert "Too small to draw at this scale: CPV, LIE, MDV, MLT, MUS, NRU." in note("visits-map")


def test_sources_by_kind_and_records_by_confidence(con):
    kinds = figures.run(con, "sources_by_kind", Filters())
    assert kinds.rows() == [
        ("un-primary", 177, 16, 76),
        ("state-npm", 43, 42, 1),
        ("ngo", 111, 21, 0),
        ("news", 143, 101, 1),
        ("mirror", 47, 10, 0),
    ]
    assert figures.kind_labels(kinds)["kind"][0] == "UN primary"
    confidence = figures.run(con, "records_by_confidence", Filters())
    assert confidence.rows() == [
        ("states", 96, 71, 21, 4),
        ("visits", 119, 97, 14, 8),
        ("reports", 113, 77, 31, 5),
        ("recommendations", 59, 23, 36, 0),
    ]

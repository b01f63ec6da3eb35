"""What a reader sees when the data is an NPM's own, thousands of visits per State (20,000
synthetic visits, benchmarks/synthetic.py): counts with thousands separators, map bins that still
tell the States apart, time-line ticks that are dates."""

import calendar
import re

import polars as pl
import vl_convert

from dashboard import charts
from dashboard.query import figures
from dashboard.query.filters import Filters


def test_counts_at_scale_are_written_with_thousands_separators(synthetic_con):
    """19,000 visits read as on the charts' axes, in the headline and in every chart's note."""
    h = figures.headline(synthetic_con, Filters())
    assert h.visits > 10_000
    line = h.publication_line()
    assert line.startswith(f"{h.visits_published:,} of {h.visits:,} visits have a public report")
    assert f"· {h.visits_status_unknown:,} status unknown" in line
    assert f"of all {h.visits:,} visits lies between" in h.publication_detail()
    notes = {
        chart_id: chart.note(charts.chart_data(synthetic_con, chart, Filters()))
        for chart_id, chart in charts.CHARTS.items()
    }
    assert notes["visits-per-year"].startswith(f"{h.visits:,} visits counted")
    # No count of four digits or more without its separator (dates such as "May 2024" aside).
    months = "|".join(calendar.month_name[1:])
    dates = rf"(?:{months}) \d{{4}}|\d{{4}}–\d{{4}}"
    count = r"(?<![\d,.])\d{4,}(?![\d,.])"
    bare = {c: re.findall(count, re.sub(dates, "", n)) for c, n in notes.items()}
    assert bare == {c: [] for c in notes}


def test_compare_table_writes_large_counts_with_separators(con):
    """One State's record from the real data, its counts as an NPM's own data would have them."""
    record = figures.run(con, "state_record", Filters(state=("BRA",))).with_columns(
        visits=10_246,
        visits_published=5_330,
        visits_not_published=2_795,
        visits_publication_unknown=2_121,
        reports_sent=10_246,
        reports_published=5_330,
    )
    table = figures.compare_table(record, ("BRA",))
    facts = dict(zip(table["Fact"], table["Brazil"], strict=True))
    assert facts["Visits counted"] == "10,246"
    assert (
        facts["Visits with a public report"] == "5,330 of 10,246 (2,795 not public, 2,121 unknown)"
    )
    assert facts["Reports sent (on record)"] == "10,246"
    assert facts["Reports published"] == "5,330"


def test_map_bins_at_scale_still_tell_states_apart(synthetic_con):
    """At 20,000 visits every State has dozens: the bins are cut at the thirds of the counts."""
    rows = figures.run(synthetic_con, "visits_map", Filters()).filter(pl.col("visits") > 0)
    bins = rows.group_by("category_rank", "category").agg(
        states=pl.len(), low=pl.col("visits").min(), high=pl.col("visits").max()
    )
    bins = bins.sort("category_rank", descending=True).to_dicts()
    assert [b["category_rank"] for b in bins] == [3, 2, 1]
    assert all(b["states"] >= rows.height // 4 for b in bins)  # about a third each
    first, middle, top = bins
    assert first["category"] == f"1–{first['high']:,} visits"
    assert middle["category"] == f"{first['high'] + 1:,}–{middle['high']:,} visits"
    assert top["category"] == f"{middle['high'] + 1:,} or more visits"
    assert middle["low"] > first["high"] and top["low"] > middle["high"]


def _ticks(con, filters: Filters) -> list[str]:
    chart = charts.CHARTS["visit-timeline"]
    svg = vl_convert.vegalite_to_svg(
        charts.render(chart, charts.chart_data(con, chart, filters)).to_json()
    )
    return re.findall(r"<text[^>]*>([^<]+)</text>", svg)


def test_time_line_ticks_are_dates_at_any_span(con, synthetic_con):
    # The 50 most recent of 20,000 visits lie within weeks: days, each with its month and year.
    days = rf"\d{{1,2}} ({'|'.join(calendar.month_abbr[1:])}) \d{{4}}"
    months = rf"({'|'.join(calendar.month_abbr[1:])}) \d{{4}}"
    near = [t for t in _ticks(synthetic_con, Filters()) if re.fullmatch(rf"{days}|{months}", t)]
    assert len(near) >= 3 and any(re.fullmatch(days, t) for t in near)
    # The real data's visits span two decades: years.
    years = [t for t in _ticks(con, Filters()) if re.fullmatch(r"20\d\d", t)]
    assert len(years) >= 4

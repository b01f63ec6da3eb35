"""A chart of the registry (`Chart`), the rows it draws for a set of filters (`chart_data`) and the
finished chart (`render`); and the helpers the chart families share: the palette, the year axis
with its partial last year, the notes' counts, and list columns shown as text.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import altair as alt
import duckdb
import polars as pl

from dashboard.query import queries
from dashboard.query.filters import Filters

# Okabe–Ito: distinguishable with the common forms of colour blindness, and on dark backgrounds.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str  # one line: what the chart shows (export --list, captions, alt text)
    query: str  # the named query in sql/queries/
    build: Callable[[pl.DataFrame], alt.Chart]
    note: Callable[[pl.DataFrame], str]  # records counted and left out, in words
    page: str  # the page that shows it
    params: dict = field(default_factory=dict)  # fixed query parameters, e.g. {"by": "year"}
    # The query's columns the builder and the note use (default: all); the others stay home.
    columns: tuple[str, ...] = ()


def chart_filters(chart: Chart, filters: Filters) -> Filters:
    """The filters that apply to a chart: those its query reads (`queries.applicable`; the
    recommendation facets only where it applies them), none if it reads none."""
    applied = queries.applicable(chart.query, filters)
    return Filters() if applied is None else applied


def chart_data(con: duckdb.DuckDBPyConnection, chart: Chart, filters: Filters) -> pl.DataFrame:
    """The rows the chart draws, for these filters."""
    frame = queries.run(con, chart.query, chart_filters(chart, filters), chart.params)
    return frame.select(chart.columns) if chart.columns else frame


def render(chart: Chart, frame: pl.DataFrame) -> alt.Chart:
    """The finished chart: the builder's marks with the shared title, alt text and size. The
    note is not drawn in the app's chart (the page shows it once, in the caption under it);
    exported files draw it under the title (exports.export_spec)."""
    return chart.build(frame).properties(
        title=alt.TitleParams(chart.title, anchor="start"),
        description=f"{chart.title}. {chart.description} {chart.note(frame)}",
        # The width fits the page; the height given is that of the plot, titles and axes added.
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )


def _partial_years(frame: pl.DataFrame) -> list[int]:
    """The years marked partial by the query (the year of the newest fact is not over)."""
    if "partial_year" not in frame.columns:
        return []
    return sorted(set(frame.filter(pl.col("partial_year").fill_null(False))["year"].to_list()))


def year_axis(frame: pl.DataFrame, title: str) -> alt.X:
    """Years on x; a partial year's label carries an asterisk (the note says why)."""
    partial = _partial_years(frame)
    expr = " || ".join(f"datum.value == {y}" for y in partial) or "false"
    return alt.X(
        "year:O",
        title=title,
        axis=alt.Axis(
            labelExpr=f"({expr}) ? datum.label + '*' : datum.label",
            labelAngle=-90,
            labelOverlap="parity",  # on a narrow screen every other year
        ),
    )


def partial_note(frame: pl.DataFrame) -> str:
    partial = _partial_years(frame)
    if not partial:
        return ""
    years = ", ".join(str(y) for y in partial)
    return f" * {years}: the year is not over, its figures are partial (drawn lighter)."


def count_note(frame: pl.DataFrame, column: str = "visits") -> str:
    total = int(frame[column].sum()) if frame.height else 0
    return f"{total:,} visits counted (completed or terminated); none left out."


def lists_as_text(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """List columns as comma-separated text, a missing item as nothing: the app sends a frame
    to the browser as Arrow, whose lists do not reach Vega as arrays (unfold splits them)."""
    return frame.with_columns(
        pl.col(c).list.eval(pl.element().cast(pl.String).fill_null("")).list.join(",")
        for c in columns
    )


def unfold(chart: alt.Chart, fields: list[str], numbers: list[str]) -> alt.Chart:
    """One datum per item of the rows' lists (sent as text by lists_as_text), side by side;
    an item missing from `numbers` is left out, the others made numbers."""
    chart = chart.transform_calculate(**{f: f"split(datum.{f}, ',')" for f in fields})
    return (
        chart.transform_flatten(fields)
        .transform_filter(" && ".join(f"datum.{f} !== ''" for f in numbers))
        .transform_calculate(**{f: f"toNumber(datum.{f})" for f in numbers})
    )

"""The chart registry: each chart id maps to its named query, its fixed parameters, its builder
(Polars frame → Altair chart) and a note saying how many records it counts and leaves out.

Pages, app downloads, `opcat-dashboard export` and the static bundle all draw from CHARTS, so the
same chart and filters give the same chart everywhere. Builders are plain functions: they receive
the few aggregated rows the named query returns, never a raw table.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import altair as alt
import duckdb
import polars as pl

from dashboard import queries
from dashboard.filters import Filters

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


def chart_data(con: duckdb.DuckDBPyConnection, chart: Chart, filters: Filters) -> pl.DataFrame:
    """The rows the chart draws, for these filters."""
    wanted = set(queries.parameters(chart.query))
    params = {k: v for k, v in {**filters.params(), **chart.params}.items() if k in wanted}
    return queries.run(con, chart.query, params)


def render(chart: Chart, frame: pl.DataFrame) -> alt.Chart:
    """The finished chart: the builder's marks with the shared title, alt text and size."""
    return chart.build(frame).properties(
        title=alt.TitleParams(chart.title, subtitle=[chart.note(frame)], anchor="start"),
        description=f"{chart.title}. {chart.description} {chart.note(frame)}",
    )


def _visits_per_year(frame: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year the visit started"),
            y=alt.Y("visits:Q", title="Visits", stack="zero"),
            color=alt.Color("visit_type:N", title="Visit type", scale=alt.Scale(range=PALETTE)),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("visit_type:N", title="Visit type"),
                alt.Tooltip("visits:Q", title="Visits"),
            ],
        )
        .properties(width="container", height=320)
    )


def _visits_note(frame: pl.DataFrame) -> str:
    total = int(frame["visits"].sum()) if frame.height else 0
    return f"{total} visits counted (completed or terminated); none left out."


def _publication_by_year(frame: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year of the visit"),
            y=alt.Y(
                "share_published:Q",
                title="Share of visits with a published report",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.value(PALETTE[0]),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("share_published:Q", title="Published", format=".0%"),
                alt.Tooltip("visits_published:Q", title="Visits with a published report"),
                alt.Tooltip("visits_not_published:Q", title="Visits with no published report"),
                alt.Tooltip("visits_status_unknown:Q", title="Status unknown (left out)"),
            ],
        )
        .properties(width="container", height=320)
    )


def _publication_note(frame: pl.DataFrame) -> str:
    known = int(frame["visits_published"].sum() + frame["visits_not_published"].sum())
    left_out = int(frame["visits_status_unknown"].sum() + frame["visits_no_report"].sum())
    return (
        f"{known} visits with a known publication status counted; {left_out} left out "
        "(status unknown or no report)."
    )


CHARTS: dict[str, Chart] = {
    c.id: c
    for c in [
        Chart(
            id="visits-per-year",
            title="SPT visits per year",
            description="Visits started each year, stacked by type of visit.",
            query="visits_per_year",
            build=_visits_per_year,
            note=_visits_note,
            page="Visits",
        ),
        Chart(
            id="publication-rate-by-year",
            title="Share of visits whose report was made public",
            description="For each year of visit, the share of visits with at least one published "
            "report, among visits whose publication status is known.",
            query="publication_rate",
            params={"by": "year"},
            build=_publication_by_year,
            note=_publication_note,
            page="Reports",
        ),
    ]
}

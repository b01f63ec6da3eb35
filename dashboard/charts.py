"""The chart registry: each chart id maps to its named query, its fixed parameters, its builder
(Polars frame → Altair chart) and a note saying how many records it counts and leaves out.

Pages, app downloads, `opcat-dashboard export` and the static bundle all draw from CHARTS, so the
same chart and filters give the same chart everywhere. Builders are plain functions: they receive
the few aggregated rows the named query returns, never a raw table.
"""

import csv
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import altair as alt
import duckdb
import polars as pl

from dashboard import queries
from dashboard.filters import VISIT_TYPES, Filters
from dashboard.paths import DATA_DIR

# Okabe–Ito: distinguishable with the common forms of colour blindness, and on dark backgrounds.
# Mid grey for notes: readable on the light and on the dark theme's background.
NOTE_GREY = "#767676"
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


def chart_filters(chart: Chart, filters: Filters) -> Filters:
    """The filters that apply to a chart: the recommendation facets only where its query takes
    them (a visits chart shown beside a theme filter is not about that theme)."""
    takes_facets = "theme" in queries.parameters(chart.query)
    return filters if takes_facets else filters.base()


def chart_data(con: duckdb.DuckDBPyConnection, chart: Chart, filters: Filters) -> pl.DataFrame:
    """The rows the chart draws, for these filters."""
    return queries.run_matching(con, chart.query, {**filters.params(), **chart.params})


def render(chart: Chart, frame: pl.DataFrame) -> alt.Chart:
    """The finished chart: the builder's marks with the shared title, alt text and size."""
    return chart.build(frame).properties(
        title=alt.TitleParams(
            chart.title,
            subtitle=textwrap.wrap(chart.note(frame), 75),
            subtitleColor=NOTE_GREY,
            anchor="start",
        ),
        description=f"{chart.title}. {chart.description} {chart.note(frame)}",
        # The width fits the page; the height given is that of the plot, titles and axes added.
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )


def _visits_per_year(frame: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year the visit started"),
            y=alt.Y("visits:Q", title="Visits", stack="zero", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "visit_type:N",
                title="Visit type",
                # A fixed domain: each type keeps its colour whatever the filters.
                scale=alt.Scale(domain=list(VISIT_TYPES), range=PALETTE),
            ),
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


def _count_note(frame: pl.DataFrame, column: str = "visits") -> str:
    total = int(frame[column].sum()) if frame.height else 0
    return f"{total} visits counted (completed or terminated); none left out."


def _visits_per_region(frame: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(
                "un_regional_group:N",
                title="UN regional group",
                sort="-x",
                axis=alt.Axis(labelLimit=220),
            ),
            x=alt.X("visits:Q", title="Visits", axis=alt.Axis(tickMinStep=1)),
            color=alt.value(PALETTE[0]),
            tooltip=[
                alt.Tooltip("un_regional_group:N", title="UN regional group"),
                alt.Tooltip("visits:Q", title="Visits"),
                alt.Tooltip("states_visited:Q", title="States parties visited"),
                alt.Tooltip("states_parties:Q", title="States parties in the group"),
            ],
        )
        .properties(width="container", height=alt.Step(36))
    )


TIMELINE_STATUSES = [
    "Completed",
    "Terminated (halted, not resumed)",
    "Suspended (resumed later)",
]


def _visit_timeline(frame: pl.DataFrame) -> alt.Chart:
    base = alt.Chart(frame).encode(
        y=alt.Y(
            "state:N",
            title=None,
            sort="ascending",
            axis=alt.Axis(labelLimit=220, labelOverlap=False),
        ),
        color=alt.Color(
            "status_label:N",
            title="Visit status",
            scale=alt.Scale(domain=TIMELINE_STATUSES, range=[PALETTE[0], PALETTE[5], PALETTE[1]]),
            legend=alt.Legend(labelLimit=260),
        ),
        tooltip=[
            alt.Tooltip("state:N", title="State"),
            alt.Tooltip("visit_id:N", title="Visit"),
            alt.Tooltip("date_label:N", title="Dates"),
            alt.Tooltip("visit_type:N", title="Visit type"),
            alt.Tooltip("status_label:N", title="Status"),
        ],
    )
    # The span the visit is known to lie in: its dates, or the whole month or year when only
    # that is known (a long faint bar, not an invented day).
    span = base.mark_rule(strokeWidth=4, opacity=0.6).encode(
        x=alt.X("period_start:T", title="Date of the visit"),
        x2="period_end:T",
    )
    exact = (
        base.transform_filter(alt.datum.date_precision == "day")
        .mark_point(filled=True, size=50, opacity=1)
        .encode(
            x="period_start:T",
            shape=alt.Shape(
                "status_label:N",
                title="Visit status",
                scale=alt.Scale(domain=TIMELINE_STATUSES, range=["circle", "cross", "triangle"]),
            ),
        )
    )
    return alt.layer(span, exact).properties(width="container", height=alt.Step(18))


def _timeline_note(frame: pl.DataFrame) -> str:
    counted = frame.filter(pl.col("status") != "suspended").height
    parts = frame.filter(pl.col("status") == "suspended").height
    approx = frame.filter(pl.col("date_precision") != "day").height
    return (
        f"{counted} visits counted (completed or terminated); {parts} suspended parts shown, "
        f"not counted; {approx} known only to the month or year, drawn across it as a bar "
        "with no point; none left out."
    )


MAP_CATEGORIES = [
    "3 or more visits",
    "2 visits",
    "1 visit",
    "State party, not visited",
    "State party outside the filters",
    "Not a State party",
]
# Outside the filters: mid grey; not a party: light grey (both quiet on either theme).
MAP_COLOURS = ["#003C64", PALETTE[0], PALETTE[4], PALETTE[1], "#999999", "#D4D4D4"]
MAP_CREDIT = "Map: Natural Earth 1:110m via world-atlas (ISC licence)."


@cache
def _world() -> dict:
    """The world map as TopoJSON, each country tagged with its ISO3 code (properties.iso3)."""
    topology = json.loads((DATA_DIR / "countries-110m.json").read_text())
    with (DATA_DIR / "map_country_codes.csv").open(newline="") as f:
        iso3 = {row["numeric"]: row["iso3"] for row in csv.DictReader(f)}
    for geometry in topology["objects"]["countries"]["geometries"]:
        geometry.setdefault("properties", {})["iso3"] = iso3.get(geometry.get("id"), "")
    return topology


def map_iso3() -> set[str]:
    """The ISO3 codes of the countries drawn on the map."""
    return {g["properties"]["iso3"] for g in _world()["objects"]["countries"]["geometries"]}


def _visits_map(frame: pl.DataFrame) -> alt.Chart:
    rows = frame.select("iso3", "state", "visits", "category").to_dicts()
    countries = alt.Data(
        values=_world(), format=alt.DataFormat(type="topojson", feature="countries")
    )
    return (
        alt.Chart(countries)
        .mark_geoshape(stroke="#777777", strokeWidth=0.3)
        .transform_lookup(
            lookup="properties.iso3",
            from_=alt.LookupData(alt.Data(values=rows), "iso3", ["state", "visits", "category"]),
        )
        .transform_calculate(
            category="isValid(datum.category) ? datum.category : 'Not a State party'",
            country="isValid(datum.state) ? datum.state : datum.properties.name",
        )
        .encode(
            color=alt.Color(
                "category:N",
                title="Visits",
                scale=alt.Scale(domain=MAP_CATEGORIES, range=MAP_COLOURS),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=220),
            ),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("category:N", title="Status"),
                alt.Tooltip("visits:Q", title="Visits"),
            ],
        )
        .project(type="equalEarth")
        .properties(width="container", height=340)
    )


def _map_note(frame: pl.DataFrame) -> str:
    selected = frame.filter(pl.col("in_selection"))
    visits = int(selected["visits"].sum()) if selected.height else 0
    visited = selected.filter(pl.col("visits") > 0).height
    missing = sorted(set(selected["iso3"]) - map_iso3())
    small = f" Too small to draw at this scale: {', '.join(missing)}." if missing else ""
    return (
        f"{visits} visits counted to {visited} of {selected.height} States parties; "
        f"none left out.{small} {MAP_CREDIT}"
    )


def _heatmap(frame: pl.DataFrame, x: str, x_title: str) -> alt.Chart:
    base = alt.Chart(frame).encode(
        x=alt.X(x, title=x_title),
        y=alt.Y("facility_type:N", title="Type of place", axis=alt.Axis(labelLimit=200)),
    )
    tiles = base.mark_rect().encode(
        color=alt.Color(
            "share:Q",
            title="Share of visits",
            scale=alt.Scale(scheme="blues", domain=[0, 1]),
            legend=alt.Legend(format="%"),
        ),
        tooltip=[
            alt.Tooltip(x, title=x_title),
            alt.Tooltip("facility_type:N", title="Type of place"),
            alt.Tooltip("share:Q", title="Share of visits", format=".0%"),
            alt.Tooltip("visits_covering:Q", title="Visits covering it"),
            alt.Tooltip("visits_with_known_places:Q", title="Visits with known places"),
        ],
    )
    return tiles.properties(width="container", height=alt.Step(28))


def _coverage_by_year(frame: pl.DataFrame) -> alt.Chart:
    return _heatmap(frame, "year:O", "Year of the visit")


def _coverage_by_region(frame: pl.DataFrame) -> alt.Chart:
    return _heatmap(frame, "un_regional_group:N", "UN regional group").encode(
        x=alt.X(
            "un_regional_group:N",
            title="UN regional group",
            axis=alt.Axis(labelAngle=0, labelLimit=150, labelOverlap=False),
        )
    )


def _coverage_note(frame: pl.DataFrame) -> str:
    if not frame.height:
        return "0 visits counted; none left out."
    one_type = frame.filter(pl.col("facility_type") == frame["facility_type"][0])
    known = int(one_type["visits_with_known_places"].sum())
    unknown = int(one_type["visits_places_unknown"].sum())
    return f"{known} visits with known places counted; {unknown} left out (places not known)."


def _facility_matrix(frame: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_rect(stroke="#999999", strokeWidth=0.2)
        .encode(
            x=alt.X("facility_type:N", title="Type of place", axis=alt.Axis(orient="top")),
            y=alt.Y("state:N", title=None, axis=alt.Axis(labelLimit=220, labelOverlap=False)),
            # Never covered: neutral grey, apart from the blues of 1 visit or more.
            color=alt.when(alt.datum.visits_covering == 0)
            .then(alt.value("#D9D9D9"))
            .otherwise(
                alt.Color(
                    "visits_covering:Q",
                    title="Visits covering it (grey: none)",
                    scale=alt.Scale(scheme="blues", domainMin=0),
                    legend=alt.Legend(tickMinStep=1, format="d"),
                )
            ),
            tooltip=[
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip("facility_type:N", title="Type of place"),
                alt.Tooltip("visits_covering:Q", title="Visits covering it"),
                alt.Tooltip("visits_with_known_places:Q", title="Visits with known places"),
                alt.Tooltip("last_year_covered:O", title="Last covered"),
            ],
        )
        .properties(width="container", height=alt.Step(18))
    )


def _matrix_note(frame: pl.DataFrame) -> str:
    if not frame.height:
        return "0 visits counted; none left out."
    one_type = frame.filter(pl.col("facility_type") == frame["facility_type"][0])
    known = int(one_type["visits_with_known_places"].sum())
    unknown = int(one_type["visits_places_unknown"].sum())
    return (
        f"{known} visits with known places counted across {one_type.height} States parties; "
        f"{unknown} left out (places not known)."
    )


def _publication_by(field: str, title: str) -> Callable[[pl.DataFrame], alt.Chart]:
    def build(frame: pl.DataFrame) -> alt.Chart:
        return (
            alt.Chart(frame)
            .mark_bar()
            .encode(
                y=alt.Y(
                    f"{field}:N",
                    title=title,
                    sort="-x",
                    axis=alt.Axis(labelLimit=220, labelOverlap=False),
                ),
                x=alt.X(
                    "share_published:Q",
                    title="Share of visits with a published report",
                    axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0, 1]),
                ),
                color=alt.value(PALETTE[0]),
                tooltip=[
                    alt.Tooltip(f"{field}:N", title=title),
                    alt.Tooltip("share_published:Q", title="Published", format=".0%"),
                    alt.Tooltip("visits_published:Q", title="Visits with a published report"),
                    alt.Tooltip("visits_not_published:Q", title="Visits with no published report"),
                    alt.Tooltip("visits_status_unknown:Q", title="Status unknown (left out)"),
                    alt.Tooltip("visits_no_report:Q", title="No report on record (left out)"),
                ],
            )
            .properties(width="container", height=alt.Step(36))
        )

    return build


def _time_to_publication(frame: pl.DataFrame) -> alt.Chart:
    line = (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", color=PALETTE[0], strokeWidth=2)
        .encode(
            x=alt.X("months:Q", title="Months since the end of the visit"),
            y=alt.Y(
                "share_published:Q",
                title="Share of reports published",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            tooltip=[
                alt.Tooltip("months:Q", title="Months", format=".1f"),
                alt.Tooltip("share_published:Q", title="Published by then", format=".0%"),
                alt.Tooltip("at_risk:Q", title="Visits still awaiting publication"),
            ],
        )
    )
    half = (
        alt.Chart(alt.Data(values=[{"y": 0.5}]))
        .mark_rule(strokeDash=[4, 4], color=PALETTE[7])
        .encode(y="y:Q")
    )
    return alt.layer(half, line).properties(width="container", height=320)


def _time_note(frame: pl.DataFrame) -> str:
    if not frame.height:
        return "0 visits counted."
    return (
        f"{int(frame['visits_counted'][0])} visits counted; {int(frame['visits_left_out'][0])} "
        "left out (no end date, status unknown, no report, or publication date unknown). "
        "Unpublished reports count as not yet published today."
    )


# --- Recommendations -----------------------------------------------------------------------------


def _theme_labels(frame: pl.DataFrame) -> pl.DataFrame:
    from dashboard.recommendations import theme_label

    return frame.with_columns(
        pl.col("theme").map_elements(theme_label, return_dtype=pl.String).alias("theme_label")
    )


def _recommendations_by_theme(frame: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(_theme_labels(frame))
        .mark_bar()
        .encode(
            y=alt.Y("theme_label:N", title="Theme", sort="-x", axis=alt.Axis(labelLimit=260)),
            x=alt.X("recommendations:Q", title="Recommendations", axis=alt.Axis(tickMinStep=1)),
            color=alt.value(PALETTE[0]),
            tooltip=[
                alt.Tooltip("theme_label:N", title="Theme"),
                alt.Tooltip("recommendations:Q", title="Recommendations"),
                alt.Tooltip("reports:Q", title="From reports"),
                alt.Tooltip(
                    "recommendations_counted:Q", title="Recommendations counted, all themes"
                ),
            ],
        )
        .properties(width="container", height=alt.Step(26))
    )


def _n(count: int, word: str) -> str:
    """'1 report', '2 reports'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _sample(first: dict) -> str:
    return (
        f"Recommendations are on record for {first['reports_with_recommendations']} of the "
        f"{_n(first['reports_published'], 'published report')} of these visits: a sample of "
        "the published reports, not all the SPT recommended."
    )


def _sample_note(frame: pl.DataFrame) -> str:
    """Counted, and the sample they come from: the denominators every recommendation chart gives."""
    if not frame.height:
        return "0 recommendations match these filters."
    first = frame.row(0, named=True)
    return (
        f"{_n(first['recommendations_counted'], 'recommendation')} from "
        f"{_n(first['reports_counted'], 'report')} counted; one with several themes counts under "
        f"each. {_sample(first)}"
    )


def _theme_heatmap(x: alt.X, tooltip: list) -> Callable[[pl.DataFrame], alt.Chart]:
    def build(frame: pl.DataFrame) -> alt.Chart:
        base = alt.Chart(_theme_labels(frame)).encode(
            x=x,
            y=alt.Y("theme_label:N", title="Theme", axis=alt.Axis(labelLimit=260)),
        )
        tiles = base.mark_rect().encode(
            color=alt.Color(
                "recommendations:Q",
                title="Recommendations",
                scale=alt.Scale(scheme="blues", domainMin=0),
                legend=alt.Legend(tickMinStep=1, format="d"),
            ),
            tooltip=[alt.Tooltip("theme_label:N", title="Theme"), *tooltip],
        )
        return tiles.properties(width="container", height=alt.Step(24))

    return build


def _by_group_note(frame: pl.DataFrame, group: str, total: str, reports: str, what: str) -> str:
    if not frame.height:
        return "0 recommendations match these filters."
    groups = frame.unique(group)
    return (
        f"{_n(int(groups[total].sum()), 'recommendation')} from "
        f"{_n(int(groups[reports].sum()), 'report')} counted across {_n(groups.height, what)}; "
        f"one with several themes counts under each. {_sample(frame.row(0, named=True))}"
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
        Chart(
            id="visits-per-region",
            title="SPT visits per UN regional group",
            description="Visits to the States parties of each UN regional group.",
            query="visits_per_region",
            build=_visits_per_region,
            note=_count_note,
            page="Visits",
        ),
        Chart(
            id="visit-timeline",
            title="Every SPT visit, State by State",
            description="One mark per visit on a time line; terminated visits and suspended "
            "parts marked; visits known only to the month or year drawn across it.",
            query="visit_timeline",
            build=_visit_timeline,
            note=_timeline_note,
            page="Visits",
        ),
        Chart(
            id="visits-map",
            title="SPT visits per State party",
            description="World map of visits per State party; States parties never visited "
            "and countries that are not parties are coloured apart.",
            query="visits_map",
            build=_visits_map,
            note=_map_note,
            page="Visits",
        ),
        Chart(
            id="facility-coverage-by-year",
            title="Which places the SPT visited, year by year",
            description="For each year, the share of visits that went to each type of place.",
            query="facility_coverage",
            params={"by": "year"},
            build=_coverage_by_year,
            note=_coverage_note,
            page="Places",
        ),
        Chart(
            id="facility-coverage-by-region",
            title="Which places the SPT visited, by UN regional group",
            description="For each regional group, the share of visits that went to each type "
            "of place.",
            query="facility_coverage",
            params={"by": "region"},
            build=_coverage_by_region,
            note=_coverage_note,
            page="Places",
        ),
        Chart(
            id="facility-matrix",
            title="Types of place visited in each State party",
            description="For each State party and type of place, how many visits covered it "
            "(grey where never).",
            query="facility_matrix",
            build=_facility_matrix,
            note=_matrix_note,
            page="Places",
        ),
        Chart(
            id="publication-rate-by-region",
            title="Reports made public, by UN regional group",
            description="For each regional group, the share of visits with at least one "
            "published report, among visits whose publication status is known.",
            query="publication_rate",
            params={"by": "region"},
            build=_publication_by("un_regional_group", "UN regional group"),
            note=_publication_note,
            page="Reports",
        ),
        Chart(
            id="publication-rate-by-type",
            title="Reports made public, by type of visit",
            description="For each type of visit, the share of visits with at least one "
            "published report, among visits whose publication status is known.",
            query="publication_rate",
            params={"by": "type"},
            build=_publication_by("visit_type", "Type of visit"),
            note=_publication_note,
            page="Reports",
        ),
        Chart(
            id="time-to-publication",
            title="How long until a visit report is published",
            description="Kaplan-Meier estimate of the share of visits whose report was "
            "published, by months since the end of the visit; the dashed line marks half.",
            query="time_to_publication",
            build=_time_to_publication,
            note=_time_note,
            page="Reports",
        ),
        Chart(
            id="recommendations-by-theme",
            title="What the SPT recommends, by theme",
            description="Recommendations on record in published visit reports, per theme.",
            query="recommendations_by_theme",
            build=_recommendations_by_theme,
            note=_sample_note,
            page="Recommendations",
        ),
        Chart(
            id="recommendation-themes-by-region",
            title="Recommendation themes by UN regional group",
            description="Recommendations on record per theme and UN regional group of the State.",
            query="recommendations_by_theme_region",
            build=_theme_heatmap(
                alt.X(
                    "un_regional_group:N",
                    title="UN regional group",
                    axis=alt.Axis(
                        # One word a line: the groups' long names side by side, unclipped.
                        labelAngle=0,
                        labelExpr="split(datum.label, ' ')",
                        labelOverlap=False,
                    ),
                ),
                [
                    alt.Tooltip("un_regional_group:N", title="UN regional group"),
                    alt.Tooltip("recommendations:Q", title="Recommendations"),
                    alt.Tooltip("group_recommendations:Q", title="Recommendations in the group"),
                    alt.Tooltip("share:Q", title="Share of the group's", format=".0%"),
                ],
            ),
            note=lambda f: _by_group_note(
                f, "un_regional_group", "group_recommendations", "group_reports", "regional group"
            ),
            page="Recommendations",
        ),
        Chart(
            id="recommendation-themes-by-year",
            title="Recommendation themes by year of visit",
            description="Recommendations on record per theme and year of the visit they came from.",
            query="recommendations_by_theme_year",
            build=_theme_heatmap(
                alt.X("year:O", title="Year of the visit"),
                [
                    alt.Tooltip("year:O", title="Year of the visit"),
                    alt.Tooltip("recommendations:Q", title="Recommendations"),
                    alt.Tooltip("year_recommendations:Q", title="Recommendations that year"),
                ],
            ),
            note=lambda f: _by_group_note(
                f, "year", "year_recommendations", "year_reports", "year"
            ),
            page="Recommendations",
        ),
    ]
}

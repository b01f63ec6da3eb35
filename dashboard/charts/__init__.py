"""The chart registry: each chart id maps to its named query, its fixed parameters, its builder
(Polars frame → Altair chart) and a note saying how many records it counts and leaves out.

Pages, app downloads, `opcat-dashboard export` and the static bundle all draw from CHARTS, so the
same chart and filters give the same chart everywhere. Builders are plain functions: they receive
the few aggregated rows the named query returns, never a raw table.

May import: the base modules at the top of `dashboard`, the data and the query layers. Never
exports, press or the app.
"""

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import altair as alt
import duckdb
import polars as pl

from dashboard import labels
from dashboard.query import queries
from dashboard.query.filters import Filters
from dashboard.labels import counted
from dashboard.paths import DATA_DIR

# Okabe–Ito: distinguishable with the common forms of colour blindness, and on dark backgrounds.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
# A visit's publication status: public, not public, and the two kinds of unknown in greys.
PUBLICATION_COLOURS = {
    "Public": PALETTE[0],
    "Not public": PALETTE[5],
    "Status unknown": "#A6A6A6",
    "No report on record": "#D9D9D9",
}
PUBLICATION_COLUMNS = {  # the publication_rate columns, in stacking order
    "visits_published": "Public",
    "visits_not_published": "Not public",
    "visits_status_unknown": "Status unknown",
    "visits_no_report": "No report on record",
}


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
    """The filters that apply to a chart: the recommendation facets only where its query takes
    them (a visits chart shown beside a theme filter is not about that theme)."""
    takes_facets = "theme" in queries.parameters(chart.query)
    return filters if takes_facets else filters.base()


def chart_data(con: duckdb.DuckDBPyConnection, chart: Chart, filters: Filters) -> pl.DataFrame:
    """The rows the chart draws, for these filters."""
    frame = queries.run_matching(con, chart.query, {**filters.params(), **chart.params})
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


def _year_axis(frame: pl.DataFrame, title: str) -> alt.X:
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


def _partial_note(frame: pl.DataFrame) -> str:
    partial = _partial_years(frame)
    if not partial:
        return ""
    years = ", ".join(str(y) for y in partial)
    return f" * {years}: the year is not over, its figures are partial (drawn lighter)."


def _visits_per_year(frame: pl.DataFrame) -> alt.Chart:
    data = labels.labelled(frame, {"visit_type": labels.VISIT_TYPE})
    # A fixed domain: each type keeps its colour whatever the filters. High-level talks are not
    # visits (sql/views.sql), so they have no bar and no legend entry.
    colours = [
        (label, colour)
        for (code, label), colour in zip(labels.VISIT_TYPE.items(), PALETTE, strict=False)
        if code != "high-level-talks"
    ]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=_year_axis(frame, "Year the visit started"),
            y=alt.Y("visits:Q", title="Visits", stack="zero", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "visit_type:N",
                title="Visit type",
                scale=alt.Scale(domain=[t for t, _ in colours], range=[c for _, c in colours]),
                legend=alt.Legend(orient="bottom", columns=3, labelLimit=150),
            ),
            opacity=alt.condition(alt.datum.partial_year, alt.value(0.45), alt.value(1.0)),
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
    return (
        f"{total:,} visits counted (completed or terminated); none left out.{_partial_note(frame)}"
    )


def _publication_long(chart: alt.Chart) -> alt.Chart:
    """One datum per group and publication status, made in the browser from the group's row
    (its four counts): status, stacking order, count and share of the group's visits."""
    status = json.dumps(PUBLICATION_COLUMNS)
    order = json.dumps({c: i for i, c in enumerate(PUBLICATION_COLUMNS)})
    return chart.transform_fold(
        list(PUBLICATION_COLUMNS), as_=["column", "count"]
    ).transform_calculate(
        status=f"{status}[datum.column]",
        order=f"{order}[datum.column]",
        share="datum.count / datum.visits",
    )


def _publication_colour(columns: int = 2) -> alt.Color:
    """The four publication statuses; one legend column beside long group names (a phone)."""
    return alt.Color(
        "status:N",
        title="Report of the visit",
        scale=alt.Scale(domain=list(PUBLICATION_COLOURS), range=list(PUBLICATION_COLOURS.values())),
        sort=list(PUBLICATION_COLOURS),
        legend=alt.Legend(orient="bottom", columns=columns, labelLimit=200),
    )


def _publication_by_year(frame: pl.DataFrame) -> alt.Chart:
    return (
        _publication_long(alt.Chart(frame))
        .mark_bar()
        .encode(
            x=_year_axis(frame, "Year of the visit"),
            y=alt.Y("count:Q", title="Visits", stack="zero", axis=alt.Axis(tickMinStep=1)),
            color=_publication_colour(),
            order=alt.Order("order:Q"),
            opacity=alt.condition(alt.datum.partial_year, alt.value(0.45), alt.value(1.0)),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("status:N", title="Report"),
                alt.Tooltip("count:Q", title="Visits"),
                alt.Tooltip("visits:Q", title="Visits that year"),
            ],
        )
        .properties(width="container", height=320)
    )


def _publication_note(frame: pl.DataFrame) -> str:
    total = int(frame["visits"].sum()) if frame.height else 0
    published = int(frame["visits_published"].sum())
    not_published = int(frame["visits_not_published"].sum())
    unknown = int(frame["visits_status_unknown"].sum())
    no_report = int(frame["visits_no_report"].sum())
    return (
        f"{total:,} visits counted: {published:,} with a public report, "
        f"{not_published:,} not public, "
        f"{unknown:,} of unknown status, {no_report:,} with no report on record; none left out."
        f"{_partial_note(frame)}"
    )


def _count_note(frame: pl.DataFrame, column: str = "visits") -> str:
    total = int(frame[column].sum()) if frame.height else 0
    return f"{total:,} visits counted (completed or terminated); none left out."


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


TIMELINE_STATUSES = ["completed", "terminated", "suspended"]
# At most this many visits and suspended parts are drawn, the most recent: their rows stay under
# 20 KB whatever the size of the data (about 380 bytes each); the note says what is left out.
TIMELINE_LIMIT = 50
# Under the plot: beside it, the legend leaves a phone's time line no width.
TIMELINE_LEGEND = alt.Legend(labelLimit=260, orient="bottom", direction="vertical")


def _visit_timeline(frame: pl.DataFrame) -> alt.Chart:
    names = {code: labels.VISIT_STATUS[code] for code in TIMELINE_STATUSES}
    base = (
        alt.Chart(frame)
        # The status label is looked up in the browser: the rows carry the code alone.
        .transform_calculate(status_label=f"{json.dumps(names)}[datum.status]")
        .encode(
            y=alt.Y(
                "state:N",
                title=None,
                sort="ascending",
                axis=alt.Axis(labelLimit=220, labelOverlap=False),
            ),
            color=alt.Color(
                "status_label:N",
                title="Visit status",
                scale=alt.Scale(
                    domain=list(names.values()), range=[PALETTE[0], PALETTE[5], PALETTE[1]]
                ),
                legend=TIMELINE_LEGEND,
            ),
            tooltip=[
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip("visit_id:N", title="Visit"),
                alt.Tooltip("date_label:N", title="Dates"),
                alt.Tooltip("visit_type:N", title="Visit type"),
                alt.Tooltip("status_label:N", title="Status"),
                alt.Tooltip("confidence:N", title="Confidence of the record"),
            ],
        )
    )
    # The span the visit is known to lie in: its dates, or the whole month or year when only
    # that is known (a long faint bar, not an invented day).
    span = base.mark_rule(strokeWidth=4, opacity=0.6).encode(
        x=alt.X("period_start:T", title="Date of the visit", axis=alt.Axis(format=DATE_TICKS)),
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
                scale=alt.Scale(domain=list(names.values()), range=["circle", "cross", "triangle"]),
                legend=TIMELINE_LEGEND,
            ),
        )
    )
    return alt.layer(span, exact).properties(width="container", height=alt.Step(18))


# The time line's ticks: years, months or days as the span needs, each a date a reader can quote
# ("3 Nov 2024", not Vega's default "Sun 03" for a tick between weeks).
_DAY = "%-d %b %Y"
DATE_TICKS = {"year": "%Y", "quarter": "%b %Y", "month": "%b %Y"} | {
    unit: _DAY for unit in ("week", "date", "day", "hours", "minutes", "seconds", "milliseconds")
}


def _timeline_note(frame: pl.DataFrame) -> str:
    if not frame.height:
        return "0 visits counted; none left out."
    first = frame.row(0, named=True)
    left_out = first["rows_left_out"]
    shown = "" if left_out else " shown"  # when some are left out, not every part is drawn
    counted = (
        f"{first['visits_counted']:,} visits counted (completed or terminated); "
        f"{first['suspended_parts']:,} suspended parts{shown}, not counted; "
        f"{first['month_or_year_only']:,} known only to the month or year, drawn across it as a "
        "bar with no point"
    )
    if not left_out:
        return f"{counted}; none left out."
    return (
        f"{counted}. Drawn: the {frame.height} most recent, from "
        f"{frame['period_start'].min():%B %Y}; {left_out:,} earlier left out (visits or suspended "
        "parts): choose later years, a region or a State to see them."
    )


# By the query's category_rank: 1–3 visited, 4 not visited in the selected years or types,
# 5 never visited, 6 outside the filters; and countries that are not parties.
# Outside the filters: mid grey; not a party: light grey (both quiet on either theme).
MAP_COLOURS = ["#003C64", PALETTE[0], PALETTE[4], PALETTE[2], PALETTE[1], "#999999", "#D4D4D4"]
NOT_A_PARTY = "Not a State party"
MAP_CREDIT = "Map: Natural Earth 1:110m via world-atlas (ISC licence), simplified."
MAP_DOT = "dot"  # how a State party too small to see on the map is drawn


@cache
def _world() -> dict:
    """The map (data/world-map.json, made by dashboard.data.world_map): TopoJSON country outlines and
    points for the States parties too small to see, each tagged with its ISO3 code."""
    topology = json.loads((DATA_DIR / "world-map.json").read_text())
    with (DATA_DIR / "map_country_codes.csv").open(newline="") as f:
        iso3 = {row["numeric"]: row["iso3"] for row in csv.DictReader(f)}
    for layer in topology["objects"].values():
        for geometry in layer["geometries"]:
            geometry.setdefault("properties", {})["iso3"] = iso3.get(geometry.get("id"), "")
    return topology


@cache
def _outlines() -> dict:
    """The country outlines alone: the geometry the map sends (the dots go as rows)."""
    topology = _world()
    return {**topology, "objects": {"countries": topology["objects"]["countries"]}}


@cache
def map_dots() -> dict[str, tuple[float, float]]:
    """The States parties drawn as a dot: ISO3 → (longitude, latitude)."""
    topology = _world()
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    return {
        g["properties"]["iso3"]: (x * sx + tx, y * sy + ty)
        for g in topology["objects"]["points"]["geometries"]
        for x, y in [g["coordinates"]]
    }


def _visits_map(frame: pl.DataFrame) -> alt.Chart:
    rows = frame.select("iso3", "state", "visits", "category").to_dicts()
    # The legend lists the categories present (their names carry the years), in rank order.
    ranks = frame.select("category_rank", "category").unique().sort("category_rank")
    domain = [*ranks["category"], NOT_A_PARTY]
    colours = [MAP_COLOURS[r - 1] for r in ranks["category_rank"]] + [MAP_COLOURS[-1]]
    colour = alt.Color(
        "category:N",
        title="Visits",
        scale=alt.Scale(domain=domain, range=colours),
        legend=alt.Legend(orient="bottom", columns=2, labelLimit=170),
    )
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("category:N", title="Status"),
        alt.Tooltip("visits:Q", title="Visits"),
    ]
    countries = alt.Data(
        values=_outlines(), format=alt.DataFormat(type="topojson", feature="countries")
    )
    outlines = (
        alt.Chart(countries)
        .mark_geoshape(stroke="#777777", strokeWidth=0.3)
        .transform_lookup(
            lookup="properties.iso3",
            from_=alt.LookupData(alt.Data(values=rows), "iso3", ["state", "visits", "category"]),
        )
        .transform_calculate(
            category=f"isValid(datum.category) ? datum.category : '{NOT_A_PARTY}'",
            country="isValid(datum.state) ? datum.state : datum.properties.name",
        )
        .encode(color=colour, tooltip=tooltip)
    )
    # States parties too small to see as an outline: a dot of their colour at their centre.
    dots = map_dots()
    dot_rows = [
        {
            **row,
            "country": row["state"],
            "longitude": dots[row["iso3"]][0],
            "latitude": dots[row["iso3"]][1],
        }
        for row in rows
        if row["iso3"] in dots
    ]
    small = (
        alt.Chart(alt.Data(values=dot_rows))
        .mark_circle(size=36, opacity=1, stroke="#333333", strokeWidth=0.6)
        .encode(longitude="longitude:Q", latitude="latitude:Q", color=colour, tooltip=tooltip)
    )
    return (
        alt.layer(outlines, small)
        .project(type="equalEarth")
        .properties(width="container", height=340)
    )


def _map_note(frame: pl.DataFrame) -> str:
    selected = frame.filter(pl.col("in_selection"))
    visits = int(selected["visits"].sum()) if selected.height else 0
    visited = selected.filter(pl.col("visits") > 0).height
    dotted = sorted(set(selected["iso3"]) & set(map_dots()))
    dots = (
        f" Drawn as a {MAP_DOT} (too small at this scale): {', '.join(dotted)}." if dotted else ""
    )
    return (
        f"{visits:,} visits counted to {visited} of {selected.height} States parties; "
        f"none left out.{dots} {MAP_CREDIT}"
    )


def _lists_as_text(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """List columns as comma-separated text, a missing item as nothing: the app sends a frame
    to the browser as Arrow, whose lists do not reach Vega as arrays (_unfold splits them)."""
    return frame.with_columns(
        pl.col(c).list.eval(pl.element().cast(pl.String).fill_null("")).list.join(",")
        for c in columns
    )


def _unfold(chart: alt.Chart, fields: list[str], numbers: list[str]) -> alt.Chart:
    """One datum per item of the rows' lists (sent as text by _lists_as_text), side by side;
    an item missing from `numbers` is left out, the others made numbers."""
    chart = chart.transform_calculate(**{f: f"split(datum.{f}, ',')" for f in fields})
    return (
        chart.transform_flatten(fields)
        .transform_filter(" && ".join(f"datum.{f} !== ''" for f in numbers))
        .transform_calculate(**{f: f"toNumber(datum.{f})" for f in numbers})
    )


def _per_type(frame: pl.DataFrame) -> alt.Chart:
    """One datum per type of place, made in the browser from a row whose visits_covering lists
    the counts in the order of labels.FACILITY_TYPE (a few KB whatever the size of the data); a
    type no visit on record covers (NULL) is left out."""
    chart = alt.Chart(_lists_as_text(frame, ["visits_covering"])).transform_calculate(
        facility_type=json.dumps(list(labels.FACILITY_TYPE.values()))
    )
    return _unfold(chart, ["visits_covering", "facility_type"], ["visits_covering"])


def _coverage_tiles(chart: alt.Chart, x: alt.X, y: alt.Y, tooltip_group) -> alt.Chart:
    return chart.mark_rect().encode(
        x=x,
        y=y,
        color=alt.Color(
            "share:Q",
            title="Share of visits",
            scale=alt.Scale(scheme="blues", domain=[0, 1]),
            legend=alt.Legend(format="%", orient="bottom"),
        ),
        tooltip=[
            tooltip_group,
            alt.Tooltip("facility_type:N", title="Type of place"),
            alt.Tooltip("share:Q", title="Share of visits", format=".0%"),
            alt.Tooltip("visits_covering:Q", title="Visits covering it"),
            alt.Tooltip("visits_with_known_places:Q", title="Visits with known places"),
        ],
    )


FACILITY_Y = alt.Y(
    "facility_type:N",
    title="Type of place",
    sort=list(labels.FACILITY_TYPE.values()),
    axis=alt.Axis(labelLimit=200),
)


def _facility_x(orient: str = "bottom") -> alt.X:
    return alt.X(
        "facility_type:N",
        title="Type of place",
        sort=list(labels.FACILITY_TYPE.values()),
        axis=alt.Axis(orient=orient, labelAngle=-90, labelLimit=160),
    )


def _coverage_by_year(frame: pl.DataFrame) -> alt.Chart:
    known = "datum.visits_with_known_places"
    chart = _per_type(frame).transform_calculate(
        share=f"{known} > 0 ? round(10000 * datum.visits_covering / {known}) / 10000 : null"
    )
    return _coverage_tiles(
        chart,
        alt.X(
            "year:O",
            title="Year of the visit",
            axis=alt.Axis(labelAngle=-90, labelOverlap="parity"),
        ),
        FACILITY_Y,
        alt.Tooltip("year:O", title="Year"),
    ).properties(width="container", height=alt.Step(28))


def _coverage_by_region(frame: pl.DataFrame) -> alt.Chart:
    # Regional groups down the side (their long names read across), types of place along the top.
    data = labels.labelled(frame, {"facility_type": labels.FACILITY_TYPE})
    return _coverage_tiles(
        alt.Chart(data),
        _facility_x(),
        alt.Y("un_regional_group:N", title=None, axis=alt.Axis(labelLimit=190)),
        alt.Tooltip("un_regional_group:N", title="UN regional group"),
    ).properties(width="container", height=alt.Step(34))


def _coverage_note(frame: pl.DataFrame) -> str:
    if not frame.height:
        return "0 visits counted; none left out."
    # A group's visits once: its row (the types listed in it), or the rows of one type.
    listed = "facility_type" not in frame.columns
    one_type = (
        frame if listed else frame.filter(pl.col("facility_type") == frame["facility_type"][0])
    )
    known = int(one_type["visits_with_known_places"].sum())
    unknown = int(one_type["visits_places_unknown"].sum())
    return f"{known:,} visits with known places counted; {unknown:,} left out (places not known)."


MATRIX_CELLS = {  # a cell with no visit covering the type: why, and how it is drawn
    "Not covered": "#BDBDBD",
    "Places unknown (?)": "#F3DFB4",
    "Not visited (–)": "#FFFFFF",
}


def _matrix_cells(frame: pl.DataFrame) -> alt.Chart:
    """One cell per State and type of place (_per_type), and each cell's kind: covered (with how
    many visits), or why not."""
    known, unknown = "datum.visits_with_known_places", "datum.visits_places_unknown"
    return _per_type(frame).transform_calculate(
        cell=f"datum.visits_covering > 0 ? 'Covered' : {known} > 0 ? 'Not covered' : "
        f"{unknown} > 0 ? 'Places unknown (?)' : 'Not visited (–)'",
        mark=f"datum.visits_covering > 0 ? '' + datum.visits_covering : "
        f"{known} == 0 && {unknown} > 0 ? '?' : {known} + {unknown} == 0 ? '–' : ''",
    )


def _counts(frame: pl.DataFrame) -> list[int]:
    """Whole numbers from 1 to the largest count (legend values: no "1.5 visits")."""
    top = int(frame["visits_covering"].list.max().max() or 0) if frame.height else 0
    return list(range(1, top + 1)) if top <= 6 else list(range(0, top + 1, max(1, top // 5)))


def _facility_matrix(frame: pl.DataFrame) -> alt.Chart:
    base = _matrix_cells(frame).encode(
        x=_facility_x("top"),
        y=alt.Y("state:N", title=None, axis=alt.Axis(labelLimit=170, labelOverlap=False)),
        tooltip=[
            alt.Tooltip("state:N", title="State"),
            alt.Tooltip("facility_type:N", title="Type of place"),
            alt.Tooltip("cell:N", title="Cell"),
            alt.Tooltip("visits_covering:Q", title="Visits covering it"),
            alt.Tooltip("visits_with_known_places:Q", title="Visits with known places"),
            alt.Tooltip("visits_places_unknown:Q", title="Visits whose places are unknown"),
        ],
    )
    # Two colour scales: the reason a cell is empty, and how many visits covered a type.
    empty = (
        base.transform_filter(alt.datum.cell != "Covered")
        .mark_rect(stroke="#999999", strokeWidth=0.3)
        .encode(
            color=alt.Color(
                "cell:N",
                title="No visit covering it",
                scale=alt.Scale(domain=list(MATRIX_CELLS), range=list(MATRIX_CELLS.values())),
                legend=alt.Legend(orient="top", direction="vertical", labelLimit=130),
            )
        )
    )
    covered = (
        base.transform_filter(alt.datum.cell == "Covered")
        .mark_rect(stroke="#999999", strokeWidth=0.3)
        .encode(
            color=alt.Color(
                "visits_covering:Q",
                title="Visits covering it",
                scale=alt.Scale(scheme="blues", domainMin=0),
                legend=alt.Legend(
                    orient="top", values=_counts(frame), format="d", gradientLength=90
                ),
            )
        )
    )
    marks = base.mark_text(fontSize=10).encode(
        text="mark:N",
        color=alt.condition(alt.datum.visits_covering >= 3, alt.value("white"), alt.value("black")),
    )
    return (
        alt.layer(empty, covered, marks)
        .resolve_scale(color="independent")
        .properties(width="container", height=alt.Step(18))
    )


def _matrix_note(frame: pl.DataFrame) -> str:
    if not frame.height:
        return "0 visits counted; none left out."
    known = int(frame["visits_with_known_places"].sum())
    unknown = int(frame["visits_places_unknown"].sum())
    return (
        f"{known:,} visits with known places counted across {frame.height} States parties; "
        f"{unknown:,} left out (places not known)."
    )


def _publication_by(
    field: str, title: str, codes: dict[str, str] | None = None
) -> Callable[[pl.DataFrame], alt.Chart]:
    """Each group's visits as one bar of shares (public, not public, unknown, no report), the
    counts written under the group's name."""

    def build(frame: pl.DataFrame) -> alt.Chart:
        named = labels.labelled(frame, {field: codes}) if codes else frame
        chart = _publication_long(alt.Chart(named)).transform_calculate(
            row=f"datum['{field}'] + '|' + format(datum.visits_published, ',') + ' of ' "
            "+ format(datum.visits, ',') + ' public'"
        )
        return (
            chart.mark_bar()
            .encode(
                y=alt.Y(
                    "row:N",
                    title=None,
                    sort=alt.EncodingSortField("visits", order="descending"),
                    axis=alt.Axis(
                        labelLimit=220, labelOverlap=False, labelExpr="split(datum.label, '|')"
                    ),
                ),
                x=alt.X(
                    "count:Q",
                    title="Share of the visits",
                    stack="normalize",
                    axis=alt.Axis(format="%"),
                ),
                color=_publication_colour(columns=1),
                order=alt.Order("order:Q"),
                tooltip=[
                    alt.Tooltip(f"{field}:N", title=title),
                    alt.Tooltip("status:N", title="Report"),
                    alt.Tooltip("count:Q", title="Visits"),
                    alt.Tooltip("share:Q", title="Share of the visits", format=".0%"),
                    alt.Tooltip("visits:Q", title="Visits in all"),
                ],
            )
            .properties(width="container", height=alt.Step(40))
        )

    return build


def _months_axis(frame: pl.DataFrame) -> alt.X:
    """Months since the end of the visit, a tick every 6, 12 or 24 months (readable on a phone)."""
    top = int(frame["months"].max() or 0) if frame.height else 0
    step = 6 if top <= 36 else 12 if top <= 96 else 24
    return alt.X(
        "months:Q",
        title="Months since the end of the visit",
        axis=alt.Axis(values=list(range(0, top + step, step))),
    )


def _time_to_publication(frame: pl.DataFrame) -> alt.Chart:
    x = _months_axis(frame)
    share_axis = alt.Y(
        "share_published:Q",
        title="Share of reports published",
        axis=alt.Axis(format="%"),
        scale=alt.Scale(domain=[0, 1]),
    )
    band = (
        alt.Chart(frame)
        .mark_area(interpolate="step-after", color=PALETTE[0], opacity=0.2)
        .encode(x=x, y=alt.Y("share_published_low:Q"), y2="share_published_high:Q")
    )
    line = (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", color=PALETTE[0], strokeWidth=2)
        .encode(
            x=x,
            y=share_axis,
            tooltip=[
                alt.Tooltip("months:Q", title="Months", format=".1f"),
                alt.Tooltip("share_published:Q", title="Published by then", format=".0%"),
                alt.Tooltip("share_published_low:Q", title="95% band, from", format=".0%"),
                alt.Tooltip("share_published_high:Q", title="95% band, to", format=".0%"),
                alt.Tooltip("at_risk:Q", title="Visits still awaiting publication"),
            ],
        )
    )
    half = (
        alt.Chart(alt.Data(values=[{"y": 0.5}]))
        .mark_rule(strokeDash=[4, 4], color=PALETTE[7])
        .encode(y="y:Q")
    )
    return alt.layer(band, half, line).properties(width="container", height=320)


def _median_words(frame: pl.DataFrame) -> str:
    from dashboard.query.figures import median_months, months

    median = median_months(frame)
    if median is None:
        return "The median is not reached: fewer than half the reports are published."
    low = months(median_months(frame, "share_published_high"))
    high = months(median_months(frame, "share_published_low"))
    return (
        f"Median {months(median)} months (95% confidence interval {low} to {high}): the first "
        "time at which half the reports are estimated to be published."
    )


def _time_note(frame: pl.DataFrame) -> str:
    if not frame.height:
        return "0 visits counted."
    steps = int(frame["steps"][0])
    drawn = (
        f" Drawn at {frame.height:,} of its {steps:,} steps (the last of each equal stretch of "
        "time and those where the share or its band first reaches half)."
        if steps > frame.height
        else ""
    )
    return (
        f"{int(frame['visits_counted'][0]):,} visits counted; {int(frame['visits_left_out'][0]):,} "
        "left out (no end date, status unknown, no report, or publication date unknown). "
        "Unpublished reports count as not yet published today. Shaded: the 95% confidence band "
        f"(Greenwood). {_median_words(frame)}{drawn}"
    )


# The curves drawn at most (the Compare page compares up to five States parties), and the rows
# of a Kaplan-Meier chart: about 240 bytes each, under 20 KB whatever the size of the data.
CURVES_SHOWN = 5
CURVE_POINTS = {"all": 60, "state": 40}


def _time_by_state(frame: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", strokeWidth=2)
        .encode(
            x=_months_axis(frame),
            y=alt.Y(
                "share_published:Q",
                title="Share of reports published",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "state:N",
                title="State party",
                scale=alt.Scale(range=PALETTE),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=200),
            ),
            tooltip=[
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip("months:Q", title="Months", format=".1f"),
                alt.Tooltip("share_published:Q", title="Published by then", format=".0%"),
                alt.Tooltip("at_risk:Q", title="Visits still awaiting publication"),
                alt.Tooltip("visits_counted:Q", title="Visits counted"),
            ],
        )
        .properties(width="container", height=300)
    )


def _time_by_state_note(frame: pl.DataFrame) -> str:
    if not frame.height:
        return "0 visits counted."
    per_state = frame.unique("iso3").sort("state")
    counted = int(per_state["visits_counted"].sum())
    left_out = int(per_state["visits_left_out"].sum())
    each = "; ".join(
        f"{r['state']} {r['visits_counted']:,}" for r in per_state.iter_rows(named=True)
    )
    others = int(frame["curves"][0]) - per_state.height
    states_left_out = (
        f" {others} more States parties left out, with fewer visits counted: choose up to "
        f"{CURVES_SHOWN} States parties to compare them."
        if others
        else ""
    )
    thinned = (
        " A curve with many steps is drawn at fewer: the last of each equal stretch of time."
        if frame.height < int(per_state["steps"].sum())
        else ""
    )
    return (
        f"{counted:,} visits counted ({each}); {left_out:,} left out (no end date, status unknown, "
        "no report, or publication date unknown). Kaplan-Meier estimate for each State; "
        f"with a few visits a State's curve moves in large steps.{states_left_out}{thinned}"
    )


LONGEST_SHOWN = 20
WITHOUT_VISIT = {
    False: "Years since the last visit",
    True: "Never visited: years since ratification",
}


def _longest_without_visit(frame: pl.DataFrame) -> alt.Chart:
    data = (
        frame.sort(["years_without_visit", "state"], descending=[True, False], nulls_last=True)
        .head(LONGEST_SHOWN)
        .with_columns(
            kind=pl.col("never_visited").replace_strict(WITHOUT_VISIT, return_dtype=pl.String),
            since=pl.when(pl.col("never_visited"))
            .then(pl.lit("ratified ") + pl.col("ratification"))
            .otherwise(pl.lit("last visit ") + pl.col("last_visit_year_any").cast(pl.String)),
        )
        .select("state", "years_without_visit", "kind", "since")
    )
    base = alt.Chart(data).encode(
        # Longest first (an explicit order: both layers share it).
        y=alt.Y(
            "state:N",
            title=None,
            sort=data["state"].to_list(),
            axis=alt.Axis(labelLimit=170, labelOverlap=False),
        ),
        x=alt.X("years_without_visit:Q", title="Years without an SPT visit"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "kind:N",
            title=None,
            scale=alt.Scale(domain=list(WITHOUT_VISIT.values()), range=[PALETTE[0], PALETTE[1]]),
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=260),
        ),
        tooltip=[
            alt.Tooltip("state:N", title="State party"),
            alt.Tooltip("years_without_visit:Q", title="Years without a visit", format=".1f"),
            alt.Tooltip("since:N", title="Since"),
        ],
    )
    values = base.mark_text(align="left", dx=3, fontSize=10).encode(
        text=alt.Text("years_without_visit:Q", format=".1f")
    )
    return alt.layer(bars, values).properties(width="container", height=alt.Step(18))


def _longest_note(frame: pl.DataFrame) -> str:
    never = int(frame["never_visited"].sum()) if frame.height else 0
    shown = min(LONGEST_SHOWN, frame.height)
    return (
        f"{frame.height} States parties counted, the {shown} longest without a visit shown: "
        "years since the last visit (of the chosen types, any year), or since ratification for "
        f"the {never} never visited; counted to today."
    )


# --- Recommendations -----------------------------------------------------------------------------


def _theme_labels(frame: pl.DataFrame) -> pl.DataFrame:
    from dashboard.query.recommendations import theme_label

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


def _sample(first: dict) -> str:
    return (
        f"Recommendations are on record for {first['reports_with_recommendations']:,} of the "
        f"{counted(first['reports_published'], 'published report')} of these visits: a sample of "
        "the published reports, not all the SPT recommended."
    )


def _sample_note(frame: pl.DataFrame) -> str:
    """Counted, and the sample they come from: the denominators every recommendation chart gives."""
    if not frame.height:
        return "0 recommendations counted: none on record matches these filters."
    first = frame.row(0, named=True)
    return (
        f"{counted(first['recommendations_counted'], 'recommendation')} from "
        f"{counted(first['reports_counted'], 'report')} counted; one with several themes counts "
        f"under each. {_sample(first)}"
    )


def _theme_heatmap(
    x: alt.X, tooltip: list, share_of: str | None = None
) -> Callable[[pl.DataFrame], alt.Chart]:
    """Themes down the side, groups along x: one tile per theme and group, made in the browser
    from the group's row (its themes and their recommendations, two lists side by side); the
    share of the group's recommendations where share_of names the group's total."""

    def build(frame: pl.DataFrame) -> alt.Chart:
        named = labels.labelled(frame, {"un_regional_group": labels.REGION_SHORT})
        names = json.dumps(labels.THEME)
        lists = ["themes", "recommendations"]
        chart = _unfold(
            alt.Chart(_lists_as_text(named, lists)), lists, ["recommendations"]
        ).transform_calculate(theme_label=f"{names}[datum.themes] || datum.themes")
        if share_of:
            chart = chart.transform_calculate(share=f"datum.recommendations / datum.{share_of}")
        base = chart.encode(
            x=x,
            y=alt.Y("theme_label:N", title="Theme", axis=alt.Axis(labelLimit=190)),
        )
        tiles = base.mark_rect().encode(
            color=alt.Color(
                "recommendations:Q",
                title="Recommendations",
                scale=alt.Scale(scheme="blues", domainMin=0),
                # Below, not beside: a phone leaves little width beside the themes.
                legend=alt.Legend(tickMinStep=1, format="d", orient="bottom"),
            ),
            tooltip=[alt.Tooltip("theme_label:N", title="Theme"), *tooltip],
        )
        return tiles.properties(width="container", height=alt.Step(24))

    return build


def _by_group_note(frame: pl.DataFrame, group: str, total: str, reports: str, what: str) -> str:
    if not frame.height:
        return "0 recommendations counted: none on record matches these filters."
    groups = frame.unique(group)
    return (
        f"{counted(int(groups[total].sum()), 'recommendation')} from "
        f"{counted(int(groups[reports].sum()), 'report')} counted across "
        f"{counted(groups.height, what)}; one with several themes counts under each. "
        f"{_sample(frame.row(0, named=True))}"
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
            title="Reports made public, year by year",
            description="For each year of visit, the visits with at least one public report, "
            "with no public report, and of unknown status.",
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
            params={"limit": TIMELINE_LIMIT},
            build=_visit_timeline,
            note=_timeline_note,
            page="Visits",
        ),
        Chart(
            id="visits-map",
            title="SPT visits per State party",
            description="World map of visits per State party, the visited ones in three bins "
            "cut at the thirds of their counts (1, 2, 3 or more on the SPT's numbers); States "
            "parties never visited, those not visited in the selected years, and countries that "
            "are not parties are coloured apart.",
            query="visits_map",
            build=_visits_map,
            note=_map_note,
            page="Visits",
        ),
        Chart(
            id="facility-coverage-by-year",
            title="Places visited, year by year",
            description="For each year, the share of visits that went to each type of place.",
            query="facility_coverage_lists",
            params={"by": "year"},
            columns=(
                "year",
                "visits_with_known_places",
                "visits_places_unknown",
                "visits_covering",
            ),
            build=_coverage_by_year,
            note=_coverage_note,
            page="Places",
        ),
        Chart(
            id="facility-coverage-by-region",
            title="Places visited, by UN regional group",
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
            title="Places visited in each State party",
            description="For each State party and type of place, how many visits covered it; "
            "empty cells say why: not covered, places unknown (?), or not visited (–).",
            query="facility_coverage_lists",
            params={"by": "state"},
            columns=(
                "state",
                "visits_with_known_places",
                "visits_places_unknown",
                "visits_covering",
            ),
            build=_facility_matrix,
            note=_matrix_note,
            page="Places",
        ),
        Chart(
            id="publication-rate-by-region",
            title="Reports made public, by UN regional group",
            description="For each regional group, the shares of its visits with a public "
            "report, with none, and of unknown status; the counts under each name.",
            query="publication_rate",
            params={"by": "region"},
            build=_publication_by("un_regional_group", "UN regional group"),
            note=_publication_note,
            page="Reports",
        ),
        Chart(
            id="publication-rate-by-type",
            title="Reports made public, by type of visit",
            description="For each type of visit, the shares of its visits with a public "
            "report, with none, and of unknown status; the counts under each name.",
            query="publication_rate",
            params={"by": "type"},
            build=_publication_by("visit_type", "Type of visit", labels.VISIT_TYPE),
            note=_publication_note,
            page="Reports",
        ),
        Chart(
            id="time-to-publication",
            title="How long until a visit report is published",
            description="Kaplan-Meier estimate of the share of visits whose report was "
            "published, by months since the end of the visit, with its 95% confidence band; "
            "the dashed line marks half.",
            query="time_to_publication",
            params={"points": CURVE_POINTS["all"]},
            columns=(
                "months",
                "at_risk",
                "share_published",
                "share_published_low",
                "share_published_high",
                "visits_counted",
                "visits_left_out",
                "steps",
            ),
            build=_time_to_publication,
            note=_time_note,
            page="Reports",
        ),
        Chart(
            id="longest-without-visit",
            title="Longest without an SPT visit",
            description="Years since the last visit, or since ratification for States parties "
            "never visited, for the States parties longest without one.",
            query="state_record",
            columns=(
                "state",
                "years_without_visit",
                "never_visited",
                "ratification",
                "last_visit_year_any",
            ),
            build=_longest_without_visit,
            note=_longest_note,
            page="Visits",
        ),
        Chart(
            id="publication-rate-by-state",
            title="Reports made public, State by State",
            description="For each State party, the shares of its visits with a public report, "
            "with none, and of unknown status; the counts under each name.",
            query="publication_rate",
            params={"by": "state"},
            columns=("state", "visits", *PUBLICATION_COLUMNS),
            build=_publication_by("state", "State party"),
            note=_publication_note,
            page="Compare",
        ),
        Chart(
            id="time-to-publication-by-state",
            title="Time to publication, State by State",
            description="Kaplan-Meier estimate of the share of each State party's visits whose "
            "report was published, by months since the end of the visit.",
            query="time_to_publication",
            params={"by": "state", "points": CURVE_POINTS["state"], "states": CURVES_SHOWN},
            columns=(
                "iso3",
                "state",
                "months",
                "at_risk",
                "share_published",
                "visits_counted",
                "visits_left_out",
                "steps",
                "curves",
            ),
            build=_time_by_state,
            note=_time_by_state_note,
            page="Compare",
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
                # The groups' short names, upright: five columns beside the themes' long names.
                alt.X(
                    "un_regional_group:N",
                    title="UN regional group",
                    axis=alt.Axis(labelAngle=-90, labelLimit=160),
                ),
                [
                    alt.Tooltip("un_regional_group:N", title="UN regional group"),
                    alt.Tooltip("recommendations:Q", title="Recommendations"),
                    alt.Tooltip("group_recommendations:Q", title="Recommendations in the group"),
                    alt.Tooltip("share:Q", title="Share of the group's", format=".0%"),
                ],
                share_of="group_recommendations",
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
                alt.X(
                    "year:O",
                    title="Year of the visit",
                    axis=alt.Axis(labelAngle=-90, labelOverlap="parity"),
                ),
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

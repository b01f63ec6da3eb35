"""Charts of the places visited: the share of visits covering each type of place, by year and by
UN regional group, and the matrix of State parties by type of place.
"""

import json

import altair as alt
import polars as pl

from dashboard import labels
from dashboard.charts.chart import lists_as_text, unfold


def _per_type(frame: pl.DataFrame) -> alt.Chart:
    """One datum per type of place, made in the browser from a row whose visits_covering lists
    the counts in the order of labels.FACILITY_TYPE (a few KB whatever the size of the data); a
    type no visit on record covers (NULL) is left out."""
    chart = alt.Chart(lists_as_text(frame, ["visits_covering"])).transform_calculate(
        facility_type=json.dumps(list(labels.FACILITY_TYPE.values()))
    )
    return unfold(chart, ["visits_covering", "facility_type"], ["visits_covering"])


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


def coverage_by_year(frame: pl.DataFrame) -> alt.Chart:
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


def coverage_by_region(frame: pl.DataFrame) -> alt.Chart:
    # Regional groups down the side (their long names read across), types of place along the top.
    data = labels.labelled(frame, {"facility_type": labels.FACILITY_TYPE})
    return _coverage_tiles(
        alt.Chart(data),
        _facility_x(),
        alt.Y("un_regional_group:N", title=None, axis=alt.Axis(labelLimit=190)),
        alt.Tooltip("un_regional_group:N", title="UN regional group"),
    ).properties(width="container", height=alt.Step(34))


def coverage_note(frame: pl.DataFrame) -> str:
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


def facility_matrix(frame: pl.DataFrame) -> alt.Chart:
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


def matrix_note(frame: pl.DataFrame) -> str:
    if not frame.height:
        return "0 visits counted; none left out."
    known = int(frame["visits_with_known_places"].sum())
    unknown = int(frame["visits_places_unknown"].sum())
    return (
        f"{known:,} visits with known places counted across {frame.height} States parties; "
        f"{unknown:,} left out (places not known)."
    )

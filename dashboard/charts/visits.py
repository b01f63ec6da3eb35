"""Charts of the visits: per year, per UN regional group, every visit on a time line, and the
States parties longest without a visit.
"""

import json

import altair as alt
import polars as pl

from dashboard import labels
from dashboard.charts.chart import PALETTE, partial_note, year_axis


def visits_per_year(frame: pl.DataFrame) -> alt.Chart:
    data = labels.labelled(frame, {"visit_type": labels.VISIT_TYPE})
    # A fixed domain: each type keeps its colour whatever the filters. High-level talks are not
    # visits (sql/views/), so they have no bar and no legend entry.
    colours = [
        (label, colour)
        for (code, label), colour in zip(labels.VISIT_TYPE.items(), PALETTE, strict=False)
        if code != "high-level-talks"
    ]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=year_axis(frame, "Year the visit started"),
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


def visits_note(frame: pl.DataFrame) -> str:
    total = int(frame["visits"].sum()) if frame.height else 0
    return (
        f"{total:,} visits counted (completed or terminated); none left out.{partial_note(frame)}"
    )


def visits_per_region(frame: pl.DataFrame) -> alt.Chart:
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


def visit_timeline(frame: pl.DataFrame) -> alt.Chart:
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


def timeline_note(frame: pl.DataFrame) -> str:
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


LONGEST_SHOWN = 20


WITHOUT_VISIT = {
    False: "Years since the last visit",
    True: "Never visited: years since ratification",
}


def longest_without_visit(frame: pl.DataFrame) -> alt.Chart:
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


def longest_note(frame: pl.DataFrame) -> str:
    never = int(frame["never_visited"].sum()) if frame.height else 0
    shown = min(LONGEST_SHOWN, frame.height)
    return (
        f"{frame.height} States parties counted, the {shown} longest without a visit shown: "
        "years since the last visit (of the chosen types, any year), or since ratification for "
        f"the {never} never visited; counted to today."
    )

"""Charts of the reports made public: the shares of visits with a public report (by year, region,
type or State) and the time to publication (Kaplan-Meier curves, overall and per State).
"""

import json
from collections.abc import Callable

import altair as alt
import polars as pl

from dashboard import labels
from dashboard.charts.chart import PALETTE, partial_note, year_axis

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


def publication_by_year(frame: pl.DataFrame) -> alt.Chart:
    return (
        _publication_long(alt.Chart(frame))
        .mark_bar()
        .encode(
            x=year_axis(frame, "Year of the visit"),
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


def publication_note(frame: pl.DataFrame) -> str:
    total = int(frame["visits"].sum()) if frame.height else 0
    published = int(frame["visits_published"].sum())
    not_published = int(frame["visits_not_published"].sum())
    unknown = int(frame["visits_status_unknown"].sum())
    no_report = int(frame["visits_no_report"].sum())
    return (
        f"{total:,} visits counted: {published:,} with a public report, "
        f"{not_published:,} not public, "
        f"{unknown:,} of unknown status, {no_report:,} with no report on record; none left out."
        f"{partial_note(frame)}"
    )


def publication_by(
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


def time_to_publication(frame: pl.DataFrame) -> alt.Chart:
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


def time_note(frame: pl.DataFrame) -> str:
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


def time_by_state(frame: pl.DataFrame) -> alt.Chart:
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


def time_by_state_note(frame: pl.DataFrame) -> str:
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

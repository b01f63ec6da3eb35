"""Charts of the recommendations: per theme, and themes by UN regional group or by year of visit,
each with the sample of reports the recommendations come from.
"""

import json
from collections.abc import Callable

import altair as alt
import polars as pl

from dashboard import labels
from dashboard.charts.chart import PALETTE, lists_as_text, unfold
from dashboard.labels import counted

# --- Recommendations -----------------------------------------------------------------------------


def _theme_labels(frame: pl.DataFrame) -> pl.DataFrame:
    from dashboard.query.recommendations import theme_label

    return frame.with_columns(
        pl.col("theme").map_elements(theme_label, return_dtype=pl.String).alias("theme_label")
    )


def recommendations_by_theme(frame: pl.DataFrame) -> alt.Chart:
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


def sample_note(frame: pl.DataFrame) -> str:
    """Counted, and the sample they come from: the denominators every recommendation chart gives."""
    if not frame.height:
        return "0 recommendations counted: none on record matches these filters."
    first = frame.row(0, named=True)
    return (
        f"{counted(first['recommendations_counted'], 'recommendation')} from "
        f"{counted(first['reports_counted'], 'report')} counted; one with several themes counts "
        f"under each. {_sample(first)}"
    )


def theme_heatmap(
    x: alt.X, tooltip: list, share_of: str | None = None
) -> Callable[[pl.DataFrame], alt.Chart]:
    """Themes down the side, groups along x: one tile per theme and group, made in the browser
    from the group's row (its themes and their recommendations, two lists side by side); the
    share of the group's recommendations where share_of names the group's total."""

    def build(frame: pl.DataFrame) -> alt.Chart:
        named = labels.labelled(frame, {"un_regional_group": labels.REGION_SHORT})
        names = json.dumps(labels.THEME)
        lists = ["themes", "recommendations"]
        chart = unfold(
            alt.Chart(lists_as_text(named, lists)), lists, ["recommendations"]
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


def by_group_note(frame: pl.DataFrame, group: str, total: str, reports: str, what: str) -> str:
    if not frame.height:
        return "0 recommendations counted: none on record matches these filters."
    groups = frame.unique(group)
    return (
        f"{counted(int(groups[total].sum()), 'recommendation')} from "
        f"{counted(int(groups[reports].sum()), 'report')} counted across "
        f"{counted(groups.height, what)}; one with several themes counts under each. "
        f"{_sample(frame.row(0, named=True))}"
    )

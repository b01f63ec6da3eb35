"""The chart registry: each chart id maps to its named query, its fixed parameters, its builder
(Polars frame → Altair chart) and a note saying how many records it counts and leaves out.

Pages, app downloads, `opcat-dashboard export` and the static bundle all draw from CHARTS, so the
same chart and filters give the same chart everywhere. Builders are plain functions: they receive
the few aggregated rows the named query returns, never a raw table.

The builders live with their family: chart (the `Chart` and what every chart shares), visits,
world_map, places, publication and recommendations. A new chart is a builder and a note in its
family's module, a named query in sql/queries/, and an entry here.

May import: the base modules at the top of `dashboard`, the data and the query layers. Never
exports, press or the app.
"""

import altair as alt

from dashboard import labels
from dashboard.charts.chart import (
    PALETTE,
    Chart,
    chart_data,
    chart_filters,
    count_note,
    render,
)
from dashboard.charts.places import (
    coverage_by_region,
    coverage_by_year,
    coverage_note,
    facility_matrix,
    matrix_note,
)
from dashboard.charts.publication import (
    CURVE_POINTS,
    CURVES_SHOWN,
    PUBLICATION_COLUMNS,
    publication_by,
    publication_by_year,
    publication_note,
    time_by_state,
    time_by_state_note,
    time_note,
    time_to_publication,
)
from dashboard.charts.recommendations import (
    by_group_note,
    recommendations_by_theme,
    sample_note,
    theme_heatmap,
)
from dashboard.charts.visits import (
    TIMELINE_LIMIT,
    longest_note,
    longest_without_visit,
    timeline_note,
    visit_timeline,
    visits_note,
    visits_per_region,
    visits_per_year,
)
from dashboard.charts.world_map import map_dots, map_note, visits_map

__all__ = [
    "CHARTS",
    "PALETTE",
    "TIMELINE_LIMIT",
    "Chart",
    "chart_data",
    "chart_filters",
    "map_dots",
    "render",
]

CHARTS: dict[str, Chart] = {
    c.id: c
    for c in [
        Chart(
            id="visits-per-year",
            title="SPT visits per year",
            description="Visits started each year, stacked by type of visit.",
            query="visits_per_year",
            build=visits_per_year,
            note=visits_note,
            page="Visits",
        ),
        Chart(
            id="publication-rate-by-year",
            title="Reports made public, year by year",
            description="For each year of visit, the visits with at least one public report, "
            "with no public report, and of unknown status.",
            query="publication_rate",
            params={"by": "year"},
            build=publication_by_year,
            note=publication_note,
            page="Reports",
        ),
        Chart(
            id="visits-per-region",
            title="SPT visits per UN regional group",
            description="Visits to the States parties of each UN regional group.",
            query="visits_per_region",
            build=visits_per_region,
            note=count_note,
            page="Visits",
        ),
        Chart(
            id="visit-timeline",
            title="Every SPT visit, State by State",
            description="One mark per visit on a time line; terminated visits and suspended "
            "parts marked; visits known only to the month or year drawn across it.",
            query="visit_timeline",
            params={"limit": TIMELINE_LIMIT},
            build=visit_timeline,
            note=timeline_note,
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
            build=visits_map,
            note=map_note,
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
            build=coverage_by_year,
            note=coverage_note,
            page="Places",
        ),
        Chart(
            id="facility-coverage-by-region",
            title="Places visited, by UN regional group",
            description="For each regional group, the share of visits that went to each type "
            "of place.",
            query="facility_coverage",
            params={"by": "region"},
            build=coverage_by_region,
            note=coverage_note,
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
            build=facility_matrix,
            note=matrix_note,
            page="Places",
        ),
        Chart(
            id="publication-rate-by-region",
            title="Reports made public, by UN regional group",
            description="For each regional group, the shares of its visits with a public "
            "report, with none, and of unknown status; the counts under each name.",
            query="publication_rate",
            params={"by": "region"},
            build=publication_by("un_regional_group", "UN regional group"),
            note=publication_note,
            page="Reports",
        ),
        Chart(
            id="publication-rate-by-type",
            title="Reports made public, by type of visit",
            description="For each type of visit, the shares of its visits with a public "
            "report, with none, and of unknown status; the counts under each name.",
            query="publication_rate",
            params={"by": "type"},
            build=publication_by("visit_type", "Type of visit", labels.VISIT_TYPE),
            note=publication_note,
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
            build=time_to_publication,
            note=time_note,
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
            build=longest_without_visit,
            note=longest_note,
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
            build=publication_by("state", "State party"),
            note=publication_note,
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
            build=time_by_state,
            note=time_by_state_note,
            page="Compare",
        ),
        Chart(
            id="recommendations-by-theme",
            title="What the SPT recommends, by theme",
            description="Recommendations on record in published visit reports, per theme.",
            query="recommendations_by_theme",
            build=recommendations_by_theme,
            note=sample_note,
            page="Recommendations",
        ),
        Chart(
            id="recommendation-themes-by-region",
            title="Recommendation themes by UN regional group",
            description="Recommendations on record per theme and UN regional group of the State.",
            query="recommendations_by_theme_region",
            build=theme_heatmap(
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
            note=lambda f: by_group_note(
                f, "un_regional_group", "group_recommendations", "group_reports", "regional group"
            ),
            page="Recommendations",
        ),
        Chart(
            id="recommendation-themes-by-year",
            title="Recommendation themes by year of visit",
            description="Recommendations on record per theme and year of the visit they came from.",
            query="recommendations_by_theme_year",
            build=theme_heatmap(
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
            note=lambda f: by_group_note(f, "year", "year_recommendations", "year_reports", "year"),
            page="Recommendations",
        ),
    ]
}

"""The blocks every page is made of: the page's top (`page`: sidebar filters, title, warnings),
the one way a page shows a chart (`show_chart`), headline figures, tables, lists a page at a time
and their downloads. Page files hold layout only and call these, with `session` (the data) and
`sidebar` (the filters)."""

import dataclasses
from collections.abc import Callable

import duckdb
import polars as pl
import streamlit as st

from dashboard import exports, labels, markdown
from dashboard.app.export_menu import export_menu, share_box
from dashboard.app.session import (
    DRAWN,
    PAGE_PATH,
    chart_frame,
    cursor,
    headline,
    query,
    settings,
    states,
    years,
)
from dashboard.app.sidebar import set_state, show_contradictions, show_warnings, sidebar_filters
from dashboard.charts import CHARTS, render
from dashboard.query import db, figures, paging, tables, words
from dashboard.query.filters import MAX_VALUES, Filters

# --- Display -------------------------------------------------------------------------------------


def show_chart(chart_id: str, filters: Filters) -> pl.DataFrame:
    """Draw a registry chart for these filters, with its note; return the frame it drew."""
    chart = CHARTS[chart_id]
    frame = chart_frame(chart_id, filters)
    st.session_state.setdefault(DRAWN, {})[chart_id] = frame
    if frame.height == 0:
        st.subheader(chart.title)
        st.info("No records match these filters.")
        return frame
    # The alt text is the chart's Vega-Lite description: title, what it shows and its note. The
    # note is shown once, in the caption (it wraps at any width; exported images carry it inside).
    st.altair_chart(render(chart, frame), theme="streamlit", width="stretch")
    st.caption(markdown.literal(f"{chart.description} {chart.note(frame)}"))
    export_menu(chart_id, filters, cursor(), settings())
    return frame


def metrics(items: list[tuple[str, str, str]]) -> None:
    """A row of headline figures: (label, value, help)."""
    for column, (label, value, help_) in zip(st.columns(metric_widths(items)), items, strict=True):
        column.metric(label, value, help=help_)


def metric_widths(items: list[tuple[str, str, str]]) -> list[float]:
    """Each figure's share of the row, by the room its value or its label needs (in characters of
    the label's type: a value's are about 2.6 times as wide; the label's help icon about 3), so
    that "500,000 of 970,000" is not cut short beside "0"."""
    return [max(2.6 * len(value) + 1, len(label) + 3) for label, value, _help in items]


def headline_figures(filters: Filters) -> figures.Headline:
    """The headline figures, each with its denominator; publication with its unknowns."""
    h = headline(filters)
    never = (
        f" {h.states_never_visited} of them were never visited (no visit of any year or type)."
        if h.filtered
        else ""
    )
    median_ci = (
        f" 95% confidence interval: {figures.months(h.median_low)} to "
        f"{figures.months(h.median_high)} months."
        if h.median_months is not None
        else ""
    )
    metrics(
        [
            (
                "Visits",
                f"{h.visits:,}",
                "Completed or terminated; suspended parts not counted; high-level talks not "
                f"counted ({h.high_level_talks:,} in the selection), as the SPT counts.",
            ),
            (
                "States visited",
                f"{h.states_visited} of {h.states_parties}",
                "States parties with at least one visit, of those in the selection.",
            ),
            (
                h.not_visited_label,
                f"{h.states_not_visited:,}",
                f"States parties with no visit in the selection, of {h.states_parties}.{never}",
            ),
            (
                "Visits with a public report",
                f"{h.visits_published:,} of {h.visits:,}",
                h.publication_line() + ". " + h.publication_detail(),
            ),
            (
                "Median months to publish",
                figures.months(h.median_months),
                f"Kaplan-Meier median over {h.curve_visits:,} visits: the first time at which half "
                f"the reports are estimated to be published.{median_ci}",
            ),
        ]
    )
    st.markdown(f"**{markdown.literal(h.publication_line())}**")
    st.caption(markdown.literal(h.publication_detail()))
    if h.high_level_talks:
        st.caption(markdown.literal(words.talks_words(query("high_level_talks", filters))))
    return h


def state_record(filters: Filters) -> pl.DataFrame:
    """Every State party's record as one sortable table, with the lists of those not visited."""
    record = query("state_record", filters)
    phrase = words.not_visited_phrase(filters, years())
    never, not_now = words.not_visited_lists(record)
    lines = [f"Never visited ({len(never)}): {', '.join(never) or 'none'}."]
    if not_now:
        lines.append(f"Visited before, but {phrase} ({len(not_now)}): {', '.join(not_now)}.")
    for line in lines:
        st.markdown(markdown.literal(line))
    st.caption(
        "One row per State party in the selection; click a column to sort. Visits, first visit, "
        "reports: in the selection. Last visit and years without a visit: any year (the type "
        "filter applies), counted to today; since ratification when never visited. A report on "
        "record was sent to the State (or its NPM)."
    )
    table(
        figures.record_table(record, phrase),
        column_config={
            "state": "State party",
            "un_regional_group": "UN regional group",
            "ratification_date": st.column_config.DateColumn("Ratified OPCAT"),
            "visits": st.column_config.NumberColumn("Visits", format="%d"),
            "first_visit_year": st.column_config.NumberColumn("First visit", format="%d"),
            "last_visit_year_any": st.column_config.NumberColumn("Last visit", format="%d"),
            "years_without_visit": st.column_config.NumberColumn(
                "Years without a visit", format="%.1f"
            ),
            "record": "Record",
            "reports_sent": st.column_config.NumberColumn("Reports sent", format="%d"),
            "reports_published": st.column_config.NumberColumn("Reports published", format="%d"),
            "planned_visits": st.column_config.NumberColumn("Planned visits", format="%d"),
        },
    )
    return record


COMPARE_MIN, COMPARE_MAX = 2, 5


def compare_picker(filters: Filters) -> Filters | None:
    """The Compare page's choice of States parties, bound to the State filter. Returns the
    filters for the States to draw (at most five), or None when fewer than two are chosen."""
    names = states()
    st.session_state["w_compare"] = list(filters.state)
    st.multiselect(
        "States parties to compare",
        list(names),
        format_func=lambda c: names[c],
        placeholder="Pick two to five States parties",
        max_selections=MAX_VALUES,
        key="w_compare",
        on_change=lambda: set_state(list(st.session_state["w_compare"])),
    )
    if len(filters.state) < COMPARE_MIN:
        st.info(
            "Pick two to five States parties above (or in the sidebar) to compare them, e.g. "
            "Brazil and Mexico."
        )
        return None
    if len(filters.state) > COMPARE_MAX:
        shown = ", ".join(names.get(s, s) for s in filters.state[:COMPARE_MAX])
        st.warning(
            markdown.literal(f"{len(filters.state)} chosen: comparing the first five, {shown}.")
        )
    return dataclasses.replace(filters, state=filters.state[:COMPARE_MAX])


def compare_table(filters: Filters) -> None:
    record = query("state_record", filters)
    st.subheader("Side by side")
    st.caption(
        "Visits and reports in the selection; the last visit and years without one: any year, "
        "counted to today."
    )
    table(figures.compare_table(record, filters.state))


def country_record(filters: Filters, iso3: str) -> dict:
    """The Country profile's visit record: visits, last visit, years without one, plans."""
    record = query("state_record", dataclasses.replace(filters, state=(iso3,)))
    row = record.row(0, named=True)
    metrics(
        [
            ("Visits counted", f"{row['visits']:,}", "Completed or terminated, in the selection."),
            ("Last visit", words.last_visit_words(row), "The year of the last counted visit."),
            (
                "Years without a visit",
                f"{row['years_without_visit']:.1f}",
                "Since the last visit, counted to today; since ratification when never visited.",
            ),
            ("Planned visits", *words.planned_figure(row)),
        ]
    )
    if row["never_visited"]:
        plans = (
            f" A visit is planned: {words.planned_dates_words(row['planned_dates'])}."
            if row["planned_dates"]
            else ""
        )
        st.info(
            markdown.literal(
                f"{row['state']} has never been visited by the SPT "
                f"({row['years_without_visit']:.1f} years since ratification).{plans}"
            )
        )
    return row


def table(frame: pl.DataFrame, column_config: dict | None = None, height: int | None = None):
    """A table as text (never Markdown), codes shown as their labels."""
    st.dataframe(
        labels.labelled(frame),
        hide_index=True,
        column_config=column_config,
        height=height or "auto",
    )


def page(title: str, intro: str, facets: bool = False) -> Filters:
    """The top of every page: the sidebar filters, title, intro and any filter warnings;
    returns the filters (with the recommendation facets only if `facets`)."""
    filters = sidebar_filters(facets)
    with st.sidebar.expander("Share or cite this view"):
        share_box(filters, st.session_state.get(PAGE_PATH, ""), cursor(), settings(), title=title)
    st.title(title)
    show_warnings()
    st.caption(markdown.literal(f"{intro} Filters: {filters.describe(states())}."))
    show_contradictions(filters)
    return filters


def datapackage_download() -> None:
    """A download button for data/datapackage.json, the tables' Frictionless description."""
    path = settings().data_dir / "datapackage.json"
    if path.exists():
        st.download_button(
            "datapackage.json",
            path.read_bytes(),
            file_name="datapackage.json",
            mime="application/json",
            key="datapackage",
        )


def _file_maker(frame_of: Callable[[duckdb.DuckDBPyConnection], pl.DataFrame], fmt: str):
    """The bytes of a download, made only when its button is clicked, on a cursor of its own:
    Streamlit makes the file on another thread than the page script. A page of downloads then
    costs nothing until one is used (at a million visits the tables are 780 MB as files)."""
    con = cursor()

    def data() -> bytes:
        own = db.cursor(con)
        try:
            frame = frame_of(own)
        finally:
            own.close()
        return tables.to_csv(frame) if fmt == "csv" else tables.to_parquet(frame)

    return data


# --- Lists a page at a time (dashboard/query/paging.py) -------------------------------------------


def pager(name: str, total: int, noun: str, filters: Filters | None = None) -> paging.Page:
    """The page of list query `name` to show. When the list is longer than a page: a page number
    to pick and what it shows ('Showing visits 1–50 of 104'). The number lives in the session;
    new filters start at the first page. No filters: a list of every record (the sources)."""
    filters = filters or Filters()
    size = paging.PAGE_SIZES[name]
    key, shown_for = f"w_page_{name}", f"page_filters_{name}"
    state = st.session_state
    if state.get(shown_for) != filters:
        state[key] = 1
        state[shown_for] = filters
    page = paging.Page.of(state.get(key, 1), size, total)
    if page.pages == 1:
        return page
    state[key] = page.number  # set before the widget is drawn, never after
    st.number_input(
        f"Page (of {page.pages:,})",
        min_value=1,
        max_value=page.pages,
        step=1,
        key=key,
        width=180,
        help=f"{size} {noun} a page. The buttons under the list download all {total:,}.",
    )
    page = paging.Page.of(state[key], size, total)
    st.caption(page.showing(noun))
    return page


def downloads(name: str, what: str | None = None, filters: Filters | None = None) -> None:
    """CSV and Parquet download buttons, each file made when its button is clicked: with `what`,
    every row of the list query `name` under these filters, not one page of it (e.g. what =
    '104 visits'); without, the whole table `name` of the database (the Data & method page)."""
    filters = filters or Filters()

    def frame_of(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
        return figures.run(con, name, filters) if what else tables.table(con, name)

    row = st.container(horizontal=True)
    for fmt in ("csv", "parquet"):
        if what:
            label = f"All {what} ({fmt.upper() if fmt == 'csv' else 'Parquet'})"
            file_name, key = exports.file_name(name, filters, fmt), f"all-{name}-{fmt}"
        else:
            label = file_name = f"{name}.{fmt}"
            key = f"{name}-{fmt}"
        row.download_button(
            label,
            data=_file_maker(frame_of, fmt),
            file_name=file_name,
            mime=exports.FORMATS[fmt],
            on_click="ignore",
            key=key,
        )

"""Shared Streamlit helpers: the connection, cached queries, the sidebar filters bound to the URL,
and the one way every page shows a chart. Page files hold layout only and call these."""

import dataclasses
from collections.abc import Callable

import duckdb
import polars as pl
import streamlit as st

from dashboard import config, exports, labels, markdown
from dashboard.app.export_menu import embed_view, export_menu, share_box
from dashboard.charts import CHARTS, chart_data, render
from dashboard.data.datafiles import DataError
from dashboard.exports import state_names
from dashboard.query import db, figures, paging
from dashboard.query.filters import KEYS, MAX_VALUES, REGIONS, VISIT_TYPES, Filters

FILTERS = "filters"  # session state: the current Filters, the one source of truth
WARNINGS = "filter_warnings"  # session state: warnings from parsing the URL
DRAWN = "drawn"  # session state: chart id → the frame the chart drew (for tests)
PAGE_PATH = "page_path"  # session state: the URL path of the page being shown (set by app.py)
DATABASE = "database"  # session state: (connection, cursor, build id) this session reads
SETTINGS = "settings"  # session state: the settings the entry point (app.py) loaded
# Bounds of the st.cache_data caches, in entries: a result is a few aggregated rows, and a filter
# set per entry; the whole tables (Data page) are one entry per build.
QUERY_CACHE = 512
BUILD_CACHE = 4


def use_settings(settings: config.Settings) -> None:
    """Called by the entry point (app.py) on every run, before any page: the settings it
    loaded, for the helpers below and the pages."""
    st.session_state[SETTINGS] = settings


def settings() -> config.Settings:
    """The settings the entry point loaded. A page run without it (its file alone) has none, and
    stops: nothing is shown on settings not read."""
    if SETTINGS not in st.session_state:
        st.error("The dashboard starts from dashboard/app/app.py, which reads its settings.")
        st.stop()
    return st.session_state[SETTINGS]


@st.cache_resource
def _latest(_settings: config.Settings) -> db.Latest:
    """The database file, opened once per process (built first if it is stale, except in public
    mode); a file replaced by a new build is opened anew for the sessions that start after."""
    db.connect(_settings).close()
    return db.Latest(_settings.db_path)


def _database() -> tuple:
    """The session's connection: the newest build when the session started. An open session keeps
    reading the build it started with, so its figures never change under it."""
    if DATABASE not in st.session_state:
        try:
            con = _latest(settings()).get()
        except DataError as e:  # data/ is broken and the database is older: say where, stop
            _data_problem(e)
        st.session_state[DATABASE] = (con, db.cursor(con), db.build_id(con) or "")
    return st.session_state[DATABASE]


def _data_problem(error: DataError) -> None:
    """The page a local user sees when the data folder cannot be built: the build's messages
    (file, line, column, reason), as text. Nothing is written; fixing the file and reloading
    builds it."""
    problems = getattr(error, "problems", None) or [error]
    st.error(
        "The data folder does not validate, so the dashboard cannot be built from it:\n\n"
        + "\n".join(f"- {markdown.literal(p)}" for p in problems)
    )
    st.stop()


def cursor():
    """The session's own cursor: a session's script runs one at a time. Pass it to code that
    works on another thread (downloads): that code makes its own with db.cursor()."""
    return _database()[1]


def build() -> str:
    """The id of the build this session reads: part of every cache key below."""
    return _database()[2]


def use_latest_database() -> None:
    """Switch this session to the newest build (after it saved new data itself)."""
    st.session_state.pop(DATABASE, None)


def _filters_from(key: tuple) -> Filters:
    return Filters(**dict(key))


def _key(filters: Filters) -> tuple:
    return tuple(sorted(filters.as_dict().items()))


# Every cached function takes the session's build id first, so that a new build is never
# answered from an old build's cache.
@st.cache_data(show_spinner=False, max_entries=QUERY_CACHE)
def _query(build: str, name: str, filter_key: tuple, extra: tuple = ()) -> pl.DataFrame:
    return figures.run(cursor(), name, _filters_from(filter_key), **dict(extra))


def query(name: str, filters: Filters | None = None, **extra) -> pl.DataFrame:
    """A named query's result for these filters, cached per filter set."""
    return _query(build(), name, _key(filters or Filters()), tuple(sorted(extra.items())))


@st.cache_data(show_spinner=False, max_entries=QUERY_CACHE)
def _chart_frame(build: str, chart_id: str, filter_key: tuple) -> pl.DataFrame:
    return chart_data(cursor(), CHARTS[chart_id], _filters_from(filter_key))


def chart_frame(chart_id: str, filters: Filters) -> pl.DataFrame:
    return _chart_frame(build(), chart_id, _key(filters))


@st.cache_data(show_spinner=False, max_entries=QUERY_CACHE)
def _headline(build: str, filter_key: tuple) -> figures.Headline:
    return figures.headline(cursor(), _filters_from(filter_key))


def headline(filters: Filters) -> figures.Headline:
    return _headline(build(), _key(filters))


@st.cache_data(show_spinner=False, max_entries=BUILD_CACHE)
def _unknown_values(build: str) -> pl.DataFrame:
    return figures.unknown_values(cursor())


def unknown_values() -> pl.DataFrame:
    return _unknown_values(build())


@st.cache_data(show_spinner=False, max_entries=BUILD_CACHE)
def _cited_sources(build: str) -> pl.DataFrame:
    return figures.cited_sources(cursor(), _changelog(build))


def cited_sources() -> pl.DataFrame:
    """The sources the changelog cites."""
    return _cited_sources(build())


@st.cache_data(show_spinner=False, max_entries=BUILD_CACHE)
def _changelog(build: str) -> pl.DataFrame:
    path = settings().data_dir / "CHANGES.md"
    return figures.changelog(path.read_text(encoding="utf-8") if path.exists() else "")


def changelog() -> pl.DataFrame:
    """The changes to the data (data/CHANGES.md), newest first; empty if the file is missing."""
    return _changelog(build())


@st.cache_data(show_spinner=False, max_entries=BUILD_CACHE)
def _states(build: str) -> dict[str, str]:
    """ISO3 → name of every State party, ordered by name."""
    return dict(sorted(state_names(cursor()).items(), key=lambda kv: kv[1]))


def states() -> dict[str, str]:
    return _states(build())


@st.cache_data(show_spinner=False, max_entries=BUILD_CACHE)
def _regions(build: str) -> dict[str, str]:
    """ISO3 → UN regional group of every State party."""
    return dict(cursor().execute("SELECT iso3, un_regional_group FROM states").fetchall())


def regions() -> dict[str, str]:
    return _regions(build())


@st.cache_data(show_spinner=False, max_entries=BUILD_CACHE)
def _years(build: str) -> tuple[int, int]:
    """The first and last year of the visits on record: the slider's ends."""
    return figures.year_range(cursor())


def years() -> tuple[int, int]:
    return _years(build())


def parse(raw: dict) -> tuple[Filters, list[str]]:
    """Filters from public parameters, checked against the States and years on record."""
    return Filters.parse(raw, states=set(states()), years=years())


# --- Filters -------------------------------------------------------------------------------------


def current_filters() -> Filters:
    return st.session_state.get(FILTERS, Filters())


def _set_filters(raw: dict[str, str]) -> None:
    filters, _ = parse(raw)
    st.session_state[FILTERS] = filters
    st.session_state[WARNINGS] = []


def _widget_raw() -> dict[str, str | list[str]]:
    """The sidebar widgets' values as public parameters (defaults left out)."""
    first, last = years()
    lo, hi = st.session_state["w_years"]
    return {
        "from_year": str(lo) if lo != first else "",
        "to_year": str(hi) if hi != last else "",
        "region": list(st.session_state["w_region"]),
        "state": list(st.session_state["w_state"]),
        "visit_type": list(st.session_state["w_visit_type"]),
    }


def widget_values(filters: Filters, years: tuple[int, int]) -> dict:
    """The sidebar widgets' values for these filters: the years slider within the data's years,
    and the multiselects' choices (an empty choice stands for "all")."""
    first, last = years
    lo = min(max(filters.from_year or first, first), last)
    hi = max(min(filters.to_year or last, last), lo)
    return {
        "w_years": (lo, hi),
        "w_region": list(filters.region),
        "w_state": list(filters.state),
        "w_visit_type": list(filters.visit_type),
    }


def _on_sidebar_change() -> None:
    _set_filters(_widget_raw())


def set_filters(raw: dict[str, str | list[str]]) -> None:
    """Replace the filters by these public parameters (checked like the URL's)."""
    _set_filters(raw)


def set_state(iso3: str | list[str] | None) -> None:
    """Change the State filter alone (the Country profile's and Compare page's pickers)."""
    raw = current_filters().to_query()
    raw["state"] = iso3 or ""
    _set_filters(raw)


def _reset() -> None:
    _set_filters({})


def sidebar_filters(facets: bool = False) -> Filters:
    """The filters: read from the URL on the first run of a session, then from the sidebar;
    written back to the URL on every run so that a copied link reproduces the view.

    The recommendation facets are kept for the session but apply, and go in the URL, only on a
    page that shows them (`facets=True`); other pages get `Filters.base()`."""
    if FILTERS not in st.session_state:
        raw = {key: st.query_params.get_all(key) for key in KEYS}
        filters, warnings = parse(raw)
        st.session_state[FILTERS] = filters
        st.session_state[WARNINGS] = warnings
    filters = current_filters() if facets else current_filters().base()
    st.session_state[DRAWN] = {}  # the charts this run draws

    # The widgets show the current filters (set before they are drawn, never after).
    first, last = years()
    st.session_state.update(widget_values(filters, (first, last)))
    names = states()
    with st.sidebar:
        st.header("Filters")
        st.slider(
            "Years of the visit",
            min_value=first,
            max_value=last,
            key="w_years",
            on_change=_on_sidebar_change,
        )
        st.multiselect(
            "UN regional group",
            REGIONS,
            placeholder="All groups",
            key="w_region",
            on_change=_on_sidebar_change,
        )
        st.multiselect(
            "State party",
            list(names),
            format_func=lambda c: names[c],
            placeholder="All States parties",
            max_selections=MAX_VALUES,
            key="w_state",
            on_change=_on_sidebar_change,
        )
        st.multiselect(
            "Type of visit",
            VISIT_TYPES,
            placeholder="All types",
            key="w_visit_type",
            on_change=_on_sidebar_change,
        )
        st.button("Reset filters", on_click=_reset, disabled=filters.is_default())
        st.caption(
            markdown.literal(
                f"Showing: {filters.describe(names)}. The page address holds these filters."
            )
        )

    wanted = filters.to_query()
    shown = {k: st.query_params.get_all(k) for k in KEYS if k in st.query_params}
    if shown != {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)
    return filters


def embed_requested() -> bool:
    """`?embed=true&chart=<id>`. Streamlit keeps `embed` to itself (it hides its own chrome and
    leaves the parameter out of st.query_params), so `chart` is what says "this chart alone"."""
    return "chart" in st.query_params


def embed() -> None:
    """One chart alone for an iframe; its filters come from the URL like any page's."""
    raw = {key: st.query_params.get_all(key) for key in KEYS}
    filters, warnings = parse(raw)
    for warning in warnings:
        st.warning(markdown.literal(f"{warning} Showing the default instead."))
    embed_view(st.query_params["chart"], filters, cursor(), settings())


def show_warnings() -> None:
    """The URL's rejected values, quoted literally (a URL is anyone's text)."""
    for warning in st.session_state.get(WARNINGS, []):
        st.warning(markdown.literal(f"{warning} Showing the default instead."))


def show_contradictions(filters: Filters) -> None:
    """Say so when filters contradict each other (a State outside the chosen region); when
    nothing can match, stop the page rather than show zeros."""
    notes, nothing = figures.contradictions(filters, regions(), states())
    for note in notes:
        st.warning(markdown.literal(note))
    if nothing:
        st.stop()


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
        st.caption(markdown.literal(figures.talks_words(query("high_level_talks", filters))))
    return h


def state_record(filters: Filters) -> pl.DataFrame:
    """Every State party's record as one sortable table, with the lists of those not visited."""
    record = query("state_record", filters)
    phrase = figures.not_visited_phrase(filters, years())
    never, not_now = figures.not_visited_lists(record)
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
            ("Last visit", figures.last_visit_words(row), "The year of the last counted visit."),
            (
                "Years without a visit",
                f"{row['years_without_visit']:.1f}",
                "Since the last visit, counted to today; since ratification when never visited.",
            ),
            ("Planned visits", *figures.planned_figure(row)),
        ]
    )
    if row["never_visited"]:
        plans = (
            f" A visit is planned: {figures.planned_dates_words(row['planned_dates'])}."
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


def downloads(name: str) -> None:
    """CSV and Parquet download buttons for one table, whole; the file is made when clicked."""
    left, right = st.columns(2)
    for column, fmt, mime in (
        (left, "csv", "text/csv"),
        (right, "parquet", "application/vnd.apache.parquet"),
    ):
        column.download_button(
            f"{name}.{fmt}",
            data=_file_maker(lambda c: figures.table(c, name), fmt),
            file_name=f"{name}.{fmt}",
            mime=mime,
            on_click="ignore",
            key=f"{name}-{fmt}",
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
        return figures.to_csv(frame) if fmt == "csv" else figures.to_parquet(frame)

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


def download_all(name: str, what: str, filters: Filters | None = None) -> None:
    """CSV and Parquet download buttons for the whole list of query `name` under these filters
    (every row, not one page), e.g. what = '104 visits'."""
    filters = filters or Filters()
    row = st.container(horizontal=True)
    for fmt, mime in (("csv", "text/csv"), ("parquet", "application/vnd.apache.parquet")):
        row.download_button(
            f"All {what} ({fmt.upper() if fmt == 'csv' else 'Parquet'})",
            data=_file_maker(lambda c: figures.run(c, name, filters), fmt),
            file_name=exports.file_name(name, filters, fmt),
            mime=mime,
            on_click="ignore",
            key=f"all-{name}-{fmt}",
        )

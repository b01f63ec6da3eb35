"""Shared Streamlit helpers: the connection, cached queries, the sidebar filters bound to the URL,
and the one way every page shows a chart. Page files hold layout only and call these."""

import threading

import polars as pl
import streamlit as st

from dashboard import figures
from dashboard.charts import CHARTS, chart_data, render
from dashboard.db import connect
from dashboard.export_menu import embed_view, export_menu, share_box
from dashboard.exports import state_names
from dashboard.filters import KEYS, MAX_VALUES, REGIONS, VISIT_TYPES, Filters

FILTERS = "filters"  # session state: the current Filters, the one source of truth
WARNINGS = "filter_warnings"  # session state: warnings from parsing the URL
DRAWN = "drawn"  # session state: chart id → the frame the chart drew (for tests)
PAGE_PATH = "page_path"  # session state: the URL path of the page being shown (set by app.py)
_local = threading.local()


@st.cache_resource
def _connection():
    """One read-only connection per process (building the database first if it is stale)."""
    return connect()


def cursor():
    """A cursor on the shared connection for this thread."""
    if getattr(_local, "cursor", None) is None:
        _local.cursor = _connection().cursor()
    return _local.cursor


def _filters_from(key: tuple) -> Filters:
    return Filters(**dict(key))


def _key(filters: Filters) -> tuple:
    return tuple(sorted(filters.as_dict().items()))


@st.cache_data(show_spinner=False)
def _query(name: str, filter_key: tuple, extra: tuple = ()) -> pl.DataFrame:
    return figures.run(cursor(), name, _filters_from(filter_key), **dict(extra))


def query(name: str, filters: Filters | None = None, **extra) -> pl.DataFrame:
    """A named query's result for these filters, cached per filter set."""
    return _query(name, _key(filters or Filters()), tuple(sorted(extra.items())))


@st.cache_data(show_spinner=False)
def _chart_frame(chart_id: str, filter_key: tuple) -> pl.DataFrame:
    return chart_data(cursor(), CHARTS[chart_id], _filters_from(filter_key))


def chart_frame(chart_id: str, filters: Filters) -> pl.DataFrame:
    return _chart_frame(chart_id, _key(filters))


@st.cache_data(show_spinner=False)
def _headline(filter_key: tuple) -> figures.Headline:
    return figures.headline(cursor(), _filters_from(filter_key))


def headline(filters: Filters) -> figures.Headline:
    return _headline(_key(filters))


@st.cache_data(show_spinner=False)
def tables() -> dict[str, pl.DataFrame]:
    return figures.tables(cursor())


@st.cache_data(show_spinner=False)
def _states() -> dict[str, str]:
    """ISO3 → name of every State party, ordered by name."""
    return dict(sorted(state_names(cursor()).items(), key=lambda kv: kv[1]))


def states() -> dict[str, str]:
    return _states()


@st.cache_data(show_spinner=False)
def _years() -> tuple[int, int]:
    frame = figures.run(cursor(), "visits_per_year", Filters())
    return int(frame["year"].min()), int(frame["year"].max())


# --- Filters -------------------------------------------------------------------------------------


def current_filters() -> Filters:
    return st.session_state.get(FILTERS, Filters())


def _set_filters(raw: dict[str, str]) -> None:
    filters, _ = Filters.parse(raw, states=set(states()))
    st.session_state[FILTERS] = filters
    st.session_state[WARNINGS] = []


def _widget_raw() -> dict[str, str | list[str]]:
    """The sidebar widgets' values as public parameters (defaults left out)."""
    first, last = _years()
    lo, hi = st.session_state["w_years"]
    return {
        "from": str(lo) if lo != first else "",
        "to": str(hi) if hi != last else "",
        "region": list(st.session_state["w_region"]),
        "state": list(st.session_state["w_state"]),
        "type": list(st.session_state["w_type"]),
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
        filters, warnings = Filters.parse(raw, states=set(states()))
        st.session_state[FILTERS] = filters
        st.session_state[WARNINGS] = warnings
    filters = current_filters() if facets else current_filters().base()
    st.session_state[DRAWN] = {}  # the charts this run draws

    # The widgets show the current filters (set before they are drawn, never after).
    first, last = _years()
    st.session_state["w_years"] = (filters.year_from or first, filters.year_to or last)
    # An empty choice stands for "all".
    st.session_state["w_region"] = list(filters.region)
    st.session_state["w_state"] = list(filters.state)
    st.session_state["w_type"] = list(filters.visit_type)
    names = states()
    with st.sidebar:
        st.header("Filters")
        st.slider(
            "Years of the visit",
            min_value=min(first, filters.year_from or first),
            max_value=max(last, filters.year_to or last),
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
            key="w_type",
            on_change=_on_sidebar_change,
        )
        st.button("Reset filters", on_click=_reset, disabled=filters.is_default())
        st.caption(f"Showing: {filters.describe(names)}. The page address holds these filters.")

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
    filters, warnings = Filters.parse(raw, states=set(states()))
    for warning in warnings:
        st.warning(f"{warning} Showing the default instead.")
    embed_view(st.query_params["chart"], filters, cursor())


def show_warnings() -> None:
    for warning in st.session_state.get(WARNINGS, []):
        st.warning(f"{warning} Showing the default instead.")


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
    # The alt text is the chart's Vega-Lite description: title, what it shows and its note.
    st.altair_chart(render(chart, frame), theme="streamlit", width="stretch")
    st.caption(f"{chart.description} {chart.note(frame)}")
    export_menu(chart_id, filters, _connection())
    return frame


def metrics(items: list[tuple[str, str, str]]) -> None:
    """A row of headline figures: (label, value, help)."""
    for column, (label, value, help_) in zip(st.columns(len(items)), items, strict=True):
        column.metric(label, value, help=help_)


def headline_figures(filters: Filters) -> figures.Headline:
    h = headline(filters)
    metrics(
        [
            ("Visits", str(h.visits), "Completed or terminated; suspended parts not counted."),
            ("States visited", str(h.states_visited), "States parties with at least one visit."),
            (
                "States never visited",
                str(h.states_never_visited),
                f"States parties never visited, of {h.states_parties} in the selection.",
            ),
            (
                "Reports published",
                figures.share(h.share_published),
                f"{h.visits_published} of {h.visits_publication_known} visits whose publication "
                "status is known; unknown status and no report left out.",
            ),
            (
                "Median months to publish",
                figures.months(h.median_months),
                f"Median months from the end of a visit to the publication of its report "
                f"(Kaplan-Meier, over {h.curve_visits} visits): the first time half the reports "
                "are published.",
            ),
        ]
    )
    return h


def table(frame: pl.DataFrame, column_config: dict | None = None, height: int | None = None):
    st.dataframe(frame, hide_index=True, column_config=column_config, height=height or "auto")


def page(title: str, intro: str, facets: bool = False) -> Filters:
    """The top of every page: the sidebar filters, title, intro and any filter warnings;
    returns the filters (with the recommendation facets only if `facets`)."""
    filters = sidebar_filters(facets)
    with st.sidebar.expander("Share or cite this view"):
        share_box(filters, st.session_state.get(PAGE_PATH, ""), _connection(), title=title)
    st.title(title)
    show_warnings()
    st.caption(f"{intro} Filters: {filters.describe(states())}.")
    return filters


def downloads(name: str, frame: pl.DataFrame) -> None:
    """CSV and Parquet download buttons for one table."""
    left, right = st.columns(2)
    left.download_button(
        f"{name}.csv",
        figures.to_csv(frame),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{name}-csv",
    )
    right.download_button(
        f"{name}.parquet",
        figures.to_parquet(frame),
        file_name=f"{name}.parquet",
        mime="application/vnd.apache.parquet",
        key=f"{name}-parquet",
    )

"""A browser session's view of the data: the settings the entry point loaded, the connection to the
build the session started with, and the cached results of named queries (keyed by the build).
"""

import polars as pl
import streamlit as st

from dashboard import config, markdown
from dashboard.charts import CHARTS, chart_data
from dashboard.data.datafiles import DataError
from dashboard.exports import state_names
from dashboard.query import db, figures, tables
from dashboard.query.filters import Filters

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
    return tables.unknown_values(cursor())


def unknown_values() -> pl.DataFrame:
    return _unknown_values(build())


@st.cache_data(show_spinner=False, max_entries=BUILD_CACHE)
def _cited_sources(build: str) -> pl.DataFrame:
    return tables.cited_sources(cursor(), _changelog(build))


def cited_sources() -> pl.DataFrame:
    """The sources the changelog cites."""
    return _cited_sources(build())


@st.cache_data(show_spinner=False, max_entries=BUILD_CACHE)
def _changelog(build: str) -> pl.DataFrame:
    path = settings().data_dir / "CHANGES.md"
    return tables.changelog(path.read_text(encoding="utf-8") if path.exists() else "")


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

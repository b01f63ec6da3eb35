"""The in-app export pieces, as plain functions for the pages to call:

- `export_menu(chart_id, filters, con, settings)`: a compact "Export" popover with six downloads;
- `share_box(filters, page_path, con, settings)`: the permalink to copy and a "cite this" box
  (text, BibTeX, RIS);
- `embed_view(chart_id, filters, con, settings)`: one chart alone, for `?embed=true&chart=<id>`
  in an iframe.

Each takes the app's settings, which the entry point loaded (`session.settings()`).

Links made here point at the address the browser is using (`request_base`), so a permalink copied
from an app on another port or behind a proxy under a base path opens the same view; the
OPCAT_PUBLIC_URL setting, when set, names the canonical address instead.

Downloads call `exports.export`, the function `opcat-dashboard export` calls, so a file saved from
the app and one written by the command line are the same bytes. Files are made only when a button is
clicked (a callable `data`), and a download does not rerun the page (`on_click="ignore"`).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import duckdb
import streamlit as st

from dashboard import config, exports, markdown
from dashboard.charts import chart_data, render
from dashboard.exports.citation import Citation
from dashboard.query import db
from dashboard.query.filters import Filters
from dashboard.site import PAGES


@dataclass(frozen=True)
class MenuItem:
    fmt: str
    label: str
    file_name: str
    mime: str
    data: Callable[[], bytes]


def request_base(settings: config.Settings, page_path: str = "") -> str:
    """The base address of the app as the browser reached it (scheme, host, port and any base
    path of a proxy), from `st.context.url`; OPCAT_PUBLIC_URL wins when set. Outside a browser
    session (tests, the command line): the address `serve` listens at."""
    if settings.public_url:
        return settings.public_url
    try:
        url = st.context.url
    except Exception:  # no Streamlit session
        url = None
    return _base_of(url, page_path) or settings.link_base()


def _base_of(url: str | None, page_path: str) -> str | None:
    """http://host:port/opcat/visits (page "visits") → http://host:port/opcat: the address up to
    the page's path. Streamlit's own base path, when the address starts with it, is the base; a
    path that names no page (a proxy's prefix) is kept; an unknown path under a page is cut."""
    if not url:
        return None
    parts = urlsplit(url)
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    host = f"[{host}]" if ":" in host else host
    segments = [s for s in parts.path.split("/") if s]
    own = [s for s in st.get_option("server.baseUrlPath").split("/") if s]
    if own and segments[: len(own)] == own:
        segments = own
    elif page_path and segments[-1:] == [page_path.strip("/")]:
        segments = segments[:-1]
    else:
        pages = {exports.page_path(title) for _file, title in PAGES}
        cut = next((i for i, s in enumerate(segments) if s in pages), len(segments))
        segments = segments[:cut]
    origin = f"{parts.scheme}://{host}" + (f":{port}" if port else "")
    return origin + "".join("/" + quote(s, safe="-._~") for s in segments)


def menu_items(
    chart_id: str, filters: Filters, con: duckdb.DuckDBPyConnection, base: str
) -> list[MenuItem]:
    """One download per format. `data()` makes the bytes on demand, on its own cursor: Streamlit
    runs it on another thread than the page script. Permalinks in the files start with base."""
    exports.get_chart(chart_id)

    def maker(fmt: str) -> Callable[[], bytes]:
        def data() -> bytes:
            cursor = db.cursor(con)
            try:
                return exports.export(cursor, chart_id, filters, fmt, base)
            finally:
                cursor.close()

        return data

    return [
        MenuItem(
            fmt=fmt,
            label=exports.LABELS[fmt],
            file_name=exports.file_name(chart_id, filters, fmt),
            mime=mime,
            data=maker(fmt),
        )
        for fmt, mime in exports.FORMATS.items()
    ]


def export_menu(
    chart_id: str, filters: Filters, con: duckdb.DuckDBPyConnection, settings: config.Settings
) -> None:
    """A compact "Export" menu under a chart: PNG, SVG, HTML, Vega-Lite JSON, CSV, Parquet."""
    base = request_base(settings, exports.page_path(exports.get_chart(chart_id).page))
    with st.popover("Export", icon=":material/download:"):
        for item in menu_items(chart_id, filters, con, base):
            st.download_button(
                item.label,
                data=item.data,
                file_name=item.file_name,
                mime=item.mime,
                on_click="ignore",
                key=f"export-{chart_id}-{item.fmt}",
                help=item.file_name,
                width="stretch",
            )


def citation(
    title: str,
    filters: Filters,
    con: duckdb.DuckDBPyConnection,
    link: str,
    publisher: str,
    accessed: dt.date | None = None,
) -> Citation:
    """The citation of a view of the dashboard, by its publisher (a setting), accessed today."""
    return Citation(
        publisher=publisher,
        title=title,
        filters=filters.describe(exports.state_names(con)),
        data_as_of=exports.data_as_of(con),
        url=link,
        accessed=accessed or dt.date.today(),
    )


SITE_TITLE = "SPT visits, reports and recommendations"


def share_box(
    filters: Filters,
    page_path: str,
    con: duckdb.DuckDBPyConnection,
    settings: config.Settings,
    title: str | None = None,
) -> None:
    """The permalink of this view, to copy, and a "cite this" box in three forms."""
    link = exports.permalink(filters, page_path, request_base(settings, page_path))
    full_title = f"{SITE_TITLE}: {title}" if title else SITE_TITLE
    cite = citation(full_title, filters, con, link, settings.publisher)
    st.markdown("**Link to this view**")
    st.code(link, language=None, wrap_lines=True)
    st.markdown("**Cite this**")
    text, bibtex, ris = st.tabs(["Text", "BibTeX", "RIS"])
    text.code(cite.text(), language=None, wrap_lines=True)
    bibtex.code(cite.bibtex(), language="latex", wrap_lines=True)
    ris.code(cite.ris().replace("\r\n", "\n"), language=None, wrap_lines=True)
    for tab, data, ext, mime in (
        (bibtex, cite.bibtex(), "bib", "application/x-bibtex"),
        (ris, cite.ris(), "ris", "application/x-research-info-systems"),
    ):
        name = f"opcat-dashboard.{ext}"
        tab.download_button(name, data, file_name=name, mime=mime, on_click="ignore")


def embed_view(
    chart_id: str, filters: Filters, con: duckdb.DuckDBPyConnection, settings: config.Settings
) -> None:
    """One chart alone, with its context, for `?embed=true&chart=<id>` in an iframe."""
    try:
        chart = exports.get_chart(chart_id)
    except exports.ExportError as e:
        st.error(str(e))
        return
    frame = chart_data(con, chart, filters)
    ctx = exports.context(con, chart, filters, frame, request_base(settings))
    st.altair_chart(render(chart, frame), width="stretch")
    # The chart draws no note in the app: the caption carries it (as text, never Markdown).
    context = f"{ctx.note} Filters: {ctx.filters}. Data as of {ctx.data_as_of}. {ctx.source}."
    st.caption(f"{markdown.literal(context)} [Open in the dashboard]({ctx.permalink})")

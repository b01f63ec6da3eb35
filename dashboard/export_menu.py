"""The in-app export pieces, as plain functions for the pages to call:

- `export_menu(chart_id, filters, con)`: a compact "Export" popover with six downloads;
- `share_box(filters, page_path, con)`: the permalink to copy and a "cite this" box;
- `embed_view(chart_id, filters, con)`: one chart alone, for `?embed=true&chart=<id>` in an iframe.

Downloads call `exports.export`, the function `opcat-dashboard export` calls, so a file saved from
the app and one written by the command line are the same bytes. Files are made only when a button is
clicked (a callable `data`), and a download does not rerun the page (`on_click="ignore"`).
"""

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import streamlit as st

import dashboard
from dashboard import exports, markdown
from dashboard.charts import chart_data, render
from dashboard.filters import Filters


@dataclass(frozen=True)
class MenuItem:
    fmt: str
    label: str
    file_name: str
    mime: str
    data: Callable[[], bytes]


def menu_items(chart_id: str, filters: Filters, con: duckdb.DuckDBPyConnection) -> list[MenuItem]:
    """One download per format. `data()` makes the bytes on demand, on its own cursor: Streamlit
    runs it on another thread than the page script."""
    exports.get_chart(chart_id)

    def maker(fmt: str) -> Callable[[], bytes]:
        def data() -> bytes:
            cursor = con.cursor()
            try:
                return exports.export(cursor, chart_id, filters, fmt)
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


def export_menu(chart_id: str, filters: Filters, con: duckdb.DuckDBPyConnection) -> None:
    """A compact "Export" menu under a chart: PNG, SVG, HTML, Vega-Lite JSON, CSV, Parquet."""
    with st.popover("Export", icon=":material/download:"):
        for item in menu_items(chart_id, filters, con):
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
    title: str, filters: Filters, as_of: str, link: str, state_names: dict | None = None
) -> str:
    """A plain-text citation of a view of the dashboard."""
    return (
        f"opcat-dashboard (version {dashboard.__version__}). {title}. "
        f"Filters: {filters.describe(state_names)}. Data as of {as_of}. "
        f"{exports.SOURCE}. {link}"
    )


def share_box(
    filters: Filters,
    page_path: str,
    con: duckdb.DuckDBPyConnection | None = None,
    title: str = "SPT visits, reports and recommendations",
) -> None:
    """The permalink of this view, to copy, and a "cite this" box."""
    link = exports.permalink(filters, page_path)
    if con is None:
        from dashboard.db import connect

        con = connect()
    as_of = exports.data_as_of(con)
    st.markdown("**Link to this view**")
    st.code(link, language=None, wrap_lines=True)
    st.markdown("**Cite this**")
    st.code(
        citation(title, filters, as_of, link, exports.state_names(con)),
        language=None,
        wrap_lines=True,
    )


def embed_view(chart_id: str, filters: Filters, con: duckdb.DuckDBPyConnection) -> None:
    """One chart alone, with its context, for `?embed=true&chart=<id>` in an iframe."""
    try:
        chart = exports.get_chart(chart_id)
    except exports.ExportError as e:
        st.error(str(e))
        return
    frame = chart_data(con, chart, filters)
    ctx = exports.context(con, chart, filters, frame)
    st.altair_chart(render(chart, frame), width="stretch")
    # The chart draws no note in the app: the caption carries it (as text, never Markdown).
    context = f"{ctx.note} Filters: {ctx.filters}. Data as of {ctx.data_as_of}. {ctx.source}."
    st.caption(f"{markdown.literal(context)} [Open in the dashboard]({ctx.permalink})")

"""The static, offline report: every chart of the registry in all six formats, and an index.html
that draws them all with their captions (the JavaScript inlined once). Ready to email as a zip or
to put on any static host: nothing in it loads anything from the network."""

import html
from collections.abc import Callable
from pathlib import Path

import duckdb

import dashboard
from dashboard.charts import CHARTS
from dashboard.exports import (
    FORMATS,
    LABELS,
    SOURCE,
    Figure,
    cached_spec,
    data_as_of,
    file_name,
    html_document,
    state_names,
    write_export,
)
from dashboard.query.filters import Filters, slug

INDEX = "index.html"


def write_bundle(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    base: str,
    filters: Filters = Filters(),  # noqa: B008 (frozen, immutable)
    on_chart: Callable[[str], None] | None = None,
) -> Path:
    """Write every chart's files and index.html into out_dir (created if need be); return the
    index path. Permalinks start with base; on_chart(chart_id) is called after each chart (a
    progress bar)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = []
    for chart_id in CHARTS:
        for fmt in FORMATS:
            write_export(con, chart_id, filters, fmt, base, out_dir)
        # The spec the files were drawn from.
        spec, _frame, ctx = cached_spec(con, chart_id, filters, base)
        files = tuple((LABELS[fmt], file_name(chart_id, filters, fmt)) for fmt in FORMATS)
        figures.append(
            Figure(dom_id=slug(chart_id), spec=spec, context=ctx, heading=True, files=files)
        )
        if on_chart:
            on_chart(chart_id)
    index = out_dir / INDEX
    index.write_text(html_document(TITLE, figures, _intro(con, filters, figures)), encoding="utf-8")
    return index


TITLE = "SPT visits, reports and recommendations: charts"


def _intro(con: duckdb.DuckDBPyConnection, filters: Filters, figures: list[Figure]) -> str:
    e = html.escape
    contents = "".join(
        f'<li><a href="#{f.dom_id}">{e(f.context.title)}</a></li>\n' for f in figures
    )
    return (
        f"<header>\n<h1>{e(TITLE)}</h1>\n"
        f"<p>Filters: {e(filters.describe(state_names(con)))}. Data as of {e(data_as_of(con))}. "
        f"{e(SOURCE)}; opcat-dashboard version {e(dashboard.__version__)}.</p>\n"
        "<p>Each chart is followed by its files: images (PNG, SVG), an interactive page (HTML), "
        "its Vega-Lite specification (JSON) and the data it draws (CSV, Parquet).</p>\n"
        f"<nav><ul>\n{contents}</ul></nav>\n</header>\n"
    )

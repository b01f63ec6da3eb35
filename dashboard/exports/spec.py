"""The Vega-Lite spec every drawn format comes from: the app's chart at a fixed size, its context
as the subtitle, and the export's facts in `usermeta`.
"""

import threading
from functools import cache

import altair as alt
import duckdb
import polars as pl
import vl_convert as vlc

import dashboard
from dashboard.charts import chart_data, chart_filters, render
from dashboard.exports.context import Context, context, get_chart
from dashboard.query.filters import Filters

# Fixed sizes for views that fill their container in the app: a file has no container.
EXPORT_WIDTH = 640


EXPORT_HEIGHT = 320


# vl-convert has known problems when called from several threads at once: one conversion at a time.
RENDER_LOCK = threading.Lock()


# --- The spec -----------------------------------------------------------------------------------


@cache
def vl_version() -> str | None:
    """The vl-convert Vega-Lite version matching Altair's schema (e.g. "6.4"), else its latest."""
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vlc.get_vegalite_versions() else None


def _fixed_sizes(node):
    """Replace "container" widths and heights, at any depth, by fixed pixel sizes."""
    if isinstance(node, dict):
        out = {k: _fixed_sizes(v) for k, v in node.items()}
        if out.get("width") == "container":
            out["width"] = EXPORT_WIDTH
        if out.get("height") == "container":
            out["height"] = EXPORT_HEIGHT
        return out
    if isinstance(node, list):
        return [_fixed_sizes(v) for v in node]
    return node


def export_spec(
    con: duckdb.DuckDBPyConnection, chart_id: str, filters: Filters, base: str
) -> tuple[dict, pl.DataFrame, Context]:
    """The Vega-Lite spec every image format is drawn from, with its data and context."""
    chart = get_chart(chart_id)
    filters = chart_filters(chart, filters)
    frame = chart_data(con, chart, filters)
    ctx = context(con, chart, filters, frame, base)
    spec = _fixed_sizes(render(chart, frame).to_dict())
    spec["$schema"] = alt.SCHEMA_URL
    spec["title"] = {
        "text": ctx.title,
        "subtitle": ctx.lines(),
        "anchor": "start",
        "fontSize": 16,
        "subtitleFontSize": 12,
        "subtitleColor": "#444444",
        "subtitlePadding": 6,
        "offset": 14,
    }
    spec["usermeta"] = {
        "opcat": {
            "chart": chart.id,
            "filters": filters.to_query(),
            "data_as_of": ctx.data_as_of,
            "permalink": ctx.permalink,
            "source": ctx.source,
            "version": dashboard.__version__,
        }
    }
    # Images are drawn on white: a transparent PNG is unreadable in a dark mail client.
    spec.setdefault("background", "white")
    spec.setdefault("padding", 12)
    return spec, frame, ctx

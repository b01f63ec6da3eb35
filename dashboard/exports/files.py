"""The bytes of one chart in one format, cached per database build, and written to a file.

PNG and SVG are drawn by vl-convert, one conversion at a time (it has known problems when called
from several threads at once); CSV and Parquet are the frame the chart draws.
"""

import json
import threading
from collections import OrderedDict
from pathlib import Path

import duckdb
import polars as pl
import vl_convert as vlc

from dashboard.charts import chart_data, chart_filters
from dashboard.exports.context import (
    Context,
    ExportError,
    _applicable,
    _check_format,
    file_name,
    get_chart,
)
from dashboard.exports.html import Figure, html_document
from dashboard.exports.spec import RENDER_LOCK, export_spec, vl_version
from dashboard.query import db, tables
from dashboard.query.filters import Filters, slug

PNG_SCALE = 2


# The export cache is bounded by the bytes it holds (an HTML file is about 1 MB).
CACHE_BYTES = 32 * 1024 * 1024


_CACHE: OrderedDict[tuple, tuple[object, int]] = OrderedDict()  # key → (bytes or spec, size)


_CACHE_USED = [0]  # bytes held


_CACHE_LOCK = threading.Lock()


def _convert(
    fmt: str, con: duckdb.DuckDBPyConnection, chart_id: str, filters: Filters, base: str
) -> bytes:
    if fmt in ("csv", "parquet"):
        frame = chart_data(con, get_chart(chart_id), filters)
        return tables.to_csv(frame) if fmt == "csv" else tables.to_parquet(frame)
    # The spec is built once for the four formats drawn from it (Altair's to_dict is not cheap).
    spec, _frame, ctx = cached_spec(con, chart_id, filters, base)
    if fmt == "json":
        return (json.dumps(spec, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "html":
        figure = Figure(dom_id=slug(chart_id), spec=spec, context=ctx)
        return html_document(ctx.title, [figure]).encode("utf-8")
    with RENDER_LOCK:
        if fmt == "svg":
            svg = vlc.vegalite_to_svg(spec, vl_version=vl_version(), allowed_base_urls=[])
            return svg.encode("utf-8")
        if fmt == "png":
            return vlc.vegalite_to_png(
                spec, vl_version=vl_version(), scale=PNG_SCALE, allowed_base_urls=[]
            )
    raise AssertionError(fmt)


def _key(
    con: duckdb.DuckDBPyConnection, chart_id: str, filters: Filters, what: str, base: str
) -> tuple | None:
    """A cache key: the database build (None, no caching, for a database without a build id),
    the base of the permalink (it is in the bytes), the chart, the filters and the format."""
    build = db.build_id(con)
    return None if build is None else (build, base, chart_id, filters, what)


def _size(value) -> int:
    if isinstance(value, bytes):
        return len(value)
    spec, frame, _ctx = value
    return len(json.dumps(spec, default=str)) + frame.estimated_size()


def _cached(key: tuple | None, make, *args):
    if key is not None:
        with _CACHE_LOCK:
            if key in _CACHE:
                _CACHE.move_to_end(key)
                return _CACHE[key][0]
    value = make(*args)
    size = _size(value)
    if key is not None and size <= CACHE_BYTES // 4:
        with _CACHE_LOCK:
            if key not in _CACHE:
                _CACHE[key] = (value, size)
                _CACHE_USED[0] += size
            while _CACHE_USED[0] > CACHE_BYTES:
                _old, (_value, old_size) = _CACHE.popitem(last=False)
                _CACHE_USED[0] -= old_size
    return value


def cache_bytes() -> int:
    """The bytes the export cache holds now (at most CACHE_BYTES)."""
    return _CACHE_USED[0]


def cached_spec(
    con: duckdb.DuckDBPyConnection, chart_id: str, filters: Filters, base: str
) -> tuple[dict, pl.DataFrame, Context]:
    """`export_spec`, cached like the bytes. Treat the result as read-only."""
    filters = _applicable(chart_id, filters)
    key = _key(con, chart_id, filters, "spec", base)
    return _cached(key, export_spec, con, chart_id, filters, base)


def export(
    con: duckdb.DuckDBPyConnection,
    chart_id: str,
    filters: Filters,
    fmt: str,
    base: str,
) -> bytes:
    """The bytes of one chart in one format, its permalink on `base`.
    Cached per (database build, base, chart, filters, format); nothing else, and never the
    clock, goes into the bytes."""
    _check_format(fmt)
    filters = chart_filters(get_chart(chart_id), filters)
    key = _key(con, chart_id, filters, fmt, base)
    return _cached(key, _convert, fmt, con, chart_id, filters, base)


def clear_cache() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()
        _CACHE_USED[0] = 0


def write_export(
    con: duckdb.DuckDBPyConnection,
    chart_id: str,
    filters: Filters,
    fmt: str,
    base: str,
    directory: Path,
) -> Path:
    """Write one export into directory under its descriptive name; return the path."""
    directory = Path(directory)
    target = directory / file_name(chart_id, filters, fmt)
    if target.resolve().parent != directory.resolve():
        raise ExportError(f"refusing to write outside {directory}")
    target.write_bytes(export(con, chart_id, filters, fmt, base))
    return target

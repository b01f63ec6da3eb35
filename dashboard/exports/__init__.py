"""Chart exports: one chart and one set of filters → the bytes of a file, in six formats.

PNG (2× scale), SVG and self-contained HTML are drawn on the server by vl-convert (offline, with
its bundled fonts and JavaScript); Vega-Lite JSON is the spec they are drawn from; CSV and Parquet
are the exact frame `chart_data` returns. The app's export menu, `opcat-dashboard export` and the
static bundle all call `export()`, so the same chart and filters give the same bytes everywhere.

Every export carries its context: the title, what is counted and left out, the filters in words,
"Data as of" (the newest fact in the database, never the clock), the source and the permalink of
the view. File names are built from the chart id and the validated filter values through `slug()`.

May import: the base modules, the data, query and chart layers. Never press or the app.
"""

import html
import json
import re
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import altair as alt
import duckdb
import polars as pl
import vl_convert as vlc

import dashboard
from dashboard import config
from dashboard.charts import CHARTS, Chart, chart_data, chart_filters, render
from dashboard.query import db, figures, queries
from dashboard.query.filters import KEYS, Filters, slug
from dashboard.site import DEFAULT_PAGE

FORMATS: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html",
    "json": "application/json",
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
}
LABELS = {
    "png": "PNG image",
    "svg": "SVG image",
    "html": "Interactive HTML",
    "json": "Vega-Lite JSON",
    "csv": "Data (CSV)",
    "parquet": "Data (Parquet)",
}
PNG_SCALE = 2
# Fixed sizes for views that fill their container in the app: a file has no container.
EXPORT_WIDTH = 640
EXPORT_HEIGHT = 320
SOURCE = "Source: opcat-dashboard, from OHCHR/SPT public documents"
EMBED_OPTIONS = {
    "renderer": "svg",
    # The editor and compiled-spec links need the network; saving as SVG/PNG and the source do not.
    "actions": {"export": True, "source": True, "compiled": False, "editor": False},
}
# The export cache is bounded by the bytes it holds (an HTML file is about 1 MB).
CACHE_BYTES = 32 * 1024 * 1024
SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,199}")

# vl-convert has known problems when called from several threads at once: one conversion at a time.
_RENDER_LOCK = threading.Lock()
_CACHE: OrderedDict[tuple, tuple[object, int]] = OrderedDict()  # key → (bytes or spec, size)
_CACHE_USED = [0]  # bytes held
_CACHE_LOCK = threading.Lock()


class ExportError(ValueError):
    """A bad chart id or filter value: a message for the user, never a traceback."""


@dataclass(frozen=True)
class Context:
    """What travels with a chart: in its image, its HTML caption and the bundle."""

    title: str
    description: str
    note: str
    filters: str  # in words
    data_as_of: str  # ISO date of the newest fact, or "unknown"
    source: str
    permalink: str

    def lines(self) -> list[str]:
        """The subtitle lines drawn under the title (long lines wrapped, the link kept whole)."""
        lines = textwrap.wrap(self.note, 100) or [""]
        lines += textwrap.wrap(f"Filters: {self.filters}", 100)
        lines.append(f"Data as of {self.data_as_of}. {self.source}.")
        lines.append(self.permalink)
        return lines


# --- Charts, filters, names -------------------------------------------------------------------


def get_chart(chart_id: str) -> Chart:
    try:
        return CHARTS[chart_id]
    except KeyError:
        known = ", ".join(CHARTS)
        raise ExportError(f"unknown chart {chart_id[:60]!r}; known: {known}") from None


def state_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """ISO3 code → name of every State party."""
    return dict(con.execute("SELECT iso3, name FROM states").fetchall())


def parse_filters(con: duckdb.DuckDBPyConnection, raw: Mapping[str, str | list[str]]) -> Filters:
    """Filters from public key=value text (the command line). Unlike the app, which drops a bad
    value with a warning, any unknown key or bad value is an error here."""
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        names = ", ".join(repr(k[:40]) for k in unknown)
        raise ExportError(f"unknown filter {names}; use {', '.join(KEYS)}")
    filters, warnings = Filters.parse(raw, states=set(state_names(con)))
    if warnings:
        raise ExportError(
            "invalid filter: " + " ".join(w.removeprefix("Ignored ") for w in warnings)
        )
    return filters


def file_stem(chart_id: str, filters: Filters) -> str:
    """A descriptive, safe file name without extension, e.g.
    `publication-rate-by-region_region-african_2016-2026`. Built only from slugs."""
    filters = _applicable(chart_id, filters)
    parts = [slug(chart_id)]
    for key, values in (
        ("region", filters.region),
        ("state", filters.state),
        ("type", filters.visit_type),
        ("theme", filters.theme),
        ("addressee", filters.addressee),
        ("place", filters.place_type),
        ("affected", filters.affected_persons),
        ("q", (filters.search[:40],) if filters.search else ()),
    ):
        if values:
            parts.append(f"{key}-{slug('-'.join(values))}")
    if filters.year_from and filters.year_to:
        parts.append(f"{filters.year_from}-{filters.year_to}")
    elif filters.year_from:
        parts.append(f"from-{filters.year_from}")
    elif filters.year_to:
        parts.append(f"to-{filters.year_to}")
    stem = "_".join(p for p in parts if p)[:200]
    if not SAFE_NAME.fullmatch(stem):
        raise ExportError(f"cannot make a file name for chart {chart_id[:60]!r}")
    return stem


def _applicable(chart_id: str, filters: Filters) -> Filters:
    """The filters that apply to this chart (see charts.chart_filters); all of them for an id
    that is not a chart (a file name only)."""
    chart = CHARTS.get(chart_id)
    return chart_filters(chart, filters) if chart else filters


def file_name(chart_id: str, filters: Filters, fmt: str) -> str:
    _check_format(fmt)
    return f"{file_stem(chart_id, filters)}.{fmt}"


def public_url() -> str:
    """The base of permalinks made outside a browser request (the command line, the static
    report): OPCAT_PUBLIC_URL, else the address `serve` listens at with the same settings. In
    the app, permalinks use the address of the request instead (`export_menu.request_base`)."""
    return config.load().link_base().rstrip("/")


def page_path(page: str) -> str:
    """The URL path of an app page, from its title; the default page is the site's root."""
    return "" if page == DEFAULT_PAGE else slug(page)


def permalink(filters: Filters, path: str, base: str | None = None) -> str:
    """The link to a view of the app: the base address (default `public_url()`), the page path
    and the filters (a key repeated for each of several values)."""
    url = f"{(base or public_url()).rstrip('/')}/{path.strip('/')}"
    query = filters.to_query()
    return f"{url}?{urlencode(query, doseq=True)}" if query else url


def data_as_of(con: duckdb.DuckDBPyConnection) -> str:
    """The date of the newest fact in the database, ISO format ("unknown" for an empty one)."""
    value = queries.run(con, "data_as_of")["data_as_of"][0]
    return value.isoformat() if value is not None else "unknown"


def context(
    con: duckdb.DuckDBPyConnection,
    chart: Chart,
    filters: Filters,
    frame: pl.DataFrame,
    base: str | None = None,
) -> Context:
    return Context(
        title=chart.title,
        description=chart.description,
        note=chart.note(frame),
        filters=filters.describe(state_names(con)),
        data_as_of=data_as_of(con),
        source=SOURCE,
        permalink=permalink(filters, page_path(chart.page), base),
    )


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
    con: duckdb.DuckDBPyConnection, chart_id: str, filters: Filters, base: str | None = None
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


# --- HTML ---------------------------------------------------------------------------------------


@cache
def javascript_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed in one script (about 900 kB), inlined in every HTML file."""
    with _RENDER_LOCK:
        bundle = vlc.javascript_bundle(vl_version=vl_version())
    # A literal closing tag would end the inline <script> early.
    return bundle.replace("</script", "<\\/script")


def _script_json(value) -> str:
    """JSON safe inside an inline <script>: no "<" can open or close a tag."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


@dataclass(frozen=True)
class Figure:
    dom_id: str
    spec: dict
    context: Context
    heading: bool = False
    files: tuple[tuple[str, str], ...] = ()  # (label, relative file name) links under the caption


def figure_html(figure: Figure) -> str:
    ctx = figure.context
    e = html.escape
    heading = f'<h2 id="{figure.dom_id}">{e(ctx.title)}</h2>\n' if figure.heading else ""
    files = ""
    if figure.files:
        links = " · ".join(f'<a href="{e(name)}">{e(label)}</a>' for label, name in figure.files)
        files = f'<p class="files">Files: {links}</p>\n'
    return (
        f'<figure class="chart">\n{heading}'
        f'<div class="vis" id="vis-{figure.dom_id}" role="img" '
        f'aria-label="{e(ctx.title)}. {e(ctx.description)}"></div>\n'
        f"<figcaption>\n"
        f'<p class="description">{e(ctx.description)}</p>\n'
        f'<p class="note">{e(ctx.note)}</p>\n'
        f'<p class="filters">Filters: {e(ctx.filters)}</p>\n'
        f'<p class="as-of">Data as of {e(ctx.data_as_of)}. {e(ctx.source)}.</p>\n'
        f'<p class="link">Link: <a href="{e(ctx.permalink)}">{e(ctx.permalink)}</a></p>\n'
        f"{files}</figcaption>\n</figure>\n"
    )


STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1a1a1a; }
figure.chart { margin: 0 0 3rem 0; }
figcaption { font-size: 0.9rem; color: #444; max-width: 70ch; }
figcaption p { margin: 0.2rem 0; }
.vis { overflow-x: auto; }
nav ul { padding-left: 1.2rem; }
"""


def html_document(title: str, figures: list[Figure], intro: str = "") -> str:
    """A self-contained page: the JavaScript libraries inlined once, then each figure."""
    body = "".join(figure_html(f) for f in figures)
    specs = {f.dom_id: f.spec for f in figures}
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{STYLE}</style>\n"
        f'<script type="text/javascript">{javascript_bundle()}</script>\n'
        f"</head>\n<body>\n{intro}{body}"
        '<script type="text/javascript">\n'
        f"const specs = {_script_json(specs)};\n"
        f"const options = {_script_json(EMBED_OPTIONS)};\n"
        "for (const [id, spec] of Object.entries(specs)) {\n"
        '  vegaEmbed("#vis-" + id, spec, options).catch(console.error);\n'
        "}\n</script>\n</body>\n</html>\n"
    )


# --- Bytes --------------------------------------------------------------------------------------


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt[:20]!r}; use {', '.join(FORMATS)}")


def _convert(
    fmt: str, con: duckdb.DuckDBPyConnection, chart_id: str, filters: Filters, base: str | None
) -> bytes:
    if fmt in ("csv", "parquet"):
        frame = chart_data(con, get_chart(chart_id), filters)
        return figures.to_csv(frame) if fmt == "csv" else figures.to_parquet(frame)
    # The spec is built once for the four formats drawn from it (Altair's to_dict is not cheap).
    spec, _frame, ctx = cached_spec(con, chart_id, filters, base)
    if fmt == "json":
        return (json.dumps(spec, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "html":
        figure = Figure(dom_id=slug(chart_id), spec=spec, context=ctx)
        return html_document(ctx.title, [figure]).encode("utf-8")
    with _RENDER_LOCK:
        if fmt == "svg":
            svg = vlc.vegalite_to_svg(spec, vl_version=vl_version(), allowed_base_urls=[])
            return svg.encode("utf-8")
        if fmt == "png":
            return vlc.vegalite_to_png(
                spec, vl_version=vl_version(), scale=PNG_SCALE, allowed_base_urls=[]
            )
    raise AssertionError(fmt)


def _key(
    con: duckdb.DuckDBPyConnection, chart_id: str, filters: Filters, what: str, base: str | None
) -> tuple | None:
    """A cache key: the database build (None, no caching, for a database without a build id),
    the base of the permalink (it is in the bytes), the chart, the filters and the format."""
    build = db.build_id(con)
    return None if build is None else (build, base or public_url(), chart_id, filters, what)


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
    con: duckdb.DuckDBPyConnection, chart_id: str, filters: Filters, base: str | None = None
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
    base: str | None = None,
) -> bytes:
    """The bytes of one chart in one format, its permalink on `base` (default `public_url()`).
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
    con: duckdb.DuckDBPyConnection, chart_id: str, filters: Filters, fmt: str, directory: Path
) -> Path:
    """Write one export into directory under its descriptive name; return the path."""
    directory = Path(directory)
    target = directory / file_name(chart_id, filters, fmt)
    if target.resolve().parent != directory.resolve():
        raise ExportError(f"refusing to write outside {directory}")
    target.write_bytes(export(con, chart_id, filters, fmt))
    return target

"""Chart exports: one chart and one set of filters → the bytes of a file, in six formats.

PNG (2× scale), SVG and self-contained HTML are drawn on the server by vl-convert (offline, with
its bundled fonts and JavaScript); Vega-Lite JSON is the spec they are drawn from; CSV and Parquet
are the exact frame `chart_data` returns. The app's export menu, `opcat-dashboard export` and the
static bundle all call `export()`, so the same chart and filters give the same bytes everywhere.

Every export carries its context: the title, what is counted and left out, the filters in words,
"Data as of" (the newest fact in the database, never the clock), the source and the permalink of
the view. File names are built from the chart id and the validated filter values through `slug()`.

The modules: context (file names, permalinks, the filters in words), spec (the Vega-Lite spec),
html (self-contained pages), files (the bytes, cached, and writing them), bundle (the static
report of every chart) and citation (a view cited as text, BibTeX and RIS). Their public names
are gathered here, so callers write `exports.export(...)`.

May import: the base modules, the data, query and chart layers. Never press or the app.
"""

from dashboard.exports.context import (
    FORMATS,
    LABELS,
    SOURCE,
    Context,
    ExportError,
    context,
    data_as_of,
    file_name,
    file_stem,
    get_chart,
    page_path,
    parse_filters,
    permalink,
    state_names,
)
from dashboard.exports.files import (
    cache_bytes,
    cached_spec,
    clear_cache,
    export,
    write_export,
)
from dashboard.exports.html import Figure, html_document, javascript_bundle
from dashboard.exports.spec import EXPORT_WIDTH, export_spec, vl_version

__all__ = [
    "EXPORT_WIDTH",
    "FORMATS",
    "LABELS",
    "SOURCE",
    "Context",
    "ExportError",
    "Figure",
    "cache_bytes",
    "cached_spec",
    "clear_cache",
    "context",
    "data_as_of",
    "export",
    "export_spec",
    "file_name",
    "file_stem",
    "get_chart",
    "html_document",
    "javascript_bundle",
    "page_path",
    "parse_filters",
    "permalink",
    "state_names",
    "vl_version",
    "write_export",
]

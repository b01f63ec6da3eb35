"""What travels with an exported chart: its file name, its permalink, the filters in words and
"Data as of"; and the checks of a chart id and of filters given as text (the command line).
"""

import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import duckdb
import polars as pl

from dashboard.charts import CHARTS, Chart, chart_filters
from dashboard.query import queries
from dashboard.query.filters import FIELDS, KEYS, Filters, slug
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


SOURCE = "Source: opcat-dashboard, from OHCHR/SPT public documents"


SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,199}")


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
        raise ExportError(f"unknown filter {names}; use {', '.join(FIELDS)}")
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
    if filters.from_year and filters.to_year:
        parts.append(f"{filters.from_year}-{filters.to_year}")
    elif filters.from_year:
        parts.append(f"from-{filters.from_year}")
    elif filters.to_year:
        parts.append(f"to-{filters.to_year}")
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


def page_path(page: str) -> str:
    """The URL path of an app page, from its title; the default page is the site's root."""
    return "" if page == DEFAULT_PAGE else slug(page)


def permalink(filters: Filters, path: str, base: str) -> str:
    """The link to a view of the app: the base address, the page path and the filters (a key
    repeated for each of several values). The base is the address the browser used, in the app
    (`export_menu.request_base`); elsewhere OPCAT_PUBLIC_URL, else the address `serve` listens
    at (`Settings.link_base`)."""
    url = f"{base.rstrip('/')}/{path.strip('/')}"
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
    base: str,
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


# --- Bytes --------------------------------------------------------------------------------------


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt[:20]!r}; use {', '.join(FORMATS)}")

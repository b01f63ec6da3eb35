"""Run the named queries in sql/queries/ as Polars frames.

A named query is one SQL file answering one question. Its first comment line is its description
(shown by `opcat-dashboard query --list`). It takes named parameters written `$name`: the filters
as one value, `$filters` (a STRUCT, `Filters.sql()`), and the query's own (`$by`, `$as_of`,
`$limit`...). Each query receives only the parameters it uses, and every value goes in as a bound
parameter, never as text.
"""

import datetime as dt
import re
from functools import cache

import duckdb
import polars as pl

from dashboard.paths import QUERIES_DIR
from dashboard.query.filters import FACETS, FIELDS, KEYS, Filters

PARAMETER = re.compile(r"\$([a-z_]+)")
# The macros of sql/views/ that apply the recommendation facets of the filters.
FACET_MACROS = ("filtered_recommendations", "recommendation_counts", "recommendation_theme_lists")


class QueryError(ValueError):
    pass


@cache
def _sql(name: str) -> str:
    path = QUERIES_DIR / f"{name}.sql"
    if not re.fullmatch(r"[a-z_]+", name) or not path.exists():
        raise QueryError(f"unknown query {name!r}; known: {', '.join(names())}")
    return path.read_text()


def names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def describe(name: str) -> str:
    """The query's one-line description: its first comment line."""
    first = _sql(name).lstrip().splitlines()[0]
    return first.removeprefix("--").strip()


def parameters(name: str) -> list[str]:
    """The parameter names the query uses, in order of first use."""
    return list(dict.fromkeys(PARAMETER.findall(_sql(name))))


def text_parameters(name: str) -> list[str]:
    """The parameters as `run_text` (the command line) takes them: the fields of the filters
    that the query reads in place of `filters`."""
    out = []
    for parameter in parameters(name):
        if parameter != "filters":
            out.append(parameter)
        elif takes_facets(name):
            out += FIELDS
        else:
            out += [f for f in FIELDS if f not in FACETS]
    return out


def takes_filters(name: str) -> bool:
    return "filters" in parameters(name)


def takes_facets(name: str) -> bool:
    """Whether the query reads the recommendation facets of the filters (it draws on the
    macros that apply them)."""
    sql = _sql(name)
    return any(f"{macro}($filters" in sql for macro in FACET_MACROS)


def applicable(name: str, filters: Filters) -> Filters | None:
    """The filters the query reads: none for a query that takes none, and the recommendation
    facets only for one that applies them (a visits query beside a theme filter is not about
    that theme)."""
    if not takes_filters(name):
        return None
    return filters if takes_facets(name) else filters.base()


def run(
    con: duckdb.DuckDBPyConnection,
    name: str,
    filters: Filters | None = None,
    params: dict | None = None,
) -> pl.DataFrame:
    """Run a named query under these filters (default: none), with its other parameters. A
    parameter it takes but not given is NULL; as_of defaults to today. A parameter it does not
    take is an error, so a typo never passes silently; so are filters given to a query that
    takes none."""
    if filters is not None and not isinstance(filters, Filters):
        raise TypeError(f"filters must be a Filters, not {type(filters).__name__}")
    params = dict(params or {})
    wanted = parameters(name)
    unknown = sorted(set(params) - set(wanted) | ({"filters"} & set(params)))
    if unknown:
        raise QueryError(
            f"query {name!r} takes no parameter {', '.join(unknown)}; "
            f"it takes: {', '.join(wanted) or 'none'}"
        )
    if filters is not None and not takes_filters(name) and not filters.is_default():
        raise QueryError(f"query {name!r} takes no filters")
    values = {key: params.get(key) for key in wanted}
    if "filters" in values:
        values["filters"] = (filters or Filters()).sql()
    if "as_of" in values and values["as_of"] is None:
        values["as_of"] = dt.date.today()
    return con.sql(_sql(name), params=values).pl()


def run_text(
    con: duckdb.DuckDBPyConnection, name: str, raw: dict[str, str | list[str]]
) -> pl.DataFrame:
    """Run a named query with parameters given as text (the command line).

    Filter keys are those of the URL (from_year, to_year, region, state, visit_type, and for the
    recommendation queries theme, addressee, place_type, affected_persons, search) and go through
    the filter object (all but the years and search repeatable); `as_of` is an ISO date; `by`
    picks a breakdown; `limit` caps the rows of a list (the recommendations, visit_reports,
    visit_details, source_list) and `offset` skips its first rows, for one page of it.
    A bad value is an error here, not a warning."""
    raw = dict(raw)
    params: dict = {}
    for key in ("as_of", "by", "limit", "offset"):
        if isinstance(raw.get(key), list):
            raise QueryError(f"{key} is given more than once")
    if "as_of" in raw:
        try:
            params["as_of"] = dt.date.fromisoformat(raw.pop("as_of"))
        except ValueError as e:
            raise QueryError(f"as_of: {e}") from e
    if "by" in raw:
        params["by"] = raw.pop("by")
    if "limit" in raw:
        limit = raw.pop("limit")
        if not re.fullmatch(r"[0-9]{1,9}", limit) or int(limit) < 1:
            raise QueryError(f"limit: a whole number of rows, 1 or more, not {limit[:20]!r}")
        params["limit"] = int(limit)
    if "offset" in raw:
        offset = raw.pop("offset")
        if not re.fullmatch(r"[0-9]{1,9}", offset):
            raise QueryError(f"offset: a whole number of rows, 0 or more, not {offset[:20]!r}")
        params["offset"] = int(offset)
    filter_raw = {k: raw.pop(k) for k in list(raw) if k in KEYS}
    if raw:
        raise QueryError(
            f"unknown parameter(s) {', '.join(sorted(raw))}; "
            f"use {', '.join(KEYS[:10])}, by, as_of, limit or offset"
        )
    filters, warnings = Filters.parse(filter_raw)
    if warnings:
        raise QueryError(" ".join(warnings))
    return run(con, name, applicable(name, filters), params)

"""Headline figures and the small formatting rules the pages share. Plain functions over the named
queries: testable without Streamlit."""

import datetime as dt
import io
from dataclasses import dataclass
from urllib.parse import urlsplit

import duckdb
import polars as pl

from dashboard import queries
from dashboard.filters import Filters
from dashboard.validate import TABLES


@dataclass(frozen=True)
class Headline:
    visits: int  # counted visits (completed or terminated)
    states_visited: int
    states_parties: int  # States parties in the selection (region and State filters)
    states_never_visited: int  # ... with no counted visit in the selection
    visits_published: int
    visits_publication_known: int  # published or not published; unknown and no report left out
    share_published: float | None  # visits_published / visits_publication_known
    median_months: float | None  # Kaplan-Meier median time to publication; None if not reached
    curve_visits: int  # visits counted in the time-to-publication curve


def run(con: duckdb.DuckDBPyConnection, name: str, filters: Filters, **extra) -> pl.DataFrame:
    """A named query for these filters (only the parameters it takes)."""
    return queries.run_matching(con, name, {**filters.params(), **extra})


def median_months(curve: pl.DataFrame) -> float | None:
    """The Kaplan-Meier median: the first time at which half the reports are published."""
    reached = curve.filter(pl.col("share_published") >= 0.5)
    return float(reached["months"][0]) if reached.height else None


def headline(
    con: duckdb.DuckDBPyConnection, filters: Filters, as_of: dt.date | None = None
) -> Headline:
    rate = run(con, "publication_rate", filters, by="all")
    regions = run(con, "visits_per_region", filters)
    curve = run(con, "time_to_publication", filters, as_of=as_of)
    visits = int(rate["visits"][0]) if rate.height else 0
    published = int(rate["visits_published"][0]) if rate.height else 0
    known = published + (int(rate["visits_not_published"][0]) if rate.height else 0)
    visited = int(regions["states_visited"].sum())
    parties = int(regions["states_parties"].sum())
    return Headline(
        visits=visits,
        states_visited=visited,
        states_parties=parties,
        states_never_visited=parties - visited,
        visits_published=published,
        visits_publication_known=known,
        share_published=published / known if known else None,
        median_months=median_months(curve),
        curve_visits=int(curve["visits_counted"][0]) if curve.height else 0,
    )


def share(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.0%}"


def months(value: float | None) -> str:
    return "not reached" if value is None else f"{value:.1f}"


def place(facility_type: str) -> str:
    """A facility type in words: 'immigration-detention' → 'immigration detention'."""
    return facility_type.replace("-", " ")


def gaps(matrix: pl.DataFrame, facility_types: tuple[str, ...]) -> pl.DataFrame:
    """From the facility matrix: each State party where a visit with known places was made but
    none covered one of these facility types (the gaps), one row per State and type."""
    return (
        matrix.filter(
            pl.col("facility_type").is_in(facility_types)
            & (pl.col("visits_with_known_places") > 0)
            & (pl.col("visits_covering") == 0)
        )
        .select("state", "un_regional_group", "facility_type", "visits_with_known_places")
        .sort("state", "facility_type")
    )


def tables(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """Every table of the database, whole, for download."""
    return {name: con.table(name).pl() for name in TABLES}


def unknown_values(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """For every table and column: rows, and how many values are unknown (empty)."""
    rows = []
    for table, frame in frames.items():
        nulls = frame.null_count().row(0, named=True)
        for column, unknown in nulls.items():
            rows.append(
                {"table": table, "field": column, "rows": frame.height, "unknown": int(unknown)}
            )
    return pl.DataFrame(rows)


def links(urls: list[str] | None) -> str:
    """Source URLs as Markdown links named by their site: [ohchr.org](https://www.ohchr.org/...)."""
    named = []
    for url in urls or []:
        site = urlsplit(url).netloc.removeprefix("www.")
        named.append(f"[{site}]({url})")
    return " · ".join(named) or "no source on record"


def to_csv(frame: pl.DataFrame) -> bytes:
    """CSV bytes; list columns (e.g. themes) written as values joined by '; '."""
    flat = frame.with_columns(
        pl.col(name).cast(pl.List(pl.String)).list.join("; ")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.List)
    )
    return flat.write_csv().encode()


def to_parquet(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


STATUS_WORDS = {
    "completed": "completed",
    "terminated": "terminated (halted, not resumed)",
    "suspended": "suspended (resumed later)",
}


def visit_markdown(visit: dict) -> str:
    """One visit of the visit_details query in Markdown: dates, type, status, delegation, places,
    reports and sources, each report linked to undocs.org where its symbol is known."""
    status = STATUS_WORDS.get(visit["status"], visit["status"])
    if visit["status"] == "suspended":
        status += f"; resumed as {visit['counted_visit_id']}"
    reports = []
    for r in visit["reports"] or []:
        name = f"[{r['symbol']}]({r['url']})" if r["symbol"] else "report (symbol unknown)"
        to = {"state": " to the State", "npm": " to the NPM"}.get(r["addressee"], "")
        report_status = {
            "unknown": "publication status unknown",
            "not-published": "not published",
        }.get(r["status"], r["status"])
        published = f" {r['published_date']}" if r["published_date"] else ""
        reports.append(f"{name}{to}: {report_status}{published}")
    delegation = "; ".join(visit["delegation"] or []) or "not known"
    places = ", ".join(place(p) for p in visit["places"] or []) or "not known"
    return (
        f"**{visit['dates']}** · {visit['visit_type']} visit · {status} · `{visit['visit_id']}`  \n"
        f"**Delegation:** {delegation}  \n"
        f"**Places visited:** {places}  \n"
        f"**Reports:** {'; '.join(reports) or 'none on record'}  \n"
        f"**Sources:** {links(visit['source_urls'])}"
    )


def definitions(views_sql: str) -> str:
    """The comment lines of sql/views.sql: the counting rules in words."""
    return "\n".join(
        line.strip().removeprefix("--").strip()
        for line in views_sql.splitlines()
        if line.strip().startswith("--")
    )


METHOD = """
- **Visits** count visits that took place: completed, or terminated (halted and never resumed).
  A suspended part is shown on the time line but counted once, as the visit that resumed it.
  Planned, not-held and unconfirmed visits are not visits. A visit's year is the year it
  started (or, where only the month or year is known, that year).
- **States visited** are States parties with at least one counted visit in the selection;
  **States parties never visited** are the others in the selection (region and State filters).
- **Reports published**: a visit's report is public when any of its reports was published. The
  share counts only visits whose status is known: unknown status and no report on record are
  left out, not taken as "not published".
- **Median time to publication**: a Kaplan-Meier estimate from the end of the visit to the first
  publication. A report not (yet) published counts as waiting until today (censored). The median
  is the first time at which half the reports are published. Visits with no end date, an
  unknown status, no report, or an unknown publication date are left out.
- **Places**: shares of visits covering each type of place count only visits whose places are
  known; the others are left out.
- **Dates**: where only the month or year of a visit is known it is shown as
  "date unknown (2008)"; no day is invented.
- Each chart states how many records it counts and how many it leaves out.
"""


def source_sites(sources: pl.DataFrame) -> pl.DataFrame:
    """The sources table summed up by web site: how many sources come from each."""
    return (
        sources.select(pl.col("url").str.extract(r"^https?://(?:www\.)?([^/]+)").alias("site"))
        .group_by("site")
        .len("sources")
        .sort(["sources", "site"], descending=[True, False])
    )

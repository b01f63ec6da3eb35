"""Headline figures and the small formatting rules the pages share. Plain functions over the named
queries: testable without Streamlit."""

import datetime as dt
import io
import re
from dataclasses import dataclass

import duckdb
import polars as pl

from dashboard import queries
from dashboard.filters import Filters
from dashboard.sources import KIND_LABELS, KINDS, shows_copy
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


# Markdown's (and Streamlit's) signs: a data value shown in Markdown has each of them escaped.
_MARKDOWN_SIGNS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&^])")


def markdown_text(value) -> str:
    """A data value as literal text inside Markdown: on one line, every Markdown sign escaped."""
    return _MARKDOWN_SIGNS.sub(r"\\\1", " ".join(str(value).split()))


def markdown_link(text, url: str) -> str:
    """A Markdown link showing `text` literally; the URL's brackets and spaces percent-encoded."""
    target = url
    for sign, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        target = target.replace(sign, code)
    return f"[{markdown_text(text)}]({target})"


def sources_markdown(sources: list[dict] | None) -> str:
    """A record's sources in Markdown, primary first: each publisher linked to the canonical URL,
    its kind, and a link to the copy that was read where that is another document or site."""
    items = []
    for source in sorted(sources or [], key=lambda s: KINDS.index(s["kind"])):
        item = markdown_link(source["publisher"], source["url"])
        item += f" ({markdown_text(KIND_LABELS[source['kind']])}"
        if shows_copy(source["url"], source["read_url"]):
            item += f"; {markdown_link('copy read', source['read_url'])}"
        items.append(item + ")")
    return " · ".join(items) or "no source on record"


CONFIDENCE_MARKS = {"high": "", "medium": "medium confidence", "low": "low confidence"}


def confidence_mark(confidence: str | None) -> str:
    """How a record's confidence is marked where it is shown: high is not marked."""
    return CONFIDENCE_MARKS.get(confidence or "", f"confidence {confidence}")


def to_csv(frame: pl.DataFrame) -> bytes:
    """CSV bytes; list columns (e.g. themes) written as values joined by '; ', each record of a
    list of records (e.g. a visit's reports or sources) as a JSON object."""

    def flat(name: str, dtype: pl.List) -> pl.Expr:
        items = pl.col(name)
        if isinstance(dtype.inner, pl.Struct):
            items = items.list.eval(pl.element().struct.json_encode())
        return items.cast(pl.List(pl.String)).list.join("; ")

    lists = [flat(n, t) for n, t in frame.schema.items() if isinstance(t, pl.List)]
    return frame.with_columns(lists).write_csv().encode()


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
    """One visit of the visit_details query in Markdown: dates, type, status, confidence (when not
    high), delegation, places, reports (each linked to undocs.org where its symbol is known, with
    its own confidence mark) and the sources of the visit and its reports."""
    status = STATUS_WORDS.get(visit["status"], visit["status"])
    if visit["status"] == "suspended":
        status += f"; resumed as {visit['counted_visit_id']}"
    mark = confidence_mark(visit.get("confidence"))
    reports = []
    for r in visit["reports"] or []:
        name = f"[{r['symbol']}]({r['url']})" if r["symbol"] else "report (symbol unknown)"
        to = {"state": " to the State", "npm": " to the NPM"}.get(r["addressee"], "")
        report_status = {
            "unknown": "publication status unknown",
            "not-published": "not published",
        }.get(r["status"], r["status"])
        published = f" {r['published_date']}" if r["published_date"] else ""
        report_mark = confidence_mark(r.get("confidence"))
        reports.append(
            f"{name}{to}: {report_status}{published}{f' ({report_mark})' if report_mark else ''}"
        )
    delegation = "; ".join(visit["delegation"] or []) or "not known"
    places = ", ".join(place(p) for p in visit["places"] or []) or "not known"
    return (
        f"**{visit['dates']}** · {visit['visit_type']} visit · {status}"
        f"{f' · **{mark}**' if mark else ''} · `{visit['visit_id']}`  \n"
        f"**Delegation:** {delegation}  \n"
        f"**Places visited:** {places}  \n"
        f"**Reports:** {'; '.join(reports) or 'none on record'}  \n"
        f"**Sources:** {sources_markdown(visit['sources'])}"
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
- **Sources**: every record links to the public sources it rests on, listed primary first (UN
  primary; State or NPM; APT, other NGO or academic; news or news reprint; mirror), each by its
  publisher and its address on the publisher's own site, with the copy read where that was a
  mirror of a UN document.
- **Confidence**: every State, visit, report and recommendation record is of high, medium or low
  confidence; medium and low are marked where the record is shown.
"""


def kind_labels(frame: pl.DataFrame) -> pl.DataFrame:
    """A frame with a `kind` column of source kinds, with their labels in its place."""
    return frame.with_columns(pl.col("kind").replace_strict(KIND_LABELS))


def changelog(text: str) -> pl.DataFrame:
    """The table of data/CHANGES.md: date, record, change and source ids, newest first."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", cells[0]):
            date, record, change, sources = cells
            ids = re.findall(r"S\d{4}", sources)
            rows.append(
                {
                    "date": dt.date.fromisoformat(date),
                    "record": record,
                    "change": change.replace("`", ""),
                    "sources": ids,
                }
            )
    schema = {
        "date": pl.Date,
        "record": pl.String,
        "change": pl.String,
        "sources": pl.List(pl.String),
    }
    return pl.DataFrame(rows, schema=schema).sort("date", descending=True, maintain_order=True)


def changelog_markdown(changes: pl.DataFrame, sources: pl.DataFrame) -> str:
    """The changelog as a Markdown list, each change with its sources linked by id and publisher
    (a change made by a rule, such as the canonical URLs, names its rule instead)."""
    cited = {r["source_id"]: r for r in sources.iter_rows(named=True)}
    lines = []
    for row in changes.iter_rows(named=True):
        links = ", ".join(
            markdown_link(f"{sid} {cited[sid]['publisher']}", cited[sid]["url"])
            if sid in cited
            else markdown_text(sid)
            for sid in row["sources"]
        )
        lines.append(
            f"- **{row['date']}** · {markdown_text(row['record'])}: "
            f"{markdown_text(row['change'])}{f' — sources: {links}' if links else ''}"
        )
    return "\n".join(lines)


def last_changed(changes: pl.DataFrame) -> dt.date | None:
    """The date the data last changed: the newest date of the changelog."""
    return changes["date"].max() if changes.height else None

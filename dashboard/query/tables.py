"""Whole tables and files: a table of the database as it is, its unknown values per field, the
sources the changelog cites, the changelog itself, the counting rules in words, and any frame as
CSV or Parquet bytes (the downloads).
"""

import datetime as dt
import io
import re

import duckdb
import polars as pl

from dashboard import markdown
from dashboard.data.schema import TABLES, quote_identifier


def table(con: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame:
    """One table of the database, whole, for download (made when its button is clicked)."""
    if name not in TABLES:
        raise KeyError(name)
    return con.table(name).pl()


def unknown_values(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """For every table and column: rows, and how many values are unknown (empty). Counted in
    DuckDB, one pass per table: at a million visits the tables are never loaded for it."""
    rows = []
    for table_name in TABLES:
        columns = [
            c
            for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "AND database_name = current_database() ORDER BY column_index",
                [table_name],
            ).fetchall()
        ]
        # Names from the catalog, quoted: no user text reaches this SQL.
        counts = ", ".join(f"count({quote_identifier(c)})" for c in columns)
        ((total, *known),) = con.execute(
            f"SELECT count(*), {counts} FROM {quote_identifier(table_name)}"
        ).fetchall()
        for column, filled in zip(columns, known, strict=True):
            rows.append(
                {"table": table_name, "field": column, "rows": total, "unknown": total - filled}
            )
    return pl.DataFrame(rows)


def table_rows(unknown: pl.DataFrame) -> dict[str, int]:
    """Each table's rows, from unknown_values."""
    return dict(unknown.group_by("table", maintain_order=True).agg(pl.col("rows").first()).rows())


def cited_sources(con: duckdb.DuckDBPyConnection, changes: pl.DataFrame) -> pl.DataFrame:
    """The sources the changelog cites (not the whole sources table)."""
    ids = sorted(changes["sources"].explode().drop_nulls().unique().to_list())
    return con.sql(
        "SELECT * FROM sources WHERE list_contains($ids, source_id) ORDER BY source_id",
        params={"ids": ids},
    ).pl()


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


def definitions(views_sql: str) -> str:
    """The comment lines of sql/views/: the counting rules in words."""
    return "\n".join(
        line.strip().removeprefix("--").strip()
        for line in views_sql.splitlines()
        if line.strip().startswith("--")
    )


METHOD = """
- **Visits** count visits that took place: completed, or terminated (halted and never resumed).
  A suspended part is shown on the time line but counted once, as the visit that resumed it.
  Planned, not-held and unconfirmed visits are not visits, nor are high-level talks (as the SPT
  counts: they are counted beside the visits). A visit's year is the year it started (or, where
  only the month or year is known, that year).
- **States visited** are States parties with at least one counted visit in the selection;
  **States parties never visited** are the others in the selection (region and State filters).
- **Reports published**: a visit's report is public when any of its reports was published. The
  share counts only visits whose status is known: public, not public, or halted with no report.
  Visits of unknown status are left out, not taken as "not published".
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
            markdown.link(f"{sid} {cited[sid]['publisher']}", cited[sid]["url"])
            if sid in cited
            else markdown.literal(sid)
            for sid in row["sources"]
        )
        lines.append(
            f"- **{row['date']}** · {markdown.literal(row['record'])}: "
            f"{markdown.literal(row['change'])}{f' — sources: {links}' if links else ''}"
        )
    return "\n".join(lines)


def last_changed(changes: pl.DataFrame) -> dt.date | None:
    """The date the data last changed: the newest date of the changelog."""
    return changes["date"].max() if changes.height else None

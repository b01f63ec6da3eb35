"""Headline figures and the small formatting rules the pages share. Plain functions over the named
queries: testable without Streamlit."""

import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
import polars as pl

from dashboard import labels, markdown
from dashboard.data.sources import KINDS, shows_copy
from dashboard.data.validate import TABLES, quote_identifier
from dashboard.query import queries
from dashboard.query.filters import Filters


@dataclass(frozen=True)
class Headline:
    visits: int  # counted visits (completed or terminated)
    states_visited: int
    states_parties: int  # States parties in the selection (region and State filters)
    states_not_visited: int  # ... with no counted visit matching the years and types
    states_never_visited: int  # ... with no counted visit at all, of any year or type
    visits_published: int  # at least one report public
    visits_not_published: int
    visits_status_unknown: int  # reports of unknown status only
    visits_no_report: int  # no report on record: a visit halted before any (known, not public)
    median_months: float | None  # Kaplan-Meier median time to publication; None if not reached
    median_low: float | None  # its 95% confidence interval (None: not reached)
    median_high: float | None
    curve_visits: int  # visits counted in the time-to-publication curve
    years: str  # the years of the selection in words, e.g. "2016–2026"
    filtered: bool  # a year or type filter is on: "not visited" is not "never visited"
    high_level_talks: int = 0  # held in the selection, not counted as visits (as the SPT counts)

    @property
    def visits_publication_known(self) -> int:
        """Visits whose publication is known: public, not public, or with no report at all."""
        return self.visits_published + self.visits_not_published + self.visits_no_report

    @property
    def share_published(self) -> float | None:
        """Share public among the visits whose status is known (the secondary figure)."""
        known = self.visits_publication_known
        return self.visits_published / known if known else None

    @property
    def share_published_of_all(self) -> float | None:
        """Share public among all counted visits: the lower end of the range."""
        return self.visits_published / self.visits if self.visits else None

    @property
    def share_published_range(self) -> tuple[float, float] | None:
        """The range the share of all visits could lie in: every unknown status not public
        ↔ every unknown public."""
        if not self.visits:
            return None
        high = (self.visits_published + self.visits_status_unknown) / self.visits
        return self.visits_published / self.visits, high

    @property
    def not_visited_label(self) -> str:
        """'States never visited', or under a year or type filter 'not visited in 2016–2026'."""
        return f"States not visited in {self.years}" if self.filtered else "States never visited"

    def publication_line(self) -> str:
        """The publication figure with its denominator and unknowns, in plain text:
        '64 of 102 visits have a public report (63%) · 7 not public · 2 with no report · 29
        status unknown' (no report: halted before a report was made)."""
        if not self.visits:
            return "No visit in the selection."
        no_report = f" · {self.visits_no_report:,} with no report" if self.visits_no_report else ""
        return (
            f"{self.visits_published:,} of {self.visits:,} visits have a public report "
            f"({share(self.share_published_of_all)}) · {self.visits_not_published:,} not public"
            f"{no_report} · {self.visits_status_unknown:,} status unknown"
        )

    def publication_detail(self) -> str:
        """The secondary figures: the share among known statuses, and the possible range."""
        if not self.visits:
            return ""
        low, high = self.share_published_range
        unknown = self.visits_status_unknown
        no_report = (
            f" ({self.visits_no_report:,} of them halted with no report)"
            if self.visits_no_report
            else ""
        )
        known = (
            f"Among the {self.visits_publication_known:,} visits whose status is known"
            f"{no_report}, {share(self.share_published)} have a public report."
            if self.visits_publication_known
            else "No visit's publication status is known."
        )
        return (
            f"{known} With the {unknown:,} of unknown status, the share of all "
            f"{self.visits:,} visits lies between {share(low)} (none of them public) and "
            f"{share(high)} (all of them public)."
        )


def run(con: duckdb.DuckDBPyConnection, name: str, filters: Filters, **params) -> pl.DataFrame:
    """A named query under these filters, the recommendation facets only where it reads them."""
    applied = filters if queries.takes_facets(name) else filters.base()
    return queries.run(con, name, applied if queries.takes_filters(name) else None, params)


def median_months(curve: pl.DataFrame, column: str = "share_published") -> float | None:
    """The Kaplan-Meier median, by the usual convention: the first time at which the estimated
    share published reaches one half (S(t) ≤ 0.5). Applied to the band's edges, it gives the
    median's 95% confidence interval. None when the curve never reaches one half."""
    reached = curve.filter(pl.col(column) >= 0.5)
    return float(reached["months"][0]) if reached.height else None


def year_range(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """The first and last year of the counted visits on record."""
    ((first, last),) = con.execute(
        "SELECT min(visit_year), max(visit_year) FROM visit_cells"
    ).fetchall()
    return int(first), int(last)


def years_phrase(filters: Filters, years: tuple[int, int]) -> str:
    """The years the selection covers, in words: '2016–2026'."""
    return f"{filters.from_year or years[0]}–{filters.to_year or years[1]}"


def not_visited_phrase(filters: Filters, years: tuple[int, int]) -> str:
    """How to say that a State had no visit in the selection: 'never visited' is only for never.
    'not visited in 2016–2026', or with a type filter 'no follow-up visit in 2007–2026'."""
    span = years_phrase(filters, years)
    if filters.visit_type:
        kinds = " or ".join(
            labels.in_text(labels.label(labels.VISIT_TYPE, t)) for t in filters.visit_type
        )
        return f"no {kinds} visit in {span}"
    return f"not visited in {span}"


def visit_status(row: Mapping, phrase: str) -> str:
    """One State's record in words: 'never visited', 'not visited in 2016–2026', or
    'visited'."""
    if row["never_visited"]:
        return "never visited"
    return phrase if not row["visits"] else "visited"


def record_table(record: pl.DataFrame, phrase: str) -> pl.DataFrame:
    """The state_record rows as the page's table: one row per State party, plain columns."""
    return record.select(
        "state",
        "un_regional_group",
        "ratification_date",
        "visits",
        "first_visit_year",
        "last_visit_year_any",
        "years_without_visit",
        pl.struct("never_visited", "visits")
        .map_elements(lambda r: visit_status(r, phrase), return_dtype=pl.String)
        .alias("record"),
        "reports_sent",
        "reports_published",
        "planned_visits",
    )


def not_visited_lists(record: pl.DataFrame) -> tuple[list[str], list[str]]:
    """The names of the States parties never visited, and of those visited at some time but not
    in the selection."""
    never = record.filter(pl.col("never_visited")).sort("state")["state"].to_list()
    not_now = (
        record.filter(~pl.col("never_visited") & (pl.col("visits") == 0))
        .sort("state")["state"]
        .to_list()
    )
    return never, not_now


PLANNED_SHOWN = 3  # planned visits named in a figure; the rest are counted


def planned_words(row: Mapping) -> str:
    """'1 (2026)', '224 (2025-03, 2025-06, 2026 and 221 more)' or 'none'."""
    dates = row["planned_dates"] or []
    return f"{len(dates):,} ({planned_dates_words(dates)})" if dates else "none"


def talks_words(talks: pl.DataFrame) -> str:
    """The high-level talks beside the visits (query high_level_talks), up to PLANNED_SHOWN
    named: 'Not counted as visits: 1 high-level talk (Kyrgyzstan, 25–27 Jun 2025).'; '' if none."""
    if not talks.height:
        return ""
    shown = [
        f"{r['state_name']}, {r['date_label']}" for r in talks.head(PLANNED_SHOWN).rows(named=True)
    ]
    more = talks.height - len(shown)
    named = "; ".join(shown) + (f"; and {more:,} more" if more else "")
    noun = labels.counted(talks.height, "high-level talk")
    return f"Not counted as visits, as the SPT counts: {noun} ({named})."


def planned_figure(row: Mapping) -> tuple[str, str]:
    """The planned visits as a headline figure and its help: up to two named in the figure
    ('1 (2026)'); more are counted ('213'), the first of them named in the help."""
    dates = row["planned_dates"] or []
    value = planned_words(row) if len(dates) <= 2 else f"{len(dates):,}"
    return value, "Announced, not yet held" + (f": {planned_dates_words(dates)}." if dates else ".")


def planned_dates_words(dates: list[str]) -> str:
    """The first PLANNED_SHOWN dates, and how many more."""
    shown = ", ".join(dates[:PLANNED_SHOWN])
    more = len(dates) - PLANNED_SHOWN
    return f"{shown} and {more:,} more" if more > 0 else shown


def last_visit_words(row: Mapping) -> str:
    """'2013', or 'never visited'."""
    if row["never_visited"]:
        return "never visited"
    if row["last_visit_year_any"] is None:
        return "none of these types"
    return str(row["last_visit_year_any"])


def years_without_words(row: Mapping) -> str:
    """'13.2 (since the last visit)', '18.0 (since ratification; never visited)'."""
    years = row["years_without_visit"]
    if years is None:
        return "unknown"
    if row["years_since_last_visit"] is None:
        return f"{years:.1f} (since ratification; never visited)"
    return f"{years:.1f} (since the last visit)"


def compare_table(record: pl.DataFrame, order: tuple[str, ...]) -> pl.DataFrame:
    """Several States parties side by side: one row per fact, one column per State."""
    rows = {r["iso3"]: r for r in record.iter_rows(named=True)}
    chosen = [rows[iso3] for iso3 in order if iso3 in rows]
    facts = {
        "UN regional group": lambda r: r["un_regional_group"],
        "Ratified OPCAT": lambda r: r["ratification"],
        "Visits counted": lambda r: f"{r['visits']:,}",
        "First visit": lambda r: str(r["first_visit_year"] or "–"),
        "Last visit": last_visit_words,
        "Years without a visit": years_without_words,
        "Visits with a public report": lambda r: (
            f"{r['visits_published']:,} of {r['visits']:,} ({r['visits_not_published']:,} "
            f"not public, "
            + (f"{r['visits_no_report']:,} with no report, " if r["visits_no_report"] else "")
            + f"{r['visits_publication_unknown']:,} unknown)"
        ),
        "Reports sent (on record)": lambda r: f"{r['reports_sent']:,}",
        "Reports published": lambda r: f"{r['reports_published']:,}",
        "Planned visits": planned_words,
    }
    columns = {"Fact": list(facts)}
    for r in chosen:
        columns[r["state"]] = [str(get(r)) for get in facts.values()]
    return pl.DataFrame(columns)


def headline(
    con: duckdb.DuckDBPyConnection, filters: Filters, as_of: dt.date | None = None
) -> Headline:
    rate = run(con, "publication_rate", filters, by="all")
    regions = run(con, "visits_per_region", filters)
    curve = run(con, "time_to_publication", filters, as_of=as_of)
    record = run(con, "state_record", filters, as_of=as_of)
    row = rate.row(0, named=True) if rate.height else {}
    visited = int(regions["states_visited"].sum())
    parties = int(regions["states_parties"].sum())
    return Headline(
        visits=int(row.get("visits") or 0),
        states_visited=visited,
        states_parties=parties,
        states_not_visited=parties - visited,
        states_never_visited=int(record["never_visited"].sum()),
        visits_published=int(row.get("visits_published") or 0),
        visits_not_published=int(row.get("visits_not_published") or 0),
        visits_status_unknown=int(row.get("visits_status_unknown") or 0),
        visits_no_report=int(row.get("visits_no_report") or 0),
        median_months=median_months(curve),
        median_low=median_months(curve, "share_published_high"),
        median_high=median_months(curve, "share_published_low"),
        curve_visits=int(curve["visits_counted"][0]) if curve.height else 0,
        years=years_phrase(filters, year_range(con)),
        filtered=bool(filters.from_year or filters.to_year or filters.visit_type),
        high_level_talks=run(con, "high_level_talks", filters).height,
    )


def contradictions(
    filters: Filters, regions: Mapping[str, str], names: Mapping[str, str]
) -> tuple[list[str], bool]:
    """Filters that contradict each other: a chosen State outside every chosen region. Returns
    the notes to show and whether nothing at all can match (then no figure should be shown)."""
    if not (filters.region and filters.state):
        return [], False
    outside = [s for s in filters.state if regions.get(s) not in filters.region]
    if not outside:
        return [], False
    groups = " or ".join(labels.label(labels.REGION, r) for r in filters.region)
    named = ", ".join(names.get(s, s) for s in outside)
    verb = "is" if len(outside) == 1 else "are"
    if len(outside) == len(filters.state):
        return [
            f"No State party matches these filters: {named} {verb} not in the {groups}. "
            "Change the region or the State in the sidebar."
        ], True
    return [f"{named} {verb} not in the {groups}, so left out."], False


def share(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.0%}"


def months(value: float | None) -> str:
    return "not reached" if value is None else f"{value:.1f}"


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


def sources_markdown(sources: list[dict] | None) -> str:
    """A record's sources in Markdown, primary first: each publisher linked to the canonical URL,
    its kind, and a link to the copy that was read where that is another document or site."""
    items = []
    for source in sorted(sources or [], key=lambda s: KINDS.index(s["kind"])):
        item = markdown.link(source["publisher"], source["url"])
        item += f" ({markdown.literal(labels.SOURCE_KIND[source['kind']])}"
        if shows_copy(source["url"], source["read_url"]):
            item += f"; {markdown.link('copy read', source['read_url'])}"
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


REPORT_STATUS_WORDS = {
    "published": "published",
    "unknown": "publication status unknown",
    "not-published": "not published",
}


def visit_markdown(visit: dict) -> str:
    """One visit of the visit_details query in Markdown: dates, type, status, confidence (when not
    high), delegation, places, reports (each linked to undocs.org where its symbol is known, with
    its own confidence mark) and the sources of the visit and its reports. Every value from the
    data goes in as literal text."""
    text = markdown.literal
    status = labels.label(labels.VISIT_STATUS, visit["status"]).lower()
    if visit["status"] == "suspended":
        status += f"; resumed as {visit['counted_visit_id']}"
    mark = confidence_mark(visit.get("confidence"))
    reports = []
    for r in visit["reports"] or []:
        name = markdown.link(r["symbol"], r["url"]) if r["symbol"] else "report (symbol unknown)"
        to = {"state": " to the State", "npm": " to the NPM"}.get(r["addressee"], "")
        report_status = REPORT_STATUS_WORDS.get(r["status"], r["status"])
        published = f" {r['published_date']}" if r["published_date"] else ""
        report_mark = confidence_mark(r.get("confidence"))
        reports.append(
            f"{name}{to}: {text(report_status)}{text(published)}"
            f"{f' ({report_mark})' if report_mark else ''}"
        )
    delegation = text("; ".join(visit["delegation"] or []) or "not known")
    places = ", ".join(labels.label(labels.FACILITY_TYPE, p) for p in visit["places"] or [])
    kind = labels.label(labels.VISIT_TYPE, visit["visit_type"])
    return (
        f"**{text(visit['dates'])}** · {text(kind)} visit · {text(status)}"
        f"{f' · **{mark}**' if mark else ''} · {text(visit['visit_id'])}  \n"
        f"**Delegation:** {delegation}  \n"
        f"**Places visited:** {text(places or 'not known')}  \n"
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


def kind_labels(frame: pl.DataFrame) -> pl.DataFrame:
    """A frame with a `kind` column of source kinds, with their labels in its place."""
    return frame.with_columns(pl.col("kind").replace_strict(labels.SOURCE_KIND))


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

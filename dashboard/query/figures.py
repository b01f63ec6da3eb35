"""Headline figures and the small formatting rules the pages share. Plain functions over the named
queries: testable without Streamlit."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
import polars as pl

from dashboard import labels
from dashboard.query import queries
from dashboard.query.filters import Filters
from dashboard.query.words import (
    last_visit_words,
    planned_words,
    visit_status,
    years_phrase,
    years_without_words,
)


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
    """A named query under the filters it reads (`queries.applicable`)."""
    return queries.run(con, name, queries.applicable(name, filters), params)


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

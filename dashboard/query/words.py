"""The sentences the pages quote about the figures: years, visits not made, plans, the last visit, a
visit's record, a record's sources and confidence, each with its denominator and its unknowns.
"""

from collections.abc import Mapping

import polars as pl

from dashboard import labels, markdown
from dashboard.data.sources import KINDS, shows_copy
from dashboard.query.filters import Filters


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


def kind_labels(frame: pl.DataFrame) -> pl.DataFrame:
    """A frame with a `kind` column of source kinds, with their labels in its place."""
    return frame.with_columns(pl.col("kind").replace_strict(labels.SOURCE_KIND))

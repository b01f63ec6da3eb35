"""Recommendations in words: theme labels, and one recommendation of the `recommendations` query
as Markdown with its links (the report on undocs.org with its paragraph, the visit's profile).
Plain functions: testable without Streamlit."""

from urllib.parse import urlencode

from dashboard import labels
from dashboard.markdown import link, literal

PROFILE_PAGE = "country-profile"  # the Country profile's URL path (dashboard.site)


def theme_label(code: str) -> str:
    return labels.label(labels.THEME, code)


def addressed_to(code: str) -> str:
    """'the State', 'the NPM'."""
    return labels.in_text(labels.label(labels.ADDRESSEE, code))


def paragraph(row: dict) -> str:
    """'para. 12 (a; b)', 'paras. 238-239', or 'paragraph not recorded'."""
    number = row.get("paragraph")
    if not number:
        return "paragraph not recorded"
    word = "paras." if "-" in number else "para."
    sub = f" ({row['sub_item']})" if row.get("sub_item") else ""
    return f"{word} {number}{sub}"


def visit_link(row: dict) -> str:
    """The visit on the Country profile, as a link relative to the app (works behind a proxy)."""
    query = urlencode({"state": row["iso3"]})
    return f"{PROFILE_PAGE}?{query}#{row['visit_id'].lower()}"


def result_markdown(row: dict) -> str:
    """One recommendation: summary, themes, addressee, place and persons, the report (symbol,
    paragraph, undocs.org link), the visit it came from, and its sources."""
    themes = " · ".join(theme_label(t) for t in row["themes"] or [])
    report = (
        link(row["report_symbol"], row["report_url"])
        if row.get("report_symbol")
        else literal(f"{row['report_id']} (symbol unknown)")
    )
    persons = ", ".join(row.get("affected_persons") or []) or "not specified"
    place = labels.in_text(labels.label(labels.PLACE_TYPE, row["place_type"]))
    sources = " · ".join(
        link(f"source {i}", url) for i, url in enumerate(row.get("source_urls") or [], start=1)
    )
    visit = link(f"{row['state']}, {row['visit_dates']}", visit_link(row))
    return (
        f"{literal(row['summary'])}  \n"
        f"**Themes:** {literal(themes)} · **To** {addressed_to(row['addressee'])}"
        f" · **Place:** {literal(place)} · **Persons:** {literal(persons)}  \n"
        f"**Report:** {report}, {literal(paragraph(row))} · **Visit:** {visit}"
        f" · confidence {row['confidence']}" + (f" · {sources}" if sources else "")
    )

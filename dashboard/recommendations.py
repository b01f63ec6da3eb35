"""Recommendations in words: theme labels, and one recommendation of the `recommendations` query
as Markdown with its links (the report on undocs.org with its paragraph, the visit's profile).
Plain functions: testable without Streamlit."""

from urllib.parse import urlencode

from dashboard import labels

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


def _url(url: str) -> str:
    """A URL safe inside a Markdown link target."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _escape(text: str) -> str:
    """Markdown-safe text: no link, emphasis or HTML from the data."""
    for char in "\\`*_[]<>#|$~":
        text = text.replace(char, "\\" + char)
    return text


def result_markdown(row: dict) -> str:
    """One recommendation: summary, themes, addressee, place and persons, the report (symbol,
    paragraph, undocs.org link), the visit it came from, and its sources."""
    themes = " · ".join(theme_label(t) for t in row["themes"] or [])
    report = (
        f"[{_escape(row['report_symbol'])}]({_url(row['report_url'])})"
        if row.get("report_symbol")
        else f"{_escape(row['report_id'])} (symbol unknown)"
    )
    persons = ", ".join(row.get("affected_persons") or []) or "not specified"
    place = row["place_type"].replace("-", " ")
    sources = " · ".join(
        f"[source {i}]({_url(url)})" for i, url in enumerate(row.get("source_urls") or [], start=1)
    )
    return (
        f"{_escape(row['summary'])}  \n"
        f"**Themes:** {themes} · **To** {addressed_to(row['addressee'])}"
        f" · **Place:** {place} · **Persons:** {_escape(persons)}  \n"
        f"**Report:** {report}, {paragraph(row)} · "
        f"**Visit:** [{_escape(row['state'])}, {row['visit_dates']}]({visit_link(row)})"
        f" · confidence {row['confidence']}" + (f" · {sources}" if sources else "")
    )

"""What the review page shows, kept out of the page so the page holds layout only."""

import html

from dashboard.markdown import literal
from dashboard.press.parse import PressRecord, TooLong, parse
from dashboard.press.text import MAX_INPUT_BYTES, NotText, html_to_text, looks_like_html, too_large

LABELS = {
    "country": "State",
    "iso3": "ISO3",
    "start_date": "Start",
    "end_date": "End",
    "visit_type": "Visit type",
    "visit_ordinal": "Visit to this State",
    "head_of_delegation": "Head",
    "members": "Members",
    "facility_types": "Places",
    "report_published_previous": "Earlier report public",
    "release_date": "Release date",
    "visit_status": "Halted or resumed",
    "countries_mentioned": "States named",
}


def release_text(pasted: str) -> str:
    """The pasted release as plain text (HTML is turned into paragraphs); NotText if it is too
    large to be a release."""
    size = len(pasted.encode("utf-8", "replace"))
    if size > MAX_INPUT_BYTES:
        raise too_large(size, "the pasted text")
    text = pasted.replace("\r\n", "\n")
    return html_to_text(text) if looks_like_html(text) else text


def read_pasted(pasted: str) -> tuple[str, PressRecord]:
    """The pasted release's text and its record; NotText (with a message for the page) if it
    cannot be read as a release."""
    text = release_text(pasted)
    try:
        return text, parse(text)
    except TooLong as e:
        raise NotText(f"the pasted text: {e}") from None


def record_lines(record: PressRecord) -> list[str]:
    """One markdown line per field, e.g. "**State:** Kazakhstan"; the values, read from pasted
    text, are shown literally."""
    if not record.is_single_visit:
        named = ", ".join(record.countries_mentioned) or "none"
        return ["**Not about a single SPT visit.**", f"**States named:** {literal(named)}"]
    lines = []
    for key, label in LABELS.items():
        value = getattr(record, key)
        if key == "members":
            value = "; ".join(
                m.name + (f" ({m.nationality})" if m.nationality else "") for m in value
            )
        elif isinstance(value, list):
            value = ", ".join(value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        why = record.missing.get(key)
        empty = f"— ({literal(why)})" if why else "—"
        lines.append(f"**{label}:** {literal(value) if value not in (None, '') else empty}")
    return lines


def highlighted(text: str, record: PressRecord) -> str:
    """text as HTML with each evidence span marked, its field named in the mark's title."""
    spans = []
    for key, quote in record.evidence.items():
        start = text.find(quote) if quote else -1
        if start >= 0 and not any(s < start + len(quote) and start < e for s, e, _ in spans):
            spans.append((start, start + len(quote), key))
    out, position = [], 0
    for start, end, key in sorted(spans):
        out.append(html.escape(text[position:start]))
        label = html.escape(LABELS.get(key, key))
        out.append(f'<mark title="{label}">{html.escape(text[start:end])}</mark>')
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out).replace("\n", "<br>")

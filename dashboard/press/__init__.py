"""SPT press releases: parse one (parse.py), compare it with the data and save it (ingest.py).

May import: the base modules at the top of `dashboard` and the data layer (`dashboard.data`),
which ingest writes through. Never the query, chart, export or app layers."""

import sys
from pathlib import Path

from dashboard.press.parse import Member, PressRecord, TooLong, parse
from dashboard.press.text import NotText, decode, read_limited

__all__ = [
    "Member",
    "NotText",
    "PressRecord",
    "describe",
    "parse",
    "parse_bytes",
    "read_release",
]


def parse_bytes(data: bytes, name: str = "input") -> PressRecord:
    """Parse a release given as bytes (UTF-8 text or HTML); NotText if it is not text or too
    large to be a release."""
    try:
        return parse(decode(data, name))
    except TooLong as e:
        raise NotText(f"{name}: {e}") from None


def read_release(path: Path) -> PressRecord:
    """Parse the release in a file, or on standard input when path is "-". At most
    text.MAX_INPUT_BYTES are read: a larger file is refused without being read whole."""
    path = Path(path)
    if str(path) == "-":
        return parse_bytes(read_limited(sys.stdin.buffer, "standard input"), "standard input")
    with open(path, "rb") as f:
        return parse_bytes(read_limited(f, str(path)), str(path))


def describe(record: PressRecord) -> str:
    """A few readable lines: each field, and the text it was read from."""
    if not record.is_single_visit:
        lines = ["Not about a single SPT visit."]
        lines.append(f"States named: {', '.join(record.countries_mentioned) or 'none'}")
        if record.release_date:
            lines.append(f"Release date: {record.release_date}")
        return "\n".join(lines)
    members = "; ".join(
        m.name + (f" ({m.nationality})" if m.nationality else "") for m in record.members
    )
    rows = [
        ("State", f"{record.country} ({record.iso3})", "country"),
        ("Dates", f"{record.start_date or '?'} to {record.end_date or '?'}", "start_date"),
        ("Visit type", record.visit_type, "visit_type"),
        ("Visit to this State", record.visit_ordinal or "not stated", "visit_ordinal"),
        ("Head of delegation", record.head_of_delegation or "not stated", "head_of_delegation"),
        ("Members", members or "not listed", "members"),
        ("Places", ", ".join(record.facility_types) or "not stated", "facility_types"),
        (
            "Earlier report public",
            _yes_no(record.report_published_previous),
            "report_published_previous",
        ),
        ("Release date", record.release_date or "not stated", "release_date"),
        ("Visit halted or resumed", record.visit_status or "not stated", "visit_status"),
        ("States named", ", ".join(record.countries_mentioned), None),
    ]
    lines = []
    for label, value, key in rows:
        why = record.missing.get(key)
        lines.append(f"{label}: {value}" + (f" ({why})" if why else ""))
        if key in record.evidence:
            lines.append(f"    from: “{record.evidence[key]}”")
    return "\n".join(lines)


def _yes_no(value: bool | None) -> str:
    return "not stated" if value is None else ("yes" if value else "no")

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

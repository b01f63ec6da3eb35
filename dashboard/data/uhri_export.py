"""Reading an export of the UN Universal Human Rights Index (UHRI), in any of the forms it comes in.

Forms
    JSON (an array of records, the API's field names), or a table, CSV or XLSX, with either the
    API's names or the headers of the site's own export. Every header is compared without case,
    spaces or punctuation, so "OHCHR Annotation Id", "AnnotationId" and "annotation_id" are one.
    Columns we do not use ("Annotation Type", "Mechanism"...) are ignored.

The quirks of the site's export, each handled here
    - the body header is spelled "Reccomending Body" (sic), and bodies are written "- SPT";
    - a cell with several values holds one per line, each with a "- " prefix ("- Kazakhstan");
    - "Document Publication Date" is an Excel serial number (43503 is 2019-02-07), or a date cell;
    - the text starts with the section heading and the paragraph number, glued together
      ("Legal safeguards 71.The Subcommittee recommends ..."): `split_text` takes them apart.

A record is a dict of the API's field names; list fields are lists of str, dates ISO strings.
"""

import csv
import datetime as dt
import html
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

FIELDS = [
    "AnnotationId",
    "Body",
    "Symbol",
    "Text",
    "Countries",
    "Regions",
    "Themes",
    "AffectedPersons",
    "Sdgs",
    "PublicationDate",
]
REQUIRED = ("AnnotationId", "Body", "Symbol", "Text", "Themes")
LIST_FIELDS = ("Countries", "Regions", "Themes", "AffectedPersons", "Sdgs")

# Header as compared (lower case, letters and digits only) → the API's field name.
HEADERS = {
    "annotationid": "AnnotationId",
    "ohchrannotationid": "AnnotationId",
    "body": "Body",
    "recommendingbody": "Body",
    "reccomendingbody": "Body",  # sic, as the export spells it
    "symbol": "Symbol",
    "documentsymbol": "Symbol",
    "text": "Text",
    "countries": "Countries",
    "countriesconcerned": "Countries",
    "regions": "Regions",
    "themes": "Themes",
    "affectedpersons": "AffectedPersons",
    "sdgs": "Sdgs",
    "sustainabledevelopmentgoals": "Sdgs",
    "publicationdate": "PublicationDate",
    "documentpublicationdate": "PublicationDate",
}

LIST_SPLIT = re.compile(r"\s*(?:;|\r?\n)\s*")
TAG = re.compile(r"<[^>]+>")
# "71.The ...", "71. The ...", or a heading first: "Legal safeguards 71.The ...". The heading is
# at most 150 characters with no sentence punctuation, and the number is followed by a full stop
# and the start of a sentence, so that "within 6 months." is never taken for a paragraph.
NUMBERED = re.compile(
    r"(?P<heading>[^.;:!?\d][^.;:!?]{0,149}?)?\s*(?P<number>\d{1,4})\s*\.\s*"
    r"(?=[A-Z\u00c0-\u00de(\"'«“‘\[])"
)
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 in Excel's (leap-year-bug) count
XLSX_MAGIC = b"PK\x03\x04"


class ExportError(ValueError):
    """The file cannot be read as an export at all: a message for the user."""


@dataclass(frozen=True)
class Record:
    line: int  # the line (CSV, JSON) or row (XLSX) the record starts on
    values: dict  # field → str or list[str]


def header_key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())


def field_name(header: str) -> str | None:
    """The API's name of an export header, or None for a column we do not use."""
    return HEADERS.get(header_key(header))


def plain(value) -> str:
    """Plain text: HTML tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(TAG.sub(" ", str(value or ""))).split())


def list_values(value) -> list[str]:
    """The values of a multi-value cell or JSON list: one a line or ";"-separated, "- " dropped."""
    items = value if isinstance(value, list) else LIST_SPLIT.split(str(value or "").strip())
    out = []
    for item in items:
        item = " ".join(str(item).split())
        item = re.sub(r"^[-–•]\s*", "", item)
        if item and item not in out:
            out.append(item)
    return out


def body(value) -> str:
    """The body, lower case, without UHRI's "- " prefix: "- SPT" → "spt"."""
    return str(value or "").strip().removeprefix("-").strip().lower()


def export_date(value) -> str | None:
    """An ISO date from an Excel serial number, a date cell or an ISO date; None if empty.
    ValueError for anything else."""
    text = str(value or "").strip()
    if not text:
        return None
    if re.fullmatch(r"\d{1,6}(?:\.0+)?", text):
        return (EXCEL_EPOCH + dt.timedelta(days=int(float(text)))).isoformat()
    m = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+)?(?:Z|[+-]\d{2}:?\d{2})?$", text)
    if m:
        return dt.date.fromisoformat(m.group(1)).isoformat()
    raise ValueError(f"{text!r} is neither a date nor an Excel serial number")


def split_text(text: str) -> tuple[str, str, str]:
    """(section heading, paragraph number, text) of a recommendation's text; heading and number
    empty where the text does not start with them."""
    m = NUMBERED.match(text)
    if not m:
        return "", "", text
    return (m.group("heading") or "").strip(), m.group("number"), text[m.end() :]


def read(path: Path) -> tuple[str, list[str], list[Record]]:
    """(kind, header, records) of an export file; kind is "UHRI JSON", "UHRI CSV", "UHRI XLSX"
    or "CSV" (a table whose header is not UHRI's: the caller decides what it is)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise ExportError(f"{path}: cannot read: {e.strerror or e}") from e
    if raw.startswith(XLSX_MAGIC):
        header, rows = _xlsx_rows(path, raw)
        return "UHRI XLSX", header, _table_records(path.name, header, rows)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ExportError(f"{path}: not UTF-8 text (byte {e.start})") from e
    if text.lstrip().startswith("["):
        return "UHRI JSON", FIELDS, _json_records(path.name, text)
    rows = list(_csv_rows(text))
    if not rows:
        raise ExportError(f"{path.name}:1: -: the file is empty")
    header = rows[0][1]
    if "AnnotationId" not in [field_name(h) for h in header]:
        return "CSV", header, [Record(line, fields) for line, fields in rows[1:]]
    return "UHRI CSV", header, _table_records(path.name, header, rows[1:])


def _table_records(name: str, header: list[str], rows) -> list[Record]:
    """Records of a CSV or XLSX export: columns renamed to the API's names, lists split."""
    names = [field_name(h) for h in header]
    missing = [f for f in REQUIRED if f not in names]
    if missing:
        raise ExportError(f"{name}:1: -: missing UHRI columns {', '.join(missing)}")
    records = []
    for line, fields in rows:
        if len(fields) != len(header):
            raise ExportError(
                f"{name}:{line}: -: has {len(fields)} fields, the header has {len(header)}"
            )
        values = {n: v for n, v in zip(names, fields, strict=True) if n}
        for n in LIST_FIELDS:
            if n in values:
                values[n] = list_values(values[n])
        records.append(Record(line, values))
    return records


def _xlsx_rows(path: Path, raw: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and (row number, cells as text) of the first sheet, empty rows skipped."""
    import polars as pl

    try:
        frame = pl.read_excel(
            raw,
            engine="calamine",
            has_header=False,
            infer_schema_length=0,  # every cell as text: ids, symbols and serial dates as written
            drop_empty_rows=False,  # so that a record's row number is the sheet's
            raise_if_empty=False,
        )
    except Exception as e:  # calamine's errors (not a workbook, encrypted...) are all one here
        raise ExportError(f"{path.name}: not a readable XLSX workbook ({e})") from e
    rows = [[str(v) if v is not None else "" for v in row] for row in frame.rows()]
    numbered = [(i + 1, r) for i, r in enumerate(rows) if any(v.strip() for v in r)]
    if not numbered:
        raise ExportError(f"{path.name}:1: -: the workbook's first sheet is empty")
    (_, header), *body_rows = numbered
    return header, body_rows


def _json_records(name: str, text: str) -> list[Record]:
    """Each object of the array, with the line it starts on."""
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    records = []
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text):
            raise ExportError(f"{name}: the JSON array is not closed")
        if text[position] == "]":
            return records
        line = text.count("\n", 0, position) + 1
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as e:
            raise ExportError(f"{name}:{e.lineno}: -: not valid JSON ({e.msg})") from e
        if not isinstance(value, dict):
            raise ExportError(f"{name}:{line}: -: a record is a JSON object")
        values = {field_name(k) or k: v for k, v in value.items()}
        for n in LIST_FIELDS:
            if n in values:
                values[n] = list_values(values[n])
        records.append(Record(line, values))


def _csv_rows(text: str):
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for fields in reader:
        if any(f.strip() for f in fields):
            yield line, fields
        line = reader.line_num + 1

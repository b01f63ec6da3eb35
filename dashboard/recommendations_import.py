"""`opcat-dashboard import-recommendations`: recommendations from a UHRI export, or from a CSV file
in our own form, compared with data/ and, with --apply, written into it.

Input
    A UHRI export as the UHRI site gives it: JSON (an array of records) or CSV (one record a row),
    with the fields AnnotationId, Body, Symbol, Text, Countries, Regions, Themes, AffectedPersons,
    Sdgs and PublicationDate. List fields are JSON arrays, or in a CSV cell values separated by
    ";" or line breaks. UHRI writes bodies as "- SPT"; the leading "- " is ignored. Or a CSV file
    with the columns of data/recommendations.csv (an empty recommendation_id gets the next R###).

What happens to each record (every line of the report is `file:line: field: reason`)
    - not from the SPT (Body): left out, counted;
    - its Symbol is not a report in reports.csv: left out ("unmatched symbol");
    - already on record (the same id, or the same report and paragraph, or the same report and
      summary where the paragraph is unknown): left out ("already on record as R015");
    - a theme or affected group with no line in data/uhri_mapping.csv, no theme of ours after the
      mapping, a field missing, the same record twice in the file: a problem.
    The others are added: themes and affected persons mapped through data/uhri_mapping.csv (a
    reviewable file: one line per UHRI value, empty `ours` for a value with no equivalent), the
    paragraph read from the start of the Text ("15. The Subcommittee..."), the addressee that of the
    report, place type `general` (UHRI gives none), confidence `medium` (themes mapped, not read),
    the Text (HTML removed) as the summary, id `UHRI-<AnnotationId>`.

Writing
    Nothing is written when there is a problem. With --apply the rows go into recommendations.csv,
    the source URL into sources.csv and a source link per row into source_links.csv, all at once
    with the database rebuilt (`datafiles.commit` inside `build.prepared`): if the build fails,
    every file is as it was. A second run finds every row already on record and changes nothing.
"""

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import datafiles
from dashboard.build import BuildError, prepared
from dashboard.datafiles import Problem, Tables
from dashboard.filters import THEMES
from dashboard.sources import find_or_add

MAPPING_FILE = "uhri_mapping.csv"
MAPPING_COLUMNS = ["uhri_field", "uhri_value", "ours", "note"]
UHRI_FIELDS = [
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
UHRI_REQUIRED = ("AnnotationId", "Body", "Symbol", "Text", "Themes")
OUR_COLUMNS = [
    "recommendation_id",
    "report_id",
    "paragraph",
    "sub_item",
    "addressee",
    "themes",
    "place_type",
    "affected_persons",
    "summary",
    "confidence",
]
SPT_BODIES = {"spt", "subcommittee on prevention of torture"}
UHRI_SOURCE = "https://uhri.ohchr.org/en/search-human-rights-recommendations"
LIST_SPLIT = re.compile(r"\s*(?:;|\r?\n)\s*")
PARAGRAPH = re.compile(r"\s*(\d{1,4})\s*\.\s*")
TAG = re.compile(r"<[^>]+>")


class ImportFileError(ValueError):
    """The file cannot be read as an export at all: a message for the user."""


@dataclass(frozen=True)
class Record:
    line: int
    values: dict  # field → str or list[str]


@dataclass
class Plan:
    file: str
    kind: str  # "UHRI JSON", "UHRI CSV" or "our CSV"
    source_url: str | None
    rows: list[dict] = field(default_factory=list)  # recommendations to add
    matched: list[tuple[int, str, str]] = field(default_factory=list)  # line, id, report
    skipped: list[Problem] = field(default_factory=list)  # left out: unmatched, duplicate
    problems: list[Problem] = field(default_factory=list)  # nothing is written while any
    not_spt: int = 0

    def lines(self) -> list[str]:
        """The report: one `file:line: field: reason` line per record added, left out or wrong."""
        column = _field(self.kind, "Symbol")
        added = [
            f"{self.file}:{line}: {column}: matches report {report}; adds {rid}"
            for line, rid, report in self.matched
        ]
        return added + [str(p) for p in sorted(self.skipped + self.problems)]

    def summary(self) -> str:
        unmatched = sum(1 for p in self.skipped if p.reason.startswith("unmatched"))
        on_record = len(self.skipped) - unmatched
        return (
            f"{self.file} ({self.kind}): {len(self.rows)} to add, {on_record} already on record, "
            f"{unmatched} unmatched symbols, {self.not_spt} not from the SPT, "
            f"{len(self.problems)} problems"
        )


# --- Reading -------------------------------------------------------------------------------------


def read_records(path: Path) -> tuple[str, list[Record]]:
    """The records of an export file and its kind; ImportFileError if it is not one."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as e:
        raise ImportFileError(f"{path}: cannot read: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise ImportFileError(f"{path}: not UTF-8 text (byte {e.start})") from e
    if text.lstrip().startswith("["):
        return "UHRI JSON", _json_records(path.name, text)
    rows = list(_csv_rows(text))
    if not rows:
        raise ImportFileError(f"{path.name}:1: -: the file is empty")
    header = rows[0][1]
    if header == OUR_COLUMNS:
        return "our CSV", [Record(line, dict(zip(header, f, strict=True))) for line, f in rows[1:]]
    if "AnnotationId" in header:
        missing = [f for f in UHRI_REQUIRED if f not in header]
        if missing:
            raise ImportFileError(f"{path.name}:1: -: missing UHRI columns {', '.join(missing)}")
        records = []
        for line, fields in rows[1:]:
            if len(fields) != len(header):
                raise ImportFileError(
                    f"{path.name}:{line}: -: has {len(fields)} fields, the header has {len(header)}"
                )
            values = dict(zip(header, fields, strict=True))
            for name in ("Countries", "Regions", "Themes", "AffectedPersons", "Sdgs"):
                if name in values:
                    values[name] = [v for v in LIST_SPLIT.split(values[name].strip()) if v]
            records.append(Record(line, values))
        return "UHRI CSV", records
    raise ImportFileError(
        f"{path.name}:1: -: neither a UHRI export (no AnnotationId column) nor our form "
        f"(columns {', '.join(OUR_COLUMNS)})"
    )


def _json_records(name: str, text: str) -> list[Record]:
    """Each object of the array, with the line it starts on."""
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    records = []
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text):
            raise ImportFileError(f"{name}: the JSON array is not closed")
        if text[position] == "]":
            return records
        line = text.count("\n", 0, position) + 1
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as e:
            raise ImportFileError(f"{name}:{e.lineno}: -: not valid JSON ({e.msg})") from e
        if not isinstance(value, dict):
            raise ImportFileError(f"{name}:{line}: -: a record is a JSON object")
        records.append(Record(line, value))


def _csv_rows(text: str):
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for fields in reader:
        if any(f.strip() for f in fields):
            yield line, fields
        line = reader.line_num + 1


def read_mapping(data_dir: Path) -> dict[tuple[str, str], list[str]]:
    """(UHRI field, UHRI value) → our values, from data/uhri_mapping.csv."""
    table, problems = datafiles.read_table(data_dir / MAPPING_FILE, MAPPING_COLUMNS)
    if problems:
        raise datafiles.ValidationError(problems)
    mapping, bad = {}, []
    for row in table.rows:
        values = dict(zip(MAPPING_COLUMNS, row.fields, strict=True))
        ours = [v for v in LIST_SPLIT.split(values["ours"]) if v]
        unknown = [v for v in ours if values["uhri_field"] == "Themes" and v not in THEMES]
        if values["uhri_field"] not in ("Themes", "AffectedPersons"):
            bad.append(Problem(MAPPING_FILE, row.line, "uhri_field", "Themes or AffectedPersons"))
        for v in unknown:
            bad.append(Problem(MAPPING_FILE, row.line, "ours", f"unknown theme {v!r}"))
        mapping[(values["uhri_field"], values["uhri_value"])] = ours
    if bad:
        raise datafiles.ValidationError(bad)
    return mapping


# --- Comparing -----------------------------------------------------------------------------------


def plan(path: Path, data_dir: Path, source_url: str | None = None) -> Plan:
    """What importing the file would do, against data_dir as it is now (nothing is written)."""
    kind, records = read_records(path)
    with datafiles.locked(data_dir):
        tables = Tables(data_dir)
        return _plan(path.name, kind, records, tables, read_mapping(data_dir), source_url)


def _plan(name, kind, records, tables: Tables, mapping, source_url) -> Plan:
    source_url = source_url or (UHRI_SOURCE if kind.startswith("UHRI") else None)
    result = Plan(name, kind, source_url)
    reports = {_symbol_key(r["report_id"]): r for r in tables.get("reports")}
    reports.update(
        {_symbol_key(r["report_symbol"]): r for r in tables.get("reports") if r["report_symbol"]}
    )
    existing = list(tables.get("recommendations"))
    seen_in_file: dict[str, int] = {}
    for record in records:
        if kind == "our CSV":
            row, problems = _our_row(name, record, reports)
        else:
            if _body(record.values.get("Body")) not in SPT_BODIES:
                result.not_spt += 1
                continue
            row, problems = _uhri_row(name, record, reports, mapping)
        if problems:
            result.problems += problems
            continue
        if row is None:  # unmatched symbol
            symbol = record.values.get("Symbol") or record.values.get("report_id")
            result.skipped.append(
                Problem(
                    name,
                    record.line,
                    _field(kind, "Symbol"),
                    f"unmatched symbol {symbol!r}: no such report in reports.csv",
                )
            )
            continue
        key = row["recommendation_id"] or f"{row['report_id']}|{row['paragraph']}|{row['summary']}"
        if key in seen_in_file:
            result.problems.append(
                Problem(
                    name,
                    record.line,
                    _field(kind, "AnnotationId"),
                    f"the same record as line {seen_in_file[key]}",
                )
            )
            continue
        seen_in_file[key] = record.line
        duplicate = _on_record(row, existing)
        if duplicate:
            result.skipped.append(
                Problem(
                    name,
                    record.line,
                    _field(kind, "AnnotationId"),
                    f"already on record as {duplicate}",
                )
            )
            continue
        result.rows.append(row)
        result.matched.append(
            (record.line, row["recommendation_id"] or "(new id)", row["report_id"])
        )
    return result


def _field(kind: str, uhri_name: str) -> str:
    ours = {"Symbol": "report_id", "AnnotationId": "recommendation_id"}
    return ours[uhri_name] if kind == "our CSV" else uhri_name


def _body(value) -> str:
    return str(value or "").strip().removeprefix("-").strip().lower()


def _symbol_key(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol or "").upper()


def _text(value) -> str:
    """Plain text: HTML tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(TAG.sub(" ", str(value or ""))).split())


def _uhri_row(name, record: Record, reports: dict, mapping) -> tuple[dict | None, list[Problem]]:
    values, line = record.values, record.line
    problems = [
        Problem(name, line, f, "a value is required")
        for f in UHRI_REQUIRED
        if f != "Themes" and not _text(values.get(f))
    ]
    themes, persons = [], []
    for uhri_field, out in (("Themes", themes), ("AffectedPersons", persons)):
        given = values.get(uhri_field) or []
        if isinstance(given, str):
            given = [v for v in LIST_SPLIT.split(given) if v]
        for value in given:
            value = " ".join(str(value).split())
            if (uhri_field, value) not in mapping:
                problems.append(
                    Problem(
                        name,
                        line,
                        uhri_field,
                        f"unknown value {value!r}: add a line for it to data/{MAPPING_FILE}",
                    )
                )
                continue
            out.extend(v for v in mapping[(uhri_field, value)] if v not in out)
    if not themes and not any(p.column == "Themes" for p in problems):
        problems.append(
            Problem(name, line, "Themes", f"no theme of ours (after data/{MAPPING_FILE})")
        )
    if problems:
        return None, problems
    report = reports.get(_symbol_key(values["Symbol"]))
    if report is None:
        return None, []
    text = _text(values["Text"])
    number = PARAGRAPH.match(text)
    return {
        "recommendation_id": f"UHRI-{_text(values['AnnotationId'])}",
        "report_id": report["report_id"],
        "paragraph": number.group(1) if number else "",
        "sub_item": "",
        "addressee": report["addressee"] or "state",
        "themes": ";".join(themes),
        "place_type": "general",
        "affected_persons": ";".join(persons),
        "summary": text[number.end() :] if number else text,
        "confidence": "medium",
    }, []


def _our_row(name, record: Record, reports: dict) -> tuple[dict | None, list[Problem]]:
    values = {k: (v or "").strip() for k, v in record.values.items()}
    problems = [
        Problem(name, record.line, c, "a value is required")
        for c in ("report_id", "addressee", "themes", "place_type", "summary", "confidence")
        if not values[c]
    ]
    for theme in LIST_SPLIT.split(values["themes"]):
        if theme and theme not in THEMES:
            problems.append(Problem(name, record.line, "themes", f"unknown theme {theme!r}"))
    if problems:
        return None, problems
    report = reports.get(_symbol_key(values["report_id"]))
    if report is None:
        return None, []
    return {**values, "report_id": report["report_id"]}, []


def _paragraphs(value: str) -> range | None:
    m = re.fullmatch(r"(\d+)(?:-(\d+))?", value or "")
    return range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1) if m else None


def _on_record(row: dict, existing: list[dict]) -> str | None:
    """The id of the row on record that this one repeats, if any."""
    rid = row["recommendation_id"]
    mine = _paragraphs(row["paragraph"])
    for other in existing:
        if rid and other["recommendation_id"] == rid:
            return rid
        if other["report_id"] != row["report_id"]:
            continue
        theirs = _paragraphs(other["paragraph"])
        if mine and theirs and (other["sub_item"] or "") == (row["sub_item"] or ""):
            if mine.start in theirs or theirs.start in mine:
                return other["recommendation_id"]
        elif not mine and _text(other["summary"]) == _text(row["summary"]):
            return other["recommendation_id"]
    return None


# --- Writing -------------------------------------------------------------------------------------


def apply(path: Path, data_dir: Path, db_path: Path, source_url: str | None = None) -> Plan:
    """Compare again under the writer's lock and write the rows, all or nothing; return the plan.
    Raises ValidationError (nothing written) when the plan has problems or the data would not
    build, ImportFileError when there is no source URL for new rows."""
    kind, records = read_records(path)
    with datafiles.locked(data_dir, exclusive=True):
        tables = Tables(data_dir)
        result = _plan(path.name, kind, records, tables, read_mapping(data_dir), source_url)
        if result.problems:
            raise datafiles.ValidationError(sorted(result.problems))
        if not result.rows:
            return result
        if not result.source_url or not re.fullmatch(r"https?://\S+", result.source_url):
            raise ImportFileError(
                "new rows need the file's public URL as their source: --source-url"
            )
        source_id, _ = find_or_add(tables, result.source_url)
        numbers = [
            int(r["recommendation_id"][1:])
            for r in tables.get("recommendations")
            if re.fullmatch(r"R\d+", r["recommendation_id"])
        ]
        next_number = max(numbers, default=0) + 1
        for i, row in enumerate(result.rows):
            if not row["recommendation_id"]:
                row["recommendation_id"] = f"R{next_number:03d}"
                next_number += 1
                line, _, report = result.matched[i]
                result.matched[i] = (line, row["recommendation_id"], report)
            tables.insert("recommendations", row)
            tables.insert(
                "source_links",
                {
                    "record_type": "recommendation",
                    "record_id": row["recommendation_id"],
                    "source_id": source_id,
                },
                after={"record_type": "recommendation"},
            )
        files = tables.encoded()
        with prepared(data_dir, db_path, files) as install:
            datafiles.commit(data_dir, files)
            try:
                install()
            except BuildError as e:
                raise BuildError(f"the CSV files were saved, but {e}; run build again") from e
    return result

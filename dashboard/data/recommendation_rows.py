"""A recommendation of a UHRI export (or of a CSV in our columns) turned into a row of
recommendations.csv: the UHRI's themes and affected persons mapped onto ours
(data/uhri_mapping.csv), the document symbol matched to a report on record, the paragraph and the
text split apart; and the `Plan` an import reports, row by row.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.data import datafiles, uhri_export
from dashboard.data.datafiles import Problem
from dashboard.data.schema import vocabulary
from dashboard.data.uhri_export import LIST_SPLIT, Record, plain

THEMES = vocabulary("recommendations", "themes")


ImportFileError = uhri_export.ExportError


MAPPING_FILE = "uhri_mapping.csv"


MAPPING_COLUMNS = ["uhri_field", "uhri_value", "ours", "note"]


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
    "section",
    "unmapped_themes",
    "unmapped_persons",
]


OPTIONAL_COLUMNS = 3  # the last three of OUR_COLUMNS may be left out of a file in our form


SPT_BODIES = {"spt", "subcommittee on prevention of torture"}


UHRI_SOURCE = "https://uhri.ohchr.org/en/search-human-rights-recommendations"


# A State's reply (/Add.1), a revision (/R.1, /Rev.1) or a corrigendum (/Corr.1) of a report.
SYMBOL_SUFFIX = re.compile(r"(?:/(?:ADD|R|REV|CORR)\.?\d+)+$")


UNMAPPED_COLUMN = {"Themes": "unmapped_themes", "AffectedPersons": "unmapped_persons"}


@dataclass
class Plan:
    file: str
    kind: str  # "UHRI JSON", "UHRI CSV", "UHRI XLSX" or "our CSV"
    source_url: str | None
    rows: list[dict] = field(default_factory=list)  # recommendations to add
    matched: list[tuple[int, str, str]] = field(default_factory=list)  # line, id, report
    skipped: list[Problem] = field(default_factory=list)  # left out: unmatched, duplicate
    problems: list[Problem] = field(default_factory=list)  # nothing is written while any
    not_spt: int = 0
    unmapped: Counter = field(default_factory=Counter)  # (UHRI field, value) → records
    unmatched_symbols: Counter = field(default_factory=Counter)  # symbol → records

    def lines(self) -> list[str]:
        """The report: one `file:line: field: reason` line per record added, left out or wrong."""
        column = field_name(self.kind, "Symbol")
        added = [
            f"{self.file}:{line}: {column}: matches report {report}; adds {rid}"
            for line, rid, report in self.matched
        ]
        return added + [str(p) for p in sorted(self.skipped + self.problems)]

    def warnings(self) -> list[str]:
        """What a reviewer should look at though nothing stops the import: the UHRI values the
        mapping does not know, and the symbols that match no report."""
        out = []
        if self.unmapped:
            values = "; ".join(f"{f} {v!r} ({n})" for (f, v), n in sorted(self.unmapped.items()))
            out.append(
                f"warning: {len(self.unmapped)} UHRI values not in data/{MAPPING_FILE}, kept as "
                f"UHRI wrote them (records): {values}"
            )
        if self.unmatched_symbols:
            symbols = "; ".join(f"{s} ({n})" for s, n in sorted(self.unmatched_symbols.items()))
            out.append(
                f"warning: {len(self.unmatched_symbols)} symbols match no report in reports.csv "
                f"(records): {symbols}"
            )
        return out

    def summary(self) -> str:
        unmatched = sum(self.unmatched_symbols.values())
        no_theme = sum(1 for p in self.skipped if p.reason.startswith("no theme"))
        on_record = len(self.skipped) - unmatched - no_theme
        return (
            f"{self.file} ({self.kind}): {len(self.rows)} to add, {on_record} already on record, "
            f"{unmatched} unmatched symbols, {no_theme} with no theme of ours, "
            f"{self.not_spt} not from the SPT, {len(self.problems)} problems"
        )


# --- Reading -------------------------------------------------------------------------------------


def read_records(path: Path) -> tuple[str, list[Record]]:
    """The records of an export file and its kind; ImportFileError if it is not one."""
    kind, header, records = uhri_export.read(path)
    if kind != "CSV":
        return kind, records
    ours = OUR_COLUMNS[: len(header)]
    if header != ours or len(header) < len(OUR_COLUMNS) - OPTIONAL_COLUMNS:
        raise ImportFileError(
            f"{path.name}:1: -: neither a UHRI export (no annotation id column) nor our form "
            f"(columns {', '.join(OUR_COLUMNS)})"
        )
    records_ours = []
    for r in records:
        if len(r.values) != len(header):
            raise ImportFileError(
                f"{path.name}:{r.line}: -: has {len(r.values)} fields, the header has {len(header)}"
            )
        values = r.values + [""] * (len(OUR_COLUMNS) - len(header))
        records_ours.append(Record(r.line, dict(zip(OUR_COLUMNS, values, strict=True))))
    return "our CSV", records_ours


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


def _unmatched(result: Plan, line: int, symbol: str) -> None:
    result.unmatched_symbols[symbol] += 1
    result.skipped.append(
        Problem(
            result.file,
            line,
            field_name(result.kind, "Symbol"),
            f"unmatched symbol {symbol!r}: no such report in reports.csv",
        )
    )


def field_name(kind: str, uhri_name: str) -> str:
    ours = {"Symbol": "report_id", "AnnotationId": "recommendation_id"}
    return ours[uhri_name] if kind == "our CSV" else uhri_name


def symbol_key(symbol: str) -> str:
    """A symbol as compared: upper case, no spaces, no reply or revision suffix."""
    return SYMBOL_SUFFIX.sub("", re.sub(r"\s+", "", symbol or "").upper())


def uhri_row(
    name, record: Record, reports: dict, mapping, result: Plan, strict: bool
) -> tuple[dict | None, list[Problem]]:
    values, line = record.values, record.line
    problems = [
        Problem(name, line, f, "a value is required")
        for f in uhri_export.REQUIRED
        if f != "Themes" and not plain(values.get(f))
    ]
    try:
        uhri_export.export_date(values.get("PublicationDate"))
    except ValueError as e:
        problems.append(Problem(name, line, "PublicationDate", str(e)))
    mapped: dict[str, list[str]] = {"Themes": [], "AffectedPersons": []}
    unmapped: dict[str, list[str]] = {"Themes": [], "AffectedPersons": []}
    for uhri_field in mapped:
        for value in values.get(uhri_field) or []:  # split by uhri_export.read
            if (uhri_field, value) in mapping:
                ours = mapping[(uhri_field, value)]
                mapped[uhri_field] += [v for v in ours if v not in mapped[uhri_field]]
            elif strict:
                problems.append(
                    Problem(
                        name,
                        line,
                        uhri_field,
                        f"unknown value {value!r}: add a line for it to data/{MAPPING_FILE}",
                    )
                )
            else:
                unmapped[uhri_field].append(value)
    if problems:
        return None, problems
    report = reports.get(symbol_key(values["Symbol"]))
    if report is None:
        _unmatched(result, line, values["Symbol"])
        return None, []
    result.unmapped.update((f, v) for f, vs in unmapped.items() for v in vs)
    if not mapped["Themes"]:
        given = values.get("Themes") or []
        reason = (
            f"no theme of ours: its themes {', '.join(map(repr, given))} are not in "
            f"data/{MAPPING_FILE}"
            if given
            else "no theme of ours: the record has no theme"
        )
        if strict:
            return None, [Problem(name, line, "Themes", reason)]
        result.skipped.append(Problem(name, line, "Themes", reason))
        return None, []
    section, number, text = uhri_export.split_text(plain(values["Text"]))
    return {
        "recommendation_id": f"UHRI-{plain(values['AnnotationId'])}",
        "report_id": report["report_id"],
        "paragraph": number,
        "sub_item": "",
        "addressee": report["addressee"] or "state",
        "themes": ";".join(mapped["Themes"]),
        "place_type": "general",
        "affected_persons": ";".join(mapped["AffectedPersons"]),
        "summary": text,
        "confidence": "medium",
        "section": section,
        "unmapped_themes": ";".join(unmapped["Themes"]),
        "unmapped_persons": ";".join(unmapped["AffectedPersons"]),
    }, []


def our_row(name, record: Record, reports: dict, result: Plan) -> tuple[dict | None, list]:
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
    report = reports.get(symbol_key(values["report_id"]))
    if report is None:
        _unmatched(result, record.line, values["report_id"])
        return None, []
    return {**values, "report_id": report["report_id"]}, []


def paragraphs(value: str) -> range | None:
    m = re.fullmatch(r"(\d+)(?:-(\d+))?", value or "")
    return range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1) if m else None

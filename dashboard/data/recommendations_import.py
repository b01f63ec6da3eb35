"""`opcat-dashboard import-recommendations`: recommendations from a UHRI export, or from a CSV file
in our own form, compared with data/ and, with --apply, written into it.

Input
    A UHRI export in any form the UHRI gives it, JSON, CSV or XLSX, with the API's field names or
    the site export's headers; dashboard/data/uhri_export.py reads it and handles the export's
    quirks.
    Or a CSV file with the columns of data/recommendations.csv (an empty recommendation_id gets
    the next R###; the last three columns may be left out).

What happens to each record (every line of the report is `file:line: field: reason`)
    - not from the SPT (Body): left out, counted;
    - its Symbol matches no report in reports.csv: left out, and the symbol listed. Symbols are
      matched without case or spaces, and a reply or revision suffix (/Add.1, /R.1, /Corr.1) is
      dropped first;
    - already on record (the same id, or the same report and paragraph, or the same report and
      summary where the paragraph is unknown): left out ("already on record as R015");
    - a theme or affected group that data/uhri_mapping.csv does not know: kept as UHRI wrote it
      in the row's unmapped_themes or unmapped_persons, counted, and listed in a warning (and on the
      Data & method page once written). A record none of whose themes maps to one of ours is left
      out and listed. With strict=True (--strict) each of these is a problem instead;
    - a field missing, a date that is not one, the same record twice in the file: a problem.
    The others are added: themes and affected persons mapped through data/uhri_mapping.csv, the
    section heading and paragraph number read from the start of the Text, the addressee that of
    the report, place type `general` (UHRI gives none), confidence `medium` (themes mapped, not
    read), the Text (HTML removed) as the summary, id `UHRI-<AnnotationId>`.

Writing
    Nothing is written when there is a problem. With --apply the rows go into recommendations.csv,
    the source URL into sources.csv and a source link per row into source_links.csv, all at once
    with the database rebuilt (`commit.commit` inside `build.prepared`): if the build fails,
    every file is as it was. A second run finds every row already on record and changes nothing.
"""

import re
from pathlib import Path

from dashboard.data import commit, datafiles, uhri_export
from dashboard.data.build import BuildError, prepared
from dashboard.data.commit import Tables
from dashboard.data.datafiles import Problem
from dashboard.data.recommendation_rows import (
    SPT_BODIES,
    UHRI_SOURCE,
    ImportFileError,
    Plan,
    field_name,
    our_row,
    paragraphs,
    read_mapping,
    read_records,
    symbol_key,
    uhri_row,
)
from dashboard.data.sources import find_or_add
from dashboard.data.uhri_export import plain

# --- Comparing -----------------------------------------------------------------------------------


__all__ = ["ImportFileError", "Plan", "apply", "plan"]


def plan(path: Path, data_dir: Path, source_url: str | None = None, strict: bool = False) -> Plan:
    """What importing the file would do, against data_dir as it is now (nothing is written)."""
    kind, records = read_records(path)
    with commit.locked(data_dir):
        tables = Tables(data_dir)
        mapping = read_mapping(data_dir)
        return _plan(path.name, kind, records, tables, mapping, source_url, strict)


def _plan(name, kind, records, tables: Tables, mapping, source_url, strict) -> Plan:
    source_url = source_url or (UHRI_SOURCE if kind.startswith("UHRI") else None)
    result = Plan(name, kind, source_url)
    reports = {symbol_key(r["report_id"]): r for r in tables.get("reports")}
    reports.update(
        {symbol_key(r["report_symbol"]): r for r in tables.get("reports") if r["report_symbol"]}
    )
    existing = list(tables.get("recommendations"))
    seen_in_file: dict[str, int] = {}
    for record in records:
        if kind == "our CSV":
            row, problems = our_row(name, record, reports, result)
        else:
            if uhri_export.body(record.values.get("Body")) not in SPT_BODIES:
                result.not_spt += 1
                continue
            row, problems = uhri_row(name, record, reports, mapping, result, strict)
        if problems:
            result.problems += problems
            continue
        if row is None:  # left out, and listed, by the row's reader
            continue
        key = row["recommendation_id"] or f"{row['report_id']}|{row['paragraph']}|{row['summary']}"
        if key in seen_in_file:
            result.problems.append(
                Problem(
                    name,
                    record.line,
                    field_name(kind, "AnnotationId"),
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
                    field_name(kind, "AnnotationId"),
                    f"already on record as {duplicate}",
                )
            )
            continue
        result.rows.append(row)
        result.matched.append(
            (record.line, row["recommendation_id"] or "(new id)", row["report_id"])
        )
    return result


def _on_record(row: dict, existing: list[dict]) -> str | None:
    """The id of the row on record that this one repeats, if any."""
    rid = row["recommendation_id"]
    mine = paragraphs(row["paragraph"])
    for other in existing:
        if rid and other["recommendation_id"] == rid:
            return rid
        if other["report_id"] != row["report_id"]:
            continue
        theirs = paragraphs(other["paragraph"])
        if mine and theirs and (other["sub_item"] or "") == (row["sub_item"] or ""):
            if mine.start in theirs or theirs.start in mine:
                return other["recommendation_id"]
        elif not mine and plain(other["summary"]) == plain(row["summary"]):
            return other["recommendation_id"]
    return None


# --- Writing -------------------------------------------------------------------------------------


def apply(
    path: Path, data_dir: Path, db_path: Path, source_url: str | None = None, strict: bool = False
) -> Plan:
    """Compare again under the writer's lock and write the rows, all or nothing; return the plan.
    Raises ValidationError (nothing written) when the plan has problems or the data would not
    build, ImportFileError when there is no source URL for new rows."""
    kind, records = read_records(path)
    with commit.locked(data_dir, exclusive=True):
        tables = Tables(data_dir)
        mapping = read_mapping(data_dir)
        result = _plan(path.name, kind, records, tables, mapping, source_url, strict)
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
            commit.commit(data_dir, files)
            try:
                install()
            except BuildError as e:
                raise BuildError(f"the CSV files were saved, but {e}; run build again") from e
    return result

"""Compare a parsed release with the CSV files in data/, and write it in when asked.

The CSV files are the source of truth, so the comparison reads them, not the database, and only
once the whole folder validates. Writing (``apply``) is all or nothing, across files and with the
database, and uses ``dashboard.data.datafiles``:

1. under the folder's exclusive lock, the changed tables are computed in memory (each file keeps
   its byte order mark, its line endings and the text of every row that did not change; new rows
   go next to the rows of the same visit);
2. the new database is built beside the old one from the folder as it would be (nothing written
   yet): if it does not validate, ValidationError and nothing changed;
3. the files are committed together (new files beside the old, a journal, renames: a failure
   leaves the old files, a kill after the journal is completed by the next command that reads the
   folder);
4. the new database replaces the old one. A kill between 3 and 4 leaves a database older than the
   data, which the next connection rebuilds.

Nothing is written when there is nothing new, so a second run changes nothing.
"""

import re
from pathlib import Path

from dashboard.data import commit
from dashboard.data.build import BuildError, prepared
from dashboard.data.sources import find_or_add
from dashboard.press import countries
from dashboard.press.compare import Comparison, Tables, compare, compare_with_tables, status_of
from dashboard.press.names import same_person
from dashboard.press.parse import PressRecord


class IngestError(Exception):
    """The record cannot be written (not a visit, unknown State, no dates, no source URL)."""


__all__ = ["Comparison", "IngestError", "apply", "compare"]


def apply(
    comparison: Comparison,
    data_dir: Path,
    db_path: Path,
    source_url: str | None = None,
    overwrite: bool = False,
) -> list[str]:
    """Write what the release adds to the data and rebuild the database; return what was done.

    All or nothing (see the module docstring). Raises IngestError when the record cannot be
    written, ValidationError when the data would not validate and DataFolderError when the files
    cannot be written; in all three cases nothing changed.
    """
    with commit.locked(data_dir, exclusive=True):
        tables = Tables(data_dir)
        changes = _change(comparison, tables, source_url, overwrite)
        files = tables.encoded()
        if not files:
            return changes
        with prepared(data_dir, db_path, files) as install:
            commit.commit(data_dir, files)
            try:
                install()
            except BuildError as e:
                reason = f"{e.reason}; the CSV files were saved: run build again"
                raise BuildError(e.db_path, reason) from e
    return changes


def _change(comparison: Comparison, tables: Tables, source_url: str | None, overwrite: bool):
    """Make the release's changes to the tables in memory; return what was done."""
    comparison = compare_with_tables(comparison.record, tables)  # against the files as they are now
    record, status = comparison.record, comparison.status
    if status == "not-a-visit":
        raise IngestError("the release is not about a single visit")
    if status == "unknown-state":
        raise IngestError(f"{record.iso3} is not in states.csv; add the State first")
    if status == "undated":
        raise IngestError("the release gives no dates; add the visit by hand")
    if source_url and not re.fullmatch(r"https?://\S+", source_url):
        raise IngestError(f"the source URL must start with http:// or https://: {source_url!r}")
    if status == "new" and not source_url:
        raise IngestError("a new visit needs the release's public URL: give --source-url")
    changes = (
        _add_visit(comparison, tables)
        if status == "new"
        else _correct_visit(comparison, tables, overwrite)
    )
    if source_url:
        changes += _add_source(comparison.visit_id, source_url, tables)
    return changes


def _nationality(name: str | None, tables: Tables) -> str | None:
    """A nationality in the data's spelling (the name in states.csv), e.g. "Maroc" -> "Morocco"."""
    iso3 = countries.iso3_of(name)
    if not iso3:
        return name
    state = next((s["name"] for s in tables.get("states") if s["iso3"] == iso3), None)
    return state or countries.display_name(iso3)


def _add_visit(comparison: Comparison, tables: Tables) -> list[str]:
    record, vid = comparison.record, comparison.visit_id
    tables.insert(
        "visits",
        {
            "visit_id": vid,
            "iso3": record.iso3,
            "start_date": record.start_date,
            "end_date": record.end_date,
            "date_precision": "day",
            "visit_type": record.visit_type,
            "status": status_of(record),
            "confidence": "medium",
            "notes": f"Added from a press release of {record.release_date or 'unknown date'} "
            "by ingest-press; check against the report.",
        },
    )
    for facility_type in record.facility_types:
        tables.insert(
            "visit_places",
            {"visit_id": vid, "facility_type": facility_type},
            after={"visit_id": vid},
        )
    for member in record.members:
        _add_member(vid, member, record, tables)
    changes = [
        f"added visit {vid} ({status_of(record)}) with {len(record.facility_types)} place type(s) "
        f"and {len(record.members)} member(s)"
    ]
    for d in comparison.differences:  # the suspended part this visit resumes
        tables.update("visits", {"visit_id": d.data}, {"related_visit_id": d.release})
        changes.append(f"linked the suspended part {d.data} to {vid}")
    return changes


def _add_member(vid: str, member, record: PressRecord, tables: Tables) -> None:
    head = bool(record.head_of_delegation) and same_person(member.name, record.head_of_delegation)
    tables.insert(
        "delegation_members",
        {
            "visit_id": vid,
            "name": member.name,
            "nationality": _nationality(member.nationality, tables),
            "role": "head" if head else "member",
        },
        after={"visit_id": vid},
    )


def _correct_visit(comparison: Comparison, tables: Tables, overwrite: bool) -> list[str]:
    record, vid = comparison.record, comparison.visit_id
    changes = []
    for d in comparison.differences:
        if d.kind == "replace" and not overwrite:
            continue
        if d.field in ("dates", "start_date", "end_date"):
            tables.update(
                "visits",
                {"visit_id": vid},
                {
                    "start_date": record.start_date,
                    "end_date": record.end_date,
                    "date_precision": "day",
                    "approx_date": "",
                },
            )
        elif d.field == "visit_type":
            tables.update("visits", {"visit_id": vid}, {"visit_type": record.visit_type})
        elif d.field == "status":
            tables.update("visits", {"visit_id": vid}, {"status": d.release})
        elif d.field == "related_visit":
            tables.update("visits", {"visit_id": d.data}, {"related_visit_id": d.release})
        elif d.field == "places":
            for facility_type in d.release:
                tables.insert(
                    "visit_places",
                    {"visit_id": vid, "facility_type": facility_type},
                    after={"visit_id": vid},
                )
        elif d.field == "members":
            member = next(m for m in record.members if m.name == d.release)
            _add_member(vid, member, record, tables)
        elif d.field == "nationality":
            name = d.data.split(": ")[0]
            tables.update(
                "delegation_members",
                {"visit_id": vid, "name": name},
                {"nationality": _nationality(d.release, tables)},
            )
        elif d.field == "head_of_delegation":
            tables.update(
                "delegation_members", {"visit_id": vid, "role": "head"}, {"role": "member"}
            )
            tables.update(
                "delegation_members", {"visit_id": vid, "name": d.release}, {"role": "head"}
            )
        changes.append(f"{vid}: {d}")
    return changes


def _add_source(vid: str, url: str, tables: Tables) -> list[str]:
    source_id, added = find_or_add(tables, url)
    changes = [f"added source {source_id}"] if added else []
    link = {"record_type": "visit", "record_id": vid, "source_id": source_id}
    if link not in tables.get("source_links"):
        tables.insert("source_links", link, after={"record_type": "visit", "record_id": vid})
        changes.append(f"linked {vid} to {source_id}")
    return changes

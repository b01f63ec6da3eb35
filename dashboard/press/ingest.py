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
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dashboard.data import commit
from dashboard.data.build import BuildError, prepared
from dashboard.data.sources import find_or_add
from dashboard.data.validate import ValidationError, validate
from dashboard.press import countries
from dashboard.press.names import same_person
from dashboard.press.parse import PressRecord

# Dates this close count as the same visit (releases and reports often differ by a day or two).
NEAR = timedelta(days=7)


class IngestError(Exception):
    """The record cannot be written (not a visit, unknown State, no dates, no source URL)."""


@dataclass
class Difference:
    field: str
    data: object
    release: object
    # "add" or "fill" complete the data and are applied with --apply; "replace" needs --overwrite.
    kind: str

    def __str__(self) -> str:
        if self.kind == "add":
            return f"{self.field}: not in the data: {self.release!r}"
        if self.field == "related_visit":
            linked = "not linked" if self.kind == "fill" else "linked to another visit, not"
            return f"related_visit: the suspended part {self.data} is {linked} to {self.release}"
        if self.field == "status":
            return f"status: {self.data!r} in the data, {self.release!r} in the release"
        verb = "empty in the data" if self.kind == "fill" else "differs"
        return f"{self.field}: {verb}: data {self.data!r}, release {self.release!r}"


@dataclass
class Comparison:
    record: PressRecord
    status: str  # not-a-visit | unknown-state | undated | new | same | conflict
    visit_id: str | None = None
    differences: list[Difference] = field(default_factory=list)

    def empty_fields(self) -> list[str]:
        """One line per field of the release the reader left empty, and why."""
        return [f"{name}: empty: {why}" for name, why in self.record.missing.items()]

    def summary(self) -> str:
        r = self.record
        what = f"{r.country} ({r.iso3}) {r.start_date or '?'} to {r.end_date or '?'}"
        return {
            "not-a-visit": "not about a single visit"
            + (
                f" (States named: {', '.join(r.countries_mentioned)})"
                if r.countries_mentioned
                else ""
            ),
            "unknown-state": f"{what}: the State is not in states.csv",
            "undated": f"{what}: the release gives no dates, so it cannot be matched",
            "new": f"{what}: a new visit ({self.visit_id})",
            "same": f"matches the existing visit {self.visit_id}; nothing differs",
            "conflict": f"matches the existing visit {self.visit_id}, with differences in "
            + ", ".join(dict.fromkeys(d.field for d in self.differences)),
        }[self.status]

    def details(self) -> list[str]:
        return [str(d) for d in self.differences]


class Tables(commit.Tables):
    """The tables of a data folder (see dashboard.data.datafiles), once the whole folder validates:
    the comparison reads typed values (dates, vocabularies) and relies on them."""

    def __init__(self, data_dir: Path):
        super().__init__(data_dir)
        problems = validate(self.data_dir)
        if problems:
            raise ValidationError(problems)


def compare(record: PressRecord, data_dir: Path) -> Comparison:
    """Whether the release describes a new visit, an existing one, or one that differs from it."""
    return _compare(record, Tables(data_dir))


def _compare(record: PressRecord, tables: Tables) -> Comparison:
    if not record.is_single_visit or not record.iso3:
        return Comparison(record, "not-a-visit")
    if not any(s["iso3"] == record.iso3 for s in tables.get("states")):
        return Comparison(record, "unknown-state")
    if not record.start_date:
        return _undated(record, tables)
    matches = [v for v in tables.get("visits") if _same_visit(v, record)]
    if not matches:
        visit_id = _new_visit_id(record, tables)
        return Comparison(
            record, "new", visit_id, _link_to_suspended_part(record, visit_id, tables)
        )
    start = date.fromisoformat(record.start_date)
    visit = min(matches, key=lambda v: abs((_start_of(v) - start).days))
    differences = _differences(visit, record, tables)
    return Comparison(record, "conflict" if differences else "same", visit["visit_id"], differences)


def _undated(record: PressRecord, tables: Tables) -> Comparison:
    """A release without dates can still end a suspended visit for good ("has terminated the
    visit"): it then matches the State's latest suspended visit."""
    if record.visit_status == "terminated":
        parts = [
            v
            for v in tables.get("visits")
            if v["iso3"] == record.iso3 and v["status"] == "suspended"
        ]
        if parts:
            visit = max(parts, key=_start_of)
            change = Difference("status", "suspended", "terminated", "fill")
            return Comparison(record, "conflict", visit["visit_id"], [change])
    return Comparison(record, "undated")


def _status(record: PressRecord) -> str:
    """The status the release gives the visit it describes (a resumption is the part that took
    place, or will: the suspended part is another row)."""
    if record.visit_status in ("suspended", "terminated"):
        return record.visit_status
    planned = record.release_date and record.start_date and record.release_date < record.start_date
    return "planned" if planned else "completed"


def _status_difference(visit: dict, record: PressRecord) -> Difference | None:
    """What the release adds to the visit's status: a planned visit that took place, was
    suspended or terminated; a suspended one that was terminated. An announcement adds nothing
    to a visit on record as held."""
    have, want = visit["status"], _status(record)
    if have == want or want == "planned":
        return None
    if have == "planned" or (have, want) == ("suspended", "terminated"):
        return Difference("status", have, want, "fill")
    return Difference("status", have, want, "replace")


def _link_to_suspended_part(record: PressRecord, visit_id: str, tables: Tables) -> list:
    """For a release about a resumed visit: the link from the suspended part (the State's latest
    suspended visit before this one) to this visit, if the data lacks it."""
    if record.visit_status != "resumed":
        return []
    start = date.fromisoformat(record.start_date)
    parts = [
        v
        for v in tables.get("visits")
        if v["iso3"] == record.iso3
        and v["status"] == "suspended"
        and v["visit_id"] != visit_id
        and _start_of(v) < start
    ]
    if not parts:
        return []
    part = max(parts, key=_start_of)
    if part["related_visit_id"] == visit_id:
        return []
    kind = "replace" if part["related_visit_id"] else "fill"
    return [Difference("related_visit", part["visit_id"], visit_id, kind)]


def _start_of(visit: dict) -> date:
    if visit["start_date"]:
        return date.fromisoformat(visit["start_date"])
    approx = (visit["approx_date"] or visit["end_date"] or "1900")[:7]
    return date.fromisoformat(approx + "-01" if len(approx) == 7 else approx + "-01-01")


def _same_visit(visit: dict, record: PressRecord) -> bool:
    """Same State and overlapping or near dates; same month or year when the data has no days."""
    if visit["iso3"] != record.iso3:
        return False
    start = date.fromisoformat(record.start_date)
    end = date.fromisoformat(record.end_date or record.start_date)
    if visit["date_precision"] == "day":
        v_start = date.fromisoformat(visit["start_date"])
        v_end = date.fromisoformat(visit["end_date"] or visit["start_date"])
        return start <= v_end + NEAR and v_start <= end + NEAR
    approx = visit["approx_date"] or ""
    return bool(approx) and record.start_date.startswith(approx)


def _differences(visit: dict, record: PressRecord, tables: Tables) -> list[Difference]:
    out: list[Difference] = []
    status = _status_difference(visit, record)
    if status:
        out.append(status)
    out += _link_to_suspended_part(record, visit["visit_id"], tables)
    if visit["date_precision"] != "day":
        out.append(
            Difference(
                "dates", visit["approx_date"], f"{record.start_date} to {record.end_date}", "fill"
            )
        )
    else:
        for name in ("start_date", "end_date"):
            if getattr(record, name) and visit[name] != getattr(record, name):
                out.append(
                    Difference(
                        name,
                        visit[name] or None,
                        getattr(record, name),
                        "fill" if not visit[name] else "replace",
                    )
                )
    # "regular" is only the default when the text names no type, so it is not evidence against data.
    if "visit_type" in record.evidence and record.visit_type != visit["visit_type"]:
        out.append(Difference("visit_type", visit["visit_type"], record.visit_type, "replace"))
    vid = visit["visit_id"]
    places = [p["facility_type"] for p in tables.get("visit_places") if p["visit_id"] == vid]
    missing = [t for t in record.facility_types if t not in places]
    if missing:
        out.append(Difference("places", places, missing, "add"))
    members = [m for m in tables.get("delegation_members") if m["visit_id"] == vid]
    for member in record.members:
        known = next((m for m in members if same_person(m["name"], member.name)), None)
        if known is None:
            out.append(Difference("members", None, member.name, "add"))
        elif member.nationality and not known["nationality"]:
            out.append(Difference("nationality", known["name"], member.nationality, "fill"))
        elif member.nationality and countries.iso3_of(member.nationality) != countries.iso3_of(
            known["nationality"]
        ):
            out.append(
                Difference(
                    "nationality",
                    f"{known['name']}: {known['nationality']}",
                    member.nationality,
                    "replace",
                )
            )
        if (
            known
            and record.head_of_delegation
            and same_person(member.name, record.head_of_delegation)
            and known["role"] != "head"
        ):
            out.append(Difference("head_of_delegation", known["role"], known["name"], "replace"))
    return out


def _new_visit_id(record: PressRecord, tables: Tables) -> str:
    """ISO3-YYYY-MM, the pattern of the existing ids; a suffix only if that id is taken."""
    base = f"{record.iso3}-{record.start_date[:7]}"
    taken = {v["visit_id"] for v in tables.get("visits")}
    visit_id, n = base, 2
    while visit_id in taken:
        visit_id, n = f"{base}-{n}", n + 1
    return visit_id


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
    comparison = _compare(comparison.record, tables)  # against the files as they are now
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
            "status": _status(record),
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
        f"added visit {vid} ({_status(record)}) with {len(record.facility_types)} place type(s) "
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

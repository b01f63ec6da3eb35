"""A parsed release compared with the data: a new visit, one already on record (and how its
dates, type and delegation differ), or a release that cannot be saved (not about one visit, a
State that is not a party, no dates). `ingest.apply` saves what the comparison found.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dashboard.data import commit
from dashboard.data.validate import ValidationError, validate
from dashboard.press import countries
from dashboard.press.names import same_person
from dashboard.press.parse import PressRecord

# Dates this close count as the same visit (releases and reports often differ by a day or two).
NEAR = timedelta(days=7)


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
    return compare_with_tables(record, Tables(data_dir))


def compare_with_tables(record: PressRecord, tables: Tables) -> Comparison:
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


def status_of(record: PressRecord) -> str:
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
    have, want = visit["status"], status_of(record)
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

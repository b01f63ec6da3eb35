"""The one filter object. URL query parameters, sidebar widgets and `--filter key=value` on the
command line all become a `Filters` through `Filters.parse`, which checks every value; nothing else
reads raw user text. `Filters.params()` turns it into bound SQL parameters."""

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from dashboard.validate import vocabulary

# Public parameter names (URL and CLI) → field names.
KEYS = {
    "from": "year_from",
    "to": "year_to",
    "region": "region",
    "state": "state",
    "type": "visit_type",
}

# Filter fields → the parameter names the SQL uses.
SQL_PARAMS = {
    "year_from": "from_year",
    "year_to": "to_year",
    "region": "region",
    "state": "state",
    "visit_type": "visit_type",
}

REGIONS = vocabulary("states", "un_regional_group")
VISIT_TYPES = vocabulary("visits", "visit_type")
FIRST_YEAR, LAST_YEAR = 2007, 2100


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Filters:
    year_from: int | None = None
    year_to: int | None = None
    region: str | None = None
    state: str | None = None  # ISO3 code
    visit_type: str | None = None

    @classmethod
    def parse(
        cls, raw: Mapping[str, str | list[str]], states: set[str] | None = None
    ) -> tuple["Filters", list[str]]:
        """Parse public parameters. A bad value is dropped with a warning; unknown keys are
        ignored by the caller's choice (the URL may carry other parameters).

        `states` is the set of known ISO3 codes; without it any three letters are accepted."""
        values: dict[str, object] = {}
        warnings: list[str] = []
        for key, field in KEYS.items():
            value = raw.get(key)
            if isinstance(value, list):
                value = value[-1] if value else None
            if value is None or str(value).strip() == "":
                continue
            value = str(value).strip()
            parsed, problem = _parse_one(field, value, states)
            if problem:
                warnings.append(f"Ignored {key}={value[:40]!r}: {problem}.")
            else:
                values[field] = parsed
        if (
            values.get("year_from")
            and values.get("year_to")
            and values["year_from"] > values["year_to"]
        ):
            warnings.append(
                f"Ignored from={values['year_from']} and to={values['year_to']}: "
                "the first year is after the last."
            )
            values.pop("year_from")
            values.pop("year_to")
        return cls(**values), warnings

    def params(self) -> dict:
        """Bound parameters for the named queries."""
        return {SQL_PARAMS[f]: getattr(self, f) for f in KEYS.values()}

    def to_query(self) -> dict[str, str]:
        """Public parameters for a URL or the CLI; defaults left out."""
        out = {}
        for key, field in KEYS.items():
            value = getattr(self, field)
            if value is not None:
                out[key] = str(value)
        return out

    def is_default(self) -> bool:
        return self == Filters()

    def describe(self, state_names: Mapping[str, str] | None = None) -> str:
        """The filters in words, for captions; a State by its name when `state_names` has it."""
        parts = []
        if self.year_from or self.year_to:
            parts.append(f"{self.year_from or 'first visit'}–{self.year_to or 'latest'}")
        if self.region:
            parts.append(
                f"{self.region} Group" if not self.region.endswith("others") else self.region
            )
        if self.state:
            parts.append((state_names or {}).get(self.state, self.state))
        if self.visit_type:
            parts.append(f"{self.visit_type} visits")
        return ", ".join(parts) or "All States parties, all years, all visit types"

    def as_dict(self) -> dict:
        return asdict(self)


def _parse_one(field: str, value: str, states: set[str] | None) -> tuple[object, str | None]:
    if field in ("year_from", "year_to"):
        if not re.fullmatch(r"\d{4}", value):
            return None, "a year has four digits"
        year = int(value)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return None, f"the year must lie between {FIRST_YEAR} and {LAST_YEAR}"
        return year, None
    if field == "region":
        for region in REGIONS:
            if slug(value) in (slug(region), slug(region.split()[0])):
                return region, None
        return None, f"not a UN regional group ({', '.join(REGIONS)})"
    if field == "state":
        code = value.upper()
        if not re.fullmatch(r"[A-Z]{3}", code) or (states is not None and code not in states):
            return None, "not the ISO3 code of a State party"
        return code, None
    if field == "visit_type":
        if value.lower() not in VISIT_TYPES:
            return None, f"not a visit type ({', '.join(VISIT_TYPES)})"
        return value.lower(), None
    raise AssertionError(field)

"""The one filter value. URL query parameters, sidebar widgets and `--param key=value` on the
command line all become a `Filters` through `Filters.parse`, which checks every value; nothing else
reads raw user text. `Filters.sql()` is the same value for the named queries: one STRUCT bound as
`$filters`, its fields named as here and in the URL (sql/views/ reads them).

Region, State and visit type take several values, written as repeated keys, as HTML forms do:
`?state=BRA&state=MEX` (the command line: `-p state=BRA -p state=MEX`). A visit matches when it
matches any of the values of a key, and every key given. Years take one value each.

The recommendation facets (theme, addressee, place type, affected persons and the search text)
are fields of the same object, parsed and checked the same way; only the recommendation queries
read them. `Filters.base()` is the object without them, for pages and charts about visits. The
search text goes to SQL as a list of phrases of terms (`dashboard.data.search`)."""

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace

from dashboard import labels
from dashboard.data.schema import vocabulary
from dashboard.data.search import MAX_LENGTH, parse_query

# The fields, in the order a URL lists them: one name each in the URL, in Python and in SQL.
FIELDS = (
    "from_year",
    "to_year",
    "region",
    "state",
    "visit_type",
    "theme",
    "addressee",
    "place_type",
    "affected_persons",
    "search",
)
# Links made before the names were one (December 2026) used shorter keys; they still work, and
# the app rewrites them to the names above.
LEGACY_KEYS = {
    "from": "from_year",
    "to": "to_year",
    "type": "visit_type",
    "place": "place_type",
    "affected": "affected_persons",
    "q": "search",
}
# Every key a URL or the command line may give a filter by.
KEYS = (*FIELDS, *LEGACY_KEYS)
# Fields that hold several values (tuples).
MULTI = ("region", "state", "visit_type", "theme", "addressee", "place_type", "affected_persons")
# The recommendation facets: fields that only the recommendation queries read.
FACETS = ("theme", "addressee", "place_type", "affected_persons", "search")

REGIONS = vocabulary("states", "un_regional_group")
VISIT_TYPES = vocabulary("visits", "visit_type")
THEMES = vocabulary("recommendations", "themes")
ADDRESSEES = vocabulary("recommendations", "addressee")
PLACE_TYPES = vocabulary("recommendations", "place_type")
AFFECTED = re.compile(r"[a-z][a-z0-9 ,'&()/-]{0,79}")  # affected persons: free words, bounded
FIRST_YEAR, LAST_YEAR = 2007, 2100
MAX_VALUES = 25  # values one key may take (a URL is user text: bound it)
SHOWN = 40  # characters of a rejected value quoted back in a warning


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Filters:
    from_year: int | None = None
    to_year: int | None = None
    region: tuple[str, ...] = ()  # UN regional groups
    state: tuple[str, ...] = ()  # ISO3 codes
    visit_type: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()  # recommendation themes
    addressee: tuple[str, ...] = ()  # 'state', 'npm'
    place_type: tuple[str, ...] = ()
    affected_persons: tuple[str, ...] = ()
    search: str | None = None  # search text, as typed

    def __post_init__(self):
        # Accept one value as a plain string (Filters(state="KAZ")); keep the order, drop repeats.
        for name in MULTI:
            value = getattr(self, name)
            values = (value,) if isinstance(value, str) else tuple(value or ())
            object.__setattr__(self, name, tuple(dict.fromkeys(values)))

    @classmethod
    def parse(
        cls,
        raw: Mapping[str, str | list[str] | None],
        states: set[str] | None = None,
        years: tuple[int, int] | None = None,
    ) -> tuple["Filters", list[str]]:
        """Parse public parameters. A bad value is dropped with a warning; unknown keys are
        ignored by the caller's choice (the URL may carry other parameters).

        `states` is the set of known ISO3 codes; without it any three letters are accepted.
        `years` is the first and last year of the visits on record (the app's slider): a year
        outside it is dropped with a warning; without it any year from 2007 to 2100 is accepted."""
        values: dict[str, object] = {}
        warnings: list[str] = []
        legacy = {field: key for key, field in LEGACY_KEYS.items()}
        for field in FIELDS:
            key, items = field, _items(raw.get(field))
            if not items and field in legacy:  # a link of before the names were one
                key, items = legacy[field], _items(raw.get(legacy[field]))
            if not items:
                continue
            if field not in MULTI:
                if len(items) > 1:
                    what = "one search" if field == "search" else "one year"
                    warnings.append(f"Ignored {key}: {what} expected, {len(items)} given.")
                    continue
                parsed, problem = _parse_one(field, items[0], states)
                if (
                    not problem
                    and years
                    and field in ("from_year", "to_year")
                    and not years[0] <= parsed <= years[1]
                ):
                    problem = f"the visits on record run from {years[0]} to {years[1]}"
                if problem:
                    warnings.append(f"Ignored {key}={_quote(items[0])}: {problem}.")
                else:
                    values[field] = parsed
                continue
            if len(items) > MAX_VALUES:
                warnings.append(f"Ignored {key}: at most {MAX_VALUES} values, {len(items)} given.")
                continue
            kept = []
            for item in items:
                parsed, problem = _parse_one(field, item, states)
                if problem:
                    warnings.append(f"Ignored {key}={_quote(item)}: {problem}.")
                else:
                    kept.append(parsed)
            if kept:
                values[field] = tuple(kept)
        if (
            values.get("from_year")
            and values.get("to_year")
            and values["from_year"] > values["to_year"]
        ):
            warnings.append(
                f"Ignored from_year={values['from_year']} and to_year={values['to_year']}: "
                "the first year is after the last."
            )
            values.pop("from_year")
            values.pop("to_year")
        return cls(**values), warnings

    def sql(self) -> dict:
        """The value bound as `$filters`: each field a year, a list of values, or None (no
        filter); the search as its phrases of terms."""
        out = {}
        for field in FIELDS:
            value = getattr(self, field)
            if field == "search":
                value = parse_query(value) if value else None
            out[field] = (list(value) or None) if field in MULTI else value
        return out

    def base(self) -> "Filters":
        """These filters without the recommendation facets (for visits, places and reports)."""
        return replace(self, **{f.name: f.default for f in fields(self) if f.name in FACETS})

    def has_facets(self) -> bool:
        return self != self.base()

    def to_query(self) -> dict[str, str | list[str]]:
        """Public parameters for a URL or the CLI; defaults left out. Several values are a list,
        written as repeated keys (`urlencode(..., doseq=True)`, `st.query_params.from_dict`)."""
        out: dict[str, str | list[str]] = {}
        for field in FIELDS:
            value = getattr(self, field)
            if field in MULTI:
                if value:
                    out[field] = value[0] if len(value) == 1 else list(value)
            elif value is not None:
                out[field] = str(value)
        return out

    def is_default(self) -> bool:
        return self == Filters()

    def describe(self, state_names: Mapping[str, str] | None = None) -> str:
        """The filters in words, for captions; a State by its name when `state_names` has it."""
        parts = []
        if self.from_year or self.to_year:
            parts.append(f"{self.from_year or 'first visit'}–{self.to_year or 'latest'}")
        if self.region:
            parts.append(
                " or ".join(r if r.endswith("others") else f"{r} Group" for r in self.region)
            )
        if self.state:
            parts.append(", ".join((state_names or {}).get(s, s) for s in self.state))
        for codes, mapping, words in (
            (self.visit_type, labels.VISIT_TYPE, "{} visits"),
            (self.theme, labels.THEME, "theme {}"),
            (self.addressee, labels.ADDRESSEE, "addressed to {}"),
            (self.place_type, labels.PLACE_TYPE, "place type {}"),
        ):
            if codes:
                named = (labels.in_text(labels.label(mapping, c)) for c in codes)
                parts.append(words.format(" or ".join(named)))
        if self.affected_persons:
            parts.append(f"affected persons: {' or '.join(self.affected_persons)}")
        if self.search:
            parts.append(f"search: {self.search}")
        return ", ".join(parts) or "All States parties, all years, all visit types"

    def as_dict(self) -> dict:
        return asdict(self)


def _items(given) -> list[str]:
    """The values given for a key: none, one, or a list; blank ones left out."""
    items = given if isinstance(given, list | tuple) else [given]
    return [str(v).strip() for v in items if v is not None and str(v).strip()]


def _quote(value: str) -> str:
    return repr(value[:SHOWN])


def _parse_one(field: str, value: str, states: set[str] | None) -> tuple[object, str | None]:
    if field in ("from_year", "to_year"):
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
    vocabularies = {"theme": THEMES, "addressee": ADDRESSEES, "place_type": PLACE_TYPES}
    if field in vocabularies:
        allowed = vocabularies[field]
        if slug(value) not in allowed:
            what = {"theme": "a theme", "addressee": "an addressee", "place_type": "a place type"}
            if len(allowed) > 10:  # a warning quotes a short list, or two examples
                return None, f"not {what[field]} (one of {len(allowed)}, e.g. {allowed[0]})"
            return None, f"not {what[field]} ({', '.join(allowed)})"
        return slug(value), None
    if field == "affected_persons":
        words = " ".join(value.lower().split())
        if not AFFECTED.fullmatch(words):
            return None, "affected persons are a few words (letters, digits, spaces)"
        return words, None
    if field == "search":
        text = " ".join("".join(c for c in value if c.isprintable()).split())
        if len(text) > MAX_LENGTH:
            return None, f"a search holds at most {MAX_LENGTH} characters"
        if not parse_query(text):
            return None, "no word to search for"
        return text, None
    raise AssertionError(field)

"""Read one SPT press release and say what visit it describes, quoting the text for each field.

The rules live in dashboard/press/rules.py; this module only applies them. Positions are kept
relative to the original text so that every evidence span is an exact quote of it.

Release date: the release's own dateline ("GENEVA (6 April 2023)") is preferred. A leading
metadata line of a saved copy ("date 2023-04-07 ...") is only used when there is no dateline,
since it records when the copy was published or saved, not the release's date.
"""

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

import regex as re

from dashboard.press import countries, rules
from dashboard.press.names import same_person
from dashboard.validate import vocabulary

I = re.IGNORECASE  # noqa: E741

# A person's name: two to six capitalised words, with particles ("de", "van") between them.
_WORD = r"\p{Lu}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*\.?"
_PARTICLE = r"(?:de|da|del|della|di|do|dos|du|van|von|der|den|la|le|bin|ben|al|el)"
NAME = rf"(?-i:{_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_WORD}){{1,5}})"

# A title and a surname only, as releases refer to someone already named: "Ms. Muhammad".
TITLED_SURNAME = r"(?-i:(?:Mr|Ms|Mrs|Dr|Sir|Mme|M|Sr|Sra)\.?[ \t]+\p{Lu}[\p{L}\p{M}'’-]+)"

_MONTH = "|".join(sorted(rules.MONTHS, key=len, reverse=True))
DATE_RANGE = (
    rf"(?<![\d-])(?P<d1>\d{{1,2}})(?:er|st|nd|rd|th)?(?:\s+(?:de\s+)?(?P<m1>{_MONTH}))?"
    rf"(?:,?\s+(?:de\s+)?(?P<y1>\d{{4}}))?\s*(?:to|until|till|through|and|-|–|—|au|al|a|y|et)\s*"
    rf"(?:the\s+)?(?P<d2>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:de\s+)?(?P<m2>{_MONTH})\b"
    rf"(?:,?\s+(?:de\s+)?(?P<y2>\d{{4}}))?"
)
DATELINE = (
    rf"(?m)^[\p{{Lu}} /,.'’-]{{3,60}}\(\s*(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:de\s+)?"
    rf"(?P<m>{_MONTH})\s+(?:de\s+)?(?P<y>\d{{4}})\s*\)"
)
METADATA_DATE = r"\A\s*date\s+(?P<iso>\d{4}-\d{2}-\d{2})\b"
SENTENCE = r"(?:[^.!?\n]|\n(?![ \t]*\n)|[.!?](?=[^\s”\"]))+[.!?]?[”\"]?"
PARAGRAPH = r"(?:[^\n]|\n(?![ \t]*\n))+"
BRACKETS = r"\([^()\n]{0,80}\)"
VISIT_WORD = r"\b(?:visit\w*|missions?|misión)\b"
ORDINAL = (
    rf"\b(?P<ord>{'|'.join(sorted(rules.ORDINALS, key=len, reverse=True))})\s+"
    r"(?:(?:SPT|SPT's|SPT’s|Subcommittee's|regular|country|official|follow-up|advisory|periodic|"
    r"full|du\s+SPT|del\s+SPT)\s+)*(?:visit|visite|visita|mission)\s+"
    r"(?:(?:(?:of|by)\s+the\s+(?:SPT|Subcommittee)|du\s+(?:SPT|Sous-comité)|del\s+(?:SPT|Subcomité))\s+)?"
    r"(?:to|au|à|en|aux|a|al|in)\s+(?:the\s+|la\s+|le\s+|l'|el\s+)?"
    r"(?P<target>country|pays|país|State\s+party|État\s+partie|(?-i:\p{Lu}))"
)


@dataclass
class Member:
    name: str
    nationality: str | None = None


@dataclass
class PressRecord:
    is_single_visit: bool = False
    country: str | None = None
    iso3: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    visit_type: str | None = None
    visit_ordinal: int | None = None
    head_of_delegation: str | None = None
    members: list[Member] = field(default_factory=list)
    facility_types: list[str] = field(default_factory=list)
    report_published_previous: bool | None = None
    release_date: str | None = None
    countries_mentioned: list[str] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def parse(text: str) -> PressRecord:
    """The record a release describes; fields the text does not give stay None or empty."""
    release = _Release(text)
    record = PressRecord()
    release_day = release.release_date(record)
    iso3 = release.main_country(record)
    record.countries_mentioned = release.countries_mentioned()
    if not record.is_single_visit:
        return record
    record.iso3, record.country = iso3, countries.display_name(iso3)
    release.dates(record, release_day)
    release.visit_type(record)
    release.ordinal(record)
    release.people(record)
    release.facility_types(record)
    release.report_published(record)
    return record


class _Release:
    def __init__(self, text: str):
        self.text = text
        self.body = _without_boilerplate(text)
        brackets = [(m.start(), m.end()) for m in re.finditer(BRACKETS, text)]
        self.mentions = [
            m
            for m in countries.find(self.body)
            if not any(s < m.start and m.end < e for s, e in brackets)
        ]

    def quote(self, record: PressRecord, name: str, start: int, end: int) -> None:
        record.evidence[name] = self.text[start:end].strip()

    def release_date(self, record: PressRecord) -> date | None:
        m = re.search(DATELINE, self.text[:3000], I)
        if m:
            day = _day(int(m["y"]), rules.MONTHS[m["m"].lower()], int(m["d"]))
        else:
            m = re.search(METADATA_DATE, self.text, I)
            day = date.fromisoformat(m["iso"]) if m and _valid_iso(m["iso"]) else None
        if day:
            record.release_date = day.isoformat()
            self.quote(record, "release_date", m.start(), m.end())
        return day

    def main_country(self, record: PressRecord) -> str | None:
        """The visited State; sets whether the release is about one visit.

        Several States named as places of visits, a marker such as "annual report" near the top,
        or three or more States with none named as visited: not about one visit."""
        targets = self._targets()
        distinct = list(dict.fromkeys(t.iso3 for t in targets))
        opening = self.text[:700]
        marker = next((m for p in rules.NOT_SINGLE_VISIT if (m := re.search(p, opening, I))), None)
        several = not distinct and len({m.iso3 for m in self.mentions}) >= 3
        if len(distinct) >= 2 or marker or several or not self.mentions:
            if marker:
                self.quote(record, "is_single_visit", marker.start(), marker.end())
            return None
        if distinct:
            iso3 = distinct[0]
            first = targets[0]
        else:
            counts = Counter(m.iso3 for m in self.mentions)
            iso3 = max(counts, key=lambda c: (counts[c], -self._first(c)))
            first = next(m for m in self.mentions if m.iso3 == iso3)
            if not re.search(VISIT_WORD, self.body, I):
                return None
        record.is_single_visit = True
        self.quote(record, "country", first.start, first.end)
        self.quote(record, "iso3", first.start, first.end)
        return iso3

    def _first(self, iso3: str) -> int:
        return next(m.start for m in self.mentions if m.iso3 == iso3)

    def _targets(self) -> list:
        """Countries named as the place of a visit: "visit to X", "visits to X, Y and Z"."""
        targets, previous = [], None
        for m in self.mentions:
            before = self.body[max(0, m.start - 60) : m.start]
            chained = previous is not None and re.fullmatch(
                r"\s*[,;]?\s*(?:and|et|y|as\s+well\s+as)?\s*(?:the\s+|la\s+|le\s+|l'|el\s+)?",
                self.body[previous.end : m.start],
                I,
            )
            if re.search(rules.VISIT_TARGET, before, I) or chained:
                targets.append(m)
                previous = m
            else:
                previous = None
        return targets

    def countries_mentioned(self) -> list[str]:
        return list(dict.fromkeys(countries.display_name(m.iso3) for m in self.mentions))

    def sentences(self):
        for m in re.finditer(SENTENCE, self.body):
            if m[0].strip():
                yield m

    def dates(self, record: PressRecord, release_day: date | None) -> None:
        best = None
        for s in self.sentences():
            if re.search(r"\bsessions?\b|\bsesión\b", s[0], I):
                continue
            for m in re.finditer(DATE_RANGE, s[0], I):
                # A range in a sentence about the visit beats one elsewhere.
                rank = (
                    0
                    if re.search(VISIT_WORD + r"|delegation|délégation|delegación", s[0], I)
                    else 1
                )
                if best is None or rank < best[0]:
                    best = (rank, s.start() + m.start(), s.start() + m.end(), m)
                break
            if best and best[0] == 0:
                break
        if not best:
            return
        _, start, end, m = best
        sentence = next(s[0] for s in self.sentences() if s.start() <= start < s.end())
        tense = (
            "future"
            if re.search(rules.FUTURE, sentence, I)
            else ("past" if re.search(rules.PAST, sentence, I) else None)
        )
        span = _resolve_range(m, release_day, tense)
        if span:
            record.start_date, record.end_date = (d.isoformat() for d in span)
            self.quote(record, "start_date", start, end)
            self.quote(record, "end_date", start, end)

    def visit_type(self, record: PressRecord) -> None:
        record.visit_type = "regular"
        for pattern, visit_type in rules.VISIT_TYPE_RULES:
            for m in re.finditer(pattern, self.body, I):
                if re.search(
                    rules.EARLIER_VISIT, self.body[max(0, m.start() - 30) : m.start()], I
                ) or re.match(rules.EARLIER_VISIT_AFTER, self.body[m.end() : m.end() + 20], I):
                    continue
                record.visit_type = visit_type
                self.quote(record, "visit_type", m.start(), m.end())
                return

    def ordinal(self, record: PressRecord) -> None:
        for m in re.finditer(ORDINAL, self.body, I):
            end = m.end("target")
            if len(m["target"]) == 1:  # a capital letter: the State must be named there
                named = countries.find(self.body[m.start("target") : m.start("target") + 80])
                if not named or named[0].start != 0 or named[0].iso3 != record.iso3:
                    continue
                end = m.start("target") + named[0].end
            record.visit_ordinal = rules.ORDINALS[m["ord"].lower()]
            self.quote(record, "visit_ordinal", m.start(), end)
            return

    def people(self, record: PressRecord) -> None:
        members, head = self._member_list(record)
        found = self._head_sentence(members)
        if head is None and found:
            # The head belongs to the delegation even where the list leaves them out.
            name, nationality, start, end = found
            head = next((m for m in members if same_person(m.name, name)), None)
            if head is None:
                head = Member(name, nationality)
                members.insert(0, head)
            self.quote(record, "head_of_delegation", start, end)
        if head:
            record.head_of_delegation = head.name
        record.members = members

    def _member_list(self, record: PressRecord) -> tuple[list[Member], Member | None]:
        """The members where the text lists them: after "composed of", or before "made up the
        delegation"; the first place that names anyone wins."""
        spans = []
        for pattern in rules.MEMBER_LIST_STARTS:
            for m in re.finditer(pattern, self.body, I):
                # The list may start in the next paragraph ("composed of:" then a bulleted list).
                first = re.compile(r"\S").search(self.body, m.end())
                paragraph_end = re.compile(r"\n[ \t]*\n").search(
                    self.body, first.start() if first else m.end()
                )
                stop = paragraph_end.start() if paragraph_end else len(self.body)
                spans.append((m.start(), m.end(), _sentence_end(self.body, m.end(), stop)))
        for pattern in rules.MEMBER_LIST_ENDS:
            for m in re.finditer(pattern, self.body, I):
                sentence = next(s for s in self.sentences() if s.start() <= m.start() < s.end())
                spans.append((sentence.start(), sentence.start(), m.start()))
        for quote_start, start, stop in sorted(spans):
            members, head = self._names_in(record, start, stop)
            if members:
                self.quote(record, "members", quote_start, max(stop, start))
                return members, head
        return [], None

    def _names_in(self, record: PressRecord, start: int, stop: int):
        span = self.text[start:stop]
        # Brackets are blanked with a character no name contains, so names never run across them.
        masked = re.sub(BRACKETS, lambda b: "|" * len(b[0]), span)
        found = [(m, cleaned) for m in re.finditer(NAME, masked) if (cleaned := _clean_name(m[0]))]
        members, head = [], None
        for i, (m, name) in enumerate(found):
            segment = span[m.end() : found[i + 1][0].start() if i + 1 < len(found) else len(span)]
            member = Member(name, _nationality(segment))
            members.append(member)
            if head is None and re.search(rules.HEAD_ROLE, segment, I):
                head = member
                self.quote(
                    record, "head_of_delegation", start + m.start(), start + m.end() + len(segment)
                )
        return members, head

    def _head_sentence(self, members: list[Member]) -> tuple[str, str | None, int, int] | None:
        """The head named in a sentence ("led by X"); "Ms. Muhammad" is found among the members."""
        best = None
        for pattern in rules.HEAD_PATTERNS:
            pattern = pattern.replace("{NAME}", f"(?:{NAME}|{TITLED_SURNAME})")
            for m in re.finditer(pattern, self.body, I):
                name = _clean_name(m["name"]) or _member_by_surname(m["name"], members)
                if name and (best is None or m.start() < best[2]):
                    nationality = _nationality(f"({m['nat']})") if m["nat"] else None
                    best = (name, nationality, m.start(), m.end())
                    break
        return best

    def facility_types(self, record: PressRecord) -> None:
        found: dict[str, tuple[int, int]] = {}
        for s in self.sentences():
            if not re.search(rules.VISIT_SENTENCE, s[0], I):
                continue
            for pattern, facility_type in rules.FACILITY_RULES:
                m = re.search(pattern, s[0], I)
                if m and facility_type not in found:
                    found[facility_type] = (s.start(), s.end())
        record.facility_types = [
            t for t in vocabulary("visit_places", "facility_type") if t in found
        ]
        if found:
            first = min(found.values())
            last = max(found.values(), key=lambda span: span[1])
            self.quote(record, "facility_types", first[0], last[1])

    def report_published(self, record: PressRecord) -> None:
        for pattern, value in rules.REPORT_PUBLISHED_RULES:
            m = re.search(pattern, self.body, I)
            if m:
                record.report_published_previous = value
                self.quote(record, "report_published_previous", m.start(), m.end())
                return


def _without_boilerplate(text: str) -> str:
    """text with general paragraphs about the SPT blanked out (same length, same positions)."""
    body = list(text)
    heading_seen = False
    for p in re.finditer(PARAGRAPH, text):
        heading_seen = heading_seen or bool(re.match(rules.BOILERPLATE_HEADING, p[0], I))
        if heading_seen or any(re.search(b, p[0], I) for b in rules.BOILERPLATE_PARAGRAPH):
            for i in range(p.start(), p.end()):
                if body[i] != "\n":
                    body[i] = " "
    return "".join(body)


def _sentence_end(text: str, start: int, stop: int) -> int:
    """Where the sentence beginning at start ends (before stop); "Mr." and "R." do not end it."""
    for m in re.finditer(r"[.](?=\s+[\p{Lu}“\"]|\s*$)", text[start:stop]):
        word = re.search(r"(\S+)$", text[start : start + m.start() + 1])
        token = word[1].lower() if word else ""
        if token.strip("(") not in rules.TITLES and not re.fullmatch(r"\(?\p{L}\.", token):
            return start + m.start()
    return stop


def _clean_name(raw: str) -> str | None:
    """raw without titles ("Ms.", "SPT Chairperson"), or None when it is not a person's name."""
    parts = raw.split()
    while parts and parts[0].lower() in rules.TITLES:
        parts.pop(0)
    if parts and len(parts[-1]) > 2:
        parts[-1] = parts[-1].rstrip(".")
    if len(parts) < 2 or any(p.lower().strip(".") in rules.NOT_NAME_WORDS for p in parts):
        return None
    name = " ".join(parts)
    if countries.iso3_of(name) or countries.find(name):
        return None
    return name


def _nationality(segment: str) -> str | None:
    """The first bracketed country in segment, as written: "(Poland)" -> "Poland",
    "(head of delegation, Switzerland)" -> "Switzerland"."""
    for b in re.finditer(BRACKETS, segment):
        named = countries.find(b[0][1:-1])
        if len(named) == 1:
            return named[0].text
    return None


def _member_by_surname(raw: str, members: list[Member]) -> str | None:
    """The one member whose surname is the last word of raw ("Ms. Muhammad"), else None."""
    surname = raw.split()[-1].strip(".,;:")
    matches = [m.name for m in members if m.name.split()[-1] == surname]
    return matches[0] if len(matches) == 1 else None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _valid_iso(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _resolve_range(m, release_day: date | None, tense: str | None) -> tuple[date, date] | None:
    """Start and end of a matched range; a missing year comes from the release's date."""
    m2 = rules.MONTHS[m["m2"].lower()]
    m1 = rules.MONTHS[m["m1"].lower()] if m["m1"] else m2
    d1, d2 = int(m["d1"]), int(m["d2"])
    year = m["y1"] or m["y2"]
    if year:
        y1 = int(m["y1"]) if m["y1"] else int(m["y2"]) - (1 if m1 > m2 else 0)
    elif release_day:
        # The visit nearest the release: "8-11 December" in a January release is last year's.
        options = [
            _day(y, m1, d1) for y in (release_day.year - 1, release_day.year, release_day.year + 1)
        ]
        options = [d for d in options if d]
        # A visit announced is not long past; a visit reported on has begun.
        if tense == "future":
            options = [d for d in options if d >= release_day - timedelta(days=7)] or options
        elif tense == "past":
            options = [d for d in options if d <= release_day] or options
        if not options:
            return None
        y1 = min(options, key=lambda d: abs((d - release_day).days)).year
    else:
        return None
    y2 = int(m["y2"]) if m["y2"] else y1 + (1 if m2 < m1 else 0)
    start, end = _day(y1, m1, d1), _day(y2, m2, d2)
    if not start or not end or end < start or (end - start).days > 62:
        return None
    return start, end

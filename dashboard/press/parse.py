"""Read one SPT press release and say what visit it describes, quoting the text for each field.

The text is first cut into sentences (segment.py), and boilerplate sentences about the SPT in
general are set aside; then one reader per field works on the sentences: the release's date and
the visit's days (dates.py), the State visited, the visit's type and number, the head and members
of the delegation (names.py), the places visited and whether an earlier report was made public.
The wording each reader looks for is in rules.py. Positions are kept relative to the original
text, so that every evidence span is an exact quote of it.

Release date: the release's own dateline ("GENEVA (6 April 2023)") or date line is preferred. A
leading metadata line of a saved copy ("date 2023-04-07 ...") is only used when there is none,
since it records when the copy was published or saved, not the release's date.
"""

import bisect
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache

import regex as re

from dashboard.data.validate import vocabulary
from dashboard.press import countries, dates, names, rules
from dashboard.press.segment import Sentence, sentences
from dashboard.press.text import MAX_INPUT_BYTES

I = re.IGNORECASE  # noqa: E741


@cache
def _rx(pattern: str, flags: int = I) -> re.Pattern:
    """pattern compiled once (the rule tables are strings; parsing uses each many times)."""
    return re.compile(pattern, flags)


# The longest text parse() reads: as many characters as the bytes a file may hold. A release is a
# few thousand characters, a saved page of one rarely more than twenty thousand; every reader's
# time is linear in the length, so a longer text costs time in proportion, never a hang
# (benchmarks/press_hostile_input.py).
MAX_TEXT_CHARS = MAX_INPUT_BYTES
# The longest a person's name is read over, and a list of a delegation's members: every search for
# a name is bounded so, and so its time does not grow with the text around it.
MAX_NAME_CHARS = 120
MAX_LIST_CHARS = 2_000
# A release names its delegation in one list, rarely in two or three: past this many places that
# look like the start or end of one, the rest are not tried (the first that holds names wins).
MAX_LISTS_TRIED = 25
# Likewise a release names its head a few times: heads are read up to the sentence where this many
# were found (the first is the one kept; the others only spell it more fully).
MAX_HEADS_READ = 25

BRACKETS = r"\([^()\n]{0,80}\)"
VISIT_WORD = r"\b(?:visit\w*|missions?|misión|visita\w*|visite\w*|trip|viaje)\b"
_ORDINAL_WORD = "|".join(sorted(rules.ORDINALS, key=len, reverse=True))
ORDINAL = (
    rf"\b(?P<ord>{_ORDINAL_WORD})\s+"
    r"(?:(?:SPT|SPT's|SPT’s|Subcommittee's|regular|country|official|follow-up|advisory|periodic|"
    r"full|du\s+SPT|del\s+SPT|del\s+subcomité|de\s+este\s+tipo)\s+)*(?:visit|visite|visita|mission)\s+"
    r"(?:(?:(?:of|by)\s+the\s+(?:SPT|Subcommittee)|du\s+(?:SPT|Sous-comité)|del\s+(?:SPT|Subcomité|"
    r"subcomité)|de\s+este\s+tipo)\s+)?"
    r"(?:to|au|à|en|aux|a|al|in|dans)\s+(?:the\s+|la\s+|le\s+|l'|el\s+)?"
    r"(?P<target>country|pays|país|State\s+party|État\s+partie|(?-i:\p{Lu}))"
)
# "for the second time", "This is the second time", "this second visit", "esta segunda visita".
ORDINAL_TIME = (
    rf"\b(?:for|is)\s+the\s+(?P<ord>{_ORDINAL_WORD})\s+time\b(?!\s+in\s+(?:19|20)\d{{2}})"
    rf"|\b(?:this|cette|esta|esa)\s+(?P<ord2>{_ORDINAL_WORD})\s+(?:visit|visite|visita|mission)\b"
)
FUTURE = rules.FUTURE
PAST = rules.PAST

# Why a field is empty when its reader found nothing; a reader that knows more says so instead.
WHY_EMPTY = {
    "start_date": "no date range found",
    "end_date": "no date range found",
    "visit_ordinal": "no ordinal found, such as 'first visit' or 'second visit to'",
    "head_of_delegation": "no person tied to 'head', 'chair' or 'led by' found",
    "members": "no list of the delegation's members found",
    "facility_types": "no place of detention named in a sentence about this visit",
    "report_published_previous": "no earlier report said to be public or confidential",
    "release_date": "no dateline or date of the release found",
}


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
    # "suspended", "resumed" or "terminated" when the release says so; None otherwise.
    visit_status: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)
    # Why each field the reader left empty is empty ("no date range found", "year not stated").
    missing: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


class TooLong(ValueError):
    """The text is longer than any press release."""


def parse(text: str) -> PressRecord:
    """The record a release describes; fields the text does not give stay None or empty."""
    if len(text) > MAX_TEXT_CHARS:
        raise TooLong(
            f"the text is {len(text):,} characters long; a press release has at most "
            f"{MAX_TEXT_CHARS:,}"
        )
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
    release.visit_status(record)
    for name, why in WHY_EMPTY.items():
        if getattr(record, name) in (None, [], ""):
            record.missing.setdefault(name, why)
    return record


class _Release:
    def __init__(self, text: str):
        self.text = text
        everything = sentences(text)
        general = _boilerplate(text, everything)
        self.sentences = [s for s in everything if s.start not in general]
        self.starts = [s.start for s in self.sentences]
        self.body = _blank(text, [s for s in everything if s.start in general])
        brackets = [(m.start(), m.end()) for m in _rx(BRACKETS, 0).finditer(text)]
        # Brackets blanked with a character no name contains, so names never run across them.
        self.masked = _rx(BRACKETS, 0).sub(lambda b: "|" * len(b[0]), text)
        opens = [s for s, _ in brackets]
        self.mentions = []
        for m in countries.find(self.body):
            i = bisect.bisect_left(opens, m.start) - 1  # brackets do not nest: one can hold m
            if i < 0 or brackets[i][1] <= m.end:
                self.mentions.append(m)

    def quote(self, record: PressRecord, name: str, start: int, end: int) -> None:
        record.evidence[name] = self.text[start:end].strip()

    def sentence_at(self, position: int) -> Sentence | None:
        i = bisect.bisect_right(self.starts, position) - 1
        if i >= 0 and position < self.sentences[i].end:
            return self.sentences[i]
        return None

    def sentence_after(self, position: int) -> Sentence | None:
        i = bisect.bisect_left(self.starts, position)
        return self.sentences[i] if i < len(self.sentences) else None

    # --- release date and State ---------------------------------------------------------------

    def release_date(self, record: PressRecord) -> date | None:
        found = dates.release_date(self.text)
        if not found:
            return None
        day, start, end = found
        record.release_date = day.isoformat()
        self.quote(record, "release_date", start, end)
        return day

    def main_country(self, record: PressRecord) -> str | None:
        """The visited State; sets whether the release is about one visit.

        The lead (the first sentence that names a State) decides: one State visited there, or
        named alone, is the visit's State; several States visited there, or a marker near the top
        ("annual report", "visits for 2024", "six country visits"), mean a release about something
        else. Without a lead that decides, the States the release names as places of visits do."""
        opening = self.body[:900]
        marker = next((m for p in rules.NOT_SINGLE_VISIT if (m := re.search(p, opening, I))), None)
        if marker or not self.mentions:
            if marker:
                self.quote(record, "is_single_visit", marker.start(), marker.end())
            return None
        chains = self._targets()
        targets = [m for m, _ in chains]
        lead = self.sentence_at(self.mentions[0].start)
        if lead is not None:
            in_lead = [(m, c) for m, c in chains if lead.start <= m.start < lead.end]
            sizes = Counter(c for _, c in in_lead)
            alone = [m for m, c in in_lead if sizes[c] == 1 and not self._plural_visit(m)]
            lead_states = list(
                dict.fromkeys(m.iso3 for m in self.mentions if lead.start <= m.start < lead.end)
            )
            if alone:
                return self._single(record, alone[0].iso3, alone[0])
            if len({m.iso3 for m, _ in in_lead}) >= 2:
                return None
            if in_lead or len(lead_states) == 1:
                iso3 = in_lead[0][0].iso3 if in_lead else lead_states[0]
                first = next(m for m in self.mentions if m.iso3 == iso3 and m.start >= lead.start)
                if not in_lead and not re.search(VISIT_WORD, self.body, I):
                    return None
                return self._single(record, iso3, first)
        distinct = list(dict.fromkeys(t.iso3 for t in targets))
        if len(distinct) >= 2 or (not distinct and len({m.iso3 for m in self.mentions}) >= 3):
            return None
        if distinct:
            return self._single(record, distinct[0], targets[0])
        counts = Counter(m.iso3 for m in self.mentions)
        iso3 = max(counts, key=lambda c: (counts[c], -self._first(c)))
        if not re.search(VISIT_WORD, self.body, I):
            return None
        return self._single(record, iso3, next(m for m in self.mentions if m.iso3 == iso3))

    def _plural_visit(self, mention) -> bool:
        """Whether the visit word before mention is plural ("visits to", "missions to")."""
        before = self.body[max(0, mention.start - 60) : mention.start]
        return bool(re.search(r"\b(?:visits|missions|visites|visitas)\b[^.]{0,30}$", before, I))

    def _single(self, record: PressRecord, iso3: str, mention) -> str:
        record.is_single_visit = True
        self.quote(record, "country", mention.start, mention.end)
        self.quote(record, "iso3", mention.start, mention.end)
        return iso3

    def _first(self, iso3: str) -> int:
        return next(m.start for m in self.mentions if m.iso3 == iso3)

    def _targets(self) -> list:
        """Countries named as the place of a visit: "visit to X", "X visit", "visits to X, Y and
        Z". Each is (mention, chain): a chain is one list of States after one visit word."""
        targets, previous, chain = [], None, 0
        for m in self.mentions:
            before = self.body[max(0, m.start - 60) : m.start]
            chained = previous is not None and re.fullmatch(
                r"\s*[,;]?\s*(?:and|et|y|e|as\s+well\s+as)?\s*(?:the\s+|la\s+|le\s+|l'|el\s+)?",
                self.body[previous.end : m.start],
                I,
            )
            after = re.match(
                r"\s+(?:visit|mission|visite|visita)\b", self.body[m.end : m.end + 12], I
            )
            if chained:
                targets.append((m, chain))
                previous = m
            elif _rx(rules.VISIT_TARGET).search(before) or after:
                chain += 1
                targets.append((m, chain))
                previous = m
            else:
                previous = None
        return targets

    def countries_mentioned(self) -> list[str]:
        return list(dict.fromkeys(countries.display_name(m.iso3) for m in self.mentions))

    # --- dates ----------------------------------------------------------------------------------

    def dates(self, record: PressRecord, release_day: date | None) -> None:
        """The first day range in a sentence about the visit (else in any sentence); failing a
        range, a start and an end named apart ("began on 19 May … due to end on 26 May")."""
        best = None
        for s in self.sentences:
            if _rx(r"\bsessions?\b|\bsesión\b|\bséance\b").search(s.text):
                continue
            for m in dates.ranges(s.text):
                rank = (
                    0 if _rx(VISIT_WORD + r"|delegat|délégation|delegación").search(s.text) else 1
                )
                if best is None or rank < best[0]:
                    best = (rank, s, m)
                break
            if best and best[0] == 0:
                break
        if best:
            _, s, m = best
            found = dates.resolve(m, release_day, _tense(s.text))
            if found:
                return self._dates(record, found, s.start + m.start(), s.start + m.end())
            why = (
                f"year not stated: the range '{m[0].strip(' .,;')}' gives none, and no dateline "
                "or release date does"
                if not (m["y1"] or m["y2"] or release_day)
                else f"the range '{m[0].strip(' .,;')}' is not a span of real days"
            )
            record.missing.update(start_date=why, end_date=why)
        self._dates_apart(record, release_day)

    def _dates(self, record: PressRecord, found, start: int, end: int) -> None:
        record.start_date, record.end_date = (d.isoformat() for d in found)
        record.missing.pop("start_date", None)
        record.missing.pop("end_date", None)
        self.quote(record, "start_date", start, end)
        self.quote(record, "end_date", start, end)

    def _dates_apart(self, record: PressRecord, release_day: date | None) -> None:
        for i, s in enumerate(self.sentences):
            began = re.search(
                r"\b(?:began|begun|started|start|commenced|beginning|arrived(?:\s+in\s+\p{Lu}\p{L}+)?)\s+on\s+"
                + dates.DAY_MONTH.pattern,
                s.text,
                I,
            )
            if not began:
                continue
            rest = [(s, began.end())] + [(t, 0) for t in self.sentences[i + 1 : i + 3]]
            for t, offset in rest:
                end = re.search(
                    r"\b(?:until|to\s+end\s+on|end\s+on|ended\s+on|concluded\s+on|decided\s+on|"
                    r"halted\s+(?:\w+\s+){0,3}on|suspended\s+(?:\w+\s+){0,3}on|terminated\s+on)\s+"
                    + dates.DAY_MONTH.pattern,
                    t.text[offset:],
                    I,
                )
                if not end:
                    continue
                first, last = _day_month(began), _day_month(end)
                found = dates.span(*first, *last, release_day, _tense(s.text))
                if found:
                    start_at = (
                        s.start + began.start() + began[0].index(_first_digit_or_month(began))
                    )
                    self._dates(record, found, start_at, t.start + offset + end.end())
                return
            return

    # --- type and number ------------------------------------------------------------------------

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
        m = re.search(ORDINAL_TIME, self.body, I)
        if m:
            record.visit_ordinal = rules.ORDINALS[(m["ord"] or m["ord2"]).lower()]
            self.quote(record, "visit_ordinal", m.start(), m.end())

    # --- people ---------------------------------------------------------------------------------

    def people(self, record: PressRecord) -> None:
        members, list_head = self._member_list(record)
        heads = ([list_head] if list_head else []) + self._heads_in_sentences(record, members)
        if not heads:
            record.members = members
            return
        head = heads[0]
        same = [h for h in heads if names.same_person(h[0], head[0])]
        fullest = max(same, key=lambda h: (len(names.tokens(h[0])), len(h[0])))
        known = next((m for m in members if names.same_person(m.name, head[0])), None)
        if known is None:
            members.insert(0, Member(fullest[0], fullest[1]))
            if "members" not in record.evidence:  # the head is the only member named
                self.quote(record, "members", fullest[2], fullest[3])
        record.head_of_delegation = fullest[0]
        if fullest is not list_head:
            self.quote(record, "head_of_delegation", fullest[2], fullest[3])
        record.members = members

    def _member_list(self, record: PressRecord):
        """The members where the text lists them, and the one the list calls the head."""
        spans = []
        for pattern in rules.MEMBER_LIST_STARTS:
            pattern = pattern.replace("{D}", rules.DELEGATION)
            for m in re.finditer(pattern, self.body, I):
                spans.append((m.start(), m.end(), self._list_end(m.end())))
        for pattern in rules.MEMBER_LIST_ENDS:
            for m in re.finditer(pattern, self.body, I):
                s = self.sentence_at(m.start())
                if s:
                    spans.append((s.start, s.start, m.start()))
        for quote_start, start, stop in sorted(spans)[:MAX_LISTS_TRIED]:
            members, head = self._names_in(record, start, stop)
            if members:
                self.quote(record, "members", quote_start, max(stop, start))
                return members, head
        return [], None

    def _list_end(self, start: int) -> int:
        """Where a list that starts at start ends: the end of its sentence; after a colon that
        ends the sentence, the end of the bulleted (or single) lines that follow."""
        s = self.sentence_at(start) or self.sentence_at(start - 1)
        if s is None:
            return start
        if self.text[start : s.end].strip(" :\t\n"):
            return s.end if self.text[s.end - 1 : s.end] != "." else s.end - 1
        following = self.sentence_after(s.end)
        if following is None:
            return s.end
        blank = re.compile(r"\n[ \t]*\n").search(self.text, following.start)
        return len(self.text[: blank.start()].rstrip()) if blank else len(self.text.rstrip())

    def _names_in(self, record: PressRecord, start: int, stop: int):
        stop = min(stop, start + MAX_LIST_CHARS)
        found = names.read(self.masked, start, stop)
        if found and found[-1].end == len(self.text.rstrip()) and self.text.rstrip()[-1].isalpha():
            found = found[:-1]  # the copy stops inside this name ("Marija DEF")
        for i in range(1, len(found)):
            # A list ends with the name after its last "and": later names are the prose's.
            if re.search(r"\b(?:and|et|y|e)\s*$", self.text[found[i - 1].end : found[i].start]):
                found = found[: i + 1]
                break
        members, head = [], None
        for i, n in enumerate(found):
            segment = self.text[n.end : found[i + 1].start if i + 1 < len(found) else stop]
            member = Member(n.name, _nationality(segment))
            members.append(member)
            if head is None and _rx(rules.HEAD_ROLE).search(segment):
                head = (member.name, member.nationality, n.start, n.end + len(segment))
                self.quote(record, "head_of_delegation", n.start, n.end + len(segment))
        return members, head

    def _heads_in_sentences(self, record: PressRecord, members: list[Member]) -> list[tuple]:
        """Heads named in sentences, in order: "X, head of the delegation", "led by X", "the
        Head of the SPT delegation, X", "Brasholt, quien encabezará la delegación"."""
        found = []
        member_names = [m.name for m in members]
        for s in self.sentences:
            if len(found) >= MAX_HEADS_READ:
                break
            for role in _rx(rules.HEAD_ROLE).finditer(s.text):
                before = s.text[max(0, role.start() - 140) : role.start()]
                gap = _rx(rules.BETWEEN_NAME_AND_ROLE).search(before)
                cut = gap.start() if gap else len(before)
                head = self._name_ending(s, role.start() - len(before), cut, member_names)
                if head is None:
                    head = self._name_starting(s, role.end(), 30, member_names)
                if head:
                    found.append(_quoted(head, s.start + role.start(), s.start + role.end()))
            for m in _rx(rules.HEAD_BEFORE_NAME).finditer(s.text):
                head = self._name_starting(s, m.end(), 60, member_names)
                if head:
                    found.append(_quoted(head, s.start + m.start(), s.start + m.end()))
        found.sort(key=lambda h: h[2])
        return found

    def _name_ending(self, s: Sentence, base: int, cut: int, member_names: list[str]):
        """The name that ends at s.text[base + cut] (only separators between), or None."""
        start = s.start + max(0, base)
        stop = s.start + max(0, base) + cut
        read = names.read(self.masked, start, stop)
        if read and not self.text[read[-1].end : stop].strip(" \t\n,;"):
            n = read[-1]
            role_at = s.start + max(0, base) + len(s.text[max(0, base) :])
            return (
                n.name,
                _nationality(self.text[n.end : min(role_at, n.end + 90)]),
                n.start,
                n.end,
            )
        word = _rx(r"(?-i:\p{Lu}[\p{L}-]+)[\s,]*$", 0).search(self.text[start:stop])
        if word and member_names:
            name = names.by_surname(word[0].strip(" ,"), member_names)
            if name:
                return (name, None, start + word.start(), start + word.end())
        return None

    def _name_starting(self, s: Sentence, at: int, within: int, member_names: list[str]):
        """The first name starting within `within` characters after s.text[at], or None."""
        start = s.start + at
        stop = min(s.end, start + within + MAX_NAME_CHARS)
        read = names.read(self.masked, start, stop)
        if read and read[0].start - start <= within:
            n = read[0]
            nationality = _rx(r"\s*(\([^()\n]{2,60}\))", 0).match(self.text[n.end : n.end + 70])
            return (n.name, _nationality(nationality[1]) if nationality else None, n.start, n.end)
        word = _rx(r"[\s,]*(?:(?:Ms|Mr|Mrs|Dr|Sir|M|Mme)\.?\s+)?(?-i:(\p{Lu}[\p{L}-]+))").match(
            self.text[start:stop]
        )
        if word and member_names:
            name = names.by_surname(word[1], member_names)
            if name:
                return (name, None, start, start + word.end())
        return None

    # --- places and publication -----------------------------------------------------------------

    def facility_types(self, record: PressRecord) -> None:
        found: dict[str, tuple[int, int]] = {}
        for s in self.sentences:
            if not _rx(rules.VISIT_SENTENCE).search(s.text) or _rx(rules.NOT_VISIT_SENTENCE).search(
                s.text
            ):
                continue
            text = s.text + " " + " ".join(_distributed(s.text))
            for pattern, facility_type in rules.FACILITY_RULES:
                if facility_type not in found and _rx(pattern).search(text):
                    found[facility_type] = (s.start, s.end)
        record.facility_types = [
            t for t in vocabulary("visit_places", "facility_type") if t in found
        ]
        if found:
            first = min(found.values())
            last = max(found.values(), key=lambda span: span[1])
            self.quote(record, "facility_types", first[0], last[1])

    def visit_status(self, record: PressRecord) -> None:
        for pattern, status in rules.VISIT_STATUS_RULES:
            m = _rx(pattern).search(self.body)
            if m:
                record.visit_status = status
                self.quote(record, "visit_status", m.start(), m.end())
                return

    def report_published(self, record: PressRecord) -> None:
        for pattern, value in rules.REPORT_PUBLISHED_RULES:
            m = re.search(pattern, self.body, I)
            if m:
                record.report_published_previous = value
                self.quote(record, "report_published_previous", m.start(), m.end())
                return


def _boilerplate(text: str, all_sentences: list[Sentence]) -> set[int]:
    """Starts of the sentences about the SPT in general: those that match a boilerplate rule,
    and every sentence after a heading such as "Background" or "ENDS"."""
    general = set()
    heading = re.search(rules.BOILERPLATE_HEADING, text, I | re.M)
    for s in all_sentences:
        if (
            heading
            and s.start >= heading.start()
            or any(_rx(b).search(s.text) for b in rules.BOILERPLATE_SENTENCE)
        ):
            general.add(s.start)
    return general


def _blank(text: str, spans: list[Sentence]) -> str:
    """text with the given sentences blanked out (same length, same positions)."""
    if not spans:
        return text
    parts, at = [], 0
    for s in sorted(spans, key=lambda s: s.start):
        parts.append(text[at : s.start])
        parts.append(re.sub(r"[^\n]", " ", text[s.start : s.end]))
        at = s.end
    parts.append(text[at:])
    return "".join(parts)


_PLACE_NOUN = (
    r"\b(?:detention\s+facilit\w+|facilities|institutions|cent(?:re|er)s|establishments)\b"
)


def _distributed(sentence: str) -> list[str]:
    """ "police, penitentiary and military detention facilities" -> "police detention
    facilities", "penitentiary detention facilities", "military detention facilities". Only
    the 200 characters before each place noun are read, so long sentences cost linear time."""
    out = []
    for noun in _rx(_PLACE_NOUN).finditer(sentence):
        out.extend(_distributed_before(sentence[max(0, noun.start() - 200) : noun.end()]))
    return out


def _distributed_before(sentence: str) -> list[str]:
    out = []
    for m in re.finditer(
        r"(?P<items>(?:[\p{L}-]+(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+|\s+et\s+|\s+y\s+))"
        r"{1,8}[\p{L}-]+)\s+(?P<head>detention\s+facilit\w+|facilities|institutions|cent(?:re|er)s|"
        r"establishments)",
        sentence,
        I,
    ):
        items = re.split(
            r"\s*,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+|\s+et\s+|\s+y\s+", m["items"]
        )
        out.extend(f"{item} {m['head']}" for item in items)
    return out


def _quoted(head: tuple, start: int, end: int) -> tuple:
    """head (name, nationality, start, end) with its span widened to cover its role phrase."""
    return (head[0], head[1], min(head[2], start), max(head[3], end))


def _tense(sentence: str) -> str | None:
    """ "future" for an announcement, "past" for a report on the visit, None when unclear."""
    future, past = re.search(FUTURE, sentence, I), re.search(PAST, sentence, I)
    if future and not past:
        return "future"
    if past and not future:
        return "past"
    return None


def _day_month(m) -> tuple[int, int, str | None]:
    if m["d"]:
        return int(re.match(r"\d+", m["d"])[0]), dates.month(m["m"]), m["y"]
    return int(re.match(r"\d+", m["d_"])[0]), dates.month(m["m_"]), m["y_"]


def _first_digit_or_month(m) -> str:
    return m["d"] if m["d"] else m["m_"]


def _nationality(segment: str) -> str | None:
    """The first bracketed country in segment, as written: "(Poland)" -> "Poland",
    "(head of delegation, Switzerland)" -> "Switzerland"."""
    for b in re.finditer(BRACKETS, segment):
        named = countries.find(b[0][1:-1])
        if len(named) == 1:
            return named[0].text
    return None

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

import regex as re

from dashboard.press import countries, dates, rules
from dashboard.press.delegation import DelegationReader, Member
from dashboard.press.patterns import BRACKETS, VISIT_WORD, I, rx
from dashboard.press.places import PlacesReader
from dashboard.press.segment import Sentence, sentences
from dashboard.press.text import MAX_INPUT_BYTES
from dashboard.press.visit_dates import DatesReader

# The longest text parse() reads: as many characters as the bytes a file may hold. A release is a
# few thousand characters, a saved page of one rarely more than twenty thousand; every reader's
# time is linear in the length, so a longer text costs time in proportion, never a hang
# (benchmarks/press_hostile_input.py).
MAX_TEXT_CHARS = MAX_INPUT_BYTES

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


class _Release(DatesReader, DelegationReader, PlacesReader):
    def __init__(self, text: str):
        self.text = text
        everything = sentences(text)
        general = _boilerplate(text, everything)
        self.sentences = [s for s in everything if s.start not in general]
        self.starts = [s.start for s in self.sentences]
        self.body = _blank(text, [s for s in everything if s.start in general])
        brackets = [(m.start(), m.end()) for m in rx(BRACKETS, 0).finditer(text)]
        # Brackets blanked with a character no name contains, so names never run across them.
        self.masked = rx(BRACKETS, 0).sub(lambda b: "|" * len(b[0]), text)
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
            elif rx(rules.VISIT_TARGET).search(before) or after:
                chain += 1
                targets.append((m, chain))
                previous = m
            else:
                previous = None
        return targets

    def countries_mentioned(self) -> list[str]:
        return list(dict.fromkeys(countries.display_name(m.iso3) for m in self.mentions))

    # --- dates ----------------------------------------------------------------------------------

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

    # --- places and publication -----------------------------------------------------------------

    def visit_status(self, record: PressRecord) -> None:
        for pattern, status in rules.VISIT_STATUS_RULES:
            m = rx(pattern).search(self.body)
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
            or any(rx(b).search(s.text) for b in rules.BOILERPLATE_SENTENCE)
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

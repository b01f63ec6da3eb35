"""The delegation in a release: the list of its members, and its head, named in the list or in a
sentence of its own ("led by", "head of the delegation"). A reader mixed into parse's release.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex as re

from dashboard.press import countries, names, rules
from dashboard.press.patterns import BRACKETS, I, rx
from dashboard.press.segment import Sentence

if TYPE_CHECKING:
    from dashboard.press.parse import PressRecord


@dataclass
class Member:
    name: str
    nationality: str | None = None


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


def _quoted(head: tuple, start: int, end: int) -> tuple:
    """head (name, nationality, start, end) with its span widened to cover its role phrase."""
    return (head[0], head[1], min(head[2], start), max(head[3], end))


def _nationality(segment: str) -> str | None:
    """The first bracketed country in segment, as written: "(Poland)" -> "Poland",
    "(head of delegation, Switzerland)" -> "Switzerland". A country is a nationality only when it
    stands alone between commas or semicolons: in "(Country Rapporteur for Uruguay)" it is part of
    a role."""
    for b in re.finditer(BRACKETS, segment):
        for item in re.split(r"[,;]", b[0][1:-1]):
            named = countries.find(item)
            if len(named) == 1 and item.strip() == item[named[0].start : named[0].end].strip():
                return named[0].text
    return None


class DelegationReader:
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
            if head is None and rx(rules.HEAD_ROLE).search(segment):
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
            for role in rx(rules.HEAD_ROLE).finditer(s.text):
                before = s.text[max(0, role.start() - 140) : role.start()]
                gap = rx(rules.BETWEEN_NAME_AND_ROLE).search(before)
                cut = gap.start() if gap else len(before)
                head = self._name_ending(s, role.start() - len(before), cut, member_names)
                if head is None:
                    head = self._name_starting(s, role.end(), 30, member_names)
                if head:
                    found.append(_quoted(head, s.start + role.start(), s.start + role.end()))
            for m in rx(rules.HEAD_BEFORE_NAME).finditer(s.text):
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
        word = rx(r"(?-i:\p{Lu}[\p{L}-]+)[\s,]*$", 0).search(self.text[start:stop])
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
            nationality = rx(r"\s*(\([^()\n]{2,60}\))", 0).match(self.text[n.end : n.end + 70])
            return (n.name, _nationality(nationality[1]) if nationality else None, n.start, n.end)
        word = rx(r"[\s,]*(?:(?:Ms|Mr|Mrs|Dr|Sir|M|Mme)\.?\s+)?(?-i:(\p{Lu}[\p{L}-]+))").match(
            self.text[start:stop]
        )
        if word and member_names:
            name = names.by_surname(word[1], member_names)
            if name:
                return (name, None, start, start + word.end())
        return None

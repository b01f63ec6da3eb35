"""The days of the visit in a release: a range of days in a sentence about the visit, the year
taken from the release's date when the range has none (the patterns are in dates.py). A reader
mixed into parse's release.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import regex as re

from dashboard.press import dates, rules
from dashboard.press.patterns import VISIT_WORD, I, rx

if TYPE_CHECKING:
    from dashboard.press.parse import PressRecord


def _tense(sentence: str) -> str | None:
    """ "future" for an announcement, "past" for a report on the visit, None when unclear."""
    future, past = re.search(rules.FUTURE, sentence, I), re.search(rules.PAST, sentence, I)
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


class DatesReader:
    def dates(self, record: PressRecord, release_day: date | None) -> None:
        """The first day range in a sentence about the visit (else in any sentence); failing a
        range, a start and an end named apart ("began on 19 May … due to end on 26 May")."""
        best = None
        for s in self.sentences:
            if rx(r"\bsessions?\b|\bsesión\b|\bséance\b").search(s.text):
                continue
            for m in dates.ranges(s.text):
                rank = 0 if rx(VISIT_WORD + r"|delegat|délégation|delegación").search(s.text) else 1
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

"""The places the SPT visited, as the types of the schema: the wording of each type (rules.py) in
the sentences about the visit, lists such as "police and military detention facilities" read
as one place each. A reader mixed into parse's release.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex as re

from dashboard.data.schema import vocabulary
from dashboard.press import place_rules
from dashboard.press.patterns import I, rx

if TYPE_CHECKING:
    from dashboard.press.parse import PressRecord


_PLACE_NOUN = (
    r"\b(?:detention\s+facilit\w+|facilities|institutions|cent(?:re|er)s|establishments)\b"
)


def _distributed(sentence: str) -> list[str]:
    """ "police, penitentiary and military detention facilities" -> "police detention
    facilities", "penitentiary detention facilities", "military detention facilities". Only
    the 200 characters before each place noun are read, so long sentences cost linear time."""
    out = []
    for noun in rx(_PLACE_NOUN).finditer(sentence):
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


class PlacesReader:
    def facility_types(self, record: PressRecord) -> None:
        found: dict[str, tuple[int, int]] = {}
        for s in self.sentences:
            about_visit = rx(place_rules.VISIT_SENTENCE).search(s.text)
            if not about_visit or rx(place_rules.NOT_VISIT_SENTENCE).search(s.text):
                continue
            text = s.text + " " + " ".join(_distributed(s.text))
            for pattern, facility_type in place_rules.FACILITY_RULES:
                if facility_type not in found and rx(pattern).search(text):
                    found[facility_type] = (s.start, s.end)
        record.facility_types = [
            t for t in vocabulary("visit_places", "facility_type") if t in found
        ]
        if found:
            first = min(found.values())
            last = max(found.values(), key=lambda span: span[1])
            self.quote(record, "facility_types", first[0], last[1])

"""Country names in release text -> ISO 3166 alpha-3, from pycountry (English, French, Spanish)."""

import gettext
from dataclasses import dataclass
from functools import cache

import pycountry
import regex

from dashboard.press.rules import COUNTRY_ALIASES, NOT_COUNTRY_BEFORE


@dataclass(frozen=True)
class Mention:
    iso3: str
    start: int
    end: int
    text: str


def display_name(iso3: str) -> str:
    """The usual English name: "Bolivia", "Moldova", "Türkiye", "State of Palestine"."""
    country = pycountry.countries.get(alpha_3=iso3)
    name = getattr(country, "common_name", None) or country.name
    return _uninverted(name)


def _uninverted(name: str) -> str:
    """ "Congo, The Democratic Republic of the" -> "Democratic Republic of the Congo"."""
    if ", " not in name:
        return name
    head, tail = name.split(", ", 1)
    tail = tail.removeprefix("The ").removeprefix("the ")
    return f"{tail} {head}"


@cache
def _names() -> dict[str, str]:
    """Every spelling we recognise -> alpha-3."""
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext
        for lang in ("fr", "es")
    ]
    names: dict[str, str] = {}
    for country in pycountry.countries:
        spellings = {country.name, _uninverted(country.name)}
        for attr in ("common_name", "official_name"):
            if getattr(country, attr, None):
                spellings.add(getattr(country, attr))
        if ", " in country.name:
            spellings.add(country.name.split(", ")[0])
        for translate in translations:
            for english in list(spellings):
                local = translate(english)
                spellings |= {local, _uninverted(local), local.split(" (")[0]}
        for spelling in spellings:
            spelling = spelling.strip().removeprefix("the ")
            if len(spelling) > 3 and spelling[0].isupper():
                names.setdefault(spelling, country.alpha_3)
    names.update(COUNTRY_ALIASES)
    return names


# Words only: punctuation inside a name ("Côte d'Ivoire", "Bolivia (Plurinational State of)")
# is compared as the gap between words. Names are found by looking words up, which takes time
# linear in the text.
_WORD = regex.compile(r"[\w-]+")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m[0]) for m in _WORD.finditer(text)]


@cache
def _index() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str, str]]]:
    """First word -> (words, gaps between them, what follows the last word, spelling) of every
    spelling, longest first, so "Papua New Guinea" wins over "Guinea" and "Niger" never
    matches "Nigeria"."""
    index: dict[str, list] = {}
    for spelling in _names():
        toks = _words(spelling)
        words = tuple(t[2] for t in toks)
        gaps = tuple(spelling[a[1] : b[0]] for a, b in zip(toks, toks[1:], strict=False))
        index.setdefault(words[0], []).append((words, gaps, spelling[toks[-1][1] :], spelling))
    for entries in index.values():
        entries.sort(key=lambda e: len(e[3]), reverse=True)
    return index


def find(text: str) -> list[Mention]:
    """Every country named in text, in order."""
    index, toks, found = _index(), _words(text), []
    i = 0
    while i < len(toks):
        match = _match(text, toks, i, index.get(toks[i][2]))
        if match:
            n, end, spelling = match
            found.append(Mention(_names()[spelling], toks[i][0], end, spelling))
            i += n
        else:
            i += 1
    return found


def _match(text: str, toks, i: int, entries):
    """(words used, end, spelling) of the longest spelling that starts at word i, or None."""
    if not entries or _after_excluded_word(text, toks, i):
        return None
    for words, gaps, tail, spelling in entries:
        n = len(words)
        if i + n > len(toks):
            continue
        if all(
            toks[i + j][2] == words[j] and text[toks[i + j - 1][1] : toks[i + j][0]] == gaps[j - 1]
            for j in range(1, n)
        ):
            end = toks[i + n - 1][1]
            if text.startswith(tail, end):
                return n, end + len(tail), spelling
    return None


def _after_excluded_word(text: str, toks, i: int) -> bool:
    """Whether word i follows "Northern", "New"… and one space ("Northern Ireland")."""
    if i == 0:
        return False
    _, end, word = toks[i - 1]
    gap = text[end : toks[i][0]]
    return word in NOT_COUNTRY_BEFORE and len(gap) == 1 and gap.isspace()


def iso3_of(name: str | None) -> str | None:
    """alpha-3 of a country name written in any form we know, or None."""
    if not name:
        return None
    name = name.strip()
    if name in _names():
        return _names()[name]
    found = find(name)
    return found[0].iso3 if len(found) == 1 else None

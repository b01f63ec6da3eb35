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


@cache
def _pattern() -> regex.Pattern:
    # Longest first, so "Papua New Guinea" wins over "Guinea" and "Niger" never matches "Nigeria".
    spellings = sorted(_names(), key=len, reverse=True)
    not_before = "".join(rf"(?<!\b{w}\s)" for w in NOT_COUNTRY_BEFORE)
    return regex.compile(
        rf"(?<![\w-]){not_before}(?:" + "|".join(map(regex.escape, spellings)) + r")(?![\w-])"
    )


def find(text: str) -> list[Mention]:
    """Every country named in text, in order."""
    return [Mention(_names()[m[0]], m.start(), m.end(), m[0]) for m in _pattern().finditer(text)]


def iso3_of(name: str | None) -> str | None:
    """alpha-3 of a country name written in any form we know, or None."""
    if not name:
        return None
    name = name.strip()
    if name in _names():
        return _names()[name]
    found = find(name)
    return found[0].iso3 if len(found) == 1 else None

"""Tolerant comparison of people's names: "Jakub Czepek" is "Jakub Julian Czepek"."""

import unicodedata

import regex


def tokens(name: str) -> list[str]:
    """Lowercased name parts, accents folded: "Definis-Gojanović" -> ["definis", "gojanovic"]."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return regex.findall(r"\p{L}+", folded.replace("ł", "l").replace("đ", "d"))


def same_person(a: str, b: str) -> bool:
    """True when the shorter name's parts all appear in the longer one and the surnames agree.

    Middle names are optional ("Jakub Czepek" = "Jakub Julian Czepek"), so is a second given name
    left out in front ("Gnambi Garba Kodjo" = "Joachim Gnambi Garba Kodjo").
    """
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return False
    short, long_ = sorted((ta, tb), key=len)
    if short[-1] != long_[-1]:
        return False
    if len(short) == 1:
        return len(long_) == 1
    return all(t in long_ for t in short)

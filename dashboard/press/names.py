"""People's names in release text: reading them, and telling whether two spellings are one person.

A name is a run of two or more capitalised words ("Aisha Shujune Muhammad", "R. Vasu Pillai"),
with particles between them ("de", "van"), optionally across a line break of hard-wrapped text.
Titles ("Ms.", "Sir") and roles ("Chairperson") before it are not part of it; words in capitals
are written in title case ("Hans Draminsky PETERSEN" is "Hans Draminsky Petersen").

Two spellings are one person when the shorter one's words appear, in order, among the longer
one's, sharing its first or last word ("Emilio Gines" = "Emilio Ginés Santidrián", "Gnambi Garba
Kodjo" = "Joachim Gnambi Garba Kodjo"). Words are compared with accents and special letters
folded by anyascii (ø, ß, æ) and, for long words, with rapidfuzz's similarity, so that a typo in a
release ("Malcom Evans") still finds the member ("Malcolm Evans").
"""

from dataclasses import dataclass
from functools import lru_cache

import regex as re
from anyascii import anyascii
from rapidfuzz.fuzz import ratio

from dashboard.press import countries, rules

_PARTICLES = "|".join(sorted(rules.NAME_PARTICLES, key=lambda p: (-len(p), p)))  # longest first
_TOKEN = re.compile(
    r"(?P<word>\p{Lu}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*\.?)"
    rf"|(?P<particle>(?<![\p{{L}}])(?:{_PARTICLES})(?![\p{{L}}]))"
    r"|(?P<space>[ \t]+|[ \t]*\n[ \t]*(?![-•*–·\n]))"
    r"|(?P<other>[^\p{L}\s]+|[\p{Ll}\p{Lo}][\p{L}\p{M}]*|\s+)"
)


@dataclass(frozen=True)
class Name:
    name: str  # cleaned: no titles, title case for words in capitals
    start: int  # of the written name, in the text searched
    end: int


def read(text: str, start: int = 0, end: int | None = None) -> list[Name]:
    """Every person's name in text[start:end], in order."""
    end = len(text) if end is None else end
    names, words = [], []  # words of the name being read: (start, end, text)
    pending_space = False

    def close():
        if words:
            name = clean(" ".join(w[2] for w in words))
            if name:
                names.append(Name(name, words[0][0], words[-1][1]))
        words.clear()

    for m in _TOKEN.finditer(text, start, end):
        kind = m.lastgroup
        if kind == "word":
            token = m[0]
            if token.lower().rstrip(".") in rules.TITLES or token.lower() in rules.TITLES:
                close()
            elif words and not pending_space:
                close()
                words.append((m.start(), m.end(), token))
            else:
                words.append((m.start(), m.end(), token))
            pending_space = False
        elif kind == "space":
            pending_space = bool(words)
        elif kind == "particle" and words and pending_space:
            words.append((m.start(), m.end(), m[0]))
            pending_space = False
        else:
            close()
            pending_space = False
    close()
    return names


@lru_cache(maxsize=4096)
def clean(raw: str) -> str | None:
    """raw without titles, words in capitals in title case; None when it is not a person's name."""
    parts = raw.split()
    while parts and parts[0].lower() in rules.TITLES:
        parts.pop(0)
    while parts and parts[-1].lower() in rules.NAME_PARTICLES:
        parts.pop()
    if parts and len(parts[-1]) > 2:
        parts[-1] = parts[-1].rstrip(".")
    words = [p for p in parts if p.lower() not in rules.NAME_PARTICLES]
    if len(words) < 2 or any(p.lower().strip(".") in rules.NOT_NAME_WORDS for p in parts):
        return None
    name = " ".join(_title(p) for p in parts)
    if countries.iso3_of(name) or countries.find(name):
        return None
    return name


def _title(word: str) -> str:
    """ "PETERSEN" -> "Petersen", "DEFINIS-GOJANOVIC" -> "Definis-Gojanovic"; others unchanged."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "-".join(part.capitalize() for part in word.split("-"))
    return word


def tokens(name: str) -> list[str]:
    """Lowercased name parts, accents and special letters folded: "Šteinerte" -> ["steinerte"]."""
    return re.findall(r"[a-z]+", anyascii(name).lower())


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= 5 and ratio(a, b) >= 80


def same_person(a: str, b: str) -> bool:
    """True when a and b name one person (see the module's description)."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return False
    short, long_ = sorted((ta, tb), key=len)
    if len(short) == 1:
        return len(long_) == 1 and _same_word(short[0], long_[0])
    if not (_same_word(short[0], long_[0]) or _same_word(short[-1], long_[-1])):
        return False
    i = 0
    for word in short:
        while i < len(long_) and not _same_word(word, long_[i]):
            i += 1
        if i == len(long_):
            return False
        i += 1
    return True


def by_surname(surname: str, names: list[str]) -> str | None:
    """The one name among names whose last word is surname ("Ms. Muhammad"), else None."""
    last = tokens(surname)[-1:] if tokens(surname) else []
    matches = [n for n in names if last and tokens(n)[-1:] == last]
    return matches[0] if len(matches) == 1 else None

"""Split a release into sentences, keeping their positions in the original text.

A sentence ends at a blank line; at a line break after a line that ends a sentence (".", ":",
a closing quote) or before and after a bulleted line; and at ".", "!" or "?" followed by a capital,
a digit or a quote, unless the word before the point is a title or an abbreviation ("Mr.", "Oct.",
"R."). Hard-wrapped lines ("…national\\ndetention…") stay one sentence. Every step is a single
left-to-right pass, so the time is linear in the length of the text.

No sentence is longer than MAX_SENTENCE_CHARS: a longer run is cut at a space. The readers work on
one sentence at a time, so that bound is what keeps their time linear in the length of the text,
whatever it holds (benchmarks/press_hostile_input.py builds such texts from the rules).
"""

from dataclasses import dataclass

import regex as re

# Words after which a point does not end a sentence (compared lowercased, without the point).
ABBREVIATIONS = frozenset(
    [
        "mr",
        "ms",
        "mrs",
        "dr",
        "prof",
        "sir",
        "st",
        "sr",
        "sra",
        "srta",
        "mme",
        "mlle",
        "m",
        "no",
        "nos",
        "vs",
        "etc",
        "eg",
        "ie",
        "p",
        "pp",
        "art",
        "para",
        "paras",
        "jr",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "janv",
        "févr",
        "fév",
        "avr",
        "juil",
        "déc",
        "ene",
        "abr",
        "ago",
        "dic",
    ]
)

# The longest sentence of a real release is under 1,000 characters (the corpus: 938).
MAX_SENTENCE_CHARS = 2_000

_LINE_ENDS_SENTENCE = frozenset('.!?:;”"»)')
_BULLET = re.compile(r"[ \t]*(?:[-•*–·▪]|\d{1,2}[.)])[ \t]")
# A point (or ! or ?) and closing quotes, then spaces, then what starts a sentence.
_STOP = re.compile(r"[.!?][”\"’»)\]]*(?=[ \t]+[\p{Lu}\d“\"«¿¡(•-])")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def _lines(text: str):
    """(start, end) of every line, without its newline."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield start, len(text)
            return
        yield start, end
        start = end + 1


def _blocks(text: str):
    """Runs of lines that no line break inside ends: (start, end)."""
    block_start = None
    previous_end = None
    previous_closes = False
    for start, end in _lines(text):
        line = text[start:end]
        blank = not line.strip()
        bullet = bool(_BULLET.match(line))
        if block_start is not None and (blank or bullet or previous_closes):
            yield block_start, previous_end
            block_start = None
        if not blank:
            if block_start is None:
                block_start = start
            previous_end = end
            stripped = line.rstrip()
            previous_closes = bullet or (
                stripped[-1:] in _LINE_ENDS_SENTENCE
                and not (
                    stripped.endswith(".")
                    and _word_before(stripped, len(stripped) - 1, 0) in ABBREVIATIONS
                )
            )
    if block_start is not None:
        yield block_start, previous_end


def _word_before(text: str, at: int, floor: int) -> str:
    """The word that ends at position at (lowercased, without trailing points)."""
    i = at
    while i > floor and (text[i - 1].isalnum() or text[i - 1] in "-'’."):
        i -= 1
    return text[i:at].lower().strip(".").replace(".", "")


def sentences(text: str) -> list[Sentence]:
    """The sentences of text, in order, stripped of surrounding spaces."""
    out = []
    for block_start, block_end in _blocks(text):
        start = block_start
        for m in _STOP.finditer(text, block_start, block_end):
            word = _word_before(text, m.start(), start)
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            out += _capped(text, start, m.end())
            start = m.end()
        out += _capped(text, start, block_end)
    return [s for s in out if s.text]


def _capped(text: str, start: int, end: int) -> list[Sentence]:
    """text[start:end] as one sentence, or as pieces of at most MAX_SENTENCE_CHARS cut at a space
    (at the bound itself where there is none)."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        pieces.append(_sentence(text, start, cut))
        start = cut
    pieces.append(_sentence(text, start, end))
    return pieces


def _sentence(text: str, start: int, end: int) -> Sentence:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk.rstrip())
    return Sentence(start + lead, start + trail, chunk.strip())

"""Dates in release text: the release's own date, and the range of days a visit took.

One range reader takes every form seen in releases: "from 10 to 17 December 2007", "du 1er au 7
décembre", "del 14 al 20 de abril", "26 March to 1 April", "11-20 September", "between 4-15
September", "October 29 to November 2", "Oct. 6 and 17", "entre 18 e 27 de abril", and a start
and an end in one sentence ("began on 19 May and was due to end on 26 May"). A range without a
year takes it from the release's date. Patterns have no nested repetition, so they run in linear
time.
"""

from datetime import date, timedelta

import regex as re

from dashboard.press import rules

_MONTH = "|".join(sorted(map(re.escape, rules.MONTHS), key=len, reverse=True))
# A month name, optionally abbreviated with a point; \b keeps "mar" out of "March"'s middle.
MONTH = rf"(?:{_MONTH})\b\.?"
DAY = r"(?<![\d/.,])(?:[0-3]?\d)(?:er|st|nd|rd|th|º)?(?![\d:])"
YEAR = r"(?:19|20)\d{2}(?!\d)"

_D1, _D2 = rf"(?P<d1>{DAY})", rf"(?P<d2>{DAY})"
_M1, _M2 = rf"(?P<m1>{MONTH})", rf"(?P<m2>{MONTH})"
_Y1, _Y2 = rf"(?P<y1>{YEAR})", rf"(?P<y2>{YEAR})"
# "14 al 20 de abril", "8-19 of September": a word between the day and the month.
_DE = r"(?:de[ \t]+|del[ \t]+|of[ \t]+)?"
_SEP = (
    r"[ \t]*(?:-|–|—|to|until|till|through|and|au|al|a|y|et|e|hasta)[ \t]*(?:the[ \t]+|el[ \t]+)?"
)

# "10 to 17 December 2007", "26 March to 1 April", "1er au 7 décembre 2024", "14 al 20 de abril".
RANGE_DAY_FIRST = (
    rf"{_D1}(?:[ \t]+{_DE}{_M1}(?:,?[ \t]+{_DE}{_Y1})?)?{_SEP}{_D2}[ \t]+{_DE}{_M2}"
    rf"(?:,?[ \t]+{_DE}{_Y2})?"
)
# "October 29 to November 2", "September 8 to 17", "Oct. 6 and 17", "October 20-30".
RANGE_MONTH_FIRST = (
    rf"(?<!\w){_M1}[ \t]+{_D1}(?:,[ \t]+{_Y1})?{_SEP}(?:{_M2}[ \t]+)?{_D2}(?:,[ \t]+{_Y2})?"
)
RANGE = re.compile(rf"{RANGE_DAY_FIRST}|{RANGE_MONTH_FIRST}", re.I)

# One date: "6 April 2023", "6 de abril de 2023", "April 6, 2023", "21st February, 2023".
ONE_DATE_DAY_FIRST = rf"(?P<d>{DAY})[ \t]+{_DE}(?P<m>{MONTH}),?[ \t]+{_DE}(?P<y>{YEAR})"
ONE_DATE_MONTH_FIRST = rf"(?<!\w)(?P<m_>{MONTH})[ \t]+(?P<d_>{DAY}),?[ \t]+(?P<y_>{YEAR})"
ONE_DATE = re.compile(rf"{ONE_DATE_DAY_FIRST}|{ONE_DATE_MONTH_FIRST}", re.I)
# A date without a year, for a start and an end named apart: "began on 19 May", "on October 16".
DAY_MONTH = re.compile(
    rf"(?P<d>{DAY})[ \t]+{_DE}(?P<m>{MONTH})(?:,?[ \t]+(?P<y>{YEAR}))?"
    rf"|(?<!\w)(?P<m_>{MONTH})[ \t]+(?P<d_>{DAY})(?:,[ \t]+(?P<y_>{YEAR}))?",
    re.I,
)

_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo)"
)
_CLOCK = r"(?:,?[ \t]+\d{1,2}[:.h]\d{2}(?:[ \t]*[ap]\.?m\.?)?)?"
# Lines that give the release's date, tried on each of the first lines of the text.
DATE_LINES = [
    # "19 December 2007", "Monday, October 23, 2017", "Tuesday, 18 July 2023, 8:29 pm".
    re.compile(
        rf"^(?:{_WEEKDAY},?[ \t]+)?(?P<date>{ONE_DATE.pattern}){_CLOCK}[ \t]*[-–—]?[ \t]*$", re.I
    ),
    # "23 February 2009 - The Sub-Committee…"
    re.compile(rf"^(?P<date>{ONE_DATE.pattern})[ \t]+[-–—][ \t]", re.I),
    # "GENEVA (6 April 2023)", "GENEVA/KIGALI (…)", "MOSCOW (Pakistan Point News / Sputnik -
    # 21st February, 2023)", "Geneva, 16 November 2012 –", "GENEVA, Switzerland, September 14,
    # 2016/APO/", "Kinshasa 12 déc. 2024 (ACP)", "Bishkek, 22 June 2024" alone on its line.
    re.compile(
        rf"^(?P<place>\p{{Lu}}[\p{{L}}’'./ -]{{1,40}}?(?:,[ \t]+\p{{Lu}}[\p{{L}}-]+)?)[ \t]*"
        rf"(?:\([ \t]*(?:[^()\n]{{0,40}}?[-–][ \t]*)?|,[ \t]*|[ \t]+)(?P<date>{ONE_DATE.pattern})"
        rf"[ \t]*(?:\)|[-–—/]|\(|$)",
        re.I,
    ),
    # "Published on 19/10/2015 - 11:24", "This content was published on Oct 23, 2022 – 10:08".
    re.compile(
        rf"published[ \t]+on[ \t]+(?P<date>{ONE_DATE.pattern}|(?P<dd>\d{{1,2}})/(?P<mm>\d{{1,2}})/"
        rf"(?P<yy>{YEAR}))",
        re.I,
    ),
    # "日内瓦 – 2013年12月12日"
    re.compile(r"(?P<date>(?P<cy>(?:19|20)\d{2})年(?P<cm>\d{1,2})月(?P<cd>\d{1,2})日)"),
]
METADATA_DATE = re.compile(r"\A\s*date\s+(?P<iso>\d{4}-\d{2}-\d{2})\b")


def month(name: str) -> int:
    return rules.MONTHS[name.lower().rstrip(".")]


def day(year: int, month_: int, day_: int) -> date | None:
    try:
        return date(year, month_, day_)
    except ValueError:
        return None


def _int(text: str) -> int:
    return int(re.match(r"\d+", text)[0])


def _one(m) -> date | None:
    """The date of a ONE_DATE-style match (day-first or month-first groups)."""
    if m.groupdict().get("cy"):
        return day(int(m["cy"]), int(m["cm"]), int(m["cd"]))
    if m.groupdict().get("yy"):
        return day(int(m["yy"]), int(m["mm"]), int(m["dd"]))
    if m["d"]:
        return day(int(m["y"]), month(m["m"]), _int(m["d"]))
    return day(int(m["y_"]), month(m["m_"]), _int(m["d_"]))


def release_date(text: str, limit: int = 3000) -> tuple[date, int, int] | None:
    """(date, start, end) of the release's own date line among the first lines, else of a
    leading metadata line of a saved copy ("date 2023-04-07"), else None."""
    position, previous = 0, None  # "BAKU" on one line and "(17 September 2014)" on the next
    for line in text[:limit].split("\n"):
        candidates = [(position, line)]
        if previous is not None and line.lstrip().startswith("("):
            candidates.append((previous[0], previous[1] + " " + line))
        for offset, candidate in candidates:
            for pattern in DATE_LINES:
                m = pattern.search(candidate.strip())
                found = _one(m) if m else None
                if found:
                    lead = offset + len(candidate) - len(candidate.lstrip())
                    start, end = (
                        (m.start(), m.end()) if "place" in m.groupdict() else m.span("date")
                    )
                    quote = text[lead + start : lead + end].rstrip(" -–—/(")
                    return found, lead + start, lead + start + len(quote)
        previous = (position, line) if line.strip() else previous
        position += len(line) + 1
    m = METADATA_DATE.search(text)
    if m:
        try:
            return date.fromisoformat(m["iso"]), m.start(), m.end()
        except ValueError:
            return None
    return None


def ranges(sentence: str):
    """Every day range in a sentence: (match, start, end), in order."""
    yield from RANGE.finditer(sentence)


def resolve(m, reference: date | None, tense: str | None) -> tuple[date, date] | None:
    """Start and end of a RANGE match; a missing year comes from the reference date."""
    m2 = month(m["m2"]) if m["m2"] else None
    m1 = month(m["m1"]) if m["m1"] else m2
    if m2 is None:
        m2 = m1
    return span(_int(m["d1"]), m1, m["y1"], _int(m["d2"]), m2, m["y2"], reference, tense)


def span(d1, m1, y1, d2, m2, y2, reference, tense):
    """The dates of a range given by day and month numbers and optional year strings."""
    if y1 or y2:
        y1 = int(y1) if y1 else int(y2) - (1 if m1 > m2 else 0)
    elif reference:
        y1 = nearest_year(reference, m1, d1, tense)
        if y1 is None:
            return None
    else:
        return None
    y2 = int(y2) if y2 else y1 + (1 if m2 < m1 else 0)
    start, end = day(y1, m1, d1), day(y2, m2, d2)
    if not start or not end or end < start or (end - start).days > 62:
        return None
    return start, end


def nearest_year(reference: date, month_: int, day_: int, tense: str | None) -> int | None:
    """The year that puts day_/month_ nearest the release: "8-11 December" in a January release is
    last year's; a visit announced is not long past; a visit reported on has begun."""
    options = [
        day(y, month_, day_) for y in (reference.year - 1, reference.year, reference.year + 1)
    ]
    options = [d for d in options if d]
    if tense == "future":
        options = [d for d in options if d >= reference - timedelta(days=7)] or options
    elif tense == "past":
        options = [d for d in options if d <= reference] or options
    if not options:
        return None
    return min(options, key=lambda d: abs((d - reference).days)).year

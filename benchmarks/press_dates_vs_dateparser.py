"""Measure the press reader's date reader against dateparser's search on the corpus of real
releases, before choosing between them (as the press reader's issue asks). Not run by CI, and
dateparser is not a dependency of the project: install it first, then run from the repository root:
    pip install dateparser
    python benchmarks/press_dates_vs_dateparser.py

On the tuning part of tests/press_corpus/ only: choosing a reader is tuning, so the test part is
left alone. For each release that has a visit's dates, both give a start and an end date:
- ours: dashboard.press.parse (ranges in every form, the year from the range, the dateline or the
  release date);
- dateparser: search_dates over the text in the release's language, taking the first two dates it
  finds 0-62 days apart (the longest visit on record) as the start and the end, the release's own
  date (when the expected record gives it) as the base for dates written without a year;
- dateparser in visit sentences: the same, sentence by sentence, over the sentences (our
  segmenter's) that name a visit or a delegation, the first that gives such a pair.
A field is right when it equals the expected date exactly.
"""

import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.press import parse_bytes  # noqa: E402
from dashboard.press.accuracy import corpus  # noqa: E402
from dashboard.press.patterns import VISIT_WORD  # noqa: E402
from dashboard.press.segment import sentences  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "press_corpus"
LANGUAGES = {"-fr": "fr", "-es": "es", "-pt": "pt"}


def language(name: str) -> str:
    return next((lang for suffix, lang in LANGUAGES.items() if suffix in name), "en")


def with_dateparser(text: str, lang: str, base: str | None) -> tuple[str | None, str | None]:
    from dateparser.search import search_dates

    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month"]}
    if base:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base)
    found = search_dates(text, languages=[lang], settings=settings) or []
    days = [d.date() for _, d in found]
    for first, second in zip(days, days[1:], strict=False):
        if 0 <= (second - first).days <= 62:
            return first.isoformat(), second.isoformat()
    return None, None


def in_visit_sentences(text: str, lang: str, base: str | None) -> tuple[str | None, str | None]:
    import regex

    for s in sentences(text):
        if regex.search(VISIT_WORD + r"|delegat|délégation|delegación", s.text, regex.I):
            found = with_dateparser(s.text, lang, base)
            if found[0]:
                return found
    return None, None


def main() -> None:
    releases = [
        (path, expected)
        for path, expected in corpus(CORPUS, "tuning")
        if expected.get("start_date") and path.suffix == ".txt"
    ]
    readers = {"dateparser": with_dateparser, "dateparser in visit sentences": in_visit_sentences}
    scores = {name: [0, 0] for name in ["ours", *readers]}
    seconds = dict.fromkeys(scores, 0.0)
    for path, expected in releases:
        data = path.read_bytes()
        start = time.perf_counter()
        record = parse_bytes(data, path.name)
        seconds["ours"] += time.perf_counter() - start
        start = time.perf_counter()
        theirs = with_dateparser(
            data.decode("utf-8"), language(path.name), expected.get("release_date")
        )
        seconds["dateparser"] += time.perf_counter() - start
        for name, (s, e) in (
            ("ours", (record.start_date, record.end_date)),
            ("dateparser", theirs),
        ):
            scores[name][0] += s == expected["start_date"]
            scores[name][1] += e == expected.get("end_date")
    n = len(releases)
    print(f"{n} releases of the tuning part with a visit's dates")
    print(f"{'reader':32}{'start_date':>12}{'end_date':>12}{'seconds':>10}")
    for name, (s, e) in scores.items():
        print(f"{name:32}{s / n:>11.1%} {e / n:>11.1%} {seconds[name]:>9.2f}")


if __name__ == "__main__":
    main()

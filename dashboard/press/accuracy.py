"""Accuracy of the parser on releases with known answers: each has a sibling .expected.json.

Two sets are scored: the hand-written unit releases in tests/press_releases/ (every field), and
the corpus of real releases in tests/press_corpus/ (split once into a tuning and a test part in
split.csv; only the fields an expected file gives are scored). Members are compared as a set:
their order in the text is not a field.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from dashboard.press import parse_bytes

FIELDS = (
    "is_single_visit",
    "country",
    "iso3",
    "start_date",
    "end_date",
    "visit_type",
    "visit_ordinal",
    "head_of_delegation",
    "members",
    "facility_types",
    "report_published_previous",
    "release_date",
    "countries_mentioned",
)

CORPUS_PARTS = ("tuning", "test")


@dataclass
class Result:
    release: Path
    scored: tuple[str, ...]  # the fields the expected file gives
    wrong: dict[str, tuple]  # field -> (expected, found)


def fixtures(folder: Path) -> list[tuple[Path, dict]]:
    """(release file, expected fields) for every *.expected.json in folder."""
    pairs = []
    for expected in sorted(folder.glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        release = next(
            p
            for p in folder.iterdir()
            if p.name.startswith(stem + ".") and not p.name.endswith(".expected.json")
        )
        pairs.append((release, json.loads(expected.read_text(encoding="utf-8"))))
    return pairs


def corpus(folder: Path, part: str) -> list[tuple[Path, dict]]:
    """(release file, expected fields) of one part ("tuning" or "test") of the corpus."""
    if part not in CORPUS_PARTS:
        raise ValueError(f"part must be one of {CORPUS_PARTS}, not {part!r}")
    with open(folder / "split.csv", encoding="utf-8", newline="") as f:
        names = {row["release"] for row in csv.DictReader(f) if row["part"] == part}
    pairs = fixtures(folder / "releases")
    return [(p, e) for p, e in pairs if p.name.removesuffix(".txt") in names]


def _comparable(field: str, value):
    if field == "members" and value:
        return sorted((m["name"], m["nationality"]) for m in value)
    return value


def evaluate(source: Path | list[tuple[Path, dict]]) -> list[Result]:
    """Parse each release and compare it with its expected fields (a folder or a list of pairs)."""
    pairs = fixtures(source) if isinstance(source, Path) else source
    results = []
    for release, expected in pairs:
        found = parse_bytes(release.read_bytes(), release.name).to_dict()
        scored = tuple(f for f in FIELDS if f in expected)
        wrong = {
            f: (expected[f], found[f])
            for f in scored
            if _comparable(f, expected[f]) != _comparable(f, found[f])
        }
        results.append(Result(release, scored, wrong))
    return results


def per_field(results: list[Result]) -> dict[str, tuple[float, int]]:
    """Share of releases where each field is right, and how many releases score it."""
    out = {}
    for f in FIELDS:
        scoring = [r for r in results if f in r.scored]
        if scoring:
            out[f] = (sum(f not in r.wrong for r in scoring) / len(scoring), len(scoring))
    return out


def overall(results: list[Result]) -> float:
    """Share of all scored fields that are right."""
    scored = sum(len(r.scored) for r in results)
    return sum(len(r.scored) - len(r.wrong) for r in results) / scored

"""Accuracy of the parser on the test releases: each release has a sibling .expected.json."""

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


@dataclass
class Result:
    release: Path
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


def evaluate(folder: Path) -> list[Result]:
    results = []
    for release, expected in fixtures(folder):
        found = parse_bytes(release.read_bytes(), release.name).to_dict()
        wrong = {
            f: (expected[f], found[f]) for f in FIELDS if f in expected and expected[f] != found[f]
        }
        results.append(Result(release, wrong))
    return results


def per_field(results: list[Result]) -> dict[str, float]:
    """Share of releases where each field equals the expected value."""
    return {f: sum(f not in r.wrong for r in results) / len(results) for f in FIELDS}


def overall(results: list[Result]) -> float:
    return sum(len(FIELDS) - len(r.wrong) for r in results) / (len(FIELDS) * len(results))

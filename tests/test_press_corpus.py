"""The press-release reader on real releases (tests/press_corpus/): the corpus is complete and
sourced, the split is kept, the test part scores what the README says, and every field found is
quoted from the text."""

import csv
import json
from pathlib import Path

import pytest

from dashboard.press import parse_bytes
from dashboard.press.accuracy import FIELDS, corpus, evaluate, overall, per_field
from dashboard.press.text import decode

CORPUS = Path(__file__).parent / "press_corpus"
RELEASES = CORPUS / "releases"
SPLIT = list(csv.DictReader((CORPUS / "split.csv").read_text(encoding="utf-8").splitlines()))
# Fields whose value, when set, must be quoted from the text in `evidence` (visit_type is
# "regular" by default and checked apart; the States named are a list of every mention).
QUOTED = tuple(
    f for f in FIELDS if f not in ("is_single_visit", "visit_type", "countries_mentioned")
)


def test_every_release_has_its_expected_fields_a_url_and_one_place_in_the_split():
    texts = sorted(p.name.removesuffix(".txt") for p in RELEASES.glob("*.txt"))
    expected = sorted(p.name.removesuffix(".expected.json") for p in RELEASES.glob("*.json"))
    assert texts == expected
    assert sorted(row["release"] for row in SPLIT) == texts
    for name in texts:
        data = json.loads((RELEASES / f"{name}.expected.json").read_text(encoding="utf-8"))
        assert data["url"].startswith(("http://", "https://")), name
        assert (RELEASES / f"{name}.txt").read_text(encoding="utf-8").strip(), name


def test_the_corpus_is_big_enough_and_spread_over_the_years():
    single = [row for row in SPLIT if row["about_one_visit"] == "yes"]
    assert len(single) >= 60
    assert len(SPLIT) - len(single) >= 10
    years = {int(row["year"]) for row in single if 2008 <= int(row["year"]) <= 2026}
    assert len(years) >= 17
    for part in ("tuning", "test"):
        rows = [row for row in SPLIT if row["part"] == part]
        assert 0.4 < len(rows) / len(SPLIT) < 0.6
        assert any(row["about_one_visit"] == "no" for row in rows)


def test_two_copies_of_one_release_are_on_the_same_side():
    parts = {}
    for row in SPLIT:
        if row["same_release_group"]:
            parts.setdefault(row["same_release_group"], set()).add(row["part"])
    assert parts and all(len(p) == 1 for p in parts.values())


def test_the_test_part_reaches_95_percent_overall_and_90_on_every_field():
    results = evaluate(corpus(CORPUS, "test"))
    assert overall(results) >= 0.95
    for field, (share, n) in per_field(results).items():
        assert share >= 0.90, (field, share, n)


@pytest.mark.parametrize("path", sorted(RELEASES.glob("*.txt")), ids=lambda p: p.name)
def test_every_field_found_is_a_quote_of_the_text(path):
    text = decode(path.read_bytes())
    record = parse_bytes(path.read_bytes(), path.name)
    for field in QUOTED:
        value = getattr(record, field)
        if value not in (None, [], ""):
            assert field in record.evidence, field
    if record.visit_type not in (None, "regular"):
        assert "visit_type" in record.evidence
    for field, quote in record.evidence.items():
        assert quote and quote in text, field

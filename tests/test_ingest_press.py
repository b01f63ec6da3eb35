"""ingest-press: compare releases with a copy of data/ and write them in; data/ is never touched."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.cli import cli
from dashboard.paths import DATA_DIR
from dashboard.press import ingest, parse, read_release

RELEASES = Path(__file__).parent / "press_releases"
SEED = RELEASES / "spt-kazakhstan-2023-press-release.txt"
MOLDOVA = RELEASES / "spt-moldova-2012-npm-advisory.txt"
UKRAINE = RELEASES / "spt-ukraine-2016-suspended-follow-up.txt"
URL = "https://www.ohchr.org/en/press-releases/2026/03/un-torture-prevention-body-visit-armenia"

NEW_VISIT = """UN torture prevention body to visit Armenia

GENEVA (2 March 2026) – The UN Subcommittee on Prevention of Torture (SPT) will visit
Armenia from 8 to 14 March 2026, its second visit to the country.

The delegation plans to visit prisons, police stations and psychiatric hospitals.

The SPT delegation will be composed of Nika Kvaratskhelia (Georgia), head of
delegation, and Elīna Šteinerte (Latvia).
"""


@pytest.fixture
def data(tmp_path):
    """A copy of the real data folder."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def run(*args):
    return CliRunner().invoke(cli, ["ingest-press", *map(str, args)])


def test_seed_matches_the_existing_visit_and_changes_nothing(data, tmp_path):
    before = snapshot(data)
    result = run(SEED, "--apply", "--data", data, "--db", tmp_path / "db.duckdb")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{SEED}: matches the existing visit KAZ-2023-03; nothing differs\n  nothing to change\n"
    )
    assert snapshot(data) == before
    assert not (tmp_path / "db.duckdb").exists()  # nothing to rebuild


def test_without_apply_nothing_is_written(data, tmp_path):
    (tmp_path / "armenia.txt").write_text(NEW_VISIT, encoding="utf-8")
    before = snapshot(data)
    result = run(tmp_path / "armenia.txt", "--data", data)
    assert result.exit_code == 0
    assert "Armenia (ARM) 2026-03-08 to 2026-03-14: a new visit (ARM-2026-03)" in result.output
    assert snapshot(data) == before


def test_a_new_visit_needs_a_source_url(data, tmp_path):
    (tmp_path / "armenia.txt").write_text(NEW_VISIT, encoding="utf-8")
    before = snapshot(data)
    result = run(
        tmp_path / "armenia.txt", "--apply", "--data", data, "--db", tmp_path / "db.duckdb"
    )
    assert result.exit_code == 1
    assert "a new visit needs the release's public URL: give --source-url" in result.output
    assert snapshot(data) == before


def test_a_source_url_must_be_a_web_address(data, tmp_path):
    (tmp_path / "armenia.txt").write_text(NEW_VISIT, encoding="utf-8")
    before = snapshot(data)
    db = tmp_path / "db.duckdb"
    result = run(
        tmp_path / "armenia.txt",
        "--apply",
        "--data",
        data,
        "--db",
        db,
        "--source-url",
        "armenia.txt",
    )
    assert result.exit_code == 1
    assert "the source URL must start with http:// or https://: 'armenia.txt'" in result.output
    assert snapshot(data) == before


def test_a_new_visit_is_written_in_the_files_style_and_a_second_run_changes_nothing(data, tmp_path):
    release = tmp_path / "armenia.txt"
    release.write_text(NEW_VISIT, encoding="utf-8")
    db = tmp_path / "db.duckdb"
    before = snapshot(data)
    result = run(release, "--apply", "--data", data, "--db", db, "--source-url", URL)
    assert result.exit_code == 0, result.output
    assert db.exists()
    after = snapshot(data)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {
        "visits.csv",
        "visit_places.csv",
        "delegation_members.csv",
        "sources.csv",
        "source_links.csv",
    }
    # Rows are added, nothing else moves; new rows keep the files' style.
    assert after["visits.csv"] == before["visits.csv"] + (
        b"ARM-2026-03,ARM,2026-03-08,2026-03-14,day,,regular,planned,,medium,"
        b"Added from a press release of 2026-03-02 by ingest-press; check against the report.\n"
    )
    assert after["visit_places.csv"] == before["visit_places.csv"] + (
        b"ARM-2026-03,prison\nARM-2026-03,police\nARM-2026-03,psychiatric\n"
    )
    assert after["delegation_members.csv"] == before["delegation_members.csv"] + (
        "ARM-2026-03,Nika Kvaratskhelia,Georgia,head\n"
        "ARM-2026-03,Elīna Šteinerte,Latvia,member\n".encode()
    )
    assert after["sources.csv"] == before["sources.csv"] + f"S0511,{URL}\n".encode()
    assert after["source_links.csv"] == before["source_links.csv"] + b"visit,ARM-2026-03,S0511\n"

    again = run(release, "--apply", "--data", data, "--db", db, "--source-url", URL)
    assert again.exit_code == 0
    assert "matches the existing visit ARM-2026-03; nothing differs" in again.output
    assert "nothing to change" in again.output
    assert snapshot(data) == after


def test_missing_nationalities_are_filled_in_place(data, tmp_path):
    comparison = ingest.compare(read_release(MOLDOVA), data)
    assert comparison.status == "conflict"
    assert comparison.visit_id == "MDA-2012-10"
    assert comparison.details() == [
        "nationality: empty in the data: data 'Christian Pross', release 'Germany'",
        "nationality: empty in the data: data 'Fortune Gaetan Zongo', release 'Burkina Faso'",
    ]
    before = (data / "delegation_members.csv").read_text(encoding="utf-8")
    changes = ingest.apply(comparison, data, tmp_path / "db.duckdb")
    assert len(changes) == 2
    after = (data / "delegation_members.csv").read_text(encoding="utf-8")
    assert after == before.replace(
        "MDA-2012-10,Christian Pross,,member", "MDA-2012-10,Christian Pross,Germany,member"
    ).replace(
        "MDA-2012-10,Fortune Gaetan Zongo,,member",
        "MDA-2012-10,Fortune Gaetan Zongo,Burkina Faso,member",
    )
    assert ingest.compare(read_release(MOLDOVA), data).status == "same"


def test_missing_places_are_added_next_to_the_visits_rows_once(data, tmp_path):
    bolivia = RELEASES / "spt-bolivia-2024-announcement.txt"
    db = tmp_path / "db.duckdb"
    comparison = ingest.compare(read_release(bolivia), data)
    assert comparison.details() == [
        "places: not in the data: ['prison', 'police', 'psychiatric', 'juvenile']"
    ]
    before = (data / "visit_places.csv").read_text(encoding="utf-8")
    ingest.apply(comparison, data, db)
    after = (data / "visit_places.csv").read_text(encoding="utf-8")
    added = "".join(f"BOL-2024-12,{t}\n" for t in ["prison", "police", "psychiatric", "juvenile"])
    assert after == before + added
    assert ingest.apply(ingest.compare(read_release(bolivia), data), data, db) == []
    assert (data / "visit_places.csv").read_text(encoding="utf-8") == after


def test_a_differing_date_is_reported_and_only_replaced_with_overwrite(data, tmp_path):
    db = tmp_path / "db.duckdb"
    before = snapshot(data)
    result = run(UKRAINE, "--apply", "--data", data, "--db", db)
    assert result.exit_code == 0
    assert "matches the existing visit UKR-2016-05, with differences in end_date" in result.output
    assert "end_date: differs: data '2016-05-25', release '2016-05-26'" in result.output
    assert snapshot(data) == before
    result = run(UKRAINE, "--apply", "--overwrite", "--data", data, "--db", db)
    assert result.exit_code == 0
    visits = (data / "visits.csv").read_text(encoding="utf-8")
    assert "UKR-2016-05,UKR,2016-05-19,2016-05-26,day,,follow-up,suspended," in visits


def test_data_that_does_not_validate_is_refused_before_anything_is_written(data, tmp_path):
    with (data / "reports.csv").open("a", encoding="utf-8", newline="") as f:
        f.write("BROKEN/1,,NO-SUCH-VISIT,state,published,,,high,\n")
    before = snapshot(data)
    result = run(MOLDOVA, "--apply", "--data", data, "--db", tmp_path / "db.duckdb")
    assert result.exit_code == 1
    assert result.output == (
        "reports.csv:114: visit_id: unknown visit_id 'NO-SUCH-VISIT': not in visits.csv\n"
        "1 problem(s); the database was not changed.\n"
    )
    assert snapshot(data) == before
    assert not (tmp_path / "db.duckdb").exists()


def test_names_match_tolerantly():
    record = parse(SEED.read_text(encoding="utf-8"))
    comparison = ingest.compare(record, DATA_DIR)  # read only
    assert comparison.status == "same"
    assert comparison.visit_id == "KAZ-2023-03"


def test_month_precision_visits_match_on_year_and_month(data):
    text = (
        "UN torture prevention body\n\nGENEVA (30 October 2007) – The SPT concluded its first "
        "visit to Mauritius, from 8 to 18 October 2007.\n"
    )
    comparison = ingest.compare(parse(text), data)
    assert comparison.visit_id == "MUS-2007-10"
    assert comparison.details() == [
        "dates: empty in the data: data '2007-10', release '2007-10-08 to 2007-10-18'"
    ]


def test_releases_that_cannot_be_written_are_refused(data, tmp_path):
    several = RELEASES / "spt-2024-session-several-visits.txt"
    result = run(several, "--apply", "--data", data, "--db", tmp_path / "db.duckdb")
    assert result.exit_code == 1
    assert "not about a single visit (States named: Albania, Bolivia" in result.output
    assert "not applied: the release is not about a single visit" in result.output
    unknown = tmp_path / "uzbekistan.txt"
    unknown.write_text(
        "UN torture prevention body\n\nGENEVA (2 March 2026) – The SPT will visit "
        "Uzbekistan from 8 to 14 March.\n",
        encoding="utf-8",
    )
    result = run(
        unknown, "--apply", "--data", data, "--db", tmp_path / "db.duckdb", "--source-url", URL
    )
    assert result.exit_code == 1
    assert "UZB is not in states.csv; add the State first" in result.output

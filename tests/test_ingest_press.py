"""ingest-press: compare releases with a copy of data/ and write them in; data/ is never touched."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.cli import cli
from dashboard.paths import DATA_DIR
from dashboard.press import ingest, parse, read_release
from tests.press_examples import MOLDOVA, NEW_VISIT, RELEASES, SEED, UKRAINE, URL


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
    # The new source: its canonical URL, the copy read, kind, publisher and whether its address is
    # checked (dashboard/data/sources.py).
    new_source = f"S0522,{URL},{URL},un-primary,OHCHR,true\n"
    assert after["sources.csv"] == before["sources.csv"] + new_source.encode()
    assert after["source_links.csv"] == before["source_links.csv"] + b"visit,ARM-2026-03,S0522\n"

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
        f.write("BROKEN/1,,NO-SUCH-VISIT,state,published,,,medium,\n")
    before = snapshot(data)
    result = run(MOLDOVA, "--apply", "--data", data, "--db", tmp_path / "db.duckdb")
    assert result.exit_code == 1
    line = len(before["reports.csv"].splitlines())
    assert result.output == (
        f"reports.csv:{line}: visit_id: unknown visit_id 'NO-SUCH-VISIT': not in visits.csv\n"
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


# --- suspended, resumed and terminated visits; what a release adds to a visit on record --------

CORPUS = Path(__file__).parent / "press_corpus" / "releases"


def rows(folder: Path, table: str, visit_id: str) -> list[str]:
    text = (folder / f"{table}.csv").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.startswith(f"{visit_id},")]


def set_field(folder: Path, visit_id: str, column: int, value: str) -> None:
    """Set one column of one visits.csv row in a copy of the data (lines of the real files have
    no quoted commas before column 10)."""
    path = folder / "visits.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith(f"{visit_id},"):
            cells = line.split(",")
            cells[column] = value
            lines[i] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


STATUS, RELATED = 7, 8  # columns of visits.csv


def test_a_resumed_visit_links_the_suspended_part_when_the_data_lacks_the_link(data, tmp_path):
    set_field(data, "UKR-2016-05", RELATED, "")
    release = CORPUS / "ukr-2016-08-to-resume-visit-ohchr.txt"
    result = run(release, "--apply", "--data", data, "--db", tmp_path / "db.duckdb")
    assert result.exit_code == 0, result.output
    assert "matches the existing visit UKR-2016-09" in result.output
    assert "related_visit: the suspended part UKR-2016-05 is not linked to UKR-2016-09" in (
        result.output
    )
    assert rows(data, "visits", "UKR-2016-05")[0].split(",")[RELATED] == "UKR-2016-09"
    assert rows(data, "visits", "UKR-2016-09")[0].split(",")[STATUS] == "completed"
    again = run(release, "--apply", "--data", data, "--db", tmp_path / "db.duckdb")
    assert "related_visit" not in again.output


def test_a_new_resumed_visit_is_added_and_linked_from_its_suspended_part(data, tmp_path):
    with (data / "visits.csv").open("a", encoding="utf-8") as f:
        f.write("NZL-2030-01,NZL,2030-01-10,2030-01-12,day,,regular,suspended,,low,test row\n")
    release = tmp_path / "resume.txt"
    release.write_text(
        "UN torture prevention body to resume New Zealand visit\n\n"
        "GENEVA (2 March 2030) – The SPT will return to New Zealand from 5 to 9 March 2030 to "
        "resume the visit it suspended in January.\n",
        encoding="utf-8",
    )
    result = run(
        release, "--apply", "--data", data, "--db", tmp_path / "db.duckdb", "--source-url", URL
    )
    assert result.exit_code == 0, result.output
    assert "a new visit (NZL-2030-03)" in result.output
    assert "linked the suspended part NZL-2030-01 to NZL-2030-03" in result.output
    assert rows(data, "visits", "NZL-2030-01")[0].split(",")[RELATED] == "NZL-2030-03"
    assert rows(data, "visits", "NZL-2030-03")[0].split(",")[STATUS] == "planned"


def test_a_suspension_release_gives_a_new_visit_the_suspended_status(data, tmp_path):
    release = tmp_path / "suspended.txt"
    release.write_text(
        "GENEVA (12 March 2030) – The SPT has suspended its visit to New Zealand, which began on "
        "9 March 2030. It decided on 11 March to suspend the mission, as it was denied access "
        "to places of detention.\n",
        encoding="utf-8",
    )
    result = run(
        release, "--apply", "--data", data, "--db", tmp_path / "db.duckdb", "--source-url", URL
    )
    assert result.exit_code == 0, result.output
    visit = rows(data, "visits", "NZL-2030-03")[0].split(",")
    assert (visit[2], visit[3], visit[STATUS]) == ("2030-03-09", "2030-03-11", "suspended")


def test_a_termination_without_dates_ends_the_states_suspended_visit(data, tmp_path):
    set_field(data, "AUS-2022-10", STATUS, "suspended")
    release = CORPUS / "aus-2023-02-terminates-visit-pakistanpoint.txt"
    result = run(release, "--apply", "--data", data, "--db", tmp_path / "db.duckdb")
    assert result.exit_code == 0, result.output
    assert "matches the existing visit AUS-2022-10, with differences in status" in result.output
    assert rows(data, "visits", "AUS-2022-10")[0].split(",")[STATUS] == "terminated"


def test_a_termination_with_no_suspended_visit_on_record_cannot_be_matched(data, tmp_path):
    release = CORPUS / "aus-2023-02-terminates-visit-pakistanpoint.txt"  # AUS-2022-10 terminated
    before = snapshot(data)
    result = run(release, "--data", data)
    assert "the release gives no dates, so it cannot be matched" in result.output
    assert snapshot(data) == before


def test_a_release_for_a_visit_on_record_adds_only_what_it_adds(data, tmp_path):
    db = tmp_path / "db.duckdb"
    (tmp_path / "announcement.txt").write_text(NEW_VISIT, encoding="utf-8")
    assert (
        run(
            tmp_path / "announcement.txt",
            "--apply",
            "--data",
            data,
            "--db",
            db,
            "--source-url",
            URL,
        ).exit_code
        == 0
    )
    assert rows(data, "visits", "ARM-2026-03")[0].split(",")[STATUS] == "planned"
    members_before = rows(data, "delegation_members", "ARM-2026-03")
    closing = tmp_path / "closing.txt"
    closing.write_text(
        "GENEVA (16 March 2026) – The SPT concluded its second visit to Armenia, from 8 to 14 "
        "March 2026, where it visited prisons and juvenile detention centres.\n\n"
        "“We were given access everywhere,” said Nika Kvaratskhelia, head of the delegation.\n",
        encoding="utf-8",
    )
    result = run(closing, "--apply", "--data", data, "--db", db)
    assert result.exit_code == 0, result.output
    assert "ARM-2026-03: status: 'planned' in the data, 'completed' in the release" in result.output
    visit = rows(data, "visits", "ARM-2026-03")[0].split(",")
    assert visit[STATUS] == "completed"  # the visit took place
    assert rows(data, "delegation_members", "ARM-2026-03") == members_before  # the head is known
    places = [line.split(",")[1] for line in rows(data, "visit_places", "ARM-2026-03")]
    assert places == ["prison", "police", "psychiatric", "juvenile"]  # juvenile added, none lost
    again = run(closing, "--apply", "--data", data, "--db", db)
    assert "nothing differs" in again.output


def test_an_announcement_adds_nothing_to_a_visit_on_record_as_held(data):
    announcement = parse(
        "GENEVA (20 March 2023) – The SPT will visit Kazakhstan from 26 March to 1 April 2023.\n"
    )
    comparison = ingest.compare(announcement, data)
    assert (comparison.status, comparison.visit_id) == ("same", "KAZ-2023-03")
    assert comparison.differences == []


def test_ingest_press_says_why_a_field_is_empty(data, tmp_path):
    release = tmp_path / "no-year.txt"
    release.write_text(
        "The UN Subcommittee on Prevention of Torture (SPT) concluded its visit to Kazakhstan, "
        "which took place from 15 to 21 June. The delegation visited prisons.\n"
    )
    result = run(release, "--data", data)
    lines = result.output.splitlines()
    why = (
        "year not stated: the range '15 to 21 June' gives none, and no dateline or release date "
        "does"
    )
    assert f"  start_date: empty: {why}" in lines
    assert f"  end_date: empty: {why}" in lines
    assert "  members: empty: no list of the delegation's members found" in lines
    assert not any(line.startswith("  facility_types: empty") for line in lines)

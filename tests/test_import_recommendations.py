"""`opcat-dashboard import-recommendations` on the hand-made UHRI-shaped fixture
(tests/fixtures/uhri, see its README) against a copy of the real data: the report of matches,
unmatched symbols and duplicates; --apply adds the rows with their source and rebuilds; a second
run changes nothing; any problem or failed build leaves every file as it was."""

import difflib
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from dashboard.cli import cli
from dashboard.data.recommendation_rows import OUR_COLUMNS
from dashboard.paths import DATA_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "uhri"
JSON = FIXTURES / "spt_export.json"
CSV = FIXTURES / "spt_export.csv"
ADDED = [
    "UHRI-00000000-f1c7-4e00-8000-000000000002",
    "UHRI-00000000-f1c7-4e00-8000-000000000003",
    "UHRI-00000000-f1c7-4e00-8000-000000000006",
]
COLUMNS = ",".join(OUR_COLUMNS[:10])  # the last three may be left out


@pytest.fixture
def data(tmp_path) -> Path:
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def run(*args):
    return CliRunner().invoke(cli, ["import-recommendations", *map(str, args)])


def test_report_lists_matches_unmatched_and_duplicates(data):
    before = files(data)
    result = run(JSON, "--data", data)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"spt_export.json:15: Symbol: matches report CAT/OP/KAZ/1; adds {ADDED[0]}",
        f"spt_export.json:28: Symbol: matches report CAT/OP/KAZ/1; adds {ADDED[1]}",
        f"spt_export.json:67: Symbol: matches report CAT/OP/MDV/1; adds {ADDED[2]}",
        "spt_export.json:2: AnnotationId: already on record as R015",
        "spt_export.json:41: Symbol: unmatched symbol 'CAT/OP/XYZ/9': no such report in "
        "reports.csv",
        "warning: 1 symbols match no report in reports.csv (records): CAT/OP/XYZ/9 (1)",
        "spt_export.json (UHRI JSON): 3 to add, 1 already on record, 1 unmatched symbols, "
        "0 with no theme of ours, 1 not from the SPT, 0 problems",
    ]
    assert files(data) == before


def test_csv_export_gives_the_same_plan(data):
    result = run(CSV, "--data", data)
    assert result.exit_code == 0, result.output
    assert [line.split(": ", 2)[-1] for line in result.output.splitlines()[:3]] == [
        f"matches report CAT/OP/KAZ/1; adds {ADDED[0]}",
        f"matches report CAT/OP/KAZ/1; adds {ADDED[1]}",
        f"matches report CAT/OP/MDV/1; adds {ADDED[2]}",
    ]
    assert "spt_export.csv:5: Symbol: unmatched symbol 'CAT/OP/XYZ/9'" in result.output


def test_apply_adds_rebuilds_and_a_second_run_changes_nothing(data, tmp_path):
    db = tmp_path / "db.duckdb"
    before = files(data)
    result = run(JSON, "--data", data, "--db", db, "--apply")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "added 3 recommendations and rebuilt the database"
    after = files(data)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"recommendations.csv", "sources.csv", "source_links.csv"}
    # Only lines added (beside the rows of their kind); every other line as it was, in order.
    for name in changed:
        old, new = before[name].splitlines(True), after[name].splitlines(True)
        edits = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
        assert {tag for tag, *_ in edits} == {"equal", "insert"}, name
    con = duckdb.connect(str(db), read_only=True)
    rows = con.sql(
        "SELECT recommendation_id, paragraph, themes, affected_persons, visit_id, confidence "
        "FROM recommendation_facts WHERE recommendation_id LIKE 'UHRI-%' ORDER BY 1"
    ).fetchall()
    assert rows == [
        (ADDED[0], "15", ["fundamental-safeguards"], ["persons deprived of liberty"],
         "KAZ-2016-09", "medium"),
        (ADDED[1], "16", ["health-care"], ["persons deprived of liberty"], "KAZ-2016-09",
         "medium"),
        (ADDED[2], "30", ["women-gender"], ["women"], "MDV-2007-12", "medium"),
    ]  # fmt: skip
    sources = con.sql(
        "SELECT DISTINCT s.url FROM source_links l JOIN sources s USING (source_id) "
        "WHERE l.record_id LIKE 'UHRI-%'"
    ).fetchall()
    assert sources == [("https://uhri.ohchr.org/en/search-human-rights-recommendations",)]
    summary = con.sql(f"SELECT summary FROM recommendations WHERE recommendation_id = '{ADDED[2]}'")
    assert summary.fetchall()[0][0].endswith("guarded by female staff & held apart from men.")
    con.close()
    built = db.read_bytes()

    again = run(JSON, "--data", data, "--db", db, "--apply")
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[-1] == "nothing to change"
    assert "0 to add, 4 already on record" in again.output
    assert files(data) == after
    assert db.read_bytes() == built


def test_a_problem_means_nothing_is_written(data, tmp_path):
    export = tmp_path / "export.json"
    export.write_text(
        JSON.read_text().replace('"Right to health"', '"Right to a holiday"'), encoding="utf-8"
    )
    before = files(data)
    result = run(export, "--data", data, "--db", tmp_path / "db.duckdb", "--apply", "--strict")
    assert result.exit_code == 1
    assert (
        "export.json:28: Themes: unknown value 'Right to a holiday': add a line for it to "
        "data/uhri_mapping.csv" in result.output
    )
    assert "nothing was written" in result.output
    assert files(data) == before
    assert not (tmp_path / "db.duckdb").exists()


def test_a_failed_build_restores_every_file(data, tmp_path):
    ours = tmp_path / "ours.csv"
    ours.write_text(
        f"{COLUMNS}\n,CAT/OP/KAZ/1,40,,state,police-custody,police,,Keep custody registers.,sure\n"
    )
    before = files(data)
    result = run(
        ours, "--data", data, "--db", tmp_path / "db.duckdb", "--apply",
        "--source-url", "https://example.org/our-list",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "recommendations.csv:61: confidence: unknown value 'sure'" in result.output
    assert files(data) == before


def test_our_csv_form_gets_the_next_ids_and_is_idempotent(data, tmp_path):
    ours = tmp_path / "ours.csv"
    ours.write_text(
        f"{COLUMNS}\n"
        ",CAT/OP/KAZ/1,40,,state,police-custody,police,,Keep custody registers.,medium\n"
        ",CAT/OP/KAZ/1,41,,state,health-care,police,women,See a doctor on arrival.,medium\n"
    )
    db = tmp_path / "db.duckdb"
    needs_url = run(ours, "--data", data, "--db", db, "--apply")
    assert needs_url.exit_code == 1 and "--source-url" in needs_url.output
    url = "https://example.org/our-list"
    result = run(ours, "--data", data, "--db", db, "--apply", "--source-url", url)
    assert result.exit_code == 0, result.output
    assert "ours.csv:2: report_id: matches report CAT/OP/KAZ/1; adds R060" in result.output
    assert "ours.csv:3: report_id: matches report CAT/OP/KAZ/1; adds R061" in result.output
    after = files(data)
    again = run(ours, "--data", data, "--db", db, "--apply", "--source-url", url)
    assert "ours.csv:2: recommendation_id: already on record as R060" in again.output
    assert again.output.splitlines()[-1] == "nothing to change"
    assert files(data) == after


def test_bad_files_are_clear_errors(data, tmp_path):
    for text, message in [
        ("not an export\n", "neither a UHRI export"),
        ('[{"AnnotationId": "1"}', "the JSON array is not closed"),
        ('[{"AnnotationId": 1,', "bad.json:1: -: not valid JSON"),
        ("[1, 2]", "a record is a JSON object"),
    ]:
        path = tmp_path / "bad.json"
        path.write_text(text)
        result = run(path, "--data", data)
        assert result.exit_code == 1
        assert message in result.output
        assert "Traceback" not in result.output


def test_apply_to_another_folder_needs_its_database(data):
    result = run(JSON, "--data", data, "--apply")
    assert result.exit_code == 2
    assert "needs --db" in result.output

"""The command line: build and query, and a check that every command and option is documented."""

import json
import os
import re

import click
from click.testing import CliRunner

from dashboard.cli import cli
from dashboard.paths import ROOT


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_build_then_query_json(mini_copy, tmp_path):
    db = tmp_path / "mini.duckdb"
    result = invoke("build", "--data", mini_copy, "--db", db)
    assert result.exit_code == 0, result.output
    result = invoke("query", "visits_per_region", "--db", db, "--format", "json")
    assert json.loads(result.output)[0] == {
        "un_regional_group": "African",
        "visits": 4,
        "states_visited": 2,
        "states_parties": 2,
    }


def test_query_never_rebuilds_a_named_database_from_another_folder(mini_copy, tmp_path):
    """A database built from the mini data, older than data/: `query --db` reads it as it is
    (the mini figures), says it is older, and leaves the file untouched."""
    db = tmp_path / "mini.duckdb"
    assert invoke("build", "--data", mini_copy, "--db", db).exit_code == 0
    os.utime(db, (0, 0))  # older than every file of the configured data folder
    before = db.read_bytes()
    result = CliRunner().invoke(
        cli, ["query", "visits_per_region", "--db", str(db), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["visits"] == 4  # the mini data's, not the real data's
    assert "not rebuilt, as it is not the configured database" in result.stderr
    assert db.read_bytes() == before


def test_build_refuses_impossible_date_and_keeps_old_database(mini_copy, tmp_path):
    data = mini_copy
    db = tmp_path / "mini.duckdb"
    assert invoke("build", "--data", data, "--db", db).exit_code == 0
    before = db.read_bytes()
    visits = data / "visits.csv"
    visits.write_text(visits.read_text().replace("2016-03-01", "2016-13-01"))
    result = CliRunner().invoke(cli, ["build", "--data", str(data), "--db", str(db)])
    assert result.exit_code == 1
    assert "visits.csv:4: start_date: '2016-13-01' is not a real date" in result.output
    assert "the database was not changed" in result.output
    assert db.read_bytes() == before


def test_query_filters_use_url_keys(db_path):
    result = invoke(
        "query",
        "visits_per_year",
        "--db",
        db_path,
        "--format",
        "csv",
        "--param",
        "region=African",
        "--param",
        "from_year=2016",
        "--param",
        "to_year=2016",
    )
    lines = result.output.splitlines()
    assert lines[0] == "year,visit_type,visits,partial_year"
    assert sum(int(line.split(",")[2]) for line in lines[1:]) == 4


def test_query_takes_a_repeated_filter_key_as_several_values(db_path, con):
    result = invoke(
        "query", "state_record", "--db", db_path, "--format", "json",
        "-p", "state=BRA", "-p", "state=MEX",
    )  # fmt: skip
    rows = json.loads(result.output)
    assert sorted(row["iso3"] for row in rows) == ["BRA", "MEX"]
    expected = con.execute(
        "SELECT count(*) FROM visit_facts WHERE counts_as_visit AND iso3 IN ('BRA', 'MEX')"
    ).fetchall()[0][0]
    assert sum(row["visits"] for row in rows) == expected


def test_query_refuses_a_repeated_single_value_key(db_path):
    result = CliRunner().invoke(
        cli, ["query", "visits_per_year", "--db", str(db_path), "-p", "by=year", "-p", "by=all"]
    )
    assert result.exit_code == 2
    assert "by is given more than once" in result.output


def test_query_rejects_bad_filter_value(db_path):
    result = CliRunner().invoke(
        cli,
        [
            "query",
            "visits_per_year",
            "--db",
            str(db_path),
            "--param",
            "region=';DROP TABLE visits--",
        ],
    )
    assert result.exit_code == 2
    assert "not a UN regional group" in result.output


def test_query_json_covers_2007_to_2025(db_path):
    rows = json.loads(
        invoke("query", "visits_per_year", "--db", db_path, "--format", "json").output
    )
    assert set(range(2007, 2026)) <= {r["year"] for r in rows}


def test_query_list_names_every_query():
    output = invoke("query", "--list").output
    listed = re.findall(r"^(\w+): ", output, flags=re.M)
    assert listed == sorted(p.stem for p in (ROOT / "sql" / "queries").glob("*.sql"))


def test_every_command_and_option_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text()
    for name, command in cli.commands.items():
        assert f"opcat-dashboard {name}" in readme, f"command {name} is not in README.md"
        for param in command.params:
            if isinstance(param, click.Option):
                documented = [o for o in param.opts if o in readme]
                assert documented, f"option {param.opts} of {name} is not in README.md"


def test_query_csv_flattens_list_columns(db_path):
    result = invoke("query", "visit_details", "--db", db_path, "--format", "csv", "-p", "state=KAZ")
    header, *rows = result.output.splitlines()
    assert header.split(",")[:3] == ["visit_id", "iso3", "state"]
    assert [r.split(",")[0] for r in rows if r.startswith("KAZ-")] == ["KAZ-2016-09", "KAZ-2023-03"]
    assert "Nika Kvaratskhelia (Georgia); Zdenka Perović (Montenegro)" in result.output

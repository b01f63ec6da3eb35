from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard import exports
from dashboard.charts import CHARTS
from dashboard.cli import cli
from dashboard.query.filters import Filters
from tests.conftest import SERVED_URL

CHART_ID = next(iter(CHARTS))


def run(db_path, *args):
    return CliRunner().invoke(cli, ["export", *args, "--db", str(db_path)])


def files_under(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def test_list_gives_one_chart_per_line(db_path):
    result = run(db_path, "--list")
    assert result.exit_code == 0
    assert result.output.splitlines() == [f"{c.id}: {c.description}" for c in CHARTS.values()]


def test_format_choices_are_the_export_formats():
    export = cli.commands["export"]
    (fmt,) = [p for p in export.params if p.name == "fmt"]
    assert list(fmt.type.choices) == list(exports.FORMATS)


@pytest.mark.parametrize("fmt", list(exports.FORMATS))
def test_one_chart_into_a_directory_under_its_descriptive_name(db_path, con, tmp_path, fmt):
    result = run(
        db_path, CHART_ID, "--format", fmt, "-f", "region=african", "--filter", "from_year=2016",
        "-f", "to_year=2026", "--out", str(tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    name = f"{CHART_ID}_region-african_2016-2026.{fmt}"
    assert files_under(tmp_path) == [name]
    assert result.output == f"Wrote {tmp_path / name}\n"
    filters = Filters(from_year=2016, to_year=2026, region="African")
    assert (tmp_path / name).read_bytes() == exports.export(con, CHART_ID, filters, fmt, SERVED_URL)


def test_one_chart_to_a_file_path(db_path, con, tmp_path):
    target = tmp_path / "chart.svg"
    result = run(db_path, CHART_ID, "--format", "svg", "--out", str(target))
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path) == ["chart.svg"]
    assert target.read_bytes() == exports.export(con, CHART_ID, Filters(), "svg", SERVED_URL)


def test_one_chart_to_a_new_directory_ending_in_a_slash(db_path, tmp_path):
    result = run(db_path, CHART_ID, "--format", "csv", "--out", f"{tmp_path}/new/")
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path) == ["new", f"new/{CHART_ID}.csv"]


@pytest.mark.parametrize("fmt", ["svg", "json", "csv"])
def test_standard_output(db_path, con, fmt):
    result = run(db_path, CHART_ID, "--format", fmt, "--out", "-", "-f", "visit_type=regular")
    assert result.exit_code == 0
    assert result.stdout_bytes == exports.export(
        con, CHART_ID, Filters(visit_type="regular"), fmt, SERVED_URL
    )


HOSTILE = [
    (["-f", "region=../../etc"], "region='../../etc': not a UN regional group"),
    (["-f", "state=;DROP TABLE visits"], "not the ISO3 code of a State party"),
    (["-f", "visit_type=../" * 5000], "not a visit type"),
    (["-f", "from_year=../../etc/passwd"], "a year has four digits"),
    (["-f", "../../etc=1"], "unknown filter '../../etc'"),
    (["-f", "region"], "'region' is not KEY=VALUE"),
]


@pytest.mark.parametrize(("args", "message"), HOSTILE)
def test_hostile_filters_are_clear_errors_and_write_nothing(db_path, tmp_path, args, message):
    out = tmp_path / "out"
    out.mkdir()
    for target in (out, out / "x.svg"):
        result = run(db_path, CHART_ID, "--format", "svg", *args, "--out", str(target))
        assert result.exit_code == 2
        assert message in result.output
        assert "Traceback" not in result.output
        assert len(result.output) < 1000
        assert files_under(tmp_path) == ["out"]


@pytest.mark.parametrize("chart_id", ["../../etc/passwd", "/tmp/x", "a" * 5000, "..", ""])
def test_hostile_chart_ids_write_nothing(db_path, tmp_path, chart_id):
    out = tmp_path / "out"
    out.mkdir()
    result = run(db_path, chart_id, "--format", "png", "--out", str(out))
    assert result.exit_code == 2
    expected = "give a CHART_ID" if chart_id == "" else "unknown chart"
    assert expected in result.output
    assert files_under(tmp_path) == ["out"]


def test_usage_errors(db_path, tmp_path):
    assert "give --format" in run(db_path, CHART_ID).output
    assert run(db_path, CHART_ID).exit_code == 2
    assert run(db_path).exit_code == 2
    result = run(db_path, "--all")
    assert (result.exit_code, "--all needs --out DIR" in result.output) == (2, True)
    result = run(db_path, "--all", CHART_ID, "--out", str(tmp_path))
    assert result.exit_code == 2
    result = run(db_path, CHART_ID, "--format", "gif")
    assert result.exit_code == 2
    result = run(db_path, CHART_ID, "--format", "svg", "--out", str(tmp_path / "no" / "x.svg"))
    assert result.exit_code == 2
    assert "no directory" in result.output
    assert files_under(tmp_path) == []

import html

import pytest
from click.testing import CliRunner

from dashboard import exports
from dashboard.charts import CHARTS, chart_data
from dashboard.cli import cli
from dashboard.exports.bundle import INDEX
from dashboard.query.filters import Filters
from tests.conftest import SERVED_URL
from tests.offline_browser import draw_offline, remote_references


@pytest.fixture(scope="module")
def report(db_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report"
    result = CliRunner().invoke(cli, ["export", "--all", "--out", str(out), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        f"Wrote {out / INDEX} and {len(CHARTS) * len(exports.FORMATS)} chart files\n"
    )
    return out


def test_report_has_index_and_every_chart_in_every_format(report, con):
    expected = {INDEX} | {
        exports.file_name(chart_id, Filters(), fmt)
        for chart_id in CHARTS
        for fmt in exports.FORMATS
    }
    assert {p.name for p in report.iterdir()} == expected
    for chart_id in CHARTS:
        for fmt in exports.FORMATS:
            path = report / exports.file_name(chart_id, Filters(), fmt)
            assert path.read_bytes() == exports.export(con, chart_id, Filters(), fmt, SERVED_URL)


def test_index_is_self_contained_with_captions(report, con):
    page = (report / INDEX).read_text()
    assert remote_references(page) == []
    assert page.count(exports.javascript_bundle()) == 1  # the libraries inlined once
    as_of = exports.data_as_of(con)
    for chart in CHARTS.values():
        note = chart.note(chart_data(con, chart, Filters()))
        assert f'<h2 id="{chart.id}">{html.escape(chart.title)}</h2>' in page
        assert f'<p class="description">{html.escape(chart.description)}</p>' in page
        assert f'<p class="note">{html.escape(note)}</p>' in page
        for fmt in exports.FORMATS:
            assert f'href="{exports.file_name(chart.id, Filters(), fmt)}"' in page
    caption_filters = '<p class="filters">Filters: All States parties, all years, all visit types'
    assert page.count(caption_filters) == len(CHARTS)
    assert page.count(f'<p class="as-of">Data as of {as_of}. ') == len(CHARTS)
    assert (
        f"<p>Filters: All States parties, all years, all visit types. Data as of {as_of}." in page
    )


def test_index_draws_every_chart_offline(report):
    drawn = draw_offline(report / INDEX, expected_charts=len(CHARTS))
    assert drawn.charts == len(CHARTS)
    assert drawn.errors == []
    assert drawn.blocked == []


def test_report_with_filters_and_existing_directory(db_path, tmp_path):
    result = CliRunner().invoke(
        cli,
        ["export", "--all", "--out", str(tmp_path), "-f", "region=african", "--db", str(db_path)],
    )
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert len(names) == 1 + len(CHARTS) * len(exports.FORMATS)
    assert all(n == INDEX or "_region-african." in n for n in names)
    assert "Filters: African Group" in (tmp_path / INDEX).read_text()


def test_report_with_a_hostile_filter_writes_nothing(db_path, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["export", "--all", "--out", str(out), "-f", "region=../../x", "--db", str(db_path)]
    )
    assert result.exit_code == 2
    assert "not a UN regional group" in result.output
    assert list(tmp_path.iterdir()) == []


def test_report_refuses_a_file_as_directory(db_path, tmp_path):
    target = tmp_path / "file"
    target.write_text("keep")
    result = CliRunner().invoke(
        cli, ["export", "--all", "--out", str(target), "--db", str(db_path)]
    )
    assert result.exit_code == 2
    assert "is not a directory" in result.output
    assert target.read_text() == "keep"

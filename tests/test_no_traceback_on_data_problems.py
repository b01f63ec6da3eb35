"""Commands that read the default database rebuild it when data/ is newer; when data/ is broken
they print the build's messages and exit 1, never a traceback."""

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.app import session
from dashboard.cli import cli
from tests.apptest import open_page, shown
from tests.conftest import MINI_DATA

MESSAGES = [
    "visits.csv:2: related_visit_id: 'XAA-2010-05' is the row itself: a row cannot refer to itself",
    "visit_places.csv:1: -: is a named pipe, not a regular file",
    "2 problem(s); the database was not changed.",
]


@pytest.fixture
def broken_default_data(tmp_path, monkeypatch):
    """A broken data/ behind the default database (which does not exist yet)."""
    data = Path(shutil.copytree(MINI_DATA, tmp_path / "data"))
    visits = data / "visits.csv"
    visits.write_bytes(
        visits.read_bytes().replace(
            b"regular,completed,,high,\n", b"regular,completed,XAA-2010-05,high,\n", 1
        )
    )
    (data / "visit_places.csv").unlink()
    os.mkfifo(data / "visit_places.csv")
    monkeypatch.setenv("OPCAT_DATA_DIR", str(data))
    monkeypatch.setenv("OPCAT_DB", str(tmp_path / "opcat.duckdb"))
    return tmp_path / "opcat.duckdb"


@pytest.mark.parametrize(
    "args",
    [
        ["query", "visits_per_year"],
        ["query", "state_record", "--format", "json"],
        ["export", "visits-per-year", "--format", "csv", "--out", "-"],
        ["export", "--all", "--out", "{tmp}/report"],
        ["serve", "--port", "8599"],
    ],
    ids=" ".join,
)
def test_a_broken_csv_is_a_message_not_a_traceback(args, broken_default_data, tmp_path):
    result = CliRunner().invoke(cli, [a.format(tmp=tmp_path) for a in args])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert result.stderr.splitlines() == MESSAGES
    assert result.stdout == ""
    assert not broken_default_data.exists()
    assert not (tmp_path / "report").exists()


def test_the_app_shows_the_build_messages_not_a_traceback(broken_default_data):
    session._latest.clear()  # the process's connection, if an earlier test opened one
    try:
        at = open_page("Overview")
    finally:
        session._latest.clear()
    assert not at.exception
    assert [shown(e.value) for e in at.error] == [
        "The data folder does not validate, so the dashboard cannot be built from it:\n\n"
        + "\n".join(f"- {m}" for m in MESSAGES[:2])
    ]
    assert not broken_default_data.exists()

"""ingest-press --apply is all or nothing: a failure leaves data/ as it was, an interrupted
commit is completed by the next reader, files keep their byte order mark and line endings, and
only the changed lines differ. Kills at random moments are in test_sigkill.py."""

import errno
import os
import shutil
import threading
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from dashboard.cli import cli
from dashboard.data import commit
from dashboard.data.datafiles import DataFolderError
from dashboard.data.validate import validate
from dashboard.paths import DATA_DIR
from dashboard.press import ingest, parse, read_release
from tests.press_examples import MOLDOVA, NEW_VISIT, URL

ARMENIA_FILES = {
    "visits.csv",
    "visit_places.csv",
    "delegation_members.csv",
    "sources.csv",
    "source_links.csv",
}


@pytest.fixture
def data(tmp_path):
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def add_armenia(data: Path, db: Path) -> list[str]:
    return ingest.apply(ingest.compare(parse(NEW_VISIT), data), data, db, source_url=URL)


@pytest.fixture(scope="module")
def armenia_after(tmp_path_factory) -> dict[str, bytes]:
    """data/ after the Armenia release was applied without any trouble."""
    folder = Path(shutil.copytree(DATA_DIR, tmp_path_factory.mktemp("ref") / "data"))
    add_armenia(folder, folder.parent / "db.duckdb")
    return snapshot(folder)


def failing_on_call(monkeypatch, name: str, n: int, error: OSError):
    """Make datafiles' os.<name> raise error on its n-th call (the calls before go through)."""
    real, calls = getattr(os, name), []

    def fake(*args, **kwargs):
        calls.append(args)
        if len(calls) == n:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(commit.os, name, fake)
    return calls


def test_a_full_disk_while_writing_the_third_file_changes_nothing(data, tmp_path, monkeypatch):
    before = snapshot(data)
    failing_on_call(monkeypatch, "write", 3, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(DataFolderError, match="No space left on device; nothing was changed"):
        add_armenia(data, tmp_path / "db.duckdb")
    assert snapshot(data) == before  # no new file is left beside the old ones either
    assert not (tmp_path / "db.duckdb").exists()
    assert validate(data) == []


def test_a_full_disk_while_writing_the_journal_changes_nothing(data, tmp_path, monkeypatch):
    before = snapshot(data)
    # Five data files, then the journal: its write is the sixth.
    failing_on_call(monkeypatch, "write", 6, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(DataFolderError, match="nothing was changed"):
        add_armenia(data, tmp_path / "db.duckdb")
    assert snapshot(data) == before


def test_the_cli_reports_a_failed_write(data, tmp_path, monkeypatch):
    (tmp_path / "armenia.txt").write_text(NEW_VISIT, encoding="utf-8")
    before = snapshot(data)
    failing_on_call(monkeypatch, "write", 1, OSError(errno.ENOSPC, "No space left on device"))
    result = CliRunner().invoke(
        cli,
        ["ingest-press", str(tmp_path / "armenia.txt"), "--apply", "--data", str(data)]
        + ["--db", str(tmp_path / "db.duckdb"), "--source-url", URL],
    )
    assert result.exit_code == 1
    assert (
        f"  not applied: cannot write {data / '.delegation_members.csv.new'}: "
        "No space left on device; nothing was changed\n"
    ) in result.stderr
    assert snapshot(data) == before


def test_a_read_only_file_is_not_replaced(data, tmp_path):
    (data / "visit_places.csv").chmod(0o444)
    before = snapshot(data)
    with pytest.raises(
        DataFolderError, match=r"visit_places.csv is read-only; nothing was changed"
    ):
        add_armenia(data, tmp_path / "db.duckdb")
    assert snapshot(data) == before


def test_renames_cut_short_are_completed_by_the_next_reader(
    data, tmp_path, monkeypatch, armenia_after
):
    before = snapshot(data)
    # The journal's rename is the first os.replace; fail the third, after one data file moved.
    failing_on_call(monkeypatch, "replace", 3, OSError(errno.EIO, "Input/output error"))
    with pytest.raises(DataFolderError, match="the next command that reads the folder completes"):
        add_armenia(data, tmp_path / "db.duckdb")
    monkeypatch.undo()
    half = snapshot(data)
    assert commit.JOURNAL in half
    assert {n for n in before if half.get(n) != before[n]} == {"delegation_members.csv"}
    assert validate(data) == []  # a reader: it completes the commit first
    assert snapshot(data) == armenia_after


def test_the_database_is_built_from_the_new_files_before_they_are_written(data, tmp_path):
    db = tmp_path / "db.duckdb"
    add_armenia(data, db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM visits WHERE visit_id = 'ARM-2026-03'").fetchall() == [
        (1,)
    ]
    # Newer than every data file, so the next connection does not rebuild it.
    assert all(p.stat().st_mtime <= db.stat().st_mtime for p in data.glob("*.csv"))


def test_a_byte_order_mark_is_kept(data, tmp_path, armenia_after):
    for name in ("visits.csv", "delegation_members.csv"):
        (data / name).write_bytes(b"\xef\xbb\xbf" + (data / name).read_bytes())
    add_armenia(data, tmp_path / "db.duckdb")
    after = snapshot(data)
    for name in ("visits.csv", "delegation_members.csv"):
        assert after[name] == b"\xef\xbb\xbf" + armenia_after[name]


def test_crlf_files_keep_crlf_and_only_the_changed_lines_differ(data, tmp_path):
    for path in data.glob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = snapshot(data)
    db = tmp_path / "db.duckdb"
    add_armenia(data, db)
    ingest.apply(ingest.compare(read_release(MOLDOVA), data), data, db)
    after = snapshot(data)
    changed = {n for n in after if after[n] != before.get(n)}
    assert changed == ARMENIA_FILES
    old = before["delegation_members.csv"].split(b"\r\n")
    new = after["delegation_members.csv"].split(b"\r\n")
    assert b"\n" not in after["delegation_members.csv"].replace(b"\r\n", b"")
    pross, end = old.index(b"MDA-2012-10,Christian Pross,,member"), len(old) - 1
    assert [i for i, line in enumerate(old) if new[i] != line] == [pross, pross + 1, end]
    assert new[pross : pross + 2] == [
        b"MDA-2012-10,Christian Pross,Germany,member",
        b"MDA-2012-10,Fortune Gaetan Zongo,Burkina Faso,member",
    ]
    assert new[end:] == [
        b"ARM-2026-03,Nika Kvaratskhelia,Georgia,head",
        "ARM-2026-03,Elīna Šteinerte,Latvia,member".encode(),
        b"",
    ]


def test_quoting_of_unchanged_rows_is_kept(data, tmp_path):
    # A row quoted more than needed stays as it is; only the new rows are written in the csv
    # module's minimal style.
    path = data / "delegation_members.csv"
    path.write_bytes(
        path.read_bytes().replace(b"MDA-2012-10,Mari Amos", b'"MDA-2012-10","Mari Amos"')
    )
    before = path.read_bytes()
    add_armenia(data, tmp_path / "db.duckdb")
    assert path.read_bytes().startswith(before)


def test_two_writers_at_once_both_land(data, tmp_path, armenia_after):
    """The exclusive lock: neither writer works from files the other is about to replace."""
    errors = []

    def run(fn):
        try:
            fn()
        except Exception as e:  # reported below
            errors.append(e)

    writers = [
        threading.Thread(target=run, args=(lambda: add_armenia(data, tmp_path / "a.duckdb"),)),
        threading.Thread(
            target=run,
            args=(
                lambda: ingest.apply(
                    ingest.compare(read_release(MOLDOVA), data), data, tmp_path / "b.duckdb"
                ),
            ),
        ),
    ]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    assert errors == []
    members = (data / "delegation_members.csv").read_text(encoding="utf-8")
    assert "MDA-2012-10,Christian Pross,Germany,member" in members
    assert "ARM-2026-03,Nika Kvaratskhelia,Georgia,head" in members
    assert validate(data) == []


def test_not_a_data_folder_is_a_message(tmp_path):
    (tmp_path / "armenia.txt").write_text(NEW_VISIT, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["ingest-press", str(tmp_path / "armenia.txt"), "--data", "/etc"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: /etc is not a data folder: it holds none of states.csv")


def test_another_folder_rebuilds_its_own_database_never_the_default(data, tmp_path, monkeypatch):
    default = tmp_path / "default.duckdb"
    monkeypatch.setenv("OPCAT_DB", str(default))
    (tmp_path / "armenia.txt").write_text(NEW_VISIT, encoding="utf-8")
    args = ["ingest-press", str(tmp_path / "armenia.txt"), "--apply", "--data", str(data)]
    args += ["--source-url", URL]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert f"--data {data} needs --db PATH" in result.stderr
    own = tmp_path / "own.duckdb"
    result = CliRunner().invoke(cli, [*args, "--db", str(own)])
    assert result.exit_code == 0, result.output
    assert own.exists() and not default.exists()


def test_a_broken_folder_is_refused_before_comparing(data, tmp_path):
    (data / "visits.csv").write_bytes(
        (data / "visits.csv").read_bytes().replace(b"KAZ", b"K\x00Z", 1)
    )
    (tmp_path / "armenia.txt").write_text(NEW_VISIT, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["ingest-press", str(tmp_path / "armenia.txt"), "--data", str(data)]
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "visits.csv:" in result.stderr and "contains a NUL byte" in result.stderr

"""dashboard.data.datafiles: the CSV reader and writer every command shares, and the atomic
commit."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from dashboard.data import datafiles
from dashboard.data.commit import Tables, commit, locked, recover
from dashboard.data.datafiles import DataFolderError, read_table
from dashboard.paths import DATA_DIR
from tests.conftest import MINI_DATA

REAL_FILES = sorted(DATA_DIR.glob("*.csv"))


@pytest.fixture
def data(tmp_path):
    return Path(shutil.copytree(MINI_DATA, tmp_path / "data"))


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("style", ["as shipped", "BOM", "CRLF", "BOM and CRLF"])
def test_every_real_file_is_written_back_byte_for_byte(path, style, tmp_path):
    raw = path.read_bytes()
    if "CRLF" in style:
        raw = raw.replace(b"\n", b"\r\n")
    if "BOM" in style:
        raw = b"\xef\xbb\xbf" + raw
    (tmp_path / path.name).write_bytes(raw)
    table, problems = read_table(tmp_path / path.name)
    assert problems == []
    assert table.to_bytes() == raw


def test_an_update_changes_that_line_only(data):
    before = (data / "visits.csv").read_bytes()
    tables = Tables(data)
    tables.update("visits", {"visit_id": "XAA-2014"}, {"notes": "Year only, said the report."})
    tables.update("visits", {"visit_id": "XBB-2013-02"}, {"status": "completed"})  # already so
    assert tables.changed == {"visits"}
    after = tables.encoded()["visits.csv"]
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [
        (
            b"XAA-2014,XAA,,,year,2014,regular,completed,,low,Only the year is known.",
            b'XAA-2014,XAA,,,year,2014,regular,completed,,low,"Year only, said the report."',
        )
    ]


def test_setting_a_value_it_already_has_changes_nothing(data):
    tables = Tables(data)
    tables.update("visits", {"visit_id": "XBB-2013-02"}, {"status": "completed"})
    assert tables.changed == set() and tables.encoded() == {}


def test_a_row_after_a_last_line_without_line_ending(data):
    path = data / "visit_places.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n").rstrip(b"\r\n"))
    tables = Tables(data)
    tables.insert("visit_places", {"visit_id": "XDD-2020", "facility_type": "prison"})
    assert tables.encoded()["visit_places.csv"].endswith(
        b"XCC-2018-06,police\r\nXDD-2020,prison\r\n"
    )


def test_a_table_that_cannot_be_read_is_refused(data):
    (data / "visits.csv").write_bytes(b"visit_id\n\x00\n")
    with pytest.raises(datafiles.ValidationError, match="visits.csv:2: visit_id: contains a NUL"):
        Tables(data).get("visits")


def test_commit_keeps_permissions_and_leaves_no_file_of_its_own(data):
    (data / "sources.csv").chmod(0o640)
    commit(data, {"sources.csv": b"source_id,url\n", "new.csv": b"a\n"})
    assert (data / "sources.csv").read_bytes() == b"source_id,url\n"
    assert (data / "sources.csv").stat().st_mode & 0o777 == 0o640
    assert (data / "new.csv").read_bytes() == b"a\n"
    assert not [p for p in data.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("name", ["../x.csv", "sub/x.csv", ".commit-journal", ".x.csv", ""])
def test_commit_writes_plain_file_names_only(data, name):
    with pytest.raises(ValueError, match="not a plain file name"):
        commit(data, {name: b""})


def test_commit_does_not_replace_a_symbolic_link(data, tmp_path):
    (data / "sources.csv").rename(tmp_path / "sources.csv")
    (data / "sources.csv").symlink_to(tmp_path / "sources.csv")
    with pytest.raises(DataFolderError, match="is not a regular file, so it is not replaced"):
        commit(data, {"sources.csv": b"source_id,url\n"})


def test_recovery_without_a_journal_removes_new_files_a_kill_left(data):
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    (data / ".visits.csv.new").write_bytes(b"half")
    (data / ".commit-journal.tmp").write_bytes(b"{")
    recover(data)
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def test_recovery_with_a_journal_completes_the_commit(data):
    (data / ".visits.csv.new").write_bytes(b"new visits")
    digest = hashlib.sha256(b"new visits").hexdigest()
    (data / ".commit-journal").write_text(json.dumps({"files": {"visits.csv": digest}}))
    recover(data)
    assert (data / "visits.csv").read_bytes() == b"new visits"
    assert not [p for p in data.iterdir() if p.name.startswith(".")]


def test_recovery_refuses_a_journal_it_cannot_read(data):
    (data / ".commit-journal").write_text("not json")
    with pytest.raises(DataFolderError, match="is not readable; check the files of that folder"):
        recover(data)


def test_recovery_refuses_a_new_file_that_is_not_what_the_journal_says(data):
    (data / ".visits.csv.new").write_bytes(b"something else")
    (data / ".commit-journal").write_text(json.dumps({"files": {"visits.csv": "0" * 64}}))
    with pytest.raises(DataFolderError, match="does not hold what"):
        recover(data)
    assert (data / "visits.csv").read_bytes() == (MINI_DATA / "visits.csv").read_bytes()


def test_locks_are_reentrant_within_a_thread(data):
    with locked(data, exclusive=True), locked(data), locked(data, exclusive=True):
        pass
    shared_then_exclusive = pytest.raises(RuntimeError, match="exclusive lock inside a shared one")
    with locked(data), shared_then_exclusive, locked(data, exclusive=True):
        pass


def test_check_folder(tmp_path):
    with pytest.raises(DataFolderError, match="is not a folder"):
        datafiles.check_folder(tmp_path / "nowhere", ["states.csv"])
    with pytest.raises(DataFolderError, match="is not a data folder: it holds none of states.csv"):
        datafiles.check_folder(tmp_path, ["states.csv"])
    (tmp_path / "states.csv").write_text("")
    datafiles.check_folder(tmp_path, ["states.csv", "visits.csv"])

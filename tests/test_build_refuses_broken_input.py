"""`build` on broken input: every kind ends in `file:line: column: reason` messages and exit 1,
never a traceback or a hang, and the database stays byte for byte as it was.

Each kind breaks a copy of the hand-made mini data in one way (tests/fixtures/mini), so that the
expected messages can be written out exactly; test_build_fuzz.py corrupts the real data at random.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.cli import cli
from dashboard.data.build import BuildError, build
from dashboard.data.datafiles import MAX_FIELD_CHARS, MAX_FILE_BYTES
from dashboard.paths import ROOT
from tests.conftest import MINI_DATA

FOOTER = "problem(s); the database was not changed."


def edit(file, old, new, count=1):
    def change(data: Path):
        path = data / file
        text = path.read_bytes()
        assert text.count(old) >= count, (file, old)
        path.write_bytes(text.replace(old, new, count))

    return change


def append(file, raw: bytes):
    def change(data: Path):
        with open(data / file, "ab") as f:
            f.write(raw)

    return change


def insert_line(file, after_line: int, raw: bytes):
    def change(data: Path):
        lines = (data / file).read_bytes().splitlines(keepends=True)
        lines.insert(after_line, raw)
        (data / file).write_bytes(b"".join(lines))

    return change


def replace_file(file, make):
    def change(data: Path):
        (data / file).unlink()
        make(data / file)

    return change


def write_bytes(file, raw: bytes):
    return replace_file(file, lambda p: p.write_bytes(raw))


def every_line(file, transform):
    def change(data: Path):
        path = data / file
        path.write_bytes(transform(path.read_bytes()))

    return change


def listen_socket(path: Path):
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    _sockets.append(s)


_sockets: list[socket.socket] = []
LONG = "x" * (MAX_FIELD_CHARS + 1)
OVER_CSV_LIMIT = "y" * 200_000  # the csv module's own limit is 131,072

# kind -> (how to break the mini data, the exact messages build prints before its footer)
BROKEN = {
    # Files that are not there or are not regular files: refused without reading (never blocks).
    "missing file": (
        lambda d: (d / "visit_places.csv").unlink(),
        ["visit_places.csv:1: -: file is missing from {data}"],
    ),
    "directory": (
        replace_file("visit_places.csv", Path.mkdir),
        ["visit_places.csv:1: -: is a directory, not a regular file"],
    ),
    "named pipe": (
        replace_file("visit_places.csv", os.mkfifo),
        ["visit_places.csv:1: -: is a named pipe, not a regular file"],
    ),
    "socket": (
        replace_file("visit_places.csv", listen_socket),
        ["visit_places.csv:1: -: is a socket, not a regular file"],
    ),
    "device": (
        replace_file("visit_places.csv", lambda p: p.symlink_to("/dev/zero")),
        ["visit_places.csv:1: -: is a device, not a regular file"],
    ),
    "symlink loop": (
        replace_file("visit_places.csv", lambda p: p.symlink_to(p.name)),
        ["visit_places.csv:1: -: is a symbolic link loop"],
    ),
    "dangling symlink": (
        replace_file("visit_places.csv", lambda p: p.symlink_to("gone.csv")),
        ["visit_places.csv:1: -: is a symbolic link to gone.csv, which does not exist"],
    ),
    "huge file": (
        replace_file("visit_places.csv", lambda p: os.truncate(_touch(p), 2**40)),
        [f"visit_places.csv:1: -: is {2**40:,} bytes; the limit is {MAX_FILE_BYTES:,}"],
    ),
    "empty file": (
        write_bytes("visit_places.csv", b""),
        ["visit_places.csv:1: -: file is empty"],
    ),
    "only a byte order mark": (
        write_bytes("visit_places.csv", b"\xef\xbb\xbf"),
        ["visit_places.csv:1: -: file is empty"],
    ),
    # Encodings
    "Latin-1 byte": (
        edit("delegation_members.csv", b"Cleo", b"Cl\xe9o"),
        ["delegation_members.csv:4: -: not valid UTF-8 (byte 0xe9); save the file as UTF-8"],
    ),
    "Windows-1252 quote": (
        edit("visits.csv", b"Only the year", b"\x93Only\x94 the year"),
        ["visits.csv:3: -: not valid UTF-8 (byte 0x93); save the file as UTF-8"],
    ),
    "UTF-16 with byte order mark": (
        every_line("visit_places.csv", lambda b: b.decode().encode("utf-16")),
        [
            "visit_places.csv:1: -: is UTF-16 (it starts with a UTF-16 byte order mark); "
            "save it as UTF-8"
        ],
    ),
    "UTF-16 without byte order mark": (
        every_line("sources.csv", lambda b: b.decode().encode("utf-16-le")),
        ["sources.csv:1: -: looks like UTF-16 or UTF-32 (many NUL bytes); save it as UTF-8"],
    ),
    "UTF-8 cut inside a character": (
        every_line("delegation_members.csv", lambda b: b.rstrip(b"\n") + b",\xc3"),
        ["delegation_members.csv:4: -: not valid UTF-8 (byte 0xc3); save the file as UTF-8"],
    ),
    "encoded surrogate": (
        edit("visits.csv", b"Only the year", b"Only \xed\xa0\x80 the year"),
        ["visits.csv:3: -: not valid UTF-8 (byte 0xed); save the file as UTF-8"],
    ),
    "two byte order marks": (
        every_line("visit_places.csv", lambda b: b"\xef\xbb\xbf\xef\xbb\xbf" + b),
        [
            "visit_places.csv:1: -: wrong columns: missing visit_id; unexpected "
            "'\\ufeffvisit_id' (expected: visit_id, facility_type)"
        ],
    ),
    # Characters no field may hold
    "NUL byte in a text field": (
        edit("visits.csv", b"Only the year", b"Only the\x00 year"),
        ["visits.csv:3: notes: contains a NUL byte"],
    ),
    "control character": (
        edit("visits.csv", b"Only the year", b"Only the \x1b[31myear"),
        ["visits.csv:3: notes: contains the invisible or control character U+001B"],
    ),
    "right-to-left override": (
        edit("delegation_members.csv", b"Ana", "\u202eanA".encode()),
        ["delegation_members.csv:2: name: contains the invisible or control character U+202E"],
    ),
    "byte order mark inside a field": (
        edit("delegation_members.csv", b"Ben", "\ufeffBen".encode()),
        ["delegation_members.csv:3: name: contains the invisible or control character U+FEFF"],
    ),
    "line separator": (
        edit("visits.csv", b"Only the year", "Only\u2028the year".encode()),
        ["visits.csv:3: notes: contains the invisible or control character U+2028"],
    ),
    "field over the csv module's limit": (
        edit("visits.csv", b"Only the year is known.", OVER_CSV_LIMIT.encode()),
        [f"visits.csv:3: notes: is 200,000 characters long; the limit is {MAX_FIELD_CHARS:,}"],
    ),
    "field over the limit": (
        edit("visits.csv", b"Only the year is known.", LONG.encode()),
        [
            f"visits.csv:3: notes: is {MAX_FIELD_CHARS + 1:,} characters long; "
            f"the limit is {MAX_FIELD_CHARS:,}"
        ],
    ),
    "spaces around a value": (
        edit("delegation_members.csv", b"Chile", b" Chile "),
        ["delegation_members.csv:2: nationality: ' Chile ' starts or ends with spaces"],
    ),
    "a field of spaces": (
        edit("visits.csv", b"Only the year is known.", b"   "),
        ["visits.csv:3: notes: holds only spaces; leave it empty when the value is unknown"],
    ),
    "non-breaking space after a code": (
        edit("visits.csv", b"XAA-2014,XAA,", "XAA-2014,XAA\u00a0,".encode()),
        [
            "visits.csv:3: iso3: 'XAA\\xa0' starts or ends with spaces",
            "visits.csv:3: iso3: unknown State code 'XAA\\xa0': not in states.csv",
        ],
    ),
    # Lines and rows
    "blank line": (
        insert_line("visit_places.csv", 3, b"\n"),
        ["visit_places.csv:4: -: an empty line; delete it"],
    ),
    "blank line at the end": (
        append("visit_places.csv", b"\n"),
        ["visit_places.csv:9: -: an empty line; delete it"],
    ),
    "row of empty fields": (
        insert_line("visits.csv", 2, b",,,,,,,,,,\n"),
        ["visits.csv:3: -: a row of empty fields; delete it"],
    ),
    "row of blanks": (
        insert_line("visits.csv", 2, b" , , , , , , , , , , \n"),
        ["visits.csv:3: -: a row of blank fields; delete it"],
    ),
    "line of spaces": (
        insert_line("visit_places.csv", 1, b"        \n"),
        ["visit_places.csv:2: -: a line of spaces only; delete it"],
    ),
    "too few fields": (
        edit("visit_places.csv", b"XAA-2016-03,police", b"XAA-2016-03"),
        ["visit_places.csv:4: -: has 1 fields, the header has 2"],
    ),
    "too many fields": (
        edit("visit_places.csv", b"XAA-2016-03,police", b"XAA-2016-03,police,prison"),
        ["visit_places.csv:4: -: has 3 fields, the header has 2"],
    ),
    "a comma at the end of every line": (
        every_line("visit_places.csv", lambda b: b.replace(b"\n", b",\n")),
        [
            "visit_places.csv:1: -: wrong columns: unexpected '' "
            "(expected: visit_id, facility_type)",
        ],
    ),
    "quote never closed": (
        edit("visit_places.csv", b"XAA-2016-03,police", b'XAA-2016-03,"police'),
        ["visit_places.csv:4: -: a quoted field that starts on this line is never closed"],
    ),
    "text after a closing quote": (
        edit("visit_places.csv", b"XAA-2016-03,police", b'XAA-2016-03,"pol"ice'),
        [
            "visit_places.csv:4: -: text after a closing quote; quote the whole field and "
            "double any quote inside"
        ],
    ),
    "quoted line break, then an error further down (lines still counted in the file)": (
        lambda d: (
            edit("visits.csv", b"Only the year is known.", b'"Only the year\nis known."')(d),
            edit("visits.csv", b"2016-03-05", b"2016-02-30")(d),
        ),
        ["visits.csv:5: end_date: '2016-02-30' is not a real date in the form YYYY-MM-DD"],
    ),
    # Headers
    "missing column": (
        every_line(
            "visit_places.csv", lambda b: b"\n".join(x.split(b",")[0] for x in b.split(b"\n"))
        ),
        [
            "visit_places.csv:1: -: wrong columns: missing facility_type (expected: visit_id, "
            "facility_type)"
        ],
    ),
    "extra column": (
        every_line(
            "visit_places.csv", lambda b: b.replace(b"facility_type\n", b"facility_type,note\n", 1)
        ),
        [
            "visit_places.csv:1: -: wrong columns: unexpected note "
            "(expected: visit_id, facility_type)",
        ],
    ),
    "duplicate column": (
        edit("visit_places.csv", b"visit_id,facility_type", b"visit_id,visit_id"),
        [
            "visit_places.csv:1: -: wrong columns: missing facility_type; more than once: "
            "visit_id (expected: visit_id, facility_type)"
        ],
    ),
    "columns out of order": (
        every_line(
            "visit_places.csv",
            lambda b: b"\n".join(b",".join(x.split(b",")[::-1]) for x in b.split(b"\n")),
        ),
        [
            "visit_places.csv:1: -: wrong columns: columns are out of order "
            "(expected: visit_id, facility_type)"
        ],
    ),
    "space in a column name": (
        edit("visit_places.csv", b"visit_id,", b" visit_id,"),
        [
            "visit_places.csv:1: -: wrong columns: missing visit_id; unexpected ' visit_id' "
            "(expected: visit_id, facility_type)"
        ],
    ),
    "blank first line": (
        every_line("visit_places.csv", lambda b: b"\n" + b),
        ["visit_places.csv:1: -: the first line must be the header"],
    ),
    "header repeated in the middle": (
        insert_line("report_events.csv", 2, b"report_id,event,event_date\n"),
        [
            "report_events.csv:3: event: unknown value 'event'; expected one of: transmitted, "
            "publication-requested, published",
            "report_events.csv:3: event_date: 'event_date' is not a real date in the form "
            "YYYY-MM-DD",
            "report_events.csv:3: report_id: unknown report_id 'report_id': not in reports.csv",
        ],
    ),
    # Values and references
    "a visit related to itself": (
        edit("visits.csv", b"regular,completed,,high,\n", b"regular,completed,XAA-2010-05,high,\n"),
        [
            "visits.csv:2: related_visit_id: 'XAA-2010-05' is the row itself: "
            "a row cannot refer to itself"
        ],
    ),
    "two visits related to each other": (
        edit("visits.csv", b"regular,completed,,high,\n", b"regular,completed,XAA-2016-03,high,\n"),
        [
            "visits.csv:2: related_visit_id: the rows refer to each other in a loop of 2: "
            "XAA-2010-05 → XAA-2016-03 → XAA-2010-05",
            "visits.csv:4: related_visit_id: the rows refer to each other in a loop of 2: "
            "XAA-2016-03 → XAA-2010-05 → XAA-2016-03",
        ],
    ),
    "three visits in a loop": (
        lambda d: (
            edit(
                "visits.csv",
                b"XAA-2010-05,XAA,2010-05-10,2010-05-20,day,,regular,completed,,",
                b"XAA-2010-05,XAA,2010-05-10,2010-05-20,day,,regular,completed,XBB-2012-09,",
            )(d),
            edit(
                "visits.csv",
                b"XBB-2013-02,XBB,2013-02-10,2013-02-20,day,,regular,completed,,",
                b"XBB-2013-02,XBB,2013-02-10,2013-02-20,day,,regular,completed,XAA-2010-05,",
            )(d),
        ),
        [
            "visits.csv:2: related_visit_id: the rows refer to each other in a loop of 3: "
            "XAA-2010-05 → XBB-2012-09 → XBB-2013-02 → XAA-2010-05",
            "visits.csv:5: related_visit_id: the rows refer to each other in a loop of 3: "
            "XBB-2012-09 → XBB-2013-02 → XAA-2010-05 → XBB-2012-09",
            "visits.csv:6: related_visit_id: the rows refer to each other in a loop of 3: "
            "XBB-2013-02 → XAA-2010-05 → XBB-2012-09 → XBB-2013-02",
        ],
    ),
    "related visit that does not exist": (
        edit("visits.csv", b"follow-up,completed,XAA-2010-05", b"follow-up,completed,XAA-1999"),
        ["visits.csv:4: related_visit_id: unknown related_visit_id 'XAA-1999': not in visits.csv"],
    ),
    "date with a time": (
        edit("visits.csv", b"2016-03-01", b"2016-03-01T09:00"),
        ["visits.csv:4: start_date: '2016-03-01T09:00' is not a real date in the form YYYY-MM-DD"],
    ),
    "whole number too large": (
        edit("reports.csv", b",120,40,", b",99999999999,40,"),
        [
            "reports.csv:2: paragraphs_total: '99999999999' is not a whole number "
            "(from -2,147,483,648 to 2,147,483,647)"
        ],
    ),
    "whole number written as a decimal": (
        edit("reports.csv", b",120,40,", b",120.0,+40,"),
        [
            "reports.csv:2: paragraphs_total: '120.0' is not a whole number "
            "(from -2,147,483,648 to 2,147,483,647)",
            "reports.csv:2: recommendations_total: '+40' is not a whole number "
            "(from -2,147,483,648 to 2,147,483,647)",
        ],
    ),
    "true in capitals": (
        edit("states.csv", b"Ombudsman,ombudsman,false", b"Ombudsman,ombudsman,TRUE"),
        ["states.csv:2: on_art17_overdue_list: 'TRUE' must be true or false"],
    ),
    "empty item in a list": (
        edit("recommendations.csv", b"npm-independence;legal-framework", b"npm-independence;;"),
        [
            "recommendations.csv:2: themes: 'npm-independence;;' has an empty item "
            "(two ';' in a row, or one at an end)"
        ],
    ),
    "vocabulary in the wrong case": (
        edit("visit_places.csv", b"XBB-2012-09,prison", b"XBB-2012-09,Prison"),
        [
            "visit_places.csv:5: facility_type: unknown value 'Prison'; expected one of: prison, "
            "pretrial-detention, police, immigration-detention, psychiatric, juvenile, "
            "social-care, military, other"
        ],
    ),
    "required value missing": (
        edit("sources.csv", b"S0002,https://example.org/xbb-2013", b"S0002,"),
        ["sources.csv:3: url: a value is required"],
    ),
    "duplicate key": (
        append("visit_places.csv", b"XAA-2010-05,prison\n"),
        [
            "visit_places.csv:9: visit_id, facility_type: duplicate key 'XAA-2010-05, prison', "
            "first used on line 2"
        ],
    ),
    # Sources a reader can trust (dashboard/data/trust.py): the hosts listed as content farms, and
    # the rule that `high` rests on a UN or State/NPM source.
    "a source on a content-farm host": (
        append(
            "sources.csv", b"S0003,https://ksaplayers.com/x,https://ksaplayers.com/x,news,K,true\n"
        ),
        [
            "sources.csv:4: read_url: 'https://ksaplayers.com/x' is on ksaplayers.com, a content "
            "farm (unrelated site reposting news): replace it with a primary or reputable source, "
            "or drop it (dashboard/data/trust.py)"
        ],
    ),
    "a source on a subdomain of a content-farm host": (
        append(
            "sources.csv",
            b"S0003,https://a.democraticunderground.com/1,https://example.net/1,news,F,true\n",
        ),
        [
            "sources.csv:4: url: 'https://a.democraticunderground.com/1' is on "
            "democraticunderground.com, a forum (a user's repost): replace it with a primary or "
            "reputable source, or drop it (dashboard/data/trust.py)"
        ],
    ),
    "a high record whose only source is news": (
        edit("source_links.csv", b"visit,XBB-2013-02,S0001\n", b""),
        [
            "visits.csv:6: confidence: 'high' needs a UN or State/NPM source (data/README.md, "
            "Confidence); its sources are news: make it 'medium' or link a primary source"
        ],
    ),
    "a high record with no source": (
        edit("source_links.csv", b"report,CAT/OP/XBB/RONPM/1,S0001\n", b""),
        [
            "reports.csv:6: confidence: 'high' needs a UN or State/NPM source (data/README.md, "
            "Confidence); its sources are none: make it 'medium' or link a primary source"
        ],
    ),
}

# Kinds of unusual but valid input: they build.
ACCEPTED = {
    "UTF-8 byte order mark": every_line("visits.csv", lambda b: b"\xef\xbb\xbf" + b),
    "CRLF line endings": every_line("visits.csv", lambda b: b.replace(b"\n", b"\r\n")),
    "CR line endings": every_line("visit_places.csv", lambda b: b.replace(b"\n", b"\r")),
    "mixed line endings": every_line("visit_places.csv", lambda b: b.replace(b"\n", b"\r\n", 3)),
    "no line ending at the end": every_line("visit_places.csv", lambda b: b.rstrip(b"\n")),
    "a table with no rows": every_line("report_events.csv", lambda b: b.split(b"\n")[0] + b"\n"),
    "quoted fields": edit("visit_places.csv", b"XAA-2016-03,police", b'"XAA-2016-03","police"'),
    "a line break inside a quoted field": edit(
        "visits.csv", b"Only the year is known.", b'"Only the year\r\nis known."'
    ),
    "a symbolic link to a regular file": lambda d: (
        (d / "visit_places.csv").rename(d.parent / "places.csv"),
        (d / "visit_places.csv").symlink_to(d.parent / "places.csv"),
    ),
}


def _touch(path: Path) -> Path:
    path.touch()
    return path


@pytest.fixture(scope="module")
def mini_database(tmp_path_factory) -> bytes:
    return build(MINI_DATA, tmp_path_factory.mktemp("mini") / "mini.duckdb").read_bytes()


@pytest.fixture
def built(mini_copy, tmp_path, mini_database):
    """The mini data and a database built from it; yields (data, db, db bytes before)."""
    db = tmp_path / "db" / "mini.duckdb"
    db.parent.mkdir()
    db.write_bytes(mini_database)
    yield mini_copy, db, mini_database
    while _sockets:
        _sockets.pop().close()


def run_build(data: Path, db: Path):
    return CliRunner().invoke(cli, ["build", "--data", str(data), "--db", str(db)])


@pytest.mark.parametrize("kind", BROKEN)
def test_broken_input_is_refused_with_messages(kind, built):
    data, db, before = built
    breakage, expected = BROKEN[kind]
    breakage(data)
    result = run_build(data, db)
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines == [m.format(data=data) for m in expected] + [f"{len(expected)} {FOOTER}"]
    assert result.stdout == ""
    assert db.read_bytes() == before
    assert [p.name for p in db.parent.iterdir()] == ["mini.duckdb"]


@pytest.mark.parametrize("kind", ACCEPTED)
def test_unusual_but_valid_input_builds(kind, built):
    data, db, before = built
    ACCEPTED[kind](data)
    result = run_build(data, db)
    assert result.exit_code == 0, result.output
    assert result.output == f"Built {db}\n"
    assert [p.name for p in db.parent.iterdir()] == ["mini.duckdb"]


def test_problems_are_capped_per_file(built):
    data, db, before = built
    with open(data / "visit_places.csv", "a") as f:
        f.writelines(f"XAA-2010-05,kind-{i}\n" for i in range(5000))
    result = run_build(data, db)
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert len(lines) == 102
    assert lines[0].startswith("visit_places.csv:9: facility_type: unknown value 'kind-0'")
    assert lines[100] == "visit_places.csv:109: -: and more problems from here on (4900)"
    assert db.read_bytes() == before


def test_a_million_empty_lines_stop_after_the_cap(built):
    data, db, before = built
    append("visit_places.csv", b"\n" * 1_000_000)(data)
    result = run_build(data, db)
    lines = result.stderr.splitlines()
    assert lines[99] == "visit_places.csv:108: -: an empty line; delete it"
    assert lines[100] == (
        "visit_places.csv:109: -: too many problems; the rest of the file was not read"
    )
    assert db.read_bytes() == before


def test_problems_in_several_files_are_all_reported(built):
    data, db, before = built
    BROKEN["a visit related to itself"][0](data)
    BROKEN["named pipe"][0](data)
    BROKEN["NUL byte in a text field"][0](data)
    result = run_build(data, db)
    assert result.stderr.splitlines() == [
        "visits.csv:2: related_visit_id: 'XAA-2010-05' is the row itself: "
        "a row cannot refer to itself",
        "visits.csv:3: notes: contains a NUL byte",
        "visit_places.csv:1: -: is a named pipe, not a regular file",
        f"3 {FOOTER}",
    ]


def test_special_files_never_block_the_real_command(built):
    """The command itself, in a process of its own: a pipe or a device must not make it wait."""
    data, db, before = built
    BROKEN["named pipe"][0](data)
    (data / "sources.csv").unlink()
    (data / "sources.csv").symlink_to("/dev/zero")
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "build", "--data", data, "--db", db],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "visit_places.csv:1: -: is a named pipe, not a regular file",
        "sources.csv:1: -: is a device, not a regular file",
        f"2 {FOOTER}",
    ]
    assert db.read_bytes() == before


def test_not_a_data_folder(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--data", "/etc", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: /etc is not a data folder: it holds none of states.csv")
    assert not (tmp_path / "x.db").exists()


def test_database_path_that_is_a_directory(built):
    data, db, _ = built
    result = run_build(data, db.parent)
    assert result.exit_code == 2  # refused by the option itself
    assert f"'{db.parent}' is a directory" in result.stderr
    with pytest.raises(BuildError, match="it is a directory"):
        build(data, db.parent)


def test_database_path_under_a_file(built):
    data, db, _ = built
    result = run_build(data, db / "inside.duckdb")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: cannot write the database {db / 'inside.duckdb'}: {db} is not a folder\n"
    )


def test_another_folder_needs_its_own_database(mini_copy):
    result = CliRunner().invoke(cli, ["build", "--data", str(mini_copy)])
    assert result.exit_code == 2
    assert f"--data {mini_copy} needs --db PATH" in result.stderr

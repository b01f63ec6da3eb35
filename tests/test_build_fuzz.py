"""Random corruptions of the real CSV files: `build` either succeeds or refuses with messages
`file:line: column: reason`, and then leaves the database byte for byte as it was.

40 examples per run (OPCAT_FUZZ_EXAMPLES=N for more). Anything else than a clean build or a
ValidationError (a traceback of any other kind) fails the test, with the corruption that caused it.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dashboard.data.build import build
from dashboard.data.schema import TABLES
from dashboard.data.validate import ValidationError
from dashboard.paths import DATA_DIR

FILES = [f"{t}.csv" for t in TABLES]
ORIGINAL = {name: (DATA_DIR / name).read_bytes() for name in FILES}
MESSAGE = re.compile(r"(?P<file>[a-z_]+\.csv):(?P<line>\d+): (?P<column>[^\n]+?): (?P<reason>.+)")

# Bytes that break CSV files in the ways people and programs do.
NASTY = [
    b",",
    b'"',
    b'""',
    b"\n",
    b"\r\n",
    b"\r",
    b"\n\n",
    b" ",
    b"\t",
    b"\x00",
    b"\xff",
    b"\xe9",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    "\u202e".encode(),
    "\u00a0".encode(),
    b";",
    b";;",
    b"-",
    b"9999999999",
    b"2023-02-30",
    b"true",
    b"TRUE",
    b"KAZ-2023-03",
    b"https://",
    b"'",
    b"\\",
]

position = st.floats(min_value=0, max_value=1, exclude_max=True)
piece = st.one_of(
    st.sampled_from(NASTY),
    st.binary(min_size=1, max_size=8),
    st.text(min_size=1, max_size=8).map(str.encode),
)
corruption = st.one_of(
    st.tuples(st.just("insert"), position, piece),
    st.tuples(st.just("overwrite"), position, piece),
    st.tuples(st.just("delete"), position, st.integers(1, 300)),
    st.tuples(st.just("truncate"), position, st.just(None)),
    st.tuples(st.just("duplicate line"), position, st.just(None)),
    st.tuples(st.just("drop line"), position, st.just(None)),
    st.tuples(st.just("swap lines"), position, position),
    st.tuples(st.just("replace field"), position, piece),
)


def corrupt(raw: bytes, how: tuple) -> bytes:
    kind, where, what = how
    at = int(where * (len(raw) + 1))
    if kind == "insert":
        return raw[:at] + what + raw[at:]
    if kind == "overwrite":
        return raw[:at] + what + raw[at + len(what) :]
    if kind == "delete":
        return raw[:at] + raw[at + what :]
    if kind == "truncate":
        return raw[:at]
    lines = raw.splitlines(keepends=True)
    if not lines:
        return raw
    i = int(where * len(lines))
    if kind == "duplicate line":
        return b"".join(lines[: i + 1] + lines[i:])
    if kind == "drop line":
        return b"".join(lines[:i] + lines[i + 1 :])
    if kind == "swap lines":
        j = int(what * len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return b"".join(lines)
    # replace field: one comma-separated stretch of one line
    fields = lines[i].split(b",")
    fields[int(where * 7919) % len(fields)] = what
    lines[i] = b",".join(fields)
    return b"".join(lines)


@pytest.fixture(scope="module")
def real_database(tmp_path_factory) -> Path:
    """The database built from the real data (a path: a failing example's report stays short)."""
    return build(DATA_DIR, tmp_path_factory.mktemp("real") / "opcat.duckdb")


@pytest.fixture
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@settings(
    max_examples=int(os.environ.get("OPCAT_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.lists(st.tuples(st.sampled_from(FILES), corruption), min_size=1, max_size=3))
def test_random_corruption_builds_or_is_refused_with_messages(changes, workspace, real_database):
    data, db = workspace / "data", workspace / "db" / "opcat.duckdb"
    shutil.rmtree(workspace, ignore_errors=True)
    data.mkdir(parents=True)
    db.parent.mkdir()
    contents = dict(ORIGINAL)
    for name, how in changes:
        contents[name] = corrupt(contents[name], how)
    for name, raw in contents.items():
        (data / name).write_bytes(raw)
    original = real_database.read_bytes()
    db.write_bytes(original)
    try:
        build(data, db)
        event("clean build")
    except ValidationError as e:
        event("refused with messages")
        assert e.problems
        for line in str(e).splitlines():
            m = MESSAGE.fullmatch(line)
            assert m, line
            assert m["file"] in FILES
            assert 1 <= int(m["line"]) <= len(re.split(rb"\r\n|\r|\n", contents[m["file"]]))
        assert db.read_bytes() == original
    assert [p.name for p in db.parent.iterdir()] == ["opcat.duckdb"]

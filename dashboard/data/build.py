"""Build the DuckDB database from the CSV files: validate everything, write a new file, swap it in.

The existing database is never touched unless the new one was built completely, so a failed build
leaves it byte for byte as it was. The new file is written beside it as
``<name>.<pid>-<random>.tmp``; a build killed before the swap leaves that file behind, and the next
build removes every such file whose process is gone. The data is checked in the new file's own
connection and the database filled from the very rows the validator checked (read once, under the
data folder's shared lock), so what was checked is what is stored.
"""

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dashboard.data import search
from dashboard.data.datafiles import DataError, check_folder
from dashboard.data.validate import (
    TABLES,
    ValidationError,
    capped,
    quote_identifier,
    stage,
    staged,
    unstage_table,
)
from dashboard.paths import SQL_DIR, VIEWS_DIR


class BuildError(DataError):
    """The database file cannot be written (a full disk, a read-only disk, not a file)."""

    def __init__(self, db_path: Path, reason: str):
        self.db_path, self.reason = db_path, reason
        super().__init__(f"cannot write the database {db_path}: {reason}")


def view_files() -> list[Path]:
    """The shared definitions (sql/views/), in the order they run: each builds on those before."""
    return sorted(VIEWS_DIR.glob("*.sql"))


def build(
    data_dir: Path, db_path: Path | None = None, files: Mapping[str, bytes] | None = None
) -> Path:
    """Validate data_dir and write the database to db_path; raise ValidationError on any problem.

    files maps file names to contents to build from instead of the files of those names.
    """
    with prepared(data_dir, db_path, files) as install:
        return install()


@contextmanager
def prepared(
    data_dir: Path, db_path: Path | None = None, files: Mapping[str, bytes] | None = None
) -> Iterator:
    """Build the new database beside db_path and yield a function that puts it in place.

    If the block ends without calling it, the new file is removed and db_path is left as it was.
    A writer of data/ commits its files inside the block, then installs the database built from
    them, so that the data and the database change together.
    """
    if db_path is None:
        from dashboard.config import load as settings

        db_path = settings().db_path
    db_path = Path(db_path)
    check_folder(Path(data_dir), [f"{t}.csv" for t in TABLES])  # before anything is written
    if db_path.is_dir():
        raise BuildError(db_path, "it is a directory")
    if db_path.parent.exists() and not db_path.parent.is_dir():
        raise BuildError(db_path, f"{db_path.parent} is not a folder")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(db_path)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f"{db_path.name}.{os.getpid()}-", suffix=".tmp", dir=db_path.parent
        )
        os.close(fd)
    except OSError as e:
        raise BuildError(db_path, e.strerror or str(e)) from e
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        try:
            _write(tmp, data_dir, files)
        except (OSError, duckdb.IOException) as e:
            raise BuildError(db_path, getattr(e, "strerror", None) or str(e)) from e

        def install() -> Path:
            try:
                os.replace(tmp, db_path)
                os.utime(db_path)  # newer than the data it was built from, even if committed after
            except OSError as e:
                raise BuildError(db_path, e.strerror or str(e)) from e
            return db_path

        yield install
    finally:
        _remove(tmp)


def _write(tmp: Path, data_dir: Path, files: Mapping[str, bytes] | None) -> None:
    """Check the data in the new file's own connection, then fill it from the checked rows.

    The rows are staged as temporary tables of that connection (in memory up to a limit, then on
    disk) and inserted from there: they never leave DuckDB, and a build needs about the memory of
    a bare load. Bad data raises ValidationError before a row is inserted.
    """
    # Spilled data goes beside the new file (as <file>.tmp): removed with it, or by the next build
    # when this one is killed.
    with capped(duckdb.connect(str(tmp)), spill=tmp.with_name(tmp.name + ".tmp")) as con:
        con.execute("SET enable_progress_bar = false")  # the command's output is its messages
        con.execute((SQL_DIR / "schema.sql").read_text())
        problems = stage(con, data_dir, files)
        if problems:
            raise ValidationError(problems)
        for table in TABLES:
            _insert(con, table)
            unstage_table(con, table)
        search.build_index(con)  # the token table of the recommendations' ranked search
        for path in view_files():
            con.execute(path.read_text())
        # Which inputs this file was built from: a running app tells builds apart by it.
        con.execute(
            "CREATE TABLE build_info AS SELECT ? AS build_id, current_timestamp AS built_at",
            [input_hash(data_dir, files)],
        )
        con.execute("CHECKPOINT")


def _insert(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Insert the staged rows of table.

    DuckDB checks a foreign key against the rows already in the table, so where a table refers to
    itself (a suspended visit points at the visit that resumed it) rows go in referenced-first.
    The validator has refused loops, so each round inserts at least one row.
    """
    self_refs = con.execute(
        "SELECT constraint_column_names[1], referenced_column_names[1] FROM duckdb_constraints() "
        "WHERE constraint_type = 'FOREIGN KEY' AND table_name = ? AND referenced_table = ?",
        [table, table],
    ).fetchall()
    target = quote_identifier(table)
    if not self_refs:
        con.execute(f"INSERT INTO {target} {staged(con, table)}")
        return
    con.execute(f"CREATE TEMP TABLE incoming AS {staged(con, table)}")
    ((col, key),) = self_refs
    col, key = quote_identifier(col), quote_identifier(key)
    remaining = con.execute("SELECT count(*) FROM incoming").fetchall()[0][0]
    while remaining:
        con.execute(
            f"INSERT INTO {target} SELECT * FROM incoming "
            f"WHERE {key} NOT IN (SELECT {key} FROM {target}) "
            f"AND ({col} IS NULL OR {col} IN (SELECT {key} FROM {target}))"
        )
        left = con.execute(
            f"SELECT count(*) FROM incoming WHERE {key} NOT IN (SELECT {key} FROM {target})"
        ).fetchall()[0][0]
        if left == remaining:
            raise RuntimeError(f"{table}: circular references in {col} passed validation")
        remaining = left
    con.execute("DROP TABLE incoming")


def input_hash(data_dir: Path, files: Mapping[str, bytes] | None = None) -> str:
    """A hash of everything a build reads: the CSV files (files in place of those names) and the
    SQL."""
    files = files or {}
    digest = hashlib.sha256()
    paths = {p.name: p for p in Path(data_dir).glob("*.csv")} | {n: None for n in files}
    for name in sorted(paths):
        path = paths[name]
        if name not in files and not path.is_file():
            continue  # not a regular file (never read: it might be a pipe)
        digest.update(f"{Path(data_dir).name}/{name}\0".encode())
        digest.update(files[name] if name in files else path.read_bytes())
    for path in [*sorted(SQL_DIR.glob("*.sql")), *view_files()]:
        digest.update(f"{path.parent.name}/{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def remove_leftovers(db_path: Path) -> list[Path]:
    """Remove the temporary files of builds of db_path whose process no longer runs."""
    pattern = re.compile(re.escape(db_path.name) + r"\.(\d+)-\w+\.tmp(\.wal|\.tmp)?")
    removed = []
    for path in db_path.parent.iterdir():
        m = pattern.fullmatch(path.name)
        if m and not _running(int(m.group(1))):
            _remove(path)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _remove(tmp: Path) -> None:
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal"), tmp.with_name(tmp.name + ".tmp")):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def is_stale(db_path: Path, data_dir: Path) -> bool:
    """True when the database is missing or older than any file in data/ or sql/."""
    try:
        built = db_path.stat().st_mtime
        inputs = [*data_dir.glob("*.csv"), *SQL_DIR.glob("*.sql"), *view_files()]
        return any(p.stat().st_mtime > built for p in inputs)
    except OSError:  # missing, or a file that cannot be examined: the build will say which
        return True

"""Connections to the built database. The app and the CLI only ever read it.

A connection reads the file as it was when it was opened. `build` writes a new file and moves it
into place, so an open connection keeps its (old) figures and a new connection sees the new ones.
DuckDB shares one in-process instance per file path, which would hand a new connection the old
file; so each connection is a fresh in-memory instance with the file attached read-only under the
name `opcat` and made the default. Make further cursors with `cursor(con)`, which selects it too.
"""

import os
import sys
import threading
from pathlib import Path

import duckdb

from dashboard import config
from dashboard.data.build import BuildError, build, is_stale
from dashboard.data.commit import recover

ALIAS = "opcat"


def connect(settings: config.Settings, db_path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to db_path (default: the settings' database). The database is built
    first when it is missing or older than the settings' data folder, except in public mode,
    which never writes. A build the disk refuses (read-only) is reported on standard error and
    the existing database is used. `open_read_only` opens a file as it is."""
    db_path = Path(db_path or settings.db_path)
    if not settings.public:
        recover(settings.data_dir)  # a change of the data that a killed command left half done
    stale = not settings.public and is_stale(db_path, settings.data_dir)
    if stale and db_path.exists() and not _same_file(db_path, settings.db_path):
        # A database named explicitly (--db) may come from another data folder: rebuilding it
        # from the configured one would replace its figures without a word.
        print(
            f"warning: {db_path} is older than {settings.data_dir}; not rebuilt, as it is not "
            f"the configured database (`opcat-dashboard build --db {db_path}` rebuilds it)",
            file=sys.stderr,
        )
    elif stale:
        try:
            build(settings.data_dir, db_path)  # ValidationError: the CLI shows it as messages
        except BuildError as e:
            if not db_path.exists():
                raise FileNotFoundError(
                    f"no database at {db_path}, and it cannot be built there ({e.reason})"
                ) from e
            print(
                f"warning: {db_path} is older than {settings.data_dir} but cannot be rebuilt "
                f"({e.reason}); using it as it is",
                file=sys.stderr,
            )
    if not db_path.is_file():
        raise FileNotFoundError(f"no database at {db_path}; run `opcat-dashboard build` first")
    return open_read_only(db_path)


def _same_file(a: Path, b: Path) -> bool:
    return Path(a).resolve() == Path(b).resolve()


def open_read_only(db_path: Path) -> duckdb.DuckDBPyConnection:
    """The file attached read-only to a fresh in-memory instance (see the module's note)."""
    con = duckdb.connect(":memory:")
    quoted = str(Path(db_path).resolve()).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS {ALIAS} (READ_ONLY)")
    con.execute(f"USE {ALIAS}")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor (for another thread) reading the same database as con."""
    cur = con.cursor()
    names = cur.execute("SELECT database_name FROM duckdb_databases()").fetchall()
    if (ALIAS,) in names:
        cur.execute(f"USE {ALIAS}")
    return cur


def build_id(con: duckdb.DuckDBPyConnection) -> str | None:
    """The id `build` wrote into the database (a hash of its inputs); None if it has none."""
    try:
        rows = con.execute("SELECT build_id FROM build_info").fetchall()
    except duckdb.Error:
        return None
    return rows[0][0] if rows else None


def file_key(path: Path) -> tuple | None:
    """What changes when the file is replaced or rewritten; cheap (one stat)."""
    try:
        s = os.stat(path)
    except OSError:
        return None
    return (s.st_dev, s.st_ino, s.st_mtime_ns, s.st_size)


class Latest:
    """The newest build of one database file, for a long-running app: `get()` returns a
    connection to the file as it is now, opening a new one only when the file was replaced
    (one stat per call). Connections handed out earlier stay open for whoever holds them."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._con: duckdb.DuckDBPyConnection | None = None

    def get(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            key = file_key(self.db_path)  # before opening: a file replaced meanwhile is seen later
            if self._con is None or (key is not None and key != self._key):
                self._con = open_read_only(self.db_path)
                self._key = key
            return self._con

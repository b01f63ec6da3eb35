"""Connections to the built database. The app and the CLI only ever read it."""

from pathlib import Path

import duckdb

from dashboard.build import build, is_stale
from dashboard.datafiles import recover
from dashboard.paths import DATA_DIR, default_db_path


def connect(db_path: Path | None = None, *, ensure_built: bool = True) -> duckdb.DuckDBPyConnection:
    """A read-only connection. The default database is (re)built first when data/ is newer."""
    db_path = Path(db_path or default_db_path())
    if ensure_built:
        recover(DATA_DIR)  # a change of data/ that a killed command left half done
        if is_stale(db_path, DATA_DIR):
            build(DATA_DIR, db_path)  # raises ValidationError: the CLI shows it as messages
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}; run `opcat-dashboard build` first")
    return duckdb.connect(str(db_path), read_only=True)

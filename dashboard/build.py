"""Build the DuckDB database from the CSV files: validate everything, write a new file, swap it in.

The existing database is never touched unless the new one was built completely, so a failed build
leaves it byte for byte as it was.
"""

import os
import tempfile
from pathlib import Path

import duckdb

from dashboard import search
from dashboard.paths import DATA_DIR, SQL_DIR, default_db_path
from dashboard.validate import TABLES, ValidationError, quote_identifier, typed_expression, validate


def build(data_dir: Path = DATA_DIR, db_path: Path | None = None) -> Path:
    """Validate data_dir and write the database to db_path; raise ValidationError on any problem."""
    db_path = Path(db_path or default_db_path())
    problems = validate(data_dir)
    if problems:
        raise ValidationError(problems)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=db_path.name + ".", suffix=".tmp", dir=db_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        con = duckdb.connect(str(tmp))
        con.execute((SQL_DIR / "schema.sql").read_text())
        for table in TABLES:
            columns = con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() "
                "WHERE table_name = ? ORDER BY column_index",
                [table],
            ).fetchall()
            select = ", ".join(
                f"{typed_expression(n, t)}::{t} AS {quote_identifier(n)}" for n, t in columns
            )
            con.execute(
                f"CREATE TEMP TABLE incoming AS SELECT {select} FROM read_csv(?, header = true, "
                f"all_varchar = true, quote = '\"', escape = '\"')",
                [str(data_dir / f"{table}.csv")],
            )
            _insert(con, table)
            con.execute("DROP TABLE incoming")
        search.build_index(con)  # the token table of the recommendations' ranked search
        con.execute((SQL_DIR / "views.sql").read_text())
        con.execute("CHECKPOINT")
        con.close()
        os.replace(tmp, db_path)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return db_path


def _insert(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Insert the rows of `incoming` into table.

    DuckDB checks a foreign key against the rows already in the table, so where a table refers to
    itself (a suspended visit points at the visit that resumed it) rows go in referenced-first.
    """
    self_refs = con.execute(
        "SELECT constraint_column_names[1], referenced_column_names[1] FROM duckdb_constraints() "
        "WHERE constraint_type = 'FOREIGN KEY' AND table_name = ? AND referenced_table = ?",
        [table, table],
    ).fetchall()
    target = quote_identifier(table)
    if not self_refs:
        con.execute(f"INSERT INTO {target} SELECT * FROM incoming")
        return
    ((col, key),) = self_refs
    col, key = quote_identifier(col), quote_identifier(key)
    remaining = con.execute("SELECT count(*) FROM incoming").fetchone()[0]
    while remaining:
        con.execute(
            f"INSERT INTO {target} SELECT * FROM incoming "
            f"WHERE {key} NOT IN (SELECT {key} FROM {target}) "
            f"AND ({col} IS NULL OR {col} IN (SELECT {key} FROM {target}))"
        )
        left = con.execute(
            f"SELECT count(*) FROM incoming WHERE {key} NOT IN (SELECT {key} FROM {target})"
        ).fetchone()[0]
        if left == remaining:
            raise ValueError(f"{table}: circular references in {col}")
        remaining = left


def is_stale(db_path: Path, data_dir: Path = DATA_DIR) -> bool:
    """True when the database is missing or older than any file in data/ or sql/."""
    if not db_path.exists():
        return True
    built = db_path.stat().st_mtime
    inputs = [*data_dir.glob("*.csv"), *SQL_DIR.glob("*.sql")]
    return any(p.stat().st_mtime > built for p in inputs)

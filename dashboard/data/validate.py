"""Check the CSV files in data/ against the schema before anything is written.

Every problem is reported, not only the first, as ``file:line: column: reason`` with lines counted
in the file (the header is line 1). The rules come from sql/schema.sql itself: column names, types,
NOT NULL, keys, foreign keys and CHECK constraints are read from the DuckDB catalog, so the schema
is the one place where a rule is written.
"""

import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from dashboard.data import trust
from dashboard.data.commit import locked
from dashboard.data.datafiles import (
    MAX_PROBLEMS_PER_FILE,
    Problem,
    ValidationError,
    check_folder,
    parse_table,
    read_table,
)
from dashboard.data.schema import (
    LIST_SEPARATOR,
    SOURCE_LINK_TARGETS,
    TABLES,
    allowed_values,
    quote_identifier,
    schema_catalog,
    typed_expression,
    typed_select,
)
from dashboard.data.staging import stage_table, unstage

MEMORY_LIMIT = "1GB"  # for the DuckDB connection that checks and builds (it spills the rest)


__all__ = ["TABLES", "Problem", "ValidationError", "capped", "stage", "staged", "validate"]


def _type_problem(column: str, data_type: str) -> tuple[str, str] | None:
    """A SQL condition that is true for a badly typed value, and the reason to give."""
    col = quote_identifier(column)
    if data_type == "DATE":
        cond = (
            f"NOT regexp_full_match({col}, '\\d{{4}}-\\d{{2}}-\\d{{2}}') "
            f"OR TRY_CAST({col} AS DATE) IS NULL"
        )
        return cond, "is not a real date in the form YYYY-MM-DD"
    if data_type in ("INTEGER", "BIGINT"):
        bits = 31 if data_type == "INTEGER" else 63
        cond = f"NOT regexp_full_match({col}, '-?[0-9]+') OR TRY_CAST({col} AS {data_type}) IS NULL"
        return cond, f"is not a whole number (from {-(2**bits):,} to {2**bits - 1:,})"
    if data_type == "BOOLEAN":
        return f"{col} NOT IN ('true', 'false')", "must be true or false"
    if data_type.endswith("[]"):
        cond = f"list_contains({typed_expression(column, data_type)}, '')"
        return cond, f"has an empty item (two {LIST_SEPARATOR!r} in a row, or one at an end)"
    return None


def validate(data_dir: Path, files: Mapping[str, bytes] | None = None) -> list[Problem]:
    """All problems in the CSV files of data_dir; an empty list means the data may be built.

    files maps file names to contents to check instead of the files of those names (a change not
    yet written). Raises DataFolderError when data_dir is not a data folder at all.
    """
    with capped(schema_catalog()) as con:
        return stage(con, data_dir, files)


@contextmanager
def capped(
    con: duckdb.DuckDBPyConnection, spill: Path | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """con, keeping at most MEMORY_LIMIT of its data in memory and the rest in the folder spill
    (a temporary folder if None); closed at the end of the block.

    A million visits are a few GB of staged text: DuckDB spills what does not fit, so that a build
    needs about as much memory as a bare load of the files.
    """
    try:
        with tempfile.TemporaryDirectory(prefix="opcat-build-") as temporary:
            con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
            con.execute("SET temp_directory = ?", [str(spill or temporary)])
            try:
                yield con
            finally:
                con.close()  # before its spilled data is removed
    finally:
        con.close()


def stage(con, data_dir: Path, files: Mapping[str, bytes] | None = None) -> list[Problem]:
    """Read every table of data_dir into con and return all its problems.

    con holds the schema. Each table is left staged as text in the temporary table or view
    stg_<table> (_line, then the columns, NULL for empty), whose rows `staged` gives in the
    table's types, ready to insert: the rows that were checked are the rows stored.
    """
    data_dir, files = Path(data_dir), files or {}
    check_folder(data_dir, [f"{t}.csv" for t in TABLES])
    columns = {t: [c[0] for c in _columns(con, t)] for t in TABLES}
    problems: list[Problem] = []
    loaded = []
    with locked(data_dir):  # all files read at one moment, none in the middle of a commit
        for t in TABLES:
            name, stg = f"{t}.csv", f"stg_{t}"
            found = None if name in files else stage_table(con, data_dir / name, columns[t], stg)
            if found is None:  # not a plain file (or a change not yet written): Python reads it
                parsed, found = (
                    parse_table(name, files[name], columns[t])
                    if name in files
                    else read_table(data_dir / name, columns[t])
                )
                if parsed is None:
                    problems += found
                    continue
                _load(con, t, parsed)
            problems += found
            loaded.append(t)
            _typed_view(con, t)
    for table in loaded:
        problems += _check_values(con, table)
        problems += _check_constraints(con, table)
        problems += _check_cycles(con, table)
    problems += _check_references(con, loaded)
    problems += trust.check(con, loaded, SOURCE_LINK_TARGETS)
    return _shown(problems)


def staged(con, table: str) -> str:
    """A query for the staged rows of table in its columns and types (after `stage`)."""
    return f"SELECT {typed_select(con, table)} FROM {quote_identifier('stg_' + table)}"


def unstage_table(con, table: str) -> None:
    """Drop what `stage` left of table, freeing its memory."""
    con.execute(f"DROP VIEW IF EXISTS {quote_identifier('typed_' + table)}")
    (kind,) = con.execute(
        "SELECT table_type FROM information_schema.tables WHERE table_name = ?",
        ["stg_" + table],
    ).fetchone()
    if kind == "VIEW":  # staged by DuckDB: a view over the table it read
        unstage(con, f"stg_{table}")
    else:
        con.execute(f"DROP TABLE {quote_identifier('stg_' + table)}")


def _shown(problems: list[Problem]) -> list[Problem]:
    """Sorted by file and line; past MAX_PROBLEMS_PER_FILE + 1 in a file, one line says how many."""
    order = {f"{t}.csv": i for i, t in enumerate(TABLES)}
    problems = sorted(
        set(problems), key=lambda p: (order.get(p.file, 99), p.line, p.column, p.reason)
    )
    total: dict[str, int] = {}
    for p in problems:
        total[p.file] = total.get(p.file, 0) + 1
    shown, seen = [], {}
    for p in problems:
        n = seen[p.file] = seen.get(p.file, 0) + 1
        if n <= MAX_PROBLEMS_PER_FILE or total[p.file] == MAX_PROBLEMS_PER_FILE + 1:
            shown.append(p)
        elif n == MAX_PROBLEMS_PER_FILE + 1:
            more = total[p.file] - MAX_PROBLEMS_PER_FILE
            shown.append(Problem(p.file, p.line, "-", f"and more problems from here on ({more})"))
    return shown


def _columns(_con, table: str) -> list[tuple[str, str, bool]]:
    """(name, type, nullable) of each column of table, in order."""
    return _all_columns()[table]


@cache
def _all_columns() -> dict[str, list[tuple[str, str, bool]]]:
    out: dict[str, list] = {}
    for table, *column in (
        schema_catalog()
        .execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
            "ORDER BY table_name, column_index"
        )
        .fetchall()
    ):
        out.setdefault(table, []).append(tuple(column))
    return out


def _load(con, table: str, parsed) -> None:
    """Put the rows of a parsed file into a staging table stg_<table> (all text, plus _line)."""
    names = [c[0] for c in _columns(con, table)]
    rows = [
        r for r in parsed.rows if len(r.fields) == len(names) and any(f.strip() for f in r.fields)
    ]
    frame = pl.DataFrame(
        [[r.line for r in rows]] + [[r.fields[i] or None for r in rows] for i in range(len(names))],
        schema={"_line": pl.Int64, **{n: pl.String for n in names}},
        orient="col",
    )
    con.register("_frame", frame)
    con.execute(f"CREATE TEMP TABLE {quote_identifier('stg_' + table)} AS SELECT * FROM _frame")
    con.unregister("_frame")


def _typed_view(con, table: str) -> None:
    """The view typed_<table>: the staged text of each column in its schema type."""
    typed = ", ".join(
        f"{typed_expression(n, t)} AS {quote_identifier(n)}" for n, t, _ in _columns(con, table)
    )
    con.execute(
        f"CREATE TEMP VIEW {quote_identifier('typed_' + table)} AS "
        f"SELECT _line, {typed} FROM {quote_identifier('stg_' + table)}"
    )


def _problems(con, file: str, column: str, sql: str, reason, params=()) -> list[Problem]:
    """Run sql returning (line, value) rows; each row is a problem with reason(value)."""
    return [
        Problem(file, line, column, reason(value))
        for line, value in con.execute(sql, list(params)).fetchall()
    ]


def _check_values(con, table: str) -> list[Problem]:
    """Required values and types, column by column."""
    file, stg = f"{table}.csv", quote_identifier("stg_" + table)
    found = []
    for name, data_type, nullable in _columns(con, table):
        col = quote_identifier(name)
        if not nullable:
            found += _problems(
                con,
                file,
                name,
                f"SELECT _line, NULL FROM {stg} WHERE {col} IS NULL",
                lambda _v: "a value is required",
            )
        bad = _type_problem(name, data_type)
        if bad:
            cond, reason = bad
            found += _problems(
                con,
                file,
                name,
                f"SELECT _line, {col} FROM {stg} WHERE {col} IS NOT NULL AND ({cond})",
                lambda v, reason=reason: f"{v!r} {reason}",
            )
    return found


def _check_constraints(con, table: str) -> list[Problem]:
    """CHECK constraints (vocabularies and rules such as end >= start) and duplicate keys."""
    file = f"{table}.csv"
    stg, typed = quote_identifier("stg_" + table), quote_identifier("typed_" + table)
    types = {name: data_type for name, data_type, _ in _columns(con, table)}
    found = []
    for kind, cols, expression in con.execute(
        "SELECT constraint_type, constraint_column_names, expression "
        "FROM duckdb_constraints() WHERE table_name = ? "
        "AND constraint_type IN ('CHECK', 'PRIMARY KEY', 'UNIQUE') ORDER BY constraint_index",
        [table],
    ).fetchall():
        cols = list(dict.fromkeys(cols))
        shown = ", ".join(cols)
        if kind != "CHECK":
            keys = ", ".join(quote_identifier(c) for c in cols)
            present = " AND ".join(f"{quote_identifier(c)} IS NOT NULL" for c in cols)
            same = " AND ".join(f"s.{quote_identifier(c)} = d.{quote_identifier(c)}" for c in cols)
            # The keys used twice first (a grouping): the lines of only those are then ranked.
            found += _problems(
                con,
                file,
                shown,
                f"WITH used_twice AS ("
                f"  SELECT {keys} FROM {stg} WHERE {present} GROUP BY ALL HAVING count(*) > 1"
                f") SELECT _line, [first_line::VARCHAR, key] FROM ("
                f"  SELECT _line, concat_ws(', ', {keys}) AS key,"
                f"    min(_line) OVER (PARTITION BY {keys}) AS first_line"
                f"  FROM {stg} AS s SEMI JOIN used_twice AS d ON {same}"
                f") WHERE _line > first_line",
                lambda v: f"duplicate key {v[1]!r}, first used on line {v[0]}",
            )
            continue
        # A value already reported as badly typed is not reported again here.
        well_typed = [
            f"NOT coalesce({bad[0]}, false)" for c in cols if (bad := _type_problem(c, types[c]))
        ]
        where = f"NOT ({expression})"
        if well_typed:
            where += f" AND _line IN (SELECT _line FROM {stg} WHERE {' AND '.join(well_typed)})"
        allowed = allowed_values(expression)
        if allowed is not None:
            value = f"CAST({quote_identifier(cols[0])} AS VARCHAR)"
            reason = lambda v, a=allowed: f"unknown value {v!r}; expected one of: {', '.join(a)}"  # noqa: E731
        else:
            value = " || ', ' || ".join(
                f"'{c}=' || coalesce(CAST({quote_identifier(c)} AS VARCHAR), 'empty')" for c in cols
            )
            reason = lambda v, e=expression: f"breaks the rule {e} ({v})"  # noqa: E731
        found += _problems(
            con, file, shown, f"SELECT _line, {value} FROM {typed} WHERE {where}", reason
        )
    return found


def _check_cycles(con, table: str) -> list[Problem]:
    """Rows of a table that refers to itself (a visit to its related visit) must not form a loop."""
    found = []
    for col, key in con.execute(
        "SELECT constraint_column_names[1], referenced_column_names[1] FROM duckdb_constraints() "
        "WHERE constraint_type = 'FOREIGN KEY' AND table_name = ? AND referenced_table = ?",
        [table, table],
    ).fetchall():
        c, k, stg = quote_identifier(col), quote_identifier(key), quote_identifier("stg_" + table)
        # Only rows that refer to another can be on a loop; a key used twice counts its first row.
        rows = con.execute(
            f"WITH linked AS (SELECT _line, {k} AS k, {c} AS c FROM {stg} "
            f"  WHERE {k} IS NOT NULL AND {c} IS NOT NULL), "
            f"first_rows AS (SELECT {k} AS k, min(_line) AS first_line FROM {stg} "
            f"  WHERE {k} IN (SELECT k FROM linked) GROUP BY ALL) "
            f"SELECT _line, k, c, _line = first_line FROM linked JOIN first_rows USING (k) "
            f"ORDER BY _line"
        ).fetchall()
        target = {k_value: c_value for _line, k_value, c_value, first in rows if first}
        cycles = _cycles(target)
        for line, key_value, c_value, _first in rows:
            if key_value not in cycles or target[key_value] != c_value:
                continue
            cycle, i = cycles[key_value]
            if len(cycle) == 1:
                reason = f"{c_value!r} is the row itself: a row cannot refer to itself"
            else:
                ids = [*cycle[i:], *cycle[:i]]
                shown = ids if len(ids) <= 5 else [*ids[:4], "…"]
                loop = " → ".join([*shown, key_value])
                reason = f"the rows refer to each other in a loop of {len(ids)}: {loop}"
            found.append(Problem(f"{table}.csv", line, col, reason))
    return found


def _cycles(target: dict[str, str | None]) -> dict[str, tuple[list[str], int]]:
    """Each key on a loop of key -> target links: its loop and its place in it (linear time)."""
    done: set[str] = set()
    cycles: dict[str, tuple[list[str], int]] = {}
    for start in target:
        path: list[str] = []
        position: dict[str, int] = {}
        node = start
        while node in target and node not in done and node not in position:
            position[node] = len(path)
            path.append(node)
            node = target[node]
        if node in position:
            cycle = path[position[node] :]
            for i, member in enumerate(cycle):
                cycles[member] = (cycle, i)
        done.update(path)
    return cycles


def _check_references(con, loaded: list[str]) -> list[Problem]:
    """Foreign keys, and source_links pointing at records of several tables."""
    checks = [
        (table, cols[0], ref_table, ref_cols[0], None)
        for table, cols, ref_table, ref_cols in con.execute(
            "SELECT table_name, constraint_column_names, referenced_table, "
            "referenced_column_names FROM duckdb_constraints() "
            "WHERE constraint_type = 'FOREIGN KEY'"
        ).fetchall()
    ] + [
        ("source_links", "record_id", target, key, record_type)
        for record_type, (target, key) in SOURCE_LINK_TARGETS.items()
    ]
    found = []
    for table, col, ref_table, ref_col, record_type in checks:
        if table not in loaded or ref_table not in loaded:
            continue
        what = "State code" if col == "iso3" else record_type or col
        c, r = quote_identifier(col), quote_identifier(ref_col)
        only = "AND record_type = ?" if record_type else ""
        found += _problems(
            con,
            f"{table}.csv",
            col,
            f"SELECT _line, {c} FROM {quote_identifier('stg_' + table)} WHERE {c} IS NOT NULL "
            f"{only} AND {c} NOT IN (SELECT {r} FROM {quote_identifier('stg_' + ref_table)} "
            f"WHERE {r} IS NOT NULL)",
            lambda v, w=what, t=ref_table: f"unknown {w} {v!r}: not in {t}.csv",
            [record_type] if record_type else (),
        )
    return found

"""Check the CSV files in data/ against the schema before anything is written.

Every problem is reported, not only the first, as ``file:line: column: reason`` with lines counted
in the file (the header is line 1). The rules come from sql/schema.sql itself: column names, types,
NOT NULL, keys, foreign keys and CHECK constraints are read from the DuckDB catalog, so the schema
is the one place where a rule is written.
"""

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from dashboard.paths import SQL_DIR

# Tables in load order (referenced tables first). Each is loaded from data/<table>.csv.
TABLES = (
    "states",
    "visits",
    "visit_places",
    "delegation_members",
    "reports",
    "report_events",
    "recommendations",
    "sources",
    "source_links",
)

# source_links points at records of several tables, which a foreign key cannot express.
SOURCE_LINK_TARGETS = {
    "state": ("states", "iso3"),
    "visit": ("visits", "visit_id"),
    "report": ("reports", "report_id"),
    "recommendation": ("recommendations", "recommendation_id"),
}

LIST_SEPARATOR = ";"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.reason}"


class ValidationError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def schema_catalog() -> duckdb.DuckDBPyConnection:
    """An in-memory database holding only the schema, to read the rules from."""
    con = duckdb.connect()
    con.execute((SQL_DIR / "schema.sql").read_text())
    return con


@cache
def vocabulary(table: str, column: str) -> tuple[str, ...]:
    """The closed vocabulary of a column, as its CHECK constraint in sql/schema.sql spells it."""
    con = schema_catalog()
    for (expression,) in con.execute(
        "SELECT expression FROM duckdb_constraints() WHERE constraint_type = 'CHECK' "
        "AND table_name = ? AND constraint_column_names = [?]",
        [table, column],
    ).fetchall():
        allowed = _allowed_values(expression)
        if allowed:
            return tuple(allowed)
    raise KeyError(f"{table}.{column} has no closed vocabulary")


def read_csv_rows(path: Path, problems: list[Problem]) -> tuple[list[str], list[tuple[int, list]]]:
    """Header and (line number, fields) of each row; empty fields become None."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(name, 1, "-", f"file is missing from {path.parent}"))
        return [], []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        problems.append(Problem(name, line, "-", f"not valid UTF-8 (byte {raw[e.start]:#04x})"))
        return [], []
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    rows = []
    line = reader.line_num + 1
    for fields in reader:
        if any(f.strip() for f in fields):
            if len(fields) != len(header):
                problems.append(
                    Problem(
                        name, line, "-", f"has {len(fields)} fields, the header has {len(header)}"
                    )
                )
            else:
                rows.append((line, [f if f != "" else None for f in fields]))
        line = reader.line_num + 1
    return header, rows


def quote_identifier(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def typed_expression(column: str, data_type: str) -> str:
    col = quote_identifier(column)
    if data_type.endswith("[]"):
        return f"list_transform(string_split({col}, '{LIST_SEPARATOR}'), lambda x: trim(x))"
    if data_type == "VARCHAR":
        return col
    return f"TRY_CAST({col} AS {data_type})"


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
        return f"TRY_CAST({col} AS BIGINT) IS NULL", "is not a whole number"
    if data_type == "BOOLEAN":
        return f"{col} NOT IN ('true', 'false')", "must be true or false"
    return None


def _allowed_values(expression: str) -> list[str] | None:
    """The closed vocabulary of a CHECK written as `col IN (...)` or `list_has_all([...], col)`."""
    m = re.fullmatch(r"\(?\(?\"?\w+\"? IN \((.*)\)\)?\)?", expression) or re.search(
        r"list_has_all\(list_value\((.*)\), \"?\w+\"?\)", expression
    )
    return re.findall(r"'((?:[^']|'')*)'", m.group(1)) if m else None


def validate(data_dir: Path) -> list[Problem]:
    """All problems in the CSV files of data_dir; an empty list means the data may be built."""
    problems: list[Problem] = []
    con = schema_catalog()
    loaded: set[str] = set()
    for table in TABLES:
        file = f"{table}.csv"
        columns = con.execute(
            "SELECT column_name, data_type, is_nullable FROM duckdb_columns() "
            "WHERE table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
        names = [c[0] for c in columns]
        header, rows = read_csv_rows(data_dir / file, problems)
        if not header:
            if (data_dir / file).exists() and not any(p.file == file for p in problems):
                problems.append(Problem(file, 1, "-", "file is empty"))
            continue
        if header != names:
            missing = [c for c in names if c not in header]
            extra = [c for c in header if c not in names]
            parts = [
                f"missing {', '.join(missing)}" if missing else "",
                f"unexpected {', '.join(extra)}" if extra else "",
                "" if missing or extra else "columns are out of order",
            ]
            problems.append(
                Problem(
                    file,
                    1,
                    "-",
                    "wrong columns: "
                    + "; ".join(p for p in parts if p)
                    + f" (expected: {', '.join(names)})",
                )
            )
            continue
        frame = pl.DataFrame(
            [[line for line, _ in rows]] + [[r[i] for _, r in rows] for i in range(len(names))],
            schema={"_line": pl.Int64, **{n: pl.String for n in names}},
            orient="col",
        )
        con.register("_frame", frame)
        con.execute(f"CREATE TEMP TABLE {quote_identifier('stg_' + table)} AS SELECT * FROM _frame")
        con.unregister("_frame")
        loaded.add(table)
        stg = quote_identifier("stg_" + table)

        def report(sql: str, column: str, reason, params=None):
            for line, value in con.execute(sql, params or []).fetchall():
                problems.append(Problem(file, line, column, reason(value)))

        bad_type: dict[str, str] = {}
        for name, data_type, nullable in columns:
            col = quote_identifier(name)
            if not nullable:
                report(
                    f"SELECT _line, NULL FROM {stg} WHERE {col} IS NULL",
                    name,
                    lambda _v: "a value is required",
                )
            tp = _type_problem(name, data_type)
            if tp:
                cond, reason = tp
                bad_type[name] = cond
                report(
                    f"SELECT _line, {col} FROM {stg} WHERE {col} IS NOT NULL AND ({cond})",
                    name,
                    lambda v, reason=reason: f"{v!r} {reason}",
                )
        typed = ", ".join(
            f"{typed_expression(n, t)} AS {quote_identifier(n)}" for n, t, _ in columns
        )
        con.execute(
            f"CREATE TEMP VIEW {quote_identifier('typed_' + table)} AS SELECT _line, {typed} FROM {stg}"
        )

        for kind, cols, expression in con.execute(
            "SELECT constraint_type, constraint_column_names, expression FROM duckdb_constraints() "
            "WHERE table_name = ? AND constraint_type IN ('CHECK', 'PRIMARY KEY', 'UNIQUE') "
            "ORDER BY constraint_index",
            [table],
        ).fetchall():
            if kind == "CHECK":
                # A value already reported as badly typed is not reported again here.
                skip = " AND ".join(
                    f"NOT coalesce({bad_type[c]}, false)" for c in cols if c in bad_type
                )
                where = f"NOT ({expression})" + (
                    f" AND _line IN (SELECT _line FROM {stg} WHERE {skip})" if skip else ""
                )
                allowed = _allowed_values(expression)
                shown = cols[0] if len(cols) == 1 else ", ".join(cols)
                if allowed is not None:
                    reason = lambda v, a=allowed: (
                        f"unknown value {v!r}; expected one of: {', '.join(a)}"
                    )  # noqa: E731
                    value = f"CAST({quote_identifier(cols[0])} AS VARCHAR)"
                    report(
                        f"SELECT _line, {value} FROM {quote_identifier('typed_' + table)} WHERE {where}",
                        shown,
                        reason,
                    )
                else:
                    values = " || ', ' || ".join(
                        f"'{c}=' || coalesce(CAST({quote_identifier(c)} AS VARCHAR), 'empty')"
                        for c in cols
                    )
                    report(
                        f"SELECT _line, {values} FROM {quote_identifier('typed_' + table)} WHERE {where}",
                        shown,
                        lambda v, e=expression: f"breaks the rule {e} ({v})",
                    )
            else:
                keys = ", ".join(quote_identifier(c) for c in cols)
                shown = ", ".join(cols)
                report(
                    f"SELECT _line, first_line || ': ' || key FROM ("
                    f"  SELECT _line, concat_ws(', ', {keys}) AS key,"
                    f"    min(_line) OVER (PARTITION BY {keys}) AS first_line FROM {stg}"
                    f"  WHERE {' AND '.join(quote_identifier(c) + ' IS NOT NULL' for c in cols)}"
                    f") WHERE _line > first_line",
                    shown,
                    lambda v: "duplicate key {1!r}, first used on line {0}".format(
                        *v.split(": ", 1)
                    ),
                )

    # Foreign keys, once every file is loaded.
    for table, cols, ref_table, ref_cols in con.execute(
        "SELECT table_name, constraint_column_names, referenced_table, referenced_column_names "
        "FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY' ORDER BY table_name"
    ).fetchall():
        if table not in loaded or ref_table not in loaded:
            continue
        col, ref_col = quote_identifier(cols[0]), quote_identifier(ref_cols[0])
        what = "State code" if cols[0] == "iso3" else cols[0]
        for line, value in con.execute(
            f"SELECT _line, {col} FROM {quote_identifier('stg_' + table)} WHERE {col} IS NOT NULL "
            f"AND {col} NOT IN (SELECT {ref_col} FROM {quote_identifier('stg_' + ref_table)} "
            f"WHERE {ref_col} IS NOT NULL) ORDER BY _line"
        ).fetchall():
            problems.append(
                Problem(
                    f"{table}.csv",
                    line,
                    cols[0],
                    f"unknown {what} {value!r}: not in {ref_table}.csv",
                )
            )
    if "source_links" in loaded:
        for record_type, (target, key) in SOURCE_LINK_TARGETS.items():
            if target not in loaded:
                continue
            for line, value in con.execute(
                f"SELECT _line, record_id FROM stg_source_links WHERE record_type = ? "
                f"AND record_id NOT IN (SELECT {quote_identifier(key)} FROM {quote_identifier('stg_' + target)}) "
                f"ORDER BY _line",
                [record_type],
            ).fetchall():
                problems.append(
                    Problem(
                        "source_links.csv",
                        line,
                        "record_id",
                        f"unknown {record_type} {value!r}: not in {target}.csv",
                    )
                )
    con.close()
    return sorted(
        set(problems),
        key=lambda p: (
            TABLES.index(p.file[:-4]) if p.file[:-4] in TABLES else 99,
            p.line,
            p.column,
        ),
    )

"""A parsed CSV file loaded into DuckDB for validation: `stage_table` reads it with DuckDB's own CSV
reader where Python and DuckDB read it alike (every field plain text), and from the rows Python
read otherwise; `unstage` drops it again.
"""

import csv
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard.data.datafiles import (
    MAX_FIELD_CHARS,
    SPACE,
    SUSPECT,
    Problem,
    Problems,
    Row,
    TooMany,
    check_row,
    read_regular_file,
)


def stage_table(con, path: Path, columns: list[str], stage: str) -> list[Problem] | None:
    """Read a plain CSV file with DuckDB into the table `stage` (_line, then the columns as text,
    NULL for empty) and return its problems, exactly those read_table would find; or None,
    leaving nothing behind, when the file is anything but plain (a byte order mark, a carriage
    return, a field over several lines, a blank line, bad quoting, a wrong header or number of
    fields, too many problems): read_table then reads it and says what is wrong.

    DuckDB reads whole columns at once; read_table reads row by row in Python, which at a million
    visits takes minutes. The lines holding a quote are parsed again by Python's csv module, which
    must agree; the rows whose fields may hold a forbidden character or edge spaces, or be too
    long (SUSPECT matches all that field_problem refuses) are checked by field_problem, so the
    messages are the same.
    """
    raw, problem = read_regular_file(Path(path))
    if problem or not raw or b"\r" in raw or b"\x00" in raw or raw.startswith(b"\xef\xbb\xbf"):
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    end = raw.find(b"\n")
    header = next(csv.reader([raw[: end if end >= 0 else len(raw)].decode()]), None)
    if header != list(columns):
        return None
    lines = raw.count(b"\n") + (not raw.endswith(b"\n"))
    quoted = _lines_with_quotes(raw)
    del raw
    names = [quote_name(c) for c in columns]
    spec = ", ".join(f"{_sql_text(c)}: 'VARCHAR'" for c in columns)
    scan = (
        f"read_csv({_sql_text(str(path))}, header = true, delim = ',', quote = '\"', "
        f"escape = '\"', columns = {{{spec}}}, auto_detect = false, strict_mode = true, "
        "null_padding = false, all_varchar = true)"
    )
    target, scanned = quote_name(stage), quote_name(stage + "_scan")
    try:
        con.execute(f"CREATE TEMP TABLE {scanned} AS SELECT * FROM {scan}")
        # A view, not a copy: rowid counts the rows in the order of the file.
        con.execute(
            f"CREATE TEMP VIEW {target} AS SELECT rowid + 2 AS _line, "
            + ", ".join(f"nullif({n}, '') AS {n}" for n in names)
            + f" FROM {scanned}"
        )
    except duckdb.Error:
        con.execute(f"DROP TABLE IF EXISTS {scanned}")
        return None
    blank = " AND ".join(f"regexp_full_match(coalesce({n}, ''), '{SPACE}*')" for n in names)
    suspect = " OR ".join(
        f"length({n}) > {MAX_FIELD_CHARS} OR regexp_matches({n}, '{SUSPECT}')" for n in names
    )
    ((rows, blank_rows),) = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {blank}) FROM {target}"
    ).fetchall()
    if rows != lines - 1 or blank_rows:
        con.execute(f"DROP VIEW {target}")
        con.execute(f"DROP TABLE {scanned}")
        return None
    con.register("_quoted", pa.table({"line": pa.array(list(quoted), pa.int64())}))
    checked = con.execute(
        f"SELECT * FROM (SELECT {suspect} AS _suspect, * FROM {target}) "
        "WHERE _suspect OR _line IN (SELECT line FROM _quoted) ORDER BY _line"
    ).fetchall()
    con.unregister("_quoted")
    problems = Problems(Path(path).name)
    try:
        for is_suspect, line, *values in checked:
            fields = [v or "" for v in values]
            if line in quoted and next(csv.reader([quoted[line]], strict=True)) != fields:
                raise _NotPlain  # Python reads this line otherwise: read_table says how
            if is_suspect:  # the others have no field that field_problem would refuse
                check_row(list(columns), Row(line, fields, None), problems)
    except (TooMany, _NotPlain, csv.Error):
        con.execute(f"DROP VIEW {target}")
        con.execute(f"DROP TABLE {scanned}")
        return None
    return list(problems)


class _NotPlain(Exception):
    pass


def unstage(con, stage: str) -> None:
    """Drop what stage_table made for `stage`, freeing its memory."""
    con.execute(f"DROP VIEW IF EXISTS {quote_name(stage)}")
    con.execute(f"DROP TABLE IF EXISTS {quote_name(stage + '_scan')}")


def _lines_with_quotes(raw: bytes) -> dict[int, str]:
    """Line number → text (without its line ending) of each line holding a double quote."""
    out: dict[int, str] = {}
    line, counted, position = 1, 0, raw.find(b'"')
    while position >= 0:
        start = raw.rfind(b"\n", 0, position) + 1
        end = raw.find(b"\n", position)
        end = len(raw) if end < 0 else end
        line += raw.count(b"\n", counted, start)
        counted = start
        out[line] = raw[start:end].decode()
        position = raw.find(b'"', end)
    return out


def quote_name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"

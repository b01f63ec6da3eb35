"""The CSV files of a data folder: read them safely, change rows, write them back all at once.

Every reader and writer of data/ goes through this module, so that they agree on what a file says.

Reading
    ``read_table(path, columns=None) -> (Table | None, problems)`` reads one CSV file
    (``parse_table(name, raw, columns)`` the same from bytes). It opens regular files only
    (a named pipe, a directory, a device or a symbolic link loop is refused without blocking),
    refuses files over ``MAX_FILE_BYTES`` before reading them and fields over ``MAX_FIELD_CHARS``,
    accepts UTF-8 with or without a byte order mark and any line ending, and reports every problem
    as a ``Problem`` (``file:line: column: reason``): bad encoding or quoting, empty or blank rows,
    a wrong number of fields, NUL bytes and other control or invisible characters, fields that
    start or end with spaces; with ``columns``, a header other than exactly those names. A
    ``Table`` keeps each row's original text, so that writing it back changes only the rows that
    changed. Problems about the data raise ``ValidationError`` (``.problems``), problems about the
    folder ``DataFolderError``; both are ``DataError``, which the command line shows as messages.

Changing
    ``Tables(data_dir)`` holds the tables of a folder, read on first use: ``get(name)`` gives the
    rows as dicts of strings ("" for empty), ``insert`` and ``update`` change them in memory,
    ``encoded()`` gives the new bytes of each changed file. A file keeps its byte order mark, its
    line endings (a new row takes the header's) and the text of every unchanged row.

Writing
    ``commit(data_dir, {file name: bytes})`` replaces several files so that, whatever happens (an
    error, a full disk, SIGKILL at any moment), every reader sees either all the old files or all
    the new ones. ``with locked(data_dir, exclusive=True):`` around a read-change-commit keeps two
    writers from losing each other's changes; readers take the shared lock (``locked(data_dir)``)
    and writers the exclusive one, both advisory ``flock`` locks on the folder itself.

The commit protocol, in the data folder itself (so that every rename is atomic):

1. Each new file is written beside the old one as ``.<name>.new`` and flushed to disk (fsync).
   A failure here (disk full, a file that is read-only) removes the new files: nothing changed.
2. A journal ``.commit-journal`` naming the files and the SHA-256 of each new content is written
   to ``.commit-journal.tmp``, flushed, and renamed into place. This rename is the commit point:
   before it the commit never happened, after it the commit will complete.
3. Each ``.<name>.new`` is renamed over ``<name>``; then the journal is removed.

``recover(data_dir)`` runs at the start of every reader (``locked`` calls it): with a journal it
completes the renames still to do (step 3); without one it removes new files a killed step 1 left.
So a commit killed before step 2 leaves the old files, and one killed after it leaves the new
files once anything reads the folder again.

A command that writes data/ (``ingest-press``, see ``dashboard.press.ingest.apply``) does::

    with datafiles.locked(data_dir, exclusive=True):
        tables = Tables(data_dir)            # after validate(data_dir) found no problem
        ...tables.insert(...) / tables.update(...)
        files = tables.encoded()
        # ValidationError here: nothing was written
        with build.prepared(data_dir, db_path, files) as install:
            datafiles.commit(data_dir, files)
            install()  # the database built from exactly these files
"""

import csv
import errno
import fcntl
import hashlib
import io
import json
import os
import re
import stat
import threading
from collections.abc import Iterable, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

# The real files are under 100 kB each; the scale the app is built for (benchmarks/scale.py: a
# million visits, whose largest file, delegation_members.csv, is about 190 MB) must fit with room
# to spare.
MAX_FILE_BYTES = 1_000_000_000
MAX_FIELD_CHARS = 10_000  # the longest real field has a few hundred characters
MAX_PROBLEMS_PER_FILE = 100

JOURNAL = ".commit-journal"
_STAGED = re.compile(r"\.(.+)\.new")

# Characters no field may hold: NUL and the other control characters except tab, line feed and
# carriage return; the invisible characters that reorder or hide text (bidirectional overrides and
# isolates, the byte order mark, line and paragraph separators, interlinear annotation marks).
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        # One line, whatever the data holds: line breaks and control characters are escaped.
        return _printable(f"{self.file}:{self.line}: {self.column}: {self.reason}")


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


class DataError(Exception):
    """A problem with the data a command was given: shown to the user as a message, exit 1."""


class ValidationError(DataError):
    """The data does not validate; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


class DataFolderError(DataError):
    """The folder cannot be used: not a data folder, not readable, or a commit that failed."""


@dataclass
class Row:
    line: int  # where the row starts in the file (the header is line 1)
    fields: list[str]
    raw: str | None  # the row's text as read, with its line ending; None once changed or new


@dataclass
class Table:
    name: str  # the file name, e.g. "visits.csv"
    header: list[str]
    rows: list[Row]
    bom: bool = False
    newline: str = "\n"  # the header's line ending, used for new and changed rows
    header_raw: str | None = None

    def to_bytes(self) -> bytes:
        """The file's new content: unchanged rows as they were read, others in its style."""
        parts = [self.header_raw if self.header_raw is not None else self._format(self.header)]
        for row in self.rows:
            parts.append(row.raw if row.raw is not None else self._format(row.fields))
        for i, part in enumerate(parts[:-1]):
            if not part.endswith(("\n", "\r")):  # a last row without a line ending got a successor
                parts[i] = part + self.newline
        return ("\ufeff" if self.bom else "").encode() + "".join(parts).encode("utf-8")

    def _format(self, fields: list[str]) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator=self.newline).writerow(fields)
        return out.getvalue()


def read_table(path: Path, columns: list[str] | None = None) -> tuple[Table | None, list[Problem]]:
    """Read one CSV file; None and the problems when it cannot be read as a table at all.

    With columns, the header must be exactly those names, in that order.
    """
    raw, problem = _read_regular_file(Path(path))
    if problem:
        return None, [Problem(Path(path).name, 1, "-", problem)]
    return parse_table(Path(path).name, raw, columns)


def parse_table(
    name: str, raw: bytes, columns: list[str] | None = None
) -> tuple[Table | None, list[Problem]]:
    """The table in the bytes of a CSV file called name, and every problem found in it."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(name, 1, "-", f"is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")
        ]
    text, problem_at = _decode(raw)
    if problem_at:
        line, reason = problem_at
        return None, [Problem(name, line, "-", reason)]
    bom = text.startswith("\ufeff")
    problems = _Problems(name)
    try:
        records = _records(text.removeprefix("\ufeff"), problems)
        if not records:
            return None, [*problems, Problem(name, 1, "-", "file is empty")]
        head, *rows = records
        if head.line != 1 or not any(f.strip() for f in head.fields):
            return None, [Problem(name, 1, "-", "the first line must be the header"), *problems]
        if columns is not None and head.fields != list(columns):
            return None, [Problem(name, 1, "-", _header_problem(head.fields, list(columns)))]
        for row in rows:
            _check_row(head.fields, row, problems)
    except _TooMany:
        return None, list(problems)
    newline = re.search(r"\r\n|\r|\n", head.raw or "")
    table = Table(name, head.fields, rows, bom, newline.group() if newline else "\n", head.raw)
    return table, list(problems)


class _Problems(list):
    """The problems of one file, at most MAX_PROBLEMS_PER_FILE (then reading stops)."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name

    def add(self, line: int, column: str, reason: str) -> None:
        if len(self) == MAX_PROBLEMS_PER_FILE:
            reason, column = "too many problems; the rest of the file was not read", "-"
        self.append(Problem(self.name, line, column, reason))
        if len(self) > MAX_PROBLEMS_PER_FILE:
            raise _TooMany


class _TooMany(Exception):
    pass


# What Python's str.strip() removes (str.isspace), as a regular expression class: a field that
# starts or ends with one of these may be refused, so its row is checked by field_problem.
_SPACE = (
    "[\\s\\x{0b}\\x{0c}\\x{1c}-\\x{1f}\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}"
    "\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]"
)
_SUSPECT = (
    "[\\x{00}-\\x{08}\\x{0b}\\x{0c}\\x{0e}-\\x{1f}\\x{7f}-\\x{9f}\\x{2028}\\x{2029}\\x{202a}-\\x{202e}"
    f"\\x{{2066}}-\\x{{2069}}\\x{{feff}}\\x{{fff9}}-\\x{{fffb}}]|^{_SPACE}|{_SPACE}$"
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
    long (_SUSPECT matches all that field_problem refuses) are checked by field_problem, so the
    messages are the same.
    """
    raw, problem = _read_regular_file(Path(path))
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
    blank = " AND ".join(f"regexp_full_match(coalesce({n}, ''), '{_SPACE}*')" for n in names)
    suspect = " OR ".join(
        f"length({n}) > {MAX_FIELD_CHARS} OR regexp_matches({n}, '{_SUSPECT}')" for n in names
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
    problems = _Problems(Path(path).name)
    try:
        for is_suspect, line, *values in checked:
            fields = [v or "" for v in values]
            if line in quoted and next(csv.reader([quoted[line]], strict=True)) != fields:
                raise _NotPlain  # Python reads this line otherwise: read_table says how
            if is_suspect:  # the others have no field that field_problem would refuse
                _check_row(list(columns), Row(line, fields, None), problems)
    except (_TooMany, _NotPlain, csv.Error):
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


def _read_regular_file(path: Path) -> tuple[bytes, str | None]:
    """The bytes of a regular file, or why it cannot be read. Never blocks on special files."""
    try:
        mode = os.stat(path).st_mode  # before opening: a special file is never opened
        if not stat.S_ISREG(mode):
            return b"", f"is {_kind(mode)}, not a regular file"
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        if path.is_symlink():
            return b"", f"is a symbolic link to {os.readlink(path)}, which does not exist"
        return b"", f"file is missing from {path.parent}"
    except OSError as e:
        return b"", _open_problem(path, e)
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            return b"", f"is {_kind(info.st_mode)}, not a regular file"
        if info.st_size > MAX_FILE_BYTES:
            return b"", f"is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
        try:
            raw = f.read(MAX_FILE_BYTES + 1)
        except OSError as e:
            return b"", f"cannot be read: {e.strerror}"
    if len(raw) > MAX_FILE_BYTES:
        return b"", f"is over {MAX_FILE_BYTES:,} bytes, the limit"
    return raw, None


def _open_problem(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "is a symbolic link loop"
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = 0
    if mode and not stat.S_ISREG(mode):
        return f"is {_kind(mode)}, not a regular file"
    if isinstance(error, PermissionError):
        return "cannot be read: permission denied"
    return f"cannot be read: {error.strerror or error}"


def _kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    ):
        if test(mode):
            return kind
    return "a special file"


def _decode(raw: bytes) -> tuple[str, tuple[int, str] | None]:
    """The text of a UTF-8 file (BOM kept), or the line and reason it is not UTF-8."""
    for bom, encoding in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if raw.startswith(bom):
            return "", (
                1,
                f"is {encoding} (it starts with a {encoding} byte order mark); save it as UTF-8",
            )
    head = raw[:4096]
    if head.count(0) * 4 >= len(head) > 0:
        return "", (1, "looks like UTF-16 or UTF-32 (many NUL bytes); save it as UTF-8")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return "", (line, f"not valid UTF-8 (byte {raw[e.start]:#04x}); save the file as UTF-8")


def _records(text: str, problems: _Problems) -> list[Row]:
    """The CSV records of the text, each with its first line number and original text."""
    # Raise the csv module's own field limit (process-wide, never lowered): fields are measured
    # against MAX_FIELD_CHARS instead, with the column named, and the file size is bounded.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    consumed: list[str] = []

    def lines():
        for line in io.StringIO(text, newline=""):  # splits at \n, \r\n and \r only
            consumed.append(line)
            yield line

    reader = csv.reader(lines(), strict=True)
    records, done = [], 0
    while True:
        start = done + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            consumed.clear()
            problems.add(start, "-", _quoting_problem(str(e)))
            continue
        finally:
            done = reader.line_num
        records.append(Row(start, fields, "".join(consumed)))
        consumed.clear()
    return records


def _quoting_problem(message: str) -> str:
    if "expected after" in message:
        return "text after a closing quote; quote the whole field and double any quote inside"
    if "unexpected end of data" in message:
        return "a quoted field that starts on this line is never closed"
    return f"not valid CSV ({message})"


def _header_problem(header: list[str], names: list[str]) -> str:
    missing = [c for c in names if c not in header]
    extra = [c if re.fullmatch(r"\w+", c) else repr(c) for c in header if c not in names]
    twice = [c for c in dict.fromkeys(header) if header.count(c) > 1]
    parts = [
        f"missing {', '.join(missing)}" if missing else "",
        f"unexpected {', '.join(extra)}" if extra else "",
        f"more than once: {', '.join(twice)}" if twice else "",
    ]
    reason = "; ".join(p for p in parts if p) or "columns are out of order"
    return f"wrong columns: {reason} (expected: {', '.join(names)})"


def _check_row(header: list[str], row: Row, problems: _Problems) -> None:
    fields = row.fields
    if not any(f.strip() for f in fields):
        if not fields:
            reason = "an empty line; delete it"
        elif len(fields) == 1:
            reason = "a line of spaces only; delete it"
        elif all(f == "" for f in fields):
            reason = "a row of empty fields; delete it"
        else:
            reason = "a row of blank fields; delete it"
        problems.add(row.line, "-", reason)
        return
    if len(fields) != len(header):
        problems.add(row.line, "-", f"has {len(fields)} fields, the header has {len(header)}")
    for i, value in enumerate(fields):
        reason = field_problem(value)
        if reason:
            name = header[i] if i < len(header) else ""
            problems.add(row.line, name if _plain(name) else f"field {i + 1}", reason)


def _plain(name: str) -> bool:
    """A column name that can be shown as it is in a message."""
    return bool(name) and name.isprintable() and field_problem(name) is None


def field_problem(value: str) -> str | None:
    """Why a field's text cannot be stored, or None."""
    if len(value) > MAX_FIELD_CHARS:
        return f"is {len(value):,} characters long; the limit is {MAX_FIELD_CHARS:,}"
    bad = _FORBIDDEN.search(value)
    if bad:
        char = bad.group()
        what = (
            "a NUL byte"
            if char == "\x00"
            else f"the invisible or control character U+{ord(char):04X}"
        )
        return f"contains {what}"
    if value and not value.strip():
        return "holds only spaces; leave it empty when the value is unknown"
    if value != value.strip():
        return f"{value[:60]!r} starts or ends with spaces"
    return None


def check_folder(data_dir: Path, names: Iterable[str]) -> None:
    """Raise DataFolderError unless data_dir is a folder holding at least one of the named files."""
    names = list(names)
    try:
        if not Path(data_dir).is_dir():
            raise DataFolderError(f"{data_dir} is not a folder")
        present = [n for n in names if os.path.lexists(Path(data_dir) / n)]
    except OSError as e:
        raise DataFolderError(f"{data_dir} cannot be read: {e.strerror or e}") from e
    if not present:
        raise DataFolderError(
            f"{data_dir} is not a data folder: it holds none of {', '.join(names)}"
        )


class Tables:
    """The tables of one data folder, read on first use and changed in memory."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.tables: dict[str, Table] = {}
        self.changed: set[str] = set()

    def table(self, name: str) -> Table:
        """The table name (the file name without .csv); ValidationError if it cannot be read."""
        if name not in self.tables:
            table, problems = read_table(self.data_dir / f"{name}.csv")
            if problems:
                raise ValidationError(problems)
            self.tables[name] = table
        return self.tables[name]

    def get(self, name: str) -> list[dict]:
        table = self.table(name)
        return [dict(zip(table.header, row.fields, strict=False)) for row in table.rows]

    def insert(self, name: str, values: dict, after: dict | None = None) -> None:
        """Add a row, after the last row whose values include `after` (else at the end)."""
        table = self.table(name)
        fields = [values.get(column, "") or "" for column in table.header]
        rows, position = table.rows, len(table.rows)
        if after:
            keys = [table.header.index(k) for k in after]
            for i, row in enumerate(rows):
                if all(row.fields[k] == v for k, v in zip(keys, after.values(), strict=True)):
                    position = i + 1
        rows.insert(position, Row(0, fields, None))
        self.changed.add(name)

    def update(self, name: str, where: dict, values: dict) -> None:
        """Set values in every row matching where; a row that already has them is left as it is."""
        table = self.table(name)
        index = {k: table.header.index(k) for k in [*where, *values]}
        for row in table.rows:
            if all(row.fields[index[k]] == v for k, v in where.items()):
                for k, v in values.items():
                    if row.fields[index[k]] != (v or ""):
                        row.fields[index[k]] = v or ""
                        row.raw = None
                        self.changed.add(name)

    def encoded(self) -> dict[str, bytes]:
        """File name -> new content, for each changed table."""
        return {f"{name}.csv": self.tables[name].to_bytes() for name in sorted(self.changed)}


# Locks held by this thread: folder identity -> exclusive?
_held = threading.local()


@contextmanager
def locked(data_dir: Path, *, exclusive: bool = False):
    """Hold the folder's shared (reader) or exclusive (writer) lock; recover a killed commit first.

    Re-entrant within a thread: a reader inside a writer's lock reads under the writer's lock.
    """
    data_dir = Path(data_dir)
    try:
        info = os.stat(data_dir)
    except OSError as e:
        raise DataFolderError(f"{data_dir} cannot be read: {e.strerror or e}") from e
    key, held = (info.st_dev, info.st_ino), _held.__dict__.setdefault("locks", {})
    if key in held:
        if exclusive and not held[key]:
            raise RuntimeError("cannot take the exclusive lock inside a shared one")
        yield
        return
    try:
        fd = os.open(data_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as e:
        raise DataFolderError(f"{data_dir} cannot be read: {e.strerror or e}") from e
    try:
        if exclusive or _pending(data_dir):
            _flock(fd, fcntl.LOCK_EX)
            _recover(data_dir)
        if not exclusive:
            _flock(fd, fcntl.LOCK_SH)
        held[key] = exclusive
        try:
            yield
        finally:
            del held[key]
    finally:
        os.close(fd)  # releases the lock


def _flock(fd: int, operation: int) -> None:
    with suppress(OSError):  # a file system without locks (some network mounts): go on unlocked
        fcntl.flock(fd, operation)


def recover(data_dir: Path) -> None:
    """Complete or undo a commit that a killed process left in data_dir, if there is one."""
    if Path(data_dir).is_dir() and _pending(Path(data_dir)):
        with locked(data_dir):
            pass


def _pending(data_dir: Path) -> bool:
    try:
        return any(_is_commit_file(n) for n in os.listdir(data_dir))
    except OSError:
        return False


def _is_commit_file(name: str) -> bool:
    return name in (JOURNAL, JOURNAL + ".tmp") or bool(_STAGED.fullmatch(name))


def _recover(data_dir: Path) -> None:
    """Under the exclusive lock: finish the commit a journal records, remove what none covers."""
    journal = data_dir / JOURNAL
    try:
        if journal.exists():
            _complete(data_dir, journal)
        for name in os.listdir(data_dir):
            if _is_commit_file(name):
                (data_dir / name).unlink(missing_ok=True)
    except OSError as e:
        raise DataFolderError(
            f"an interrupted change of {data_dir} cannot be completed: {e.strerror or e}"
        ) from e


def _complete(data_dir: Path, journal: Path) -> None:
    try:
        files = json.loads(journal.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError) as e:
        raise DataFolderError(
            f"{journal} (the journal of an interrupted change) is not readable; "
            "check the files of that folder and remove it by hand"
        ) from e
    for name, digest in files.items():
        staged = data_dir / f".{name}.new"
        if not staged.exists():
            continue  # already in place
        if hashlib.sha256(staged.read_bytes()).hexdigest() != digest:
            raise DataFolderError(
                f"{staged} does not hold what {journal} records; check that folder by hand"
            )
        os.replace(staged, data_dir / name)
    _fsync_dir(data_dir)
    journal.unlink()
    _fsync_dir(data_dir)


def commit(data_dir: Path, files: Mapping[str, bytes]) -> None:
    """Replace the named files of data_dir with the given contents, all or none (see above).

    Raises DataFolderError when the new files cannot be written; the old ones are then untouched.
    """
    data_dir = Path(data_dir)
    if not files:
        return
    for name in files:
        if "/" in name or os.sep in name or name.startswith(".") or name in ("", JOURNAL):
            raise ValueError(f"not a plain file name: {name!r}")
    with locked(data_dir, exclusive=True):
        for name in files:
            _check_writable(data_dir / name)
        staged: list[Path] = []
        try:
            for name, content in files.items():
                staged.append(data_dir / f".{name}.new")
                _write_durably(staged[-1], content, like=data_dir / name)
            journal = {"files": {n: hashlib.sha256(c).hexdigest() for n, c in files.items()}}
            staged.append(data_dir / (JOURNAL + ".tmp"))
            _write_durably(staged[-1], json.dumps(journal, indent=1).encode())
            os.replace(staged[-1], data_dir / JOURNAL)  # the commit point
        except OSError as e:
            for path in staged:
                path.unlink(missing_ok=True)
            raise DataFolderError(
                f"cannot write {staged[-1]}: {e.strerror or e}; nothing was changed"
            ) from e
        try:
            _fsync_dir(data_dir)
            _complete(data_dir, data_dir / JOURNAL)  # step 3, as recovery does it
        except OSError as e:
            raise DataFolderError(
                f"the new files of {data_dir} could not all be put in place ({e.strerror or e}); "
                "the next command that reads the folder completes the change"
            ) from e


def _check_writable(path: Path) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
        raise DataFolderError(f"{path} is not a regular file, so it is not replaced")
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise DataFolderError(f"{path} is read-only; nothing was changed")


def _write_durably(path: Path, content: bytes, like: Path | None = None) -> None:
    """Write a new file and flush it to disk; it takes the permissions of `like` if that exists."""
    mode = 0o644
    if like is not None:
        with suppress(FileNotFoundError):
            mode = stat.S_IMODE(os.stat(like).st_mode)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, mode)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

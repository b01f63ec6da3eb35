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

Loading a file into DuckDB for validation is `dashboard.data.staging`; changing rows and writing
files back all at once is `dashboard.data.commit`.
"""

import csv
import errno
import io
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# The real files are under 100 kB each; the scale the app is built for (benchmarks/scale.py: a
# million visits, whose largest file, delegation_members.csv, is about 190 MB) must fit with room
# to spare.
MAX_FILE_BYTES = 1_000_000_000


MAX_FIELD_CHARS = 10_000  # the longest real field has a few hundred characters


MAX_PROBLEMS_PER_FILE = 100


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
    raw, problem = read_regular_file(Path(path))
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
    problems = Problems(name)
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
            check_row(head.fields, row, problems)
    except TooMany:
        return None, list(problems)
    newline = re.search(r"\r\n|\r|\n", head.raw or "")
    table = Table(name, head.fields, rows, bom, newline.group() if newline else "\n", head.raw)
    return table, list(problems)


class Problems(list):
    """The problems of one file, at most MAX_PROBLEMS_PER_FILE (then reading stops)."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name

    def add(self, line: int, column: str, reason: str) -> None:
        if len(self) == MAX_PROBLEMS_PER_FILE:
            reason, column = "too many problems; the rest of the file was not read", "-"
        self.append(Problem(self.name, line, column, reason))
        if len(self) > MAX_PROBLEMS_PER_FILE:
            raise TooMany


class TooMany(Exception):
    pass


# What Python's str.strip() removes (str.isspace), as a regular expression class: a field that
# starts or ends with one of these may be refused, so its row is checked by field_problem.
SPACE = (
    "[\\s\\x{0b}\\x{0c}\\x{1c}-\\x{1f}\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}"
    "\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]"
)


SUSPECT = (
    "[\\x{00}-\\x{08}\\x{0b}\\x{0c}\\x{0e}-\\x{1f}\\x{7f}-\\x{9f}\\x{2028}\\x{2029}\\x{202a}-\\x{202e}"
    f"\\x{{2066}}-\\x{{2069}}\\x{{feff}}\\x{{fff9}}-\\x{{fffb}}]|^{SPACE}|{SPACE}$"
)


def read_regular_file(path: Path) -> tuple[bytes, str | None]:
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


def _records(text: str, problems: Problems) -> list[Row]:
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


def check_row(header: list[str], row: Row, problems: Problems) -> None:
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

"""The CSV files of a data folder changed and written back all at once.

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

    with commit.locked(data_dir, exclusive=True):
        tables = Tables(data_dir)            # after validate(data_dir) found no problem
        ...tables.insert(...) / tables.update(...)
        files = tables.encoded()
        # ValidationError here: nothing was written
        with build.prepared(data_dir, db_path, files) as install:
            commit.commit(data_dir, files)
            install()  # the database built from exactly these files
"""

import fcntl
import hashlib
import json
import os
import re
import stat
import threading
from collections.abc import Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from dashboard.data.datafiles import DataFolderError, Row, Table, ValidationError, read_table

JOURNAL = ".commit-journal"


_STAGED = re.compile(r"\.(.+)\.new")


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

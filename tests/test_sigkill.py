"""SIGKILL at any moment: `build` leaves the old database or the new one, never a broken one, and
the next build removes what the killed one left; `ingest-press --apply` leaves data/ all old or all
new (once the next reader has completed an interrupted commit), and it always builds.

Kills land at random moments of real runs of the command (OPCAT_KILLS=N for more than the default),
and the commit protocol itself is killed before each of its system calls in turn.
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from dashboard.data import commit
from dashboard.data.build import build
from dashboard.data.validate import validate
from dashboard.paths import DATA_DIR, ROOT
from tests.conftest import MINI_DATA
from tests.press_examples import NEW_VISIT, URL

KILLS = int(os.environ.get("OPCAT_KILLS", "6"))
SEED = int.from_bytes(os.urandom(4), "big")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def command(*args) -> list[str]:
    return [sys.executable, "-m", "dashboard", *map(str, args)]


def killed_after(args: list[str], delay: float) -> int | None:
    """Run args and SIGKILL it after delay seconds; its exit status if it ended first."""
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return None
    assert process.returncode == 0, process.stderr.read().decode()
    return 0


def duration(args: list[str]) -> float:
    start = time.monotonic()
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
    return time.monotonic() - start


def test_a_killed_build_leaves_the_old_database_or_the_new_one(tmp_path):
    data = Path(shutil.copytree(DATA_DIR, tmp_path / "data"))
    db = tmp_path / "db" / "opcat.duckdb"
    build(data, db)
    old = db.read_bytes()
    visits = data / "visits.csv"
    assert b",high," in visits.read_bytes()
    visits.write_bytes(visits.read_bytes().replace(b",high,", b",medium,", 1))
    args = command("build", "--data", data, "--db", db)
    total = duration(args)
    db.write_bytes(old)
    rng = random.Random(SEED)
    outcomes = []
    for _ in range(KILLS):
        delay = rng.uniform(0, total)
        finished = killed_after(args, delay)
        if db.read_bytes() == old:
            outcomes.append("old")
        else:  # the swap happened: the new database, complete
            con = duckdb.connect(str(db), read_only=True)
            # Complete: the visits of the changed file, every one of them.
            rows = visits.read_text(encoding="utf-8").count("\n") - 1
            assert con.execute("SELECT count(*) FROM visits").fetchall() == [(rows,)]
            con.close()
            outcomes.append("new")
        assert finished is None or outcomes[-1] == "new", (SEED, delay)
        if len(list(db.parent.iterdir())) > 1:
            outcomes[-1] += ", temporary files left"
        # The next build removes whatever the killed one left next to the database.
        build(data, db)
        assert [p.name for p in db.parent.iterdir()] == ["opcat.duckdb"]
        db.write_bytes(old)
    print(f"build killed {KILLS} times (seed {SEED}): {outcomes}")


@pytest.fixture(scope="module")
def armenia(tmp_path_factory):
    """The release, the data before, and the data after an uninterrupted ingest."""
    root = tmp_path_factory.mktemp("armenia")
    release = root / "armenia.txt"
    release.write_text(NEW_VISIT, encoding="utf-8")
    data = Path(shutil.copytree(DATA_DIR, root / "data"))
    before = snapshot(data)
    args = command("ingest-press", release, "--apply", "--data", data, "--db", root / "db.duckdb")
    args += ["--source-url", URL]
    total = duration(args)
    return release, before, snapshot(data), total


def test_a_killed_ingest_leaves_data_all_old_or_all_new(tmp_path, armenia):
    release, before, after, total = armenia
    assert before != after
    data, db = tmp_path / "data", tmp_path / "db" / "opcat.duckdb"
    rng = random.Random(SEED)
    outcomes = []
    for _ in range(KILLS):
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir()
        for name, raw in before.items():
            (data / name).write_bytes(raw)
        db.parent.mkdir(exist_ok=True)
        # Most kills land in the last third of the run, where the files are written.
        delay = rng.uniform(0, total) if rng.random() < 0.3 else rng.uniform(total * 0.6, total)
        args = command("ingest-press", release, "--apply", "--data", data, "--db", db)
        killed_after([*args, "--source-url", URL], delay)
        left = snapshot(data)
        assert validate(data) == []  # a reader: it completes an interrupted commit first
        now = snapshot(data)
        assert now in (before, after), (SEED, delay, sorted(set(left) ^ set(before)))
        outcomes.append(
            ("new" if now == after else "old") + (" after recovery" if left != now else "")
        )
        build(data, db)  # it builds, and the build removes what a killed one left
        assert [p.name for p in db.parent.iterdir()] == ["opcat.duckdb"]
    print(f"ingest killed {KILLS} times (seed {SEED}): {outcomes}")


KILL_AT_CALL = """
import os, signal, sys
from pathlib import Path
from dashboard.data import commit

data, new, k = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
files = {p.name: p.read_bytes() for p in sorted(new.iterdir())}
calls = 0

def counted(real):
    def call(*args, **kwargs):
        global calls
        calls += 1
        if calls == k:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call

for name in ("open", "write", "fsync", "replace", "unlink", "close"):
    setattr(os, name, counted(getattr(os, name)))
commit.commit(data, files)
"""


def test_a_commit_killed_before_each_system_call_is_all_old_or_all_new(tmp_path):
    old = {p.name: p.read_bytes() for p in MINI_DATA.iterdir()}
    new_dir = tmp_path / "new"
    new_dir.mkdir()
    new = dict(old)
    for name in ("visits.csv", "visit_places.csv", "sources.csv"):
        new[name] = old[name] + old[name].splitlines(keepends=True)[-1].replace(b"X", b"Y", 1)
        (new_dir / name).write_bytes(new[name])
    data = tmp_path / "data"
    outcomes = []
    for k in range(1, 200):
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(MINI_DATA, data)
        run = subprocess.run(
            [sys.executable, "-c", KILL_AT_CALL, data, new_dir, str(k)], cwd=ROOT, text=True
        )
        commit.recover(data)
        now = snapshot(data)
        assert now in (old, new), k
        outcomes.append("new" if now == new else "old")
        if run.returncode == 0:
            break
        assert run.returncode == -signal.SIGKILL
    # Old up to the commit point (the journal's rename), new from there on, and finished last.
    assert run.returncode == 0
    first_new = outcomes.index("new")
    assert outcomes == ["old"] * first_new + ["new"] * (len(outcomes) - first_new)
    assert first_new >= 3 * 4  # at least open, write, fsync, close of each new file came before
    print(f"commit killed before each of its {len(outcomes) - 1} system calls: {outcomes}")

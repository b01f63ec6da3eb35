"""benchmarks/synthetic.py: made-up data in the real schema, marked as such, that builds."""

import csv
import sys

import duckdb
import pytest

from dashboard.data.build import build
from dashboard.paths import DATA_DIR, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import generate  # noqa: E402


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory):
    folder = generate(tmp_path_factory.mktemp("synthetic") / "data", visits=2_000, seed=3)
    return folder, build(folder, folder.parent / "synthetic.duckdb")


def header(path):
    with path.open(newline="") as f:
        return next(csv.reader(f))


def test_every_data_file_with_the_real_header(synthetic_db):
    folder, _ = synthetic_db
    names = sorted(p.name for p in DATA_DIR.glob("*.csv"))
    assert sorted(p.name for p in folder.glob("*.csv")) == names
    for name in names:
        assert header(folder / name) == header(DATA_DIR / name), name


def test_sizes_per_visit(synthetic_db):
    _, db = synthetic_db
    con = duckdb.connect(str(db), read_only=True)
    count = lambda table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
    assert count("states") == 96
    assert count("visits") == 2_000
    assert 2.5 <= count("visit_places") / 2_000 <= 3.5
    assert count("delegation_members") == 8_000
    assert 0.9 <= count("reports") / 2_000 <= 1.0
    assert count("report_events") == 2 * count("reports")
    assert count("recommendations") > 0


def test_every_record_is_marked_synthetic(synthetic_db):
    _, db = synthetic_db
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute(
        "SELECT count(*) FROM sources WHERE url NOT LIKE 'https://example.org/synthetic/%' "
        "OR publisher <> 'SYNTHETIC'"
    ).fetchone() == (0,)
    for table in ("states", "visits", "reports"):
        assert con.execute(
            f"SELECT count(*) FROM {table} WHERE notes <> 'SYNTHETIC' OR confidence <> 'low'"
        ).fetchone() == (0,), table
    assert con.execute(
        "SELECT count(*) FROM recommendations WHERE summary NOT LIKE '%SYNTHETIC%'"
    ).fetchone() == (0,)


def test_same_seed_same_files(tmp_path):
    a, b = generate(tmp_path / "a", 300, seed=1), generate(tmp_path / "b", 300, seed=1)
    for path in a.glob("*.csv"):
        assert path.read_bytes() == (b / path.name).read_bytes(), path.name


def test_never_into_data():
    with pytest.raises(ValueError, match="never written into data/"):
        generate(DATA_DIR, 10)

import pytest

from dashboard.build import build
from dashboard.paths import DATA_DIR


@pytest.fixture(scope="session")
def db_path(tmp_path_factory):
    """The database built once per test session from data/, in a temporary folder."""
    return build(DATA_DIR, tmp_path_factory.mktemp("db") / "t.duckdb")

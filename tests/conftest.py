import os

import pytest

from dashboard.build import build
from dashboard.paths import DATA_DIR, ROOT

APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture(scope="session")
def db_path(tmp_path_factory):
    """The database built from the real data/, once per test session, used by the app too."""
    path = build(DATA_DIR, tmp_path_factory.mktemp("db") / "opcat.duckdb")
    os.environ["OPCAT_DB"] = str(path)
    return path


@pytest.fixture(scope="session")
def con(db_path):
    from dashboard.db import connect

    connection = connect(db_path)
    yield connection
    connection.close()

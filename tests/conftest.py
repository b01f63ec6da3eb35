"""Shared fixtures: the real database, the hand-made mini database and a synthetic one of 20,000
visits, each built once."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dashboard.data.build import build
from dashboard.paths import DATA_DIR, ROOT

APP = str(ROOT / "dashboard" / "app" / "app.py")
MINI_DATA = Path(__file__).parent / "fixtures" / "mini"
SYNTHETIC_VISITS = 20_000


@pytest.fixture(scope="session")
def db_path(tmp_path_factory) -> Path:
    """The database built from the real data in data/, once per session; the app uses it too."""
    path = build(DATA_DIR, tmp_path_factory.mktemp("db") / "opcat.duckdb")
    os.environ["OPCAT_DB"] = str(path)
    return path


SERVED_URL = "http://127.0.0.1:8501"  # where `serve` listens with the default settings


@pytest.fixture(autouse=True)
def default_settings(monkeypatch):
    """Every test starts from the default settings (bar OPCAT_DB, which the db_path fixture
    points at the test database), unless it sets one itself."""
    from dashboard.config import ENV

    for variable in ENV.values():
        if variable != "OPCAT_DB":
            monkeypatch.delenv(variable, raising=False)


@pytest.fixture(scope="session")
def con(db_path):
    """A read-only connection to the real database."""
    connection = duckdb.connect(str(db_path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def mini_db(tmp_path_factory):
    """The hand-made fixture in tests/fixtures/mini, whose figures the tests compute by hand."""
    path = build(MINI_DATA, tmp_path_factory.mktemp("mini") / "mini.duckdb")
    connection = duckdb.connect(str(path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    """A writable copy of the mini data, for tests that break it."""
    return Path(shutil.copytree(MINI_DATA, tmp_path / "data"))


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment holding the built wheel and the locked dependencies, and
    nothing else: made by `deploy/public.py install`, as the Dockerfile makes its own."""
    venv = tmp_path_factory.mktemp("installed") / "venv"
    subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "public.py"), "install", str(venv)],
        check=True,
        timeout=600,
    )
    return venv


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment with no OPCAT_* setting and no path into this source tree."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPCAT_", "PYTHON", "VIRTUAL"))}
    return {**env, "HOME": str(home), **extra}


# Link, image, HTML and Streamlit-Markdown payloads, put into the data of a copy of the mini
# fixture: the app must show them as text.
PAYLOAD_NAME = "Testland [Log in again](http://example.org/phish)"
PAYLOAD_NOTES = (
    "![pixel](http://example.org/x.png) <b>bold</b> <script>alert(1)</script> :red[alarm]"
)
PAYLOAD_NPM = "**Evil** NPM <img src=x onerror=alert(1)> $x^2$"
PAYLOAD_MEMBER = "Eve [click](javascript:alert(1)) `code`"


@pytest.fixture(scope="session")
def payload_db(tmp_path_factory) -> Path:
    """A database built from the mini fixture with Markdown and HTML payloads in its text
    fields: a State's name, notes and NPM, and a delegation member's name."""
    import csv

    data = Path(shutil.copytree(MINI_DATA, tmp_path_factory.mktemp("payload") / "data"))

    def rewrite(name, change):
        path = data / name
        with path.open(newline="") as f:
            rows = list(csv.DictReader(f))
        fields = list(rows[0])
        for row in rows:
            change(row)
        with path.open("w", newline="") as f:
            writer = csv.DictWriter(f, fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    def state(row):
        if row["iso3"] == "XAA":
            row.update(name=PAYLOAD_NAME, notes=PAYLOAD_NOTES, npm_body=PAYLOAD_NPM)

    def member(row):
        if row["name"] == "Ben Example":
            row["name"] = PAYLOAD_MEMBER

    rewrite("states.csv", state)
    rewrite("delegation_members.csv", member)
    return build(data, tmp_path_factory.mktemp("payload-db") / "payload.duckdb")


@pytest.fixture(scope="session")
def synthetic_con(tmp_path_factory):
    """A database built from 20,000 made-up visits (benchmarks/synthetic.py, never in data/)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import generate

    folder = generate(tmp_path_factory.mktemp("synthetic") / "data", visits=SYNTHETIC_VISITS)
    db = build(folder, folder.parent / "synthetic.duckdb")
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()

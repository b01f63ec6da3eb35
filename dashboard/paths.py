"""Where things live. The repository is the installation: install with `pip install -e .`."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SQL_DIR = ROOT / "sql"
QUERIES_DIR = SQL_DIR / "queries"


def default_db_path() -> Path:
    """The database built from data/: $OPCAT_DB if set, else opcat.duckdb at the repository root."""
    return Path(os.environ.get("OPCAT_DB", ROOT / "opcat.duckdb"))

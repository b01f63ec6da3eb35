"""Where the shipped files live: the SQL, the data and the Streamlit configuration.

In a clone of the repository (or an editable install) they are the top-level folders `sql/`,
`data/` and `.streamlit/`. A built wheel carries copies of them inside the package, as
`dashboard/shipped/sql/`, `dashboard/shipped/data/` and `dashboard/shipped/streamlit_config/` (see
`[tool.setuptools]` in pyproject.toml), and they are read from there.
Settings (which database, which data folder) are not here: `dashboard.config` reads them.
"""

from importlib.resources import files
from pathlib import Path

PACKAGE = Path(str(files("dashboard")))
ROOT = PACKAGE.parent
# A wheel holds dashboard/shipped/sql; a clone has sql/ beside dashboard/.
INSTALLED = (PACKAGE / "shipped" / "sql").is_dir()


def _shipped(folder: str, packaged: str | None = None) -> Path:
    return PACKAGE / "shipped" / (packaged or folder) if INSTALLED else ROOT / folder


SQL_DIR = _shipped("sql")
QUERIES_DIR = SQL_DIR / "queries"
# The shared definitions, one file per family, run in the order of their names.
VIEWS_DIR = SQL_DIR / "views"
DATA_DIR = _shipped("data")
STREAMLIT_CONFIG = _shipped(".streamlit", "streamlit_config") / "config.toml"
# The map's geometry and its country codes: drawing assets shipped with the software (made by
# dashboard.data.world_map), not records, so read from the shipped folder whatever data folder the
# settings name.
MAP_FILE = DATA_DIR / "world-map.json"
MAP_CODES = DATA_DIR / "map_country_codes.csv"
APP = PACKAGE / "app" / "app.py"
# What `serve` runs: the app wrapped in the web server's safety nets (dashboard/app/server.py).
SERVER = PACKAGE / "app" / "server.py"

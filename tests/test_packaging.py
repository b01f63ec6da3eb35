"""The built wheel, installed in a fresh virtual environment from the lock file, builds, queries,
exports and serves on its own: nothing read from this source tree."""

import json
import subprocess
from pathlib import Path

import pytest

from dashboard.paths import ROOT
from dashboard.query import figures
from dashboard.query.filters import Filters
from tests.browsing import free_port
from tests.conftest import clean_env
from tests.serving import serving


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


def run(installed: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(installed / "bin" / "opcat-dashboard"), *args],
        cwd=home,  # not the source tree
        env=clean_env(home),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_wheel_carries_sql_data_and_the_streamlit_configuration(installed, home):
    script = (
        "import json; from dashboard import paths; "
        "print(json.dumps({k: str(getattr(paths, k)) for k in "
        "('INSTALLED', 'PACKAGE', 'SQL_DIR', 'DATA_DIR', 'STREAMLIT_CONFIG')}))"
    )
    result = subprocess.run(
        [str(installed / "bin" / "python"), "-c", script],
        cwd=home,
        env=clean_env(home),
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(result.stdout)
    package = Path(found["PACKAGE"])
    assert found["INSTALLED"] == "True"
    assert package.parent.name == "site-packages" and str(installed) in str(package)
    shipped = {
        "sql": ROOT / "sql",
        "data": ROOT / "data",
        "streamlit_config": ROOT / ".streamlit",
    }
    for packaged, folder in shipped.items():
        files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
        assert files, folder
        for name in files:
            assert (package / "shipped" / packaged / name).read_bytes() == (
                folder / name
            ).read_bytes(), name
    sources = sorted(p.relative_to(ROOT) for p in (ROOT / "dashboard").rglob("*.py"))
    assert all((package.parent / name).is_file() for name in sources)


def test_installed_build_query_and_export(installed, home, con):
    built = run(installed, home, "build")
    assert built.returncode == 0, built.stderr
    db = home / ".local" / "share" / "opcat-dashboard" / "opcat.duckdb"  # the documented place
    assert built.stdout.strip() == f"Built {db}"

    result = run(installed, home, "query", "visits_per_year", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert sum(r["visits"] for r in rows) == figures.headline(con, Filters()).visits == 102

    result = run(installed, home, "export", "visits-per-year", "--format", "svg", "--out", "v.svg")
    assert result.returncode == 0, result.stderr
    svg = (home / "v.svg").read_text()
    assert svg.startswith("<svg") and "SPT visits per year" in svg
    assert "http://127.0.0.1:8501/visits" in svg  # the address `serve` listens at by default


def _listening(port: int) -> set[str]:
    """The local addresses listening on port (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                if len(address) == 8:
                    found.add(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)))
                else:
                    found.add(address)
    return found


def test_installed_serve_listens_on_this_machine_only(installed, home):
    assert run(installed, home, "build").returncode == 0
    port = free_port()
    command = [str(installed / "bin" / "opcat-dashboard"), "serve", "--port", str(port)]
    with serving(
        command, f"http://127.0.0.1:{port}", home / "serve.log", cwd=home, env=clean_env(home)
    ):
        assert _listening(port) == {"127.0.0.1"}
    output = (home / "serve.log").read_text()
    assert "External URL" not in output and "Network URL" not in output

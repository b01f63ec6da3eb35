"""Settings: one module reads them all, boolean settings fail closed, the defaults are safe, and
`serve` and `streamlit run` share one Streamlit configuration."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import config
from dashboard.paths import ROOT, STREAMLIT_CONFIG
from tests.conftest import APP

TRUE_SPELLINGS = ["1", "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", " 1 ", "1 "]
FALSE_SPELLINGS = ["0", "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "\toff\n"]
NOT_UNDERSTOOD = ["maybe", "", " ", "2", "-1", "tru", "y", "n", "enabled", "yes please", "1;0"]


@pytest.mark.parametrize("variable", ["OPCAT_PUBLIC", "OPCAT_ALLOW_EDITS"])
@pytest.mark.parametrize("spelling", TRUE_SPELLINGS)
def test_every_true_spelling(variable, spelling):
    settings = config.load({variable: spelling})
    assert (settings.public, settings.allow_edits) == (
        variable == "OPCAT_PUBLIC",
        variable == "OPCAT_ALLOW_EDITS",
    )


@pytest.mark.parametrize("variable", ["OPCAT_PUBLIC", "OPCAT_ALLOW_EDITS"])
@pytest.mark.parametrize("spelling", FALSE_SPELLINGS)
def test_every_false_spelling(variable, spelling):
    settings = config.load({variable: spelling})
    assert (settings.public, settings.allow_edits) == (False, False)


@pytest.mark.parametrize("variable", ["OPCAT_PUBLIC", "OPCAT_ALLOW_EDITS"])
@pytest.mark.parametrize("spelling", NOT_UNDERSTOOD)
def test_anything_else_is_refused_with_a_message(variable, spelling):
    with pytest.raises(config.ConfigError) as error:
        config.load({variable: spelling})
    message = str(error.value)
    assert message.startswith(f"{variable}={spelling!r} is not understood: use one of 1, true,")
    assert "0, false, no, off (any case)" in message


def test_defaults_are_safe():
    settings = config.load({})
    assert settings.host == "127.0.0.1"
    assert settings.port == 8501
    assert not settings.public and not settings.allow_edits and not settings.edits_enabled
    assert settings.served_url() == "http://127.0.0.1:8501"


def test_public_and_editing_together_refuse_to_start():
    with pytest.raises(config.ConfigError, match="a public deployment is read-only"):
        config.load({"OPCAT_PUBLIC": "on", "OPCAT_ALLOW_EDITS": "1"})
    with pytest.raises(config.ConfigError, match="a public deployment is read-only"):
        config.load({"OPCAT_PUBLIC": "yes"}, allow_edits=True)


def test_command_line_wins_over_the_environment():
    settings = config.load({"OPCAT_PORT": "9000", "OPCAT_HOST": "0.0.0.0"}, port=9100)
    assert (settings.host, settings.port) == ("0.0.0.0", 9100)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("OPCAT_PORT", "http", "is not a port number"),
        ("OPCAT_PORT", "70000", "is not a port number"),
        ("OPCAT_BASE_PATH", "opcat?x=1", "is not a URL path"),
        ("OPCAT_PUBLIC_URL", "example.org", "is not an http(s) address"),
        ("OPCAT_PUBLIC_URL", "javascript:alert(1)", "is not an http(s) address"),
        ("OPCAT_PUBLISHER", "  ", "must be a non-empty line of text"),
    ],
)
def test_other_settings_fail_closed(variable, value, message):
    with pytest.raises(config.ConfigError) as error:
        config.load({variable: value})
    assert str(error.value).startswith(variable) and message in str(error.value)


def test_base_path_and_public_url_are_normalised():
    settings = config.load(
        {"OPCAT_BASE_PATH": "/opcat/", "OPCAT_PUBLIC_URL": "https://example.org/opcat/"}
    )
    assert settings.base_path == "opcat"
    assert settings.link_base() == "https://example.org/opcat"
    assert config.load({"OPCAT_BASE_PATH": "opcat"}).link_base() == "http://127.0.0.1:8501/opcat"


def test_the_settings_round_trip_through_the_environment():
    """`serve` hands its settings to the Streamlit process as OPCAT_* variables."""
    settings = config.load({"OPCAT_PUBLIC": "on", "OPCAT_BASE_PATH": "opcat"}, port=9000)
    assert config.load(settings.environ()) == settings


# --- The Streamlit configuration -----------------------------------------------------------


def test_one_streamlit_configuration_at_the_repository_root():
    with (ROOT / ".streamlit" / "config.toml").open("rb") as f:
        shipped = tomllib.load(f)
    assert STREAMLIT_CONFIG == ROOT / ".streamlit" / "config.toml"  # a clone reads this one
    assert shipped["server"]["headless"] is True
    assert shipped["server"]["address"] == "127.0.0.1"  # also: no external-IP look-up
    assert shipped["server"]["enableXsrfProtection"] is True
    assert shipped["browser"]["gatherUsageStats"] is False
    assert shipped["browser"]["serverAddress"]  # no external-IP look-up on any address
    assert shipped["client"]["showErrorDetails"] in ("type", "none")  # never a traceback


def _options(args: list[str]) -> dict[str, str]:
    assert all(a.startswith("--") for a in args[::2])
    return dict(zip([a[2:] for a in args[::2]], args[1::2], strict=True))


def test_serve_passes_every_option_of_the_file():
    options = _options(config.streamlit_args(config.load({})))
    for key, value in config.streamlit_options().items():
        if key not in ("server.address", "server.port", "browser.serverAddress"):
            assert options[key] == (str(value).lower() if isinstance(value, bool) else str(value))
    assert options["server.address"] == "127.0.0.1"
    assert options["browser.gatherUsageStats"] == "false"
    assert options["client.showErrorDetails"] == "type"


def test_serve_in_public_mode_hides_error_details_and_keeps_the_secret_off_the_command_line():
    settings = config.load(
        {"OPCAT_PUBLIC": "1", "OPCAT_COOKIE_SECRET": "s3cret", "OPCAT_HOST": "0.0.0.0"}
    )
    args = config.streamlit_args(settings)
    options = _options(args)
    assert options["client.showErrorDetails"] == "none"
    assert options["server.address"] == "0.0.0.0"
    assert options["browser.serverAddress"] == "localhost"  # set: no external-IP look-up
    assert "s3cret" not in " ".join(args)
    assert config.streamlit_environ(settings)["STREAMLIT_SERVER_COOKIE_SECRET"] == "s3cret"


# --- At start --------------------------------------------------------------------------------


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_refuses_to_start_on_a_setting_it_does_not_understand(db_path):
    result = run_cli("serve", "--db", str(db_path), env={"OPCAT_PUBLIC": "maybe"})
    assert result.returncode == 1
    assert result.stderr.startswith("error: OPCAT_PUBLIC='maybe' is not understood")
    assert "Traceback" not in result.stderr


def test_every_command_fails_closed(db_path):
    result = run_cli("query", "visits_per_year", "--db", str(db_path), env={"OPCAT_PUBLIC": "tru"})
    assert (result.returncode, result.stdout) == (1, "")
    assert "OPCAT_PUBLIC='tru' is not understood" in result.stderr


def test_serve_in_public_mode_never_builds(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = run_cli("serve", "--public", "--db", str(missing), env={})
    assert result.returncode == 1
    assert f"no database at {missing}" in result.stderr
    assert not missing.exists()


def _app(monkeypatch, **env: str) -> AppTest:
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    return AppTest.from_file(APP, default_timeout=60).run()


def _review_page_reachable(at: AppTest) -> bool:
    try:
        at.switch_page("app_pages/press_review.py")
    except ValueError as e:  # not among the pages of the navigation
        assert "Could not find a navigation page" in str(e)
        return False
    at.run()
    return [t.value for t in at.title] == ["Press release review"]


def test_public_on_hides_the_editing_page(db_path, monkeypatch):
    at = _app(monkeypatch, OPCAT_PUBLIC="on")
    assert not at.exception and not at.error
    assert not _review_page_reachable(at)


def test_editing_page_only_when_enabled(db_path, monkeypatch):
    assert not _review_page_reachable(_app(monkeypatch))
    assert _review_page_reachable(_app(monkeypatch, OPCAT_ALLOW_EDITS="On "))


def test_public_maybe_stops_the_app_with_a_message(db_path, monkeypatch):
    at = _app(monkeypatch, OPCAT_PUBLIC="maybe")
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith("The dashboard cannot start: OPCAT_PUBLIC='maybe' is not")
    assert not at.title and not at.metric  # nothing else is served


ENV_READ = re.compile(r"os\.environ\.get\(|os\.environ\[|getenv\(")


def test_no_module_reads_the_environment_but_config():
    """One place for each setting: nothing else in the package reads os.environ for OPCAT_*."""
    package = Path(config.__file__).parent
    readers = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if p.name != "config.py" and ENV_READ.search(p.read_text())
    ]
    assert readers == []


def test_citation_cff_names_this_version():
    text = (ROOT / "CITATION.cff").read_text()
    version = re.search(r"^version: (\S+)$", text, flags=re.M).group(1)
    import dashboard

    assert version == dashboard.__version__
    assert re.search(r"^cff-version: 1\.2\.0$", text, flags=re.M)
    assert re.search(r"^title: .+", text, flags=re.M) and "authors:\n  - name: " in text

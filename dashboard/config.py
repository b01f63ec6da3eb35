"""Every setting, read in one place: the environment (`OPCAT_*`) and the command line.

`load()` returns a `Settings`; anything else in the code asks it, never `os.environ`. A value that
is not understood stops the program with a `ConfigError` naming the variable (settings fail
closed): a typo must never leave a public deployment editable. The Streamlit options shared by
`serve` and `streamlit run` live in `.streamlit/config.toml`; `streamlit_args()` passes them to
the Streamlit process on its command line, so `serve` uses them wherever it is started from.
"""

import os
import re
import socket
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.paths import DATA_DIR, INSTALLED, ROOT, STREAMLIT_CONFIG

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")
DEFAULT_PUBLISHER = "opcat-dashboard contributors"

# Setting → environment variable. The README's "Settings" table documents each one.
ENV = {
    "db_path": "OPCAT_DB",
    "data_dir": "OPCAT_DATA_DIR",
    "public": "OPCAT_PUBLIC",
    "allow_edits": "OPCAT_ALLOW_EDITS",
    "host": "OPCAT_HOST",
    "port": "OPCAT_PORT",
    "base_path": "OPCAT_BASE_PATH",
    "public_url": "OPCAT_PUBLIC_URL",
    "publisher": "OPCAT_PUBLISHER",
    "cookie_secret": "OPCAT_COOKIE_SECRET",
}


class ConfigError(ValueError):
    """A setting that cannot be understood: a message for the operator, never a traceback."""


def default_db_path() -> Path:
    """Where the database lives when OPCAT_DB does not say: beside data/ in a clone of the
    repository; in an installed wheel, under the user's data folder (the package folder may not
    be writable): $XDG_DATA_HOME/opcat-dashboard/, by default ~/.local/share/opcat-dashboard/."""
    if not INSTALLED:
        return ROOT / "opcat.duckdb"
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "opcat-dashboard" / "opcat.duckdb"


@dataclass(frozen=True)
class Settings:
    db_path: Path
    data_dir: Path = DATA_DIR  # the CSV files the database is built from
    public: bool = False  # a public deployment: read-only end to end
    allow_edits: bool = False  # the press-release review page, which writes to data_dir
    host: str = "127.0.0.1"
    port: int = 8501
    base_path: str = ""  # the path the app is served under, e.g. "opcat" (no slashes around)
    public_url: str | None = None  # the canonical public address, e.g. https://example.org/opcat
    publisher: str = DEFAULT_PUBLISHER  # the organisation named in citations
    cookie_secret: str | None = None  # shared by every replica behind a proxy

    @property
    def edits_enabled(self) -> bool:
        return self.allow_edits and not self.public

    def served_url(self) -> str:
        """The address `serve` listens at with these settings, e.g. http://127.0.0.1:8501."""
        host = self.host
        if host in ("0.0.0.0", "::", ""):
            host = socket.gethostname() or "localhost"
        if ":" in host:  # an IPv6 address
            host = f"[{host}]"
        path = f"/{self.base_path}" if self.base_path else ""
        return f"http://{host}:{self.port}{path}"

    def link_base(self) -> str:
        """The base of permalinks made outside a browser request (command line, static report):
        OPCAT_PUBLIC_URL, else the address `serve` would listen at."""
        return self.public_url or self.served_url()

    def environ(self) -> dict[str, str]:
        """These settings as OPCAT_* variables, for the Streamlit process `serve` starts."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, bool):
                value = "1" if value else "0"
            out[ENV[f.name]] = str(value)
        return out


def parse_bool(name: str, text: str) -> bool:
    value = text.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ConfigError(
        f"{name}={text[:40]!r} is not understood: use one of {', '.join(TRUE)} "
        f"or {', '.join(FALSE)} (any case)"
    )


def _text(name: str, text: str) -> str:
    value = text.strip()
    if not value or len(value) > 300 or not value.isprintable():
        raise ConfigError(f"{name} must be a non-empty line of text, got {text[:40]!r}")
    return value


def _port(name: str, text: str) -> int:
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise ConfigError(f"{name}={text[:40]!r} is not a port number (1-65535)")
    return int(value)


def _base_path(name: str, text: str) -> str:
    value = text.strip().strip("/")
    if value and not re.fullmatch(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*", value):
        raise ConfigError(f"{name}={text[:40]!r} is not a URL path such as 'opcat'")
    return value


def _public_url(name: str, text: str) -> str:
    value = text.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            f"{name}={text[:60]!r} is not an http(s) address such as https://example.org/opcat"
        )
    return value


def _path(name: str, text: str) -> Path:
    return Path(_text(name, text)).expanduser()


PARSERS = {
    "db_path": _path,
    "data_dir": _path,
    "public": parse_bool,
    "allow_edits": parse_bool,
    "host": _text,
    "port": _port,
    "base_path": _base_path,
    "public_url": _public_url,
    "publisher": _text,
    "cookie_secret": _text,
}


def load(environ: Mapping[str, str] | None = None, **given) -> Settings:
    """The settings: command-line values (`given`, None when not given) over the environment
    over the defaults. Raises ConfigError on a value it does not understand."""
    environ = os.environ if environ is None else environ
    values: dict = {}
    for name, variable in ENV.items():
        if variable in environ:
            values[name] = PARSERS[name](variable, environ[variable])
    for name, value in given.items():
        if value is None:
            continue
        if name not in ENV:
            raise TypeError(f"unknown setting {name}")
        values[name] = (
            PARSERS[name](f"--{name.replace('_', '-')}", value) if isinstance(value, str) else value
        )
    values.setdefault("db_path", default_db_path())
    settings = Settings(**values)
    if settings.public and settings.allow_edits:
        raise ConfigError(
            "OPCAT_PUBLIC and OPCAT_ALLOW_EDITS (--allow-edits) are both on: a public "
            "deployment is read-only, so editing cannot be enabled in it"
        )
    return settings


def with_db(settings: Settings, db_path: Path | None) -> Settings:
    return settings if db_path is None else replace(settings, db_path=Path(db_path))


def with_data(settings: Settings, data_dir: Path) -> Settings:
    return replace(settings, data_dir=Path(data_dir))


# --- Streamlit ----------------------------------------------------------------------------------


def streamlit_options() -> dict[str, object]:
    """The options in .streamlit/config.toml, as {"section.option": value}."""
    with STREAMLIT_CONFIG.open("rb") as f:
        config = tomllib.load(f)
    return {
        f"{section}.{key}": value
        for section, options in config.items()
        for key, value in options.items()
    }


def streamlit_args(settings: Settings) -> list[str]:
    """Command-line options for `streamlit run`: the shared config file's, then the ones these
    settings decide. Options on Streamlit's command line win over any config file it reads."""
    options = streamlit_options()
    options["server.address"] = settings.host
    options["server.port"] = settings.port
    options["server.baseUrlPath"] = settings.base_path
    # A manually set address also stops Streamlit from looking up the machine's external IP.
    browser = urlsplit(settings.public_url).hostname if settings.public_url else settings.host
    options["browser.serverAddress"] = "localhost" if browser in ("0.0.0.0", "::") else browser
    if settings.public:
        options["client.showErrorDetails"] = "none"
    args = []
    for key, value in options.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        args += [f"--{key}", str(value)]
    return args


def streamlit_environ(settings: Settings) -> dict[str, str]:
    """Environment for the Streamlit process: the settings, and the cookie secret (kept off the
    command line, where any user of the machine could read it)."""
    env = settings.environ()
    if settings.cookie_secret:
        env["STREAMLIT_SERVER_COOKIE_SECRET"] = settings.cookie_secret
    return env

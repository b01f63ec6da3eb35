"""The command group, its shared options and helpers. The settings are read once, when a command
starts (`cli`), and passed down (`command_settings()`); `serve` reads them again with its own
options over the environment."""

import sys
from pathlib import Path

import click

from dashboard import config
from dashboard.data.datafiles import DataError
from dashboard.data.validate import ValidationError

DB_OPTION = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file (default: $OPCAT_DB, else opcat.duckdb at the repository root; "
    "see README, Settings).",
)


def data_option(help_text: str):
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        default=None,
        callback=lambda ctx, _param, value: value or command_settings().data_dir,
        show_default="$OPCAT_DATA_DIR, else the shipped data/",
        help=help_text,
    )


def command_settings() -> config.Settings:
    """The settings `cli` read when the command started."""
    return click.get_current_context().find_root().obj


def key_values(items: tuple[str, ...], option: str) -> dict[str, str | list[str]]:
    """KEY=VALUE items of a repeatable option as a dict; a key given more than once holds the
    list of its values (`-f state=BRA -f state=MEX`, as repeated keys in the app's URL)."""
    values: dict[str, str | list[str]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise click.BadParameter(f"{item[:60]!r} is not KEY=VALUE", param_hint=option)
        if key in values:
            previous = values[key]
            values[key] = [*(previous if isinstance(previous, list) else [previous]), value]
        else:
            values[key] = value
    return values


def echo_problems(error: ValidationError, indent: str = "") -> None:
    for problem in error.problems:
        click.echo(f"{indent}{problem}", err=True)


def database_for(data_dir: Path, db_path: Path | None) -> Path:
    """The database built from data_dir: --db, or the default database when data_dir is the
    folder that one is built from ($OPCAT_DATA_DIR, else data/)."""
    if db_path:
        return db_path
    settings = command_settings()
    if data_dir.resolve() == Path(settings.data_dir).resolve():
        return settings.db_path
    raise click.UsageError(
        f"--data {data_dir} needs --db PATH, the database to build from that folder "
        f"(the default database is built from {settings.data_dir} only)"
    )


class _Commands(click.Group):
    """Every command: a problem with the data is a message and exit status 1, not a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ValidationError as e:
            echo_problems(e)
            click.echo(f"{len(e.problems)} problem(s); the database was not changed.", err=True)
        except DataError as e:
            click.echo(f"error: {e}", err=True)
        ctx.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="opcat-dashboard")
@click.pass_context
def cli(ctx):
    """Analytics on the UN Subcommittee on Prevention of Torture (SPT): visits, places, reports
    and recommendations."""
    try:
        ctx.obj = config.load()
    except config.ConfigError as e:  # settings fail closed: nothing runs on one not understood
        click.echo(f"error: {e}", err=True)
        sys.exit(1)

"""The `opcat-dashboard` command line. Each command is a thin shell over a plain module."""

import json
import sys
from pathlib import Path

import click

from dashboard import queries
from dashboard.build import build as build_database
from dashboard.db import connect
from dashboard.filters import KEYS, SQL_PARAMS
from dashboard.paths import DATA_DIR, default_db_path
from dashboard.validate import ValidationError

DB_OPTION = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file (default: $OPCAT_DB, else opcat.duckdb at the repository root).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="opcat-dashboard")
def cli():
    """Analytics on the UN Subcommittee on Prevention of Torture (SPT): visits, places, reports
    and recommendations."""


@cli.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=DATA_DIR,
    show_default="data/",
    help="Folder of CSV files to build from.",
)
@DB_OPTION
def build(data_dir, db_path):
    """Validate the CSV files and build the database.

    Every problem is reported as file:line: column: reason. On any problem the command exits
    with status 1 and the existing database is left exactly as it was."""
    db_path = db_path or default_db_path()
    try:
        path = build_database(data_dir, db_path)
    except ValidationError as e:
        for problem in e.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(e.problems)} problem(s); the database was not changed.", err=True)
        sys.exit(1)
    click.echo(f"Built {path}")


@cli.command()
@click.argument("name", required=False)
@DB_OPTION
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter, repeatable (see --list for each query's parameters).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format; json is a list of row objects.",
)
@click.option("--list", "list_", is_flag=True, help="List the named queries, one per line.")
def query(name, db_path, params, fmt, list_):
    """Run the named query NAME and print its result."""
    if list_:
        for q in queries.names():
            click.echo(f"{q}: {queries.describe(q)}")
            public = {
                sql: key
                for key, field in KEYS.items()
                for f, sql in SQL_PARAMS.items()
                if f == field
            }
            names = [public.get(p, p) for p in queries.parameters(q)]
            click.echo(f"    parameters: {', '.join(names) or 'none'}")
        return
    if not name:
        raise click.UsageError("give a query NAME, or --list")
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        values[key.strip()] = value
    try:
        frame = queries.run_text(connect(db_path), name, values)
    except queries.QueryError as e:
        raise click.UsageError(str(e)) from e
    if fmt == "json":
        click.echo(json.dumps(frame.to_dicts(), default=str, indent=2))
    elif fmt == "csv":
        click.echo(frame.write_csv(), nl=False)
    else:
        import polars as pl

        with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=200, fmt_str_lengths=60):
            click.echo(frame)


@cli.command()
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8501,
    show_default=True,
    help="Port to serve the app on.",
)
@DB_OPTION
def serve(port, db_path):
    """Start the dashboard app (headless, no usage statistics, nothing fetched).

    The database is built first when it is missing or older than data/. Open
    http://localhost:PORT/ in a browser; filters go in the address, e.g. ?region=African."""
    import os

    from dashboard.paths import ROOT

    db_path = Path(db_path or default_db_path()).resolve()
    try:
        connect(db_path).close()
    except ValidationError as e:
        for problem in e.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    os.environ["OPCAT_DB"] = str(db_path)
    args = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "dashboard" / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]
    # Replace this process by Streamlit's, so that stopping one stops the app.
    os.execv(sys.executable, args)

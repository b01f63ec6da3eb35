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


RELEASE_ARGUMENT = click.argument(
    "release", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path)
)


def _read_release(path: Path):
    """Parse a release file ("-": standard input); exit 1 with a clear message if unreadable."""
    from dashboard.press import read_release

    try:
        return read_release(path)
    except (OSError, ValueError) as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)


@cli.command("parse-press")
@RELEASE_ARGUMENT
@click.option("--json", "as_json", is_flag=True, help="Print exactly one JSON object.")
def parse_press(release, as_json):
    """Read one SPT press release (plain text or HTML; "-" for standard input) and print the visit
    it describes: State, dates, delegation, places, and the text each value came from."""
    from dashboard.press import describe

    record = _read_release(release)
    click.echo(record.to_json() if as_json else describe(record))


@cli.command("ingest-press")
@click.argument(
    "releases",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
)
@click.option(
    "--apply",
    "apply_",
    is_flag=True,
    help="Write new visits and corrections into the CSV files and rebuild the database.",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=DATA_DIR,
    show_default="data/",
    help="Folder of CSV files to compare with.",
)
@DB_OPTION
@click.option(
    "--source-url",
    help="Public URL of the release, recorded as its source "
    "(required with --apply for a new visit).",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="With --apply, also replace dates and visit type that differ from the release "
    "(by default only missing places, members and nationalities are added).",
)
def ingest_press(releases, apply_, data_dir, db_path, source_url, overwrite):
    """Compare each release with the data: a new visit, the same as an existing visit, or in
    conflict with one on named fields. Only reports, unless --apply is given."""
    from dashboard.press import ingest

    failed = False
    for path in releases:
        record = _read_release(path)
        comparison = ingest.compare(record, data_dir)
        click.echo(f"{path}: {comparison.summary()}")
        for line in comparison.details():
            click.echo(f"  {line}")
        if not apply_:
            continue
        try:
            changes = ingest.apply(
                comparison,
                data_dir,
                db_path or default_db_path(),
                source_url=source_url,
                overwrite=overwrite,
            )
        except ingest.IngestError as e:
            click.echo(f"  not applied: {e}", err=True)
            failed = True
            continue
        except ValidationError as e:
            for problem in e.problems:
                click.echo(f"  {problem}", err=True)
            click.echo("  the build failed; the CSV files were restored as they were.", err=True)
            failed = True
            continue
        click.echo("  " + ("; ".join(changes) if changes else "nothing to change"))
    if failed:
        sys.exit(1)

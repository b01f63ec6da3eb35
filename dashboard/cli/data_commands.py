"""The commands that read and write the data folder: `build`, `parse-press`, `ingest-press` and
`import-recommendations`.
"""

import sys
from pathlib import Path

import click

from dashboard.cli.group import DB_OPTION, cli, data_option, database_for, echo_problems
from dashboard.data.build import build as build_database
from dashboard.data.datafiles import DataFolderError
from dashboard.data.validate import ValidationError


@cli.command()
@data_option("Folder of CSV files to build from.")
@DB_OPTION
def build(data_dir, db_path):
    """Validate the CSV files and build the database.

    Every problem is reported as file:line: column: reason. On any problem the command exits
    with status 1 and the existing database is left exactly as it was. With --data DIR other
    than the default data folder, --db is required."""
    path = build_database(data_dir, database_for(data_dir, db_path))
    click.echo(f"Built {path}")


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
@data_option("Folder of CSV files to compare with.")
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
    conflict with one on named fields. Only reports, unless --apply is given. With --apply and
    --data DIR other than the default data folder, --db is required: the database rebuilt from
    DIR."""
    from dashboard.press import ingest

    if apply_:
        db_path = database_for(data_dir, db_path)
    failed = False
    for path in releases:
        record = _read_release(path)
        comparison = ingest.compare(record, data_dir)
        click.echo(f"{path}: {comparison.summary()}")
        for line in comparison.details() + comparison.empty_fields():
            click.echo(f"  {line}")
        if not apply_:
            continue
        try:
            changes = ingest.apply(
                comparison,
                data_dir,
                db_path,
                source_url=source_url,
                overwrite=overwrite,
            )
        except (ingest.IngestError, DataFolderError) as e:
            click.echo(f"  not applied: {e}", err=True)
            failed = True
            continue
        except ValidationError as e:
            echo_problems(e, indent="  ")
            click.echo("  the data would not validate, so nothing was written.", err=True)
            failed = True
            continue
        click.echo("  " + ("; ".join(changes) if changes else "nothing to change"))
    if failed:
        sys.exit(1)


@cli.command("import-recommendations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--apply",
    "apply_",
    is_flag=True,
    help="Write the new rows into the CSV files and rebuild the database (all or nothing).",
)
@data_option("Folder of CSV files to compare with.")
@DB_OPTION
@click.option(
    "--source-url",
    help="Public URL the file came from, recorded as the rows' source (default for a UHRI "
    "export: the UHRI search page; required for our CSV form).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse the file when a theme or affected group is not in data/uhri_mapping.csv "
    "(by default such a value is kept as UHRI wrote it, counted and listed in a warning).",
)
def import_recommendations(file, apply_, data_dir, db_path, source_url, strict):
    """Compare the recommendations of a UHRI export (JSON, CSV or XLSX) or of a CSV file in our
    form with the data: each record matched to its report, or left out (not from the SPT,
    unmatched symbol, already on record, no theme of ours), or a problem (a field missing...), one
    `file:line: field: reason` line each, then warnings listing the UHRI values the mapping does
    not know and the symbols that match no report. Only reports, unless --apply is given; nothing
    is written while there is a problem, and a second run changes nothing."""
    from dashboard.data import recommendations_import as importer

    if apply_:
        db_path = database_for(data_dir, db_path)
    try:
        result = (
            importer.apply(file, data_dir, db_path, source_url, strict)
            if apply_
            else importer.plan(file, data_dir, source_url, strict)
        )
    except importer.ImportFileError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)
    except ValidationError as e:
        echo_problems(e)
        click.echo(
            f"{len(e.problems)} problem(s); nothing was written." if apply_ else "", err=True
        )
        sys.exit(1)
    for line in result.lines():
        click.echo(line)
    for line in result.warnings():
        click.echo(line, err=True)
    click.echo(result.summary())
    if apply_:
        click.echo(
            f"added {len(result.rows)} recommendations and rebuilt the database"
            if result.rows
            else "nothing to change"
        )
    if result.problems:
        sys.exit(1)

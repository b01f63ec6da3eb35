"""The `opcat-dashboard` command line. Each command is a thin shell over a plain module.

An entry point: the settings are read once, when the command starts (`cli`), and passed down;
`serve` reads them again with its own options over the environment."""

import json
import os
import sys
from pathlib import Path

import click

from dashboard import config
from dashboard.data.build import build as build_database
from dashboard.data.datafiles import DataError, DataFolderError
from dashboard.data.validate import ValidationError
from dashboard.paths import SERVER
from dashboard.query import queries
from dashboard.query.db import connect
from dashboard.query.tables import to_csv

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
        callback=lambda ctx, _param, value: value or _settings().data_dir,
        show_default="$OPCAT_DATA_DIR, else the shipped data/",
        help=help_text,
    )


def _settings() -> config.Settings:
    """The settings `cli` read when the command started."""
    return click.get_current_context().find_root().obj


def _key_values(items: tuple[str, ...], option: str) -> dict[str, str | list[str]]:
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


def _echo_problems(error: ValidationError, indent: str = "") -> None:
    for problem in error.problems:
        click.echo(f"{indent}{problem}", err=True)


def _database_for(data_dir: Path, db_path: Path | None) -> Path:
    """The database built from data_dir: --db, or the default database when data_dir is the
    folder that one is built from ($OPCAT_DATA_DIR, else data/)."""
    if db_path:
        return db_path
    settings = _settings()
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
            _echo_problems(e)
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


@cli.command()
@data_option("Folder of CSV files to build from.")
@DB_OPTION
def build(data_dir, db_path):
    """Validate the CSV files and build the database.

    Every problem is reported as file:line: column: reason. On any problem the command exits
    with status 1 and the existing database is left exactly as it was. With --data DIR other
    than the default data folder, --db is required."""
    path = build_database(data_dir, _database_for(data_dir, db_path))
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
            click.echo(f"    parameters: {', '.join(queries.text_parameters(q)) or 'none'}")
        return
    if not name:
        raise click.UsageError("give a query NAME, or --list")
    values = _key_values(params, "--param")
    try:
        frame = queries.run_text(connect(_settings(), db_path), name, values)
    except queries.QueryError as e:
        raise click.UsageError(str(e)) from e
    if fmt == "json":
        click.echo(json.dumps(frame.to_dicts(), default=str, indent=2))
    elif fmt == "csv":
        click.echo(to_csv(frame), nl=False)
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
        db_path = _database_for(data_dir, db_path)
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
            _echo_problems(e, indent="  ")
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
        db_path = _database_for(data_dir, db_path)
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
        _echo_problems(e)
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


@cli.command()
@click.argument("chart_id", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["png", "svg", "html", "json", "csv", "parquet"]),
    default=None,
    help="File format for one chart (--all writes all six).",
)
@click.option(
    "--filter",
    "-f",
    "filter_items",
    multiple=True,
    metavar="KEY=VALUE",
    help="A filter, as in the app's URL (from_year, to_year, region, state, visit_type; for the "
    "recommendation charts also theme, addressee, place_type, affected_persons, search); "
    "repeatable.",
)
@click.option(
    "--out",
    "out_text",
    type=click.Path(),
    default=None,
    help="One chart: a file path, or an existing directory (or one ending in /) to write the "
    "descriptive file name into; '-' writes to standard output. Default: the descriptive file "
    "name in the current directory. With --all: the report's directory (required).",
)
@click.option("--all", "all_", is_flag=True, help="Write the static report of every chart.")
@click.option("--list", "list_", is_flag=True, help="List the charts, one id per line.")
@DB_OPTION
def export(chart_id, fmt, filter_items, out_text, all_, list_, db_path):
    """Export chart CHART_ID as an image, an offline HTML page, its Vega-Lite JSON or its data.

    With --all --out DIR, write a static offline report: DIR/index.html with every chart and its
    caption, and each chart's files in all six formats."""
    from dashboard import exports
    from dashboard.charts import CHARTS
    from dashboard.exports.bundle import write_bundle

    out = Path(out_text) if out_text is not None else None
    if list_:
        for chart in CHARTS.values():
            click.echo(f"{chart.id}: {chart.description}")
        return
    raw = _key_values(filter_items, "--filter")
    if all_:
        if chart_id or fmt:
            raise click.UsageError(
                "--all exports every chart in every format: give no CHART_ID or --format"
            )
        if out is None or str(out) == "-":
            raise click.UsageError("--all needs --out DIR")
    elif not chart_id:
        raise click.UsageError("give a CHART_ID (see --list), or --all")
    elif not fmt:
        raise click.UsageError("give --format (png, svg, html, json, csv or parquet)")
    try:
        con = connect(_settings(), db_path)
        base = _settings().link_base()
        filters = exports.parse_filters(con, raw)
        if all_:
            if out.exists() and not out.is_dir():
                raise click.UsageError(f"--out {out} exists and is not a directory")
            with click.progressbar(length=len(CHARTS), label="Exporting charts") as bar:
                index = write_bundle(con, out, base, filters, on_chart=lambda _id: bar.update(1))
            click.echo(f"Wrote {index} and {len(CHARTS) * len(exports.FORMATS)} chart files")
            return
        exports.get_chart(chart_id)
        if out is not None and str(out) == "-":
            click.echo(exports.export(con, chart_id, filters, fmt, base), nl=False)
            return
        if out is None or out.is_dir() or out_text.endswith(("/", os.sep)):
            directory = out or Path(".")
            directory.mkdir(parents=True, exist_ok=True)
            target = exports.write_export(con, chart_id, filters, fmt, base, directory)
        else:
            if not out.parent.is_dir():
                raise click.UsageError(f"no directory {out.parent} for --out {out}")
            out.write_bytes(exports.export(con, chart_id, filters, fmt, base))
            target = out
    except exports.ExportError as e:
        raise click.UsageError(str(e)) from e
    except FileNotFoundError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"Wrote {target}")


@cli.command()
@click.option(
    "--host",
    default=None,
    help="Address to listen on (default: $OPCAT_HOST, else 127.0.0.1: this machine only). "
    "0.0.0.0 listens on every interface.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Port to serve the app on (default: $OPCAT_PORT, else 8501).",
)
@click.option(
    "--base-path",
    default=None,
    help="URL path to serve the app under, behind a reverse proxy, e.g. opcat for "
    "https://example.org/opcat/ (default: $OPCAT_BASE_PATH, else none).",
)
@click.option(
    "--public/--no-public",
    default=None,
    help="A public deployment: read-only (the database is never rebuilt, nothing writes, "
    "error details hidden). Default: $OPCAT_PUBLIC, else off.",
)
@click.option(
    "--allow-edits",
    is_flag=True,
    default=None,
    help="Show the press release review page, which writes to the data folder "
    "(default: $OPCAT_ALLOW_EDITS, else off; never with --public).",
)
@DB_OPTION
def serve(host, port, base_path, public, allow_edits, db_path):
    """Start the dashboard app (headless, no usage statistics, nothing fetched), on
    http://127.0.0.1:8501/ unless told otherwise.

    The database is built first when it is missing or older than the data, except in public
    mode. Filters go in the address, e.g. ?region=African."""
    try:
        settings = config.load(
            host=host,
            port=port,
            base_path=base_path,
            public=public,
            allow_edits=allow_edits or None,
            db_path=db_path,
        )
        settings = config.with_db(settings, Path(settings.db_path).resolve())
        settings = config.with_data(settings, Path(settings.data_dir).resolve())
        connect(settings).close()
    except config.ConfigError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)
    except FileNotFoundError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)
    os.environ.update(config.streamlit_environ(settings))
    args = [sys.executable, "-m", "streamlit", "run", str(SERVER), *config.streamlit_args(settings)]
    click.echo(f"Serving on {settings.served_url()}/", err=True)
    # Replace this process by Streamlit's, so that stopping one stops the app.
    os.execv(sys.executable, args)

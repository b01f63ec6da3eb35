"""The commands that show the data: `query` (a named query), `export` (a chart's files) and
`serve` (the app).
"""

import json
import os
import sys
from pathlib import Path

import click

from dashboard import config
from dashboard.cli.group import DB_OPTION, cli, command_settings, key_values
from dashboard.paths import SERVER
from dashboard.query import queries
from dashboard.query.db import connect
from dashboard.query.tables import to_csv


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
    values = key_values(params, "--param")
    try:
        frame = queries.run_text(connect(command_settings(), db_path), name, values)
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
    raw = key_values(filter_items, "--filter")
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
        con = connect(command_settings(), db_path)
        base = command_settings().link_base()
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

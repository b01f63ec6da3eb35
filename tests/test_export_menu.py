import datetime as dt
import subprocess
import sys

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

import dashboard
from dashboard import exports
from dashboard.charts import CHARTS, chart_data
from dashboard.paths import ROOT
from dashboard.query.filters import Filters
from tests.apptest import shown
from tests.conftest import SERVED_URL

CHART_ID = next(iter(CHARTS))
FILTERS = Filters(from_year=2012, to_year=2024, region="African")


@pytest.fixture
def downloads(monkeypatch):
    """The files the page's download buttons would serve: (file name, mime type, data callable),
    recorded as Streamlit registers them."""
    recorded: list[tuple[str, str, object]] = []
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        recorded.append((file_name, mimetype, data_callable))
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return recorded


def menu_page(db_path: str, chart_id: str, from_year: int, to_year: int, region: str):
    from dashboard import config
    from dashboard.app.export_menu import export_menu
    from dashboard.query.db import open_read_only
    from dashboard.query.filters import Filters

    con = open_read_only(db_path)
    filters = Filters(from_year=from_year, to_year=to_year, region=region)
    export_menu(chart_id, filters, con, config.load())


def run_menu(db_path, chart_id=CHART_ID) -> AppTest:
    args = (str(db_path), chart_id, 2012, 2024, "African")
    return AppTest.from_function(menu_page, args=args, default_timeout=60).run()


def test_menu_has_six_downloads_with_names_and_mime_types(db_path, downloads):
    at = run_menu(db_path)
    assert not at.exception
    (popover,) = at.get("popover")
    assert popover.proto.popover.label == "Export"
    buttons = at.download_button
    stem = f"{CHART_ID}_region-african_2012-2024"
    assert [b.label for b in buttons] == [
        "PNG image",
        "SVG image",
        "Interactive HTML",
        "Vega-Lite JSON",
        "Data (CSV)",
        "Data (Parquet)",
    ]
    assert [b.help for b in buttons] == [f"{stem}.{fmt}" for fmt in exports.FORMATS]
    assert all(b.proto.ignore_rerun for b in buttons)  # on_click="ignore": no rerun
    assert all(b.proto.deferred_file_id for b in buttons)  # made on click, not on each run
    assert [(name, mime) for name, mime, _data in downloads] == [
        (f"{stem}.png", "image/png"),
        (f"{stem}.svg", "image/svg+xml"),
        (f"{stem}.html", "text/html"),
        (f"{stem}.json", "application/json"),
        (f"{stem}.csv", "text/csv"),
        (f"{stem}.parquet", "application/vnd.apache.parquet"),
    ]


def test_menu_downloads_are_the_export_bytes(db_path, con, downloads):
    run_menu(db_path)
    for (_name, _mime, data), fmt in zip(downloads, exports.FORMATS, strict=True):
        assert data() == exports.export(con, CHART_ID, FILTERS, fmt, SERVED_URL)


@pytest.mark.parametrize("fmt", ["svg", "json", "csv"])
def test_cli_and_app_menu_give_the_same_bytes(db_path, downloads, fmt):
    """One code path: the command line, in a fresh process, writes exactly what the menu serves."""
    run_menu(db_path)
    exports.clear_cache()
    (app_bytes,) = [data() for name, _mime, data in downloads if name.endswith(f".{fmt}")]
    cli_bytes = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", CHART_ID, "--format", fmt, "--out", "-"]
        + [
            "-f",
            "from_year=2012",
            "-f",
            "to_year=2024",
            "-f",
            "region=african",
            "--db",
            str(db_path),
        ],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    assert cli_bytes == app_bytes


def share_page(db_path: str):
    from dashboard import config
    from dashboard.app.export_menu import share_box
    from dashboard.query.db import open_read_only
    from dashboard.query.filters import Filters

    filters = Filters(from_year=2016, state="MEX")
    share_box(filters, "visits", open_read_only(db_path), config.load())


def test_share_box_gives_the_link_and_a_citation(db_path, con, monkeypatch):
    monkeypatch.setenv("OPCAT_PUBLIC_URL", "https://opcat.example.org")
    monkeypatch.setenv("OPCAT_PUBLISHER", "Association for the Prevention of Torture")
    at = AppTest.from_function(share_page, args=(str(db_path),), default_timeout=30).run()
    assert not at.exception
    link = "https://opcat.example.org/visits?from_year=2016&state=MEX"
    as_of = exports.data_as_of(con)
    today = dt.date.today().isoformat()
    version = dashboard.__version__
    text, bibtex, ris = [c.value for c in at.code][1:]
    assert "\r" not in ris  # shown with plain line ends; the .ris download has CRLF
    assert at.code[0].value == link
    assert text == (
        f"Association for the Prevention of Torture ({as_of[:4]}). SPT visits, reports and "
        f"recommendations [opcat-dashboard, version {version}; filters: 2016–latest, Mexico; "
        f"data as of {as_of}]. Retrieved {today} from {link}"
    )
    assert bibtex.startswith(
        f"@misc{{opcat-dashboard-spt-visits-reports-and-recommendations-{as_of[:4]},"
    )
    assert "  author = {{Association for the Prevention of Torture}}," in bibtex
    assert f"  url = {{{link}}}," in bibtex and f"  urldate = {{{today}}}," in bibtex
    assert ris.splitlines()[:3] == [
        "TY  - DATA",
        "AU  - Association for the Prevention of Torture",
        "TI  - SPT visits, reports and recommendations",
    ]
    assert f"UR  - {link}" in ris.splitlines() and f"Y2  - {today}" in ris.splitlines()
    assert [b.label for b in at.download_button] == ["opcat-dashboard.bib", "opcat-dashboard.ris"]


def embed_page(db_path: str, chart_id: str):
    from dashboard import config
    from dashboard.app.export_menu import embed_view
    from dashboard.query.db import open_read_only
    from dashboard.query.filters import Filters

    embed_view(chart_id, Filters(visit_type="regular"), open_read_only(db_path), config.load())


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_embed_view_shows_one_chart_with_its_context(db_path, con, chart_id):
    at = AppTest.from_function(embed_page, args=(str(db_path), chart_id), default_timeout=30)
    at.run()
    assert not at.exception
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    assert CHARTS[chart_id].title in charts[0].proto.spec
    (caption,) = at.caption
    path = exports.page_path(CHARTS[chart_id].page)
    note = CHARTS[chart_id].note(chart_data(con, CHARTS[chart_id], Filters(visit_type="regular")))
    assert shown(caption.value) == (
        f"{note} Filters: regular visits. Data as of {exports.data_as_of(con)}. "
        f"{exports.SOURCE}. [Open in the dashboard]({SERVED_URL}/{path}?visit_type=regular)"
    )


def test_embed_view_unknown_chart(db_path):
    at = AppTest.from_function(embed_page, args=(str(db_path), "../nope"), default_timeout=30)
    at.run()
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith("unknown chart '../nope'; known: ")
    assert at.get("vega_lite_chart") == []

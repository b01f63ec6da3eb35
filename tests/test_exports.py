import io
import json
import re
import struct
import threading
import xml.etree.ElementTree as ET

import altair as alt
import polars as pl
import pytest

from dashboard import exports
from dashboard.charts import CHARTS, chart_data
from dashboard.query import tables
from dashboard.query.filters import Filters
from tests.conftest import SERVED_URL
from tests.offline_browser import draw_offline, remote_references

CHART_IDS = list(CHARTS)
FILTERS = Filters(from_year=2012, to_year=2024, region="Western European and others")
SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_size(svg: bytes) -> tuple[int, int]:
    root = ET.fromstring(svg)
    return int(float(root.get("width"))), int(float(root.get("height")))


def svg_text(svg: bytes) -> list[str]:
    """The lines of text drawn: each <text>, or each of its <tspan> lines."""
    lines = []
    for text in ET.fromstring(svg).iter(f"{SVG_NS}text"):
        spans = text.findall(f"{SVG_NS}tspan")
        lines += [span.text or "" for span in spans] if spans else [text.text or ""]
    return lines


def png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_png_is_a_png_at_twice_the_chart_size(con, chart_id):
    png = exports.export(con, chart_id, FILTERS, "png", SERVED_URL)
    svg = exports.export(con, chart_id, FILTERS, "svg", SERVED_URL)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = svg_size(svg)
    assert png_size(png) == (2 * width, 2 * height)
    assert width >= exports.EXPORT_WIDTH  # a "container" width became a fixed one


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_svg_parses_and_carries_title_and_context(con, chart_id):
    chart = CHARTS[chart_id]
    svg = exports.export(con, chart_id, FILTERS, "svg", SERVED_URL)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    texts = svg_text(svg)
    assert chart.title in texts
    assert "Filters: 2012–2024, Western European and others" in texts
    as_of = exports.data_as_of(con)
    assert f"Data as of {as_of}. {exports.SOURCE}." in texts
    query = "from_year=2012&to_year=2024&region=Western+European+and+others"
    link = f"{SERVED_URL}/{exports.page_path(chart.page)}?{query}"
    assert link in texts


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_json_is_vega_lite_with_schema_and_context(con, chart_id):
    spec = json.loads(exports.export(con, chart_id, FILTERS, "json", SERVED_URL))
    assert spec["$schema"] == alt.SCHEMA_URL
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v")
    assert spec["title"]["text"] == CHARTS[chart_id].title
    assert spec["usermeta"]["opcat"]["filters"] == {
        "from_year": "2012",
        "to_year": "2024",
        "region": "Western European and others",
    }
    assert "container" not in json.dumps(spec)


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_csv_and_parquet_are_the_chart_data(con, chart_id):
    frame = chart_data(con, CHARTS[chart_id], FILTERS)
    # tables.to_csv: list columns (a State's planned visit dates) joined by "; ".
    assert exports.export(con, chart_id, FILTERS, "csv", SERVED_URL) == tables.to_csv(frame)
    parquet = pl.read_parquet(
        io.BytesIO(exports.export(con, chart_id, FILTERS, "parquet", SERVED_URL))
    )
    assert parquet.equals(frame)
    assert parquet.schema == frame.schema


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_html_is_self_contained_with_caption(con, chart_id):
    chart = CHARTS[chart_id]
    page = exports.export(con, chart_id, FILTERS, "html", SERVED_URL).decode()
    assert remote_references(page) == []
    assert "<script src" not in page.lower()
    assert page.count('<script type="text/javascript">') == 2  # the libraries, then the chart
    assert f"<title>{chart.title}</title>" in page
    assert '<p class="filters">Filters: 2012–2024, Western European and others</p>' in page
    assert f"Data as of {exports.data_as_of(con)}." in page
    assert f"{SERVED_URL}/" in page


def test_html_draws_the_chart_offline(con, tmp_path):
    chart_id = CHART_IDS[0]
    path = tmp_path / exports.file_name(chart_id, FILTERS, "html")
    path.write_bytes(exports.export(con, chart_id, FILTERS, "html", SERVED_URL))
    drawn = draw_offline(path, expected_charts=1)
    assert drawn.charts == 1
    assert drawn.errors == []
    assert drawn.blocked == []


def test_data_as_of_is_the_newest_fact(con):
    (expected,) = con.execute(
        "SELECT max(d) FROM (SELECT start_date AS d FROM visits WHERE status <> 'planned' "
        "UNION ALL SELECT end_date FROM visits WHERE status <> 'planned' "
        "UNION ALL SELECT event_date FROM report_events)"
    ).fetchall()[0]
    assert exports.data_as_of(con) == expected.isoformat()


def test_same_bytes_every_time_and_cached(con):
    chart_id = CHART_IDS[0]
    exports.clear_cache()
    first = {
        fmt: exports.export(con, chart_id, FILTERS, fmt, SERVED_URL)
        for fmt in ("svg", "json", "csv")
    }
    assert all(exports.export(con, chart_id, FILTERS, f, SERVED_URL) is b for f, b in first.items())
    exports.clear_cache()
    again = {
        fmt: exports.export(con, chart_id, FILTERS, fmt, SERVED_URL)
        for fmt in ("svg", "json", "csv")
    }
    assert again == first


def test_conversions_from_several_threads_agree(con):
    # A chart with no gradient legend: vl-convert numbers SVG gradients per call (gradient_0,
    # gradient_1...), so a heatmap's SVG bytes differ from one conversion to the next anyway.
    chart_id = "time-to-publication"
    expected = {
        fmt: exports.export(con, chart_id, Filters(), fmt, SERVED_URL) for fmt in ("svg", "png")
    }
    exports.clear_cache()
    results: list[tuple[str, bytes]] = []
    errors: list[BaseException] = []

    def work(fmt):
        cursor = con.cursor()
        try:
            results.append((fmt, exports.export(cursor, chart_id, Filters(), fmt, SERVED_URL)))
        except BaseException as e:  # noqa: BLE001 (reported below)
            errors.append(e)
        finally:
            cursor.close()

    threads = [threading.Thread(target=work, args=(fmt,)) for fmt in ("svg", "png") * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == 6
    assert all(data == expected[fmt] for fmt, data in results)


def test_file_names_say_what_they_are():
    filters = Filters(from_year=2016, to_year=2026, region="African")
    assert (
        exports.file_name("publication-rate-by-region", filters, "svg")
        == "publication-rate-by-region_region-african_2016-2026.svg"
    )
    assert exports.file_name("visits-per-year", Filters(), "png") == "visits-per-year.png"
    everything = Filters(2010, None, "Western European and others", "FRA", "follow-up")
    assert (
        exports.file_name("visits-per-year", everything, "parquet")
        == "visits-per-year_region-western-european-and-others_state-fra_type-follow-up_from-2010"
        ".parquet"
    )
    assert exports.file_stem("x", Filters(to_year=2020)) == "x_to-2020"


def test_file_names_are_safe_whatever_the_input():
    with pytest.raises(exports.ExportError, match="cannot make a file name"):
        exports.file_stem("../..", Filters())
    assert exports.file_stem("../../etc/passwd", Filters()) == "etc-passwd"
    with pytest.raises(exports.ExportError, match="unknown format"):
        exports.file_name("visits-per-year", Filters(), "../exe")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"region": "../../etc"}, "invalid filter: region='../../etc': not a UN regional group"),
        ({"state": ";DROP TABLE visits"}, "not the ISO3 code of a State party"),
        ({"state": "XYZ"}, "invalid filter: state='XYZ': not the ISO3 code of a State party"),
        ({"visit_type": "x" * 10_000}, "not a visit type"),
        (
            {"from_year": "2016; DROP"},
            "invalid filter: from_year='2016; DROP': a year has four digits",
        ),
        (
            {"../../etc": "1"},
            "unknown filter '../../etc'; use from_year, to_year, region, state, visit_type",
        ),
    ],
)
def test_bad_filters_are_clear_errors(con, raw, message):
    with pytest.raises(exports.ExportError) as error:
        exports.parse_filters(con, raw)
    assert message in str(error.value)
    assert len(str(error.value)) < 300


def test_parse_filters_accepts_url_values(con):
    filters = exports.parse_filters(
        con, {"from_year": "2016", "region": "african", "visit_type": "regular"}
    )
    assert filters == Filters(from_year=2016, region="African", visit_type="regular")


def test_permalink_starts_with_the_base_it_is_given():
    base = "https://example.org/opcat/"
    filters = Filters(from_year=2016, region="Latin American and Caribbean")
    assert (
        exports.permalink(filters, "reports", base)
        == "https://example.org/opcat/reports?from_year=2016&region=Latin+American+and+Caribbean"
    )
    assert exports.permalink(Filters(), "/visits", base) == "https://example.org/opcat/visits"


def test_unknown_chart_is_a_clear_error(con):
    with pytest.raises(exports.ExportError, match=re.escape("unknown chart '../x'; known: ")):
        exports.export(con, "../x", Filters(), "svg", SERVED_URL)


def test_the_base_of_the_link_goes_into_the_bytes_not_a_stale_cache(con):
    """The same chart under another base (OPCAT_PUBLIC_URL, or the address the browser used)
    carries that base: the base is part of the cache key."""
    chart_id = CHART_IDS[0]
    path = exports.page_path(CHARTS[chart_id].page)
    before = json.loads(exports.export(con, chart_id, Filters(), "json", SERVED_URL))
    assert before["usermeta"]["opcat"]["permalink"] == f"{SERVED_URL}/{path}"
    after = json.loads(
        exports.export(con, chart_id, Filters(), "json", "https://opcat.example.org")
    )
    assert after["usermeta"]["opcat"]["permalink"] == f"https://opcat.example.org/{path}"
    assert after["title"]["subtitle"][-1] == f"https://opcat.example.org/{path}"

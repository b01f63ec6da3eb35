"""What a chart sends to the browser stays small whatever the size of the data: the map's geometry
at most 150 KB, drawing every State party; every chart's data at most 20 KB."""

import csv
import json

from dashboard import charts
from dashboard.paths import DATA_DIR

GEOMETRY_LIMIT = 150_000


def test_map_geometry_is_small_and_draws_every_state_party():
    assert (DATA_DIR / "world-map.json").stat().st_size <= GEOMETRY_LIMIT
    with (DATA_DIR / "states.csv").open(newline="") as f:
        parties = {row["iso3"] for row in csv.DictReader(f)}
    world = charts._world()
    outlines = {g["properties"]["iso3"] for g in world["objects"]["countries"]["geometries"]}
    dots = set(charts.map_dots())
    assert parties <= outlines | dots
    # The States parties missing at 1:110m, and the smallest drawn, are dots.
    assert {"CPV", "LIE", "MDV", "MLT", "MUS", "NRU", "LUX"} <= dots
    assert "KAZ" in outlines and "USA" in outlines and "KAZ" not in dots
    # Each dot lies where its State is (longitude, latitude within a degree).
    assert (
        abs(charts.map_dots()["MLT"][0] - 14.4) < 1 and abs(charts.map_dots()["MLT"][1] - 35.9) < 1
    )
    assert (
        abs(charts.map_dots()["NRU"][0] - 166.9) < 1 and abs(charts.map_dots()["NRU"][1] + 0.5) < 1
    )


def test_map_spec_sends_the_outlines_once(con):
    from dashboard.filters import Filters

    chart = charts.CHARTS["visits-map"]
    spec = json.dumps(charts.render(chart, charts.chart_data(con, chart, Filters())).to_dict())
    geometry = json.dumps(charts._outlines())
    assert spec.count('"Topology"') == 1
    assert len(spec) - len(geometry) <= 30_000

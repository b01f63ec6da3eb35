"""The world map of visits per State party, drawn from the shipped geometry (paths.MAP_FILE), with
a dot for each State party too small to see.
"""

import csv
import json
from functools import cache

import altair as alt
import polars as pl

from dashboard.charts.chart import PALETTE
from dashboard.paths import MAP_CODES, MAP_FILE

# By the query's category_rank: 1–3 visited, 4 not visited in the selected years or types,
# 5 never visited, 6 outside the filters; and countries that are not parties.
# Outside the filters: mid grey; not a party: light grey (both quiet on either theme).
MAP_COLOURS = ["#003C64", PALETTE[0], PALETTE[4], PALETTE[2], PALETTE[1], "#999999", "#D4D4D4"]


NOT_A_PARTY = "Not a State party"


MAP_CREDIT = "Map: Natural Earth 1:110m via world-atlas (ISC licence), simplified."


MAP_DOT = "dot"  # how a State party too small to see on the map is drawn


@cache
def _world() -> dict:
    """The map (data/world-map.json, made by dashboard.data.world_map): TopoJSON country outlines
    and points for the States parties too small to see, each tagged with its ISO3 code."""
    topology = json.loads(MAP_FILE.read_text())
    with MAP_CODES.open(newline="") as f:
        iso3 = {row["numeric"]: row["iso3"] for row in csv.DictReader(f)}
    for layer in topology["objects"].values():
        for geometry in layer["geometries"]:
            geometry.setdefault("properties", {})["iso3"] = iso3.get(geometry.get("id"), "")
    return topology


@cache
def _outlines() -> dict:
    """The country outlines alone: the geometry the map sends (the dots go as rows)."""
    topology = _world()
    return {**topology, "objects": {"countries": topology["objects"]["countries"]}}


@cache
def map_dots() -> dict[str, tuple[float, float]]:
    """The States parties drawn as a dot: ISO3 → (longitude, latitude)."""
    topology = _world()
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    return {
        g["properties"]["iso3"]: (x * sx + tx, y * sy + ty)
        for g in topology["objects"]["points"]["geometries"]
        for x, y in [g["coordinates"]]
    }


def visits_map(frame: pl.DataFrame) -> alt.Chart:
    rows = frame.select("iso3", "state", "visits", "category").to_dicts()
    # The legend lists the categories present (their names carry the years), in rank order.
    ranks = frame.select("category_rank", "category").unique().sort("category_rank")
    domain = [*ranks["category"], NOT_A_PARTY]
    colours = [MAP_COLOURS[r - 1] for r in ranks["category_rank"]] + [MAP_COLOURS[-1]]
    colour = alt.Color(
        "category:N",
        title="Visits",
        scale=alt.Scale(domain=domain, range=colours),
        legend=alt.Legend(orient="bottom", columns=2, labelLimit=170),
    )
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("category:N", title="Status"),
        alt.Tooltip("visits:Q", title="Visits"),
    ]
    countries = alt.Data(
        values=_outlines(), format=alt.DataFormat(type="topojson", feature="countries")
    )
    outlines = (
        alt.Chart(countries)
        .mark_geoshape(stroke="#777777", strokeWidth=0.3)
        .transform_lookup(
            lookup="properties.iso3",
            from_=alt.LookupData(alt.Data(values=rows), "iso3", ["state", "visits", "category"]),
        )
        .transform_calculate(
            category=f"isValid(datum.category) ? datum.category : '{NOT_A_PARTY}'",
            country="isValid(datum.state) ? datum.state : datum.properties.name",
        )
        .encode(color=colour, tooltip=tooltip)
    )
    # States parties too small to see as an outline: a dot of their colour at their centre.
    dots = map_dots()
    dot_rows = [
        {
            **row,
            "country": row["state"],
            "longitude": dots[row["iso3"]][0],
            "latitude": dots[row["iso3"]][1],
        }
        for row in rows
        if row["iso3"] in dots
    ]
    small = (
        alt.Chart(alt.Data(values=dot_rows))
        .mark_circle(size=36, opacity=1, stroke="#333333", strokeWidth=0.6)
        .encode(longitude="longitude:Q", latitude="latitude:Q", color=colour, tooltip=tooltip)
    )
    return (
        alt.layer(outlines, small)
        .project(type="equalEarth")
        .properties(width="container", height=340)
    )


def map_note(frame: pl.DataFrame) -> str:
    selected = frame.filter(pl.col("in_selection"))
    visits = int(selected["visits"].sum()) if selected.height else 0
    visited = selected.filter(pl.col("visits") > 0).height
    dotted = sorted(set(selected["iso3"]) & set(map_dots()))
    dots = (
        f" Drawn as a {MAP_DOT} (too small at this scale): {', '.join(dotted)}." if dotted else ""
    )
    return (
        f"{visits:,} visits counted to {visited} of {selected.height} States parties; "
        f"none left out.{dots} {MAP_CREDIT}"
    )

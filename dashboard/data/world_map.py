"""Make the map's geometry, data/world-map.json, once at development time (never when the app runs).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m dashboard.data.world_map package/ data/states.csv

From world-atlas's Natural Earth 1:110m countries: the outlines simplified (topology-preserving,
so borders stay shared) and quantized by the npm tools that made world-atlas (toposimplify and
topoquantize, run with npx), and a point for each State party the outlines leave out or draw
smaller than SMALL_KM2, at the centre of its largest outline in the 1:50m countries. The chart
draws those points as dots. It also writes data/map_country_codes.csv (the outlines' and points'
numeric ISO 3166-1 ids with their ISO3 codes and names, from pycountry).
"""

import csv
import json
import math
import subprocess
import sys
from pathlib import Path

from dashboard.paths import MAP_CODES, MAP_FILE

# Spherical area (steradians) under which a point is dropped: 3e-5 sr is about 1,200 km², under
# a pixel at the map's desktop size (the world about 700 px wide).
SIMPLIFY = "3e-5"
QUANTIZE = "3000"  # a grid of 3000 × 3000: a step of 0.12° of longitude, under a pixel too
SMALL_KM2 = 15_000  # about 4 px² on a desktop map, under 2 on a phone's: drawn as a dot as well
TOOLS = ["npx", "--yes", "-p", "topojson-simplify@3.0.3", "-p", "topojson-client@3.1.0"]
EARTH_RADIUS_KM = 6371.0


def arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs as longitude/latitude points (undoing the quantization and delta encoding)."""
    transform = topology.get("transform")
    if not transform:
        return [[tuple(p) for p in arc] for arc in topology["arcs"]]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(decoded: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = decoded[i] if i >= 0 else decoded[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    return geometry["arcs"] if geometry["type"] == "MultiPolygon" else []


def _ring_km2(ring: list[tuple[float, float]]) -> float:
    """The area a ring encloses on the sphere (the small-polygon formula d3 and others use)."""
    total = sum(
        math.radians(x2 - x1) * (2 + math.sin(math.radians(y1)) + math.sin(math.radians(y2)))
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)
    )
    return abs(total) * EARTH_RADIUS_KM**2 / 2


def areas_km2(topology: dict) -> dict[str, float]:
    """Each country's area on the map, by its numeric id (holes taken out)."""
    decoded = arcs(topology)
    return {
        g["id"]: sum(
            _ring_km2(_ring(decoded, p[0])) - sum(_ring_km2(_ring(decoded, h)) for h in p[1:])
            for p in _polygons(g)
        )
        for g in topology["objects"]["countries"]["geometries"]
        if g.get("id")
    }


def centre(topology: dict, numeric: str) -> tuple[float, float]:
    """The centroid of a country's largest outline (planar in longitude/latitude: it is small)."""
    decoded = arcs(topology)
    geometry = next(
        g for g in topology["objects"]["countries"]["geometries"] if g.get("id") == numeric
    )
    ring = max((_ring(decoded, p[0]) for p in _polygons(geometry)), key=_ring_km2)
    edges = list(zip(ring, ring[1:], strict=False))
    cross = [x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in edges]
    six_area = 3 * sum(cross)
    cx = sum((x1 + x2) * c for ((x1, _), (x2, _)), c in zip(edges, cross, strict=True)) / six_area
    cy = sum((y1 + y2) * c for ((_, y1), (_, y2)), c in zip(edges, cross, strict=True)) / six_area
    return round(cx, 3), round(cy, 3)


def simplified(countries_110m: dict) -> dict:
    """The 1:110m countries alone (no land layer), simplified and quantized by the npm tools."""
    plain = {
        "type": "Topology",
        "objects": {"countries": countries_110m["objects"]["countries"]},
        "arcs": [[list(p) for p in arc] for arc in arcs(countries_110m)],
    }
    text = json.dumps(plain)
    for tool in (["toposimplify", "-s", SIMPLIFY], ["topoquantize", QUANTIZE]):
        text = subprocess.run(
            [*TOOLS, *tool], input=text, capture_output=True, text=True, check=True
        ).stdout
    return json.loads(text)


def make(atlas: Path, states_csv: Path) -> dict:
    """The map of world-atlas's countries, with a dot for each State party (from states_csv) too
    small to see."""
    import pycountry

    world = simplified(json.loads((atlas / "countries-110m.json").read_text()))
    detailed = json.loads((atlas / "countries-50m.json").read_text())
    with states_csv.open(newline="") as f:
        parties = [row["iso3"] for row in csv.DictReader(f)]
    numeric = {iso3: pycountry.countries.get(alpha_3=iso3).numeric for iso3 in parties}
    area = areas_km2(world)
    small = sorted(n for n in numeric.values() if area.get(n, 0) < SMALL_KM2)
    (sx, sy), (tx, ty) = world["transform"]["scale"], world["transform"]["translate"]
    points = []
    for n in small:
        lon, lat = centre(detailed, n)
        name = pycountry.countries.get(numeric=n).name
        quantized = [round((lon - tx) / sx), round((lat - ty) / sy)]
        points.append(
            {"type": "Point", "coordinates": quantized, "id": n, "properties": {"name": name}}
        )
    world["objects"]["points"] = {"type": "GeometryCollection", "geometries": points}
    return world


def write_codes(world: dict, path: Path) -> None:
    import pycountry

    ids = sorted(
        {g["id"] for o in world["objects"].values() for g in o["geometries"] if g.get("id")}
    )
    with path.open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["numeric", "iso3", "name"])
        for n in ids:
            country = pycountry.countries.get(numeric=n)
            writer.writerow([n, country.alpha_3, country.name])


if __name__ == "__main__":
    # python -m dashboard.data.world_map ATLAS STATES_CSV: rewrites the shipped map files.
    world = make(Path(sys.argv[1]), Path(sys.argv[2]))
    MAP_FILE.write_text(json.dumps(world, separators=(",", ":"), ensure_ascii=False))
    write_codes(world, MAP_CODES)
    print(f"{MAP_FILE}: {MAP_FILE.stat().st_size:,} bytes")

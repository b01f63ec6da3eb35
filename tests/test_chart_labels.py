"""Readable charts: no two axis labels of a chart overlap, at a phone's width (the app at 390 px
leaves about 340 px), at half a desktop page (two columns at 1400 px), at the exported files'
width and at a full desktop width. Label positions come from Vega's own layout (vl-convert's
scenegraph); a label's size is estimated on the generous side (0.6 em per character, 0.8 em
high). Labels Vega hides to avoid an overlap (opacity 0) do not count."""

import math

import pytest
import vl_convert as vlc

from dashboard import exports
from dashboard.charts import CHARTS, chart_data, render
from dashboard.query.filters import Filters

WIDTHS = [340, 520, exports.EXPORT_WIDTH]
CHAR_WIDTH = 0.6  # of the font size (Arial-like digits are 0.56)
LINE_HEIGHT = 0.8  # of the font size: the glyphs' height (digits and capitals are about 0.72)
FILTERS = {
    "publication-rate-by-state": Filters(state=("BRA", "MEX", "PER", "ARG", "CHL")),
    "time-to-publication-by-state": Filters(state=("BRA", "MEX", "PER", "ARG", "CHL")),
}


def label_groups(node, out=None):
    """Every group of axis labels in a scenegraph."""
    out = [] if out is None else out
    if isinstance(node, dict):
        if node.get("role") == "axis-label":
            out.append(node["items"])
        for value in node.values():
            label_groups(value, out)
    elif isinstance(node, list):
        for value in node:
            label_groups(value, out)
    return out


def box(item) -> tuple[float, float, float, float]:
    """A label's box in its own rotated frame: (left, right, top, bottom)."""
    lines = item["text"] if isinstance(item["text"], list) else [item["text"]]
    size = item.get("fontSize", 10)
    width = min(max(len(str(line)) for line in lines) * size * CHAR_WIDTH, item.get("limit") or 1e9)
    height = size * LINE_HEIGHT * len(lines)
    angle = math.radians(item.get("angle", 0))
    # The anchor in the label's frame (rotated back).
    x = item["x"] * math.cos(angle) + item["y"] * math.sin(angle)
    y = -item["x"] * math.sin(angle) + item["y"] * math.cos(angle)
    left = {"left": x, "center": x - width / 2, "right": x - width}[item.get("align", "center")]
    top = {"top": y, "middle": y - height / 2, "bottom": y - height, "alphabetic": y - height}[
        item.get("baseline", "middle")
    ]
    return left, left + width, top, top + height


def overlaps(items) -> list[tuple[str, str]]:
    shown = [i for i in items if i.get("opacity", 1) > 0 and str(i.get("text", "")).strip()]
    boxes = [(str(i["text"]), box(i)) for i in shown]
    found = []
    for n, (a, (l1, r1, t1, b1)) in enumerate(boxes):
        for b, (l2, r2, t2, b2) in boxes[n + 1 :]:
            if min(r1, r2) - max(l1, l2) > 0.5 and min(b1, b2) - max(t1, t2) > 0.5:
                found.append((a, b))
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_axis_labels_do_not_overlap(con, chart_id, width):
    chart = CHARTS[chart_id]
    frame = chart_data(con, chart, FILTERS.get(chart_id, Filters()))
    spec = render(chart, frame).properties(width=width).to_dict()
    groups = label_groups(vlc.vegalite_to_scenegraph(spec, vl_version=exports.vl_version()))
    assert groups or chart_id == "visits-map"
    for items in groups:
        assert not overlaps(items), (chart_id, width, overlaps(items)[:3])


def test_the_checker_finds_overlapping_labels():
    """The check can fail: long labels set side by side, level, overlap."""
    items = [
        {"text": "Latin American and Caribbean", "x": 0, "y": 0, "align": "center", "fontSize": 10},
        {"text": "Western European and others", "x": 40, "y": 0, "align": "center", "fontSize": 10},
    ]
    assert overlaps(items)
    items[1]["x"] = 200
    assert not overlaps(items)

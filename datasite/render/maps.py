"""The facilities map (issue 15.8): the project's outline of its country, stored with its
site templates (site_templates/map/outline.json; this project's was made once by a script in
tools/ from Natural Earth), and a marker per facility whose coordinates the data gives,
projected the same way. No tiles, no request to any other host: the page holds the whole
drawing as inline SVG."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from datasite.model import Row


@dataclass
class Marker:
    row: Row
    x: float
    y: float


@dataclass
class FacilityMap:
    width: int
    height: int
    path: str
    source: str
    markers: list[Marker]
    without: int  # facilities with no coordinates in the data
    outside: list[Row]  # with coordinates outside the outline's box: listed, not drawn


def facility_map(outline_file: Path, rows: list[Row]) -> FacilityMap | None:
    """The outline and a marker per row with latitude and longitude; None without an outline."""
    if not outline_file.is_file():
        return None
    outline = json.loads(outline_file.read_text(encoding="utf-8"))
    box, width, height = outline["box"], outline["width"], outline["height"]
    markers, outside, without = [], [], 0
    for row in sorted(rows, key=lambda r: str(r.values.get("name", ""))):
        lat, lon = row.values.get("latitude"), row.values.get("longitude")
        if lat in ("", None) or lon in ("", None):
            without += 1
            continue
        lat, lon = float(lat), float(lon)
        if not (math.isfinite(lat) and math.isfinite(lon)) or not (
            box["west"] <= lon <= box["east"] and box["south"] <= lat <= box["north"]
        ):
            outside.append(row)
            continue
        x = (lon - box["west"]) / (box["east"] - box["west"]) * width
        y = (box["north"] - lat) / (box["north"] - box["south"]) * height
        markers.append(Marker(row, round(x, 1), round(y, 1)))
    return FacilityMap(width, height, outline["path"], outline["source"], markers, without, outside)

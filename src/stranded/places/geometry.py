"""Area shapes without Django: a grid of cells clipped to a town, circles for villages, GeoJSON.

Geometry is in lon/lat degrees (GeoJSON order). A cell is a square of `cell_m` metres at the
town's latitude; clipping keeps the part of each cell inside the boundary, so cells at the edge
are smaller and no cell leaves the town.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from shapely import affinity
from shapely.geometry import Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

METRES_PER_DEGREE = 111_320.0
MIN_CELL_SHARE = 0.05  # slivers smaller than this share of a cell join no area


class GeometryError(ValueError):
    """A shape that cannot be an area; the message names the field."""


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    kind: str
    geometry: dict[str, Any]
    center: tuple[float, float]  # lat, lon
    bbox: tuple[float, float, float, float]  # min_lat, min_lon, max_lat, max_lon
    radius_m: float | None = None
    rank: int = 0
    place_id: Any = None  # the gazetteer's place this area stands for (a village), if known


def _shape(
    code: str,
    name: str,
    kind: str,
    geom: BaseGeometry,
    rank: int,
    radius_m: float | None = None,
    center: tuple[float, float] | None = None,
) -> Shape:
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    if center is None:
        point = geom.representative_point() if not geom.centroid.within(geom) else geom.centroid
        center = (point.y, point.x)
    # Through JSON, so that a shape compares equal to what the database gives back.
    as_json = json.loads(json.dumps(mapping(geom)))
    return Shape(
        code, name, kind, as_json, center, (min_lat, min_lon, max_lat, max_lon), radius_m, rank
    )


def circle(lat: float, lon: float, radius_m: float) -> Polygon:
    """A circle on the ground as a lon/lat polygon (an ellipse in degrees)."""
    degrees = radius_m / METRES_PER_DEGREE
    disc = Point(lon, lat).buffer(degrees, 32)
    return affinity.scale(disc, xfact=1 / math.cos(math.radians(lat)), yfact=1.0)


def grid(boundary: BaseGeometry, cell_m: float, prefix: str) -> Iterator[Shape]:
    """Square cells of `cell_m` over the boundary, clipped to it; codes PREFIX-ROW-COL."""
    if cell_m < 50:
        raise GeometryError("cell_m: cells smaller than 50 m are not workable")
    min_lon, min_lat, max_lon, max_lat = boundary.bounds
    dlat = cell_m / METRES_PER_DEGREE
    dlon = dlat / math.cos(math.radians((min_lat + max_lat) / 2))
    rows = math.ceil((max_lat - min_lat) / dlat)
    cols = math.ceil((max_lon - min_lon) / dlon)
    width = max(len(str(rows)), len(str(cols)), 2)
    for row in range(rows):
        for col in range(cols):
            lon0, lat0 = min_lon + col * dlon, max_lat - (row + 1) * dlat
            cell = Polygon(
                [(lon0, lat0), (lon0 + dlon, lat0), (lon0 + dlon, lat0 + dlat), (lon0, lat0 + dlat)]
            )
            part = cell.intersection(boundary)
            if part.is_empty or part.area < MIN_CELL_SHARE * cell.area:
                continue
            code = f"{prefix}-{row + 1:0{width}d}-{col + 1:0{width}d}"
            yield _shape(code, "", "cell", part, rank=0)


def village(
    code: str, name: str, lat: float, lon: float, radius_m: float, place_id: Any = None
) -> Shape:
    shape = _shape(
        code,
        name,
        "village",
        circle(lat, lon, radius_m),
        rank=1,
        radius_m=radius_m,
        center=(lat, lon),
    )
    return replace(shape, place_id=place_id)


def from_geojson(data: Any) -> list[Shape]:
    """Areas from a FeatureCollection: properties code (required), name, kind, radius_m (points).

    Errors name the feature by its position and code, and the field."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise GeometryError("type: expected a GeoJSON FeatureCollection")
    shapes, seen = [], set()
    for number, feature in enumerate(data.get("features") or [], start=1):
        props = (feature or {}).get("properties") or {}
        code = str(props.get("code") or "").strip()
        where = f"feature {number}" + (f" ({code})" if code else "")
        if not code:
            raise GeometryError(f"{where}: properties.code is required")
        if code in seen:
            raise GeometryError(f"{where}: properties.code is used twice")
        seen.add(code)
        shapes.append(_feature(feature, props, code, where))
    if not shapes:
        raise GeometryError("features: the collection holds no feature")
    return shapes


def _feature(feature: dict[str, Any], props: dict[str, Any], code: str, where: str) -> Shape:
    try:
        geom = shape(feature.get("geometry"))
    except Exception as error:  # shapely raises several kinds for bad input
        raise GeometryError(f"{where}: geometry is not valid GeoJSON ({error})") from error
    kind = str(props.get("kind") or ("village" if geom.geom_type == "Point" else "custom"))
    if kind not in ("cell", "village", "custom"):
        raise GeometryError(f"{where}: properties.kind must be cell, village or custom")
    name = str(props.get("name") or "")
    if geom.geom_type == "Point":
        try:
            radius = float(props.get("radius_m") or 0)
        except (TypeError, ValueError):
            radius = 0
        if radius <= 0:
            raise GeometryError(f"{where}: a point needs properties.radius_m > 0")
        return village(code, name, geom.y, geom.x, radius)
    if geom.geom_type not in ("Polygon", "MultiPolygon") or not geom.is_valid or geom.is_empty:
        raise GeometryError(f"{where}: geometry must be a valid Polygon or MultiPolygon")
    if not (-90 <= geom.bounds[1] <= geom.bounds[3] <= 90):
        raise GeometryError(f"{where}: coordinates must be lon, lat in degrees")
    return _shape(code, name, kind, geom, rank=1 if kind == "village" else 0)


class Locator:
    """Point-in-area for many points: an R-tree over the shapes, lowest rank wins."""

    def __init__(self, shapes: list[tuple[Any, dict[str, Any], int, str]]) -> None:
        # (key, geometry, rank, code) per area
        self.keys = [key for key, _, _, _ in shapes]
        self.order = [(rank, code) for _, _, rank, code in shapes]
        self.geoms = [shape(geometry) for _, geometry, _, _ in shapes]
        self.tree = STRtree(self.geoms)

    def find(self, lat: float, lon: float) -> Any | None:
        point = Point(lon, lat)
        hits = [int(i) for i in self.tree.query(point, predicate="intersects")]
        if not hits:
            return None
        best = min(hits, key=lambda i: self.order[i])
        return self.keys[best]

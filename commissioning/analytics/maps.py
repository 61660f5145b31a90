"""Maps of care locations drawn as accessible inline SVG from ONS boundary GeoJSON.

Drawn here rather than with a web map so a page needs no online tiles, no JavaScript and no
third-party requests: the boundaries ship with the product (ONS BUC GeoJSON, WGS84 lon/lat) and
the output is a plain string a template can put inline. Framework-free (import-linter checks).

Accessibility: the map has a <title> and <desc>; each location has a <title> (its label), links
are real <a> elements a keyboard can reach, and categories differ by marker shape as well as
colour, every colour having at least 3:1 contrast with the boundary fill (WCAG 1.4.1, 1.4.11).
A map is never the only way to the information: the page should also list the locations as text.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

BOUNDARY_FILL = "#f3f2f1"  # GOV.UK light grey
BOUNDARY_STROKE = "#505a5f"  # GOV.UK dark grey
MARKER_OUTLINE = "#ffffff"  # separates touching markers and lifts them off boundary lines
# Each colour has at least 3:1 contrast with BOUNDARY_FILL (4.3:1 or more). Colour i goes with shape i
# (modulo), so the first five categories differ in both, and 40 categories before a pair repeats.
COLOURS = ("#005a30", "#1d70b8", "#b35900", "#d4351c", "#505a5f", "#4c2c92", "#912b88", "#003078")
SHAPES = ("diamond", "circle", "triangle", "cross", "square")
# CQC ratings keep the same look on every map, whichever of them a map happens to show.
RATING_STYLES = {"outstanding": 0, "good": 1, "requires improvement": 2, "inadequate": 3, "not rated": 4}
DEFAULT_WIDTH = 640
MAX_ASPECT = 1.25  # a tall area is fitted into at most width * 1.25 so the map stays on one screen
PAD_PX = 10.0  # room for a marker on the edge of the box
MARGIN = 0.03  # of the larger span, on every side
MIN_SPAN_DEGREES = 0.01  # a lone point with no boundary still gets a sensible scale

# Key properties in the ONS files (e.g. CTYUA21CD / CTYUA21NM, LAD24CD / LAD24NM).
_CODE_KEY = re.compile(r"^[A-Z]+[0-9]{2}CD$")
# Characters XML 1.0 does not allow at all: dropped rather than letting them break the page.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SAFE_URL = re.compile(r"^(https?://|/|\?|#)|^[^:/?#]*([/?#]|$)", re.IGNORECASE)

Ring = tuple[tuple[float, float], ...]
Polygon = tuple[Ring, ...]  # outer ring then holes


@dataclass(frozen=True)
class Boundary:
    """One area's outline: GSS code, name and polygons in lon/lat."""

    code: str
    name: str
    polygons: tuple[Polygon, ...]

    @property
    def centre(self) -> tuple[float, float] | None:
        """(lat, lon) of the middle of the area's outline (its bounding box): near enough to say
        how far a care home is from the area."""
        points = [point for polygon in self.polygons for point in polygon[0]] if self.polygons else []
        if not points:
            return None
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


@dataclass(frozen=True)
class MapPoint:
    """A location to mark; lon/lat are None when it has not been geocoded."""

    lon: float | None
    lat: float | None
    label: str
    category: str
    url: str | None = None


class LegendEntry(NamedTuple):
    category: str
    colour: str
    shape: str


@dataclass(frozen=True)
class RenderedMap:
    """The SVG, how many points had no usable coordinates, and the legend the page should show."""

    svg: str
    skipped: int
    legend: list[LegendEntry]


def load_boundaries(path: str | Path) -> dict[str, Boundary]:
    """Boundaries in an ONS GeoJSON FeatureCollection, by GSS code. Parsed once per file (they are ~300 KB)."""
    return dict(_load_boundaries(str(Path(path).resolve())))


@lru_cache(maxsize=8)
def _load_boundaries(path: str) -> tuple[tuple[str, Boundary], ...]:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError(f"{path} is not a GeoJSON FeatureCollection")
    boundaries = []
    for number, feature in enumerate(data.get("features") or [], start=1):
        properties = feature.get("properties") or {}
        code_key = next((key for key in properties if _CODE_KEY.match(key)), None)
        if code_key is None:
            raise ValueError(f"{path}: feature {number} has no code property like CTYUA21CD or LAD24CD")
        code = str(properties[code_key])
        name = str(properties.get(code_key[:-2] + "NM") or code)
        boundaries.append((code, Boundary(code, name, _polygons(feature.get("geometry"), f"{path}: {code}"))))
    return tuple(boundaries)


def _polygons(geometry: dict | None, where: str) -> tuple[Polygon, ...]:
    kind = (geometry or {}).get("type")
    if kind == "Polygon":
        parts = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        parts = geometry["coordinates"]
    else:
        raise ValueError(f"{where} has geometry {kind!r}, not Polygon or MultiPolygon")
    return tuple(tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in part) for part in parts)


@dataclass(frozen=True)
class Projection:
    """Equirectangular lon/lat to SVG pixels, longitude shrunk by cos(latitude): true enough for a council area."""

    lon_factor: float
    scale: float
    x0: float  # projected units at pixel x = 0
    y0: float  # latitude at pixel y = 0
    width: int
    height: int

    @classmethod
    def fit(cls, lons: Sequence[float], lats: Sequence[float], width: int = DEFAULT_WIDTH) -> Projection:
        """The projection showing every given coordinate, with a margin, in a viewBox `width` wide."""
        if not lons:
            lons, lats = [-2.5], [53.0]  # nothing to show: somewhere in England rather than a failure
        lon_factor = math.cos(math.radians((min(lats) + max(lats)) / 2))
        left, right = min(lons) * lon_factor, max(lons) * lon_factor
        bottom, top = min(lats), max(lats)
        min_span = MIN_SPAN_DEGREES * lon_factor
        if right - left < min_span:
            left, right = (left + right - min_span) / 2, (left + right + min_span) / 2
        if top - bottom < min_span:
            bottom, top = (bottom + top - min_span) / 2, (bottom + top + min_span) / 2
        margin = MARGIN * max(right - left, top - bottom)
        left, right, bottom, top = left - margin, right + margin, bottom - margin, top + margin
        inner = width - 2 * PAD_PX
        scale = inner / (right - left)
        if (top - bottom) * scale > width * MAX_ASPECT - 2 * PAD_PX:
            scale = (width * MAX_ASPECT - 2 * PAD_PX) / (top - bottom)
        height = math.ceil((top - bottom) * scale + 2 * PAD_PX)
        x0 = (left + right) / 2 - (width / 2) / scale  # centred across the width
        y0 = (bottom + top) / 2 + (height / 2) / scale
        return cls(lon_factor, scale, x0, y0, width, height)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon * self.lon_factor - self.x0) * self.scale, (self.y0 - lat) * self.scale


def legend(categories: Iterable[str]) -> list[LegendEntry]:
    """Colour and shape for each distinct category, in a stable order, for the page to show beside the map.

    CQC ratings always get the same look (and come in rating order); any other category takes the
    next look not already in use, in the order first given.
    """
    distinct = list(dict.fromkeys(categories))
    rated = sorted((c for c in distinct if _rating(c) is not None), key=lambda c: RATING_STYLES[_rating(c)])
    taken = {RATING_STYLES[_rating(c)] for c in rated}
    entries = {c: _style(RATING_STYLES[_rating(c)], c) for c in rated}
    index = 0
    for category in distinct:
        if category in entries:
            continue
        while index in taken:
            index += 1
        entries[category] = _style(index, category)
        taken.add(index)
    return [entries[c] for c in rated] + [entries[c] for c in distinct if c not in rated]


def _rating(category: str) -> str | None:
    key = " ".join(category.replace("_", " ").replace("-", " ").lower().split())
    return key if key in RATING_STYLES else None


def _style(index: int, category: str) -> LegendEntry:
    return LegendEntry(category, COLOURS[index % len(COLOURS)], SHAPES[index % len(SHAPES)])


def legend_icon(shape: str, colour: str, size: int = 16) -> str:
    """A small decorative SVG of one marker, for the HTML legend (the text beside it carries the meaning)."""
    half = size / 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="{_n(-half)} {_n(-half)} '
        f'{size} {size}" aria-hidden="true" focusable="false">'
        f'<g stroke="{MARKER_OUTLINE}" stroke-width="1.5">{_marker(shape, colour, 0.0, 0.0, "")}</g></svg>'
    )


def render_map(
    *,
    boundaries: list[Boundary],
    points: list[MapPoint],
    width: int = DEFAULT_WIDTH,
    title: str,
    description: str,
    id_prefix: str | None = None,
) -> RenderedMap:
    """An inline SVG map of `boundaries` with a marker for each point that has coordinates.

    The view fits the boundaries and all the points. `id_prefix` makes the ids unique when a page
    has more than one map; by default it is derived from the title and description.
    """
    placed = [p for p in points if _has_position(p)]
    lons = [x for b in boundaries for part in b.polygons for ring in part for x, _ in ring]
    lats = [y for b in boundaries for part in b.polygons for ring in part for _, y in ring]
    lons += [p.lon for p in placed]
    lats += [p.lat for p in placed]
    project = Projection.fit(lons, lats, width)

    prefix = _id_prefix(id_prefix, title, description)
    linked = any(_safe_url(p.url) for p in placed)
    styles = {entry.category: entry for entry in legend(p.category for p in placed)}

    # role="img" hides the children from assistive technology, so a map with links is a labelled group.
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{prefix}" class="app-map" role="{"group" if linked else "img"}" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" viewBox="0 0 {project.width} {project.height}">',
        f'<title id="{prefix}-title">{_text(title)}</title>',
        f'<desc id="{prefix}-desc">{_text(description)}</desc>',
    ]
    if linked:
        parts.append(
            f"<style>#{prefix} a:focus{{outline:3px solid #ffdd00;outline-offset:1px}}"
            f"#{prefix} a:focus>*,#{prefix} a:hover>*{{stroke:#0b0c0c;stroke-width:3px}}</style>"
        )
    parts.append(
        f'<g aria-hidden="true" fill="{BOUNDARY_FILL}" stroke="{BOUNDARY_STROKE}" stroke-width="1" '
        'stroke-linejoin="round" fill-rule="evenodd">'
    )
    for boundary in boundaries:
        d = _path(boundary, project)
        if d:
            parts.append(f'<path d="{d}"><title>{_text(boundary.name)}</title></path>')
    parts.append(f'</g><g stroke="{MARKER_OUTLINE}" stroke-width="1.5">')
    for point in placed:
        x, y = project(point.lon, point.lat)
        style = styles[point.category]
        marker = _marker(style.shape, style.colour, x, y, f"<title>{_text(point.label)}</title>")
        url = _safe_url(point.url)
        if url:
            marker = f"<a href={quoteattr(_clean(url))} aria-label={quoteattr(_clean(point.label))}>{marker}</a>"
        parts.append(marker)
    parts.append("</g></svg>")
    return RenderedMap("".join(parts), len(points) - len(placed), list(styles.values()))


def _id_prefix(given: str | None, title: str, description: str) -> str:
    """A valid XML id: the one given, or one stable for the same title and description."""
    if not given:
        digest = hashlib.sha1(f"{title}\n{description}".encode(), usedforsecurity=False).hexdigest()
        return f"map-{digest[:8]}"
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", given)
    return prefix if prefix[0].isalpha() else f"map-{prefix}"


def _has_position(point: MapPoint) -> bool:
    return (
        point.lon is not None
        and point.lat is not None
        and math.isfinite(point.lon)
        and math.isfinite(point.lat)
        and -180 <= point.lon <= 180
        and -90 <= point.lat <= 90
    )


def _safe_url(url: str | None) -> str | None:
    """Only web and relative links: a `javascript:` or `data:` URL in the data must not become a link."""
    url = (url or "").strip()
    return url if url and _SAFE_URL.match(url) else None


def _path(boundary: Boundary, project: Projection) -> str:
    """Path data for all rings, dropping points that land on the same whole pixel as the one before."""
    rings = []
    for part in boundary.polygons:
        for ring in part:
            kept: list[tuple[float, float]] = []
            last_pixel = None
            for lon, lat in ring:
                x, y = project(lon, lat)
                pixel = (round(x), round(y))
                if pixel != last_pixel:
                    kept.append((x, y))
                    last_pixel = pixel
            if len(kept) > 1 and (round(kept[0][0]), round(kept[0][1])) == last_pixel:
                kept.pop()  # GeoJSON repeats the first point; Z closes the ring
            if len(kept) >= 3:
                rest = " ".join(f"{_n(x)} {_n(y)}" for x, y in kept[1:])
                rings.append(f"M{_n(kept[0][0])} {_n(kept[0][1])}L{rest}Z")
    return "".join(rings)


def _cross(arm: float, reach: float) -> tuple[tuple[float, float], ...]:
    plus = [(arm, reach), (arm, arm), (reach, arm), (reach, -arm), (arm, -arm), (arm, -reach),
            (-arm, -reach), (-arm, -arm), (-reach, -arm), (-reach, arm), (-arm, arm), (-arm, reach)]  # fmt: skip
    turn = math.sqrt(0.5)  # rotate 45 degrees into an X
    return tuple(((x - y) * turn, (x + y) * turn) for x, y in plus)


# Outlines around (0, 0), all of about the area of a circle of radius 5 so no category looks bigger.
_OUTLINES = {
    "square": ((-4.5, -4.5), (4.5, -4.5), (4.5, 4.5), (-4.5, 4.5)),
    "diamond": ((0.0, -6.4), (6.4, 0.0), (0.0, 6.4), (-6.4, 0.0)),
    "triangle": ((0.0, -7.7), (6.7, 3.9), (-6.7, 3.9)),
    "cross": _cross(1.9, 6.4),
}


def _marker(shape: str, colour: str, x: float, y: float, inner: str) -> str:
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="5" fill="{colour}">{inner}</circle>'
    points = " ".join(f"{_n(x + dx)} {_n(y + dy)}" for dx, dy in _OUTLINES[shape])
    return f'<path d="M{points}Z" fill="{colour}">{inner}</path>'


def _n(value: float) -> str:
    """A coordinate to one decimal place, without a trailing .0 (smaller SVG)."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _clean(text: str) -> str:
    return _NOT_XML.sub("", str(text))


def _text(text: str) -> str:
    return escape(_clean(text))

"""Drawing care locations on ONS boundaries as accessible inline SVG."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from commissioning.analytics.maps import (
    BOUNDARY_FILL,
    COLOURS,
    Boundary,
    MapPoint,
    legend,
    legend_icon,
    load_boundaries,
    render_map,
)

GEOGRAPHY = Path(__file__).resolve().parents[2] / "core" / "data" / "geography"
CTYUA = GEOGRAPHY / "ctyua_dec2021_buc_england.geojson"
LAD = GEOGRAPHY / "lad_may2024_buc_england.geojson"
TRAFFORD = "E08000009"
SVG = "{http://www.w3.org/2000/svg}"
RATINGS = ["Outstanding", "Good", "Requires improvement", "Inadequate", "Not rated"]


def _trafford() -> Boundary:
    return load_boundaries(CTYUA)[TRAFFORD]


def _extent(boundary: Boundary) -> tuple[float, float, float, float]:
    lons = [lon for part in boundary.polygons for ring in part for lon, _ in ring]
    lats = [lat for part in boundary.polygons for ring in part for _, lat in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _points(count: int, **overrides) -> list[MapPoint]:
    west, south, east, north = _extent(_trafford())
    points = []
    for i in range(count):
        fields = {
            "lon": west + (east - west) * ((i * 0.37) % 1),
            "lat": south + (north - south) * ((i * 0.61) % 1),
            "label": f"Care home number {i}, Trafford",
            "category": RATINGS[i % len(RATINGS)],
            "url": f"/market/providers/1-{100000 + i}/",
        }
        points.append(MapPoint(**(fields | overrides)))
    return points


def _render(points: list[MapPoint], boundaries: list[Boundary] | None = None, **kwargs):
    return render_map(
        boundaries=[_trafford()] if boundaries is None else boundaries,
        points=points,
        title=kwargs.pop("title", "Care homes in Trafford"),
        description=kwargs.pop("description", "Care homes registered with CQC, by rating."),
        **kwargs,
    )


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well-formed XML


def _view_box(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, width, height = (float(v) for v in root.get("viewBox").split())
    return x, y, width, height


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_trafford_loads_from_both_boundary_files():
    for path in (CTYUA, LAD):
        trafford = load_boundaries(path)[TRAFFORD]
        assert trafford.code == TRAFFORD
        assert trafford.name == "Trafford"
        west, south, east, north = _extent(trafford)
        assert -2.5 < west < east < -2.2
        assert 53.3 < south < north < 53.5
    assert len(load_boundaries(CTYUA)) == 152
    assert len(load_boundaries(LAD)) == 296


def test_boundaries_are_parsed_once_per_file():
    first = load_boundaries(CTYUA)
    first.clear()  # the caller's copy: must not empty the cache
    assert load_boundaries(str(CTYUA))[TRAFFORD] is load_boundaries(CTYUA)[TRAFFORD]


def test_reads_polygon_geometry_and_other_ons_code_properties(tmp_path):
    square = [[[-1.0, 52.0], [-0.9, 52.0], [-0.9, 52.1], [-1.0, 52.1], [-1.0, 52.0]]]
    feature = {
        "type": "Feature",
        "properties": {"OBJECTID": 1, "UTLA23CD": "E10000099", "UTLA23NM": "Somewhereshire"},
        "geometry": {"type": "Polygon", "coordinates": square},
    }
    path = tmp_path / "one.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    area = load_boundaries(path)["E10000099"]
    assert area.name == "Somewhereshire"
    assert area.polygons == ((((-1.0, 52.0), (-0.9, 52.0), (-0.9, 52.1), (-1.0, 52.1), (-1.0, 52.0)),),)


def test_rejects_a_file_that_is_not_a_feature_collection(tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "Feature"}))
    with pytest.raises(ValueError, match="FeatureCollection"):
        load_boundaries(path)


def test_a_point_at_traffords_centre_lands_inside_the_view_box():
    west, south, east, north = _extent(_trafford())
    centre = MapPoint((west + east) / 2, (south + north) / 2, "Centre", "Good")
    rendered = _render([centre])
    root = _parse(rendered.svg)
    _, _, width, height = _view_box(root)
    assert width == 640
    [circle] = root.iter(f"{SVG}circle")
    x, y = float(circle.get("cx")), float(circle.get("cy"))
    assert 0 < x < width and 0 < y < height
    # Only Trafford and its centre are shown, so the centre is drawn in the middle of the map.
    assert abs(x - width / 2) < 2 and abs(y - height / 2) < 2
    # ...and the outline fills the width, keeping its aspect ratio (Trafford is wider than tall).
    assert height < width
    assert rendered.skipped == 0


def test_points_without_coordinates_are_skipped_and_counted():
    points = [
        *_points(3),
        MapPoint(None, None, "Not geocoded", "Good"),
        MapPoint(-2.3, None, "Half geocoded", "Good"),
        MapPoint(math.nan, 53.4, "Bad geocode", "Good"),
    ]
    rendered = _render(points)
    assert rendered.skipped == 3
    root = _parse(rendered.svg)
    labels = [t.text for t in root.iter(f"{SVG}title")]
    assert "Not geocoded" not in labels and "Half geocoded" not in labels and "Bad geocode" not in labels
    assert sum(label.startswith("Care home number") for label in labels) == 3


def test_text_is_escaped():
    label = 'Smith & Sons <Care> "Home"'
    rendered = _render(
        [MapPoint(-2.33, 53.43, label, "Good", "/providers/?a=1&b=2")],
        title="Homes <in> Trafford & Sale",
        description='Rated "good" & <better>',
    )
    assert "<Care>" not in rendered.svg and "<in>" not in rendered.svg and "<better>" not in rendered.svg
    root = _parse(rendered.svg)  # well-formed despite the markup characters
    assert root.find(f"{SVG}title").text == "Homes <in> Trafford & Sale"
    assert root.find(f"{SVG}desc").text == 'Rated "good" & <better>'
    [link] = root.iter(f"{SVG}a")
    assert link.get("href") == "/providers/?a=1&b=2"
    assert link.get("aria-label") == label
    assert [t.text for t in link.iter(f"{SVG}title")] == [label]


def test_every_point_with_a_url_is_a_link():
    points = _points(10)
    points[3] = MapPoint(points[3].lon, points[3].lat, "No page", "Good")
    rendered = _render(points)
    root = _parse(rendered.svg)
    links = list(root.iter(f"{SVG}a"))
    assert [link.get("href") for link in links] == [p.url for p in points if p.url]
    assert [link.get("aria-label") for link in links] == [p.label for p in points if p.url]
    for link in links:
        [marker] = list(link)
        assert marker.find(f"{SVG}title").text == link.get("aria-label")
    # role="img" would hide the links from assistive technology, so a map with links is a group.
    assert root.get("role") == "group"
    assert root.get("aria-labelledby") == f"{root.find(f'{SVG}title').get('id')} {root.find(f'{SVG}desc').get('id')}"


def test_a_map_without_links_is_an_image():
    root = _parse(_render(_points(3, url=None)).svg)
    assert root.get("role") == "img"
    assert not list(root.iter(f"{SVG}a"))


def test_script_urls_do_not_become_links():
    rendered = _render(_points(2, url="javascript:alert(1)") + _points(1, url=" JaVaScRiPt:alert(1)"))
    assert "javascript" not in rendered.svg.lower()
    assert not list(_parse(rendered.svg).iter(f"{SVG}a"))


def test_distinct_categories_get_distinct_shapes_and_colours():
    entries = legend(["Good", "Inadequate", "Good", "Outstanding", "not rated", "Requires improvement"])
    assert [e.category for e in entries] == ["Outstanding", "Good", "Requires improvement", "Inadequate", "not rated"]
    assert len({e.shape for e in entries}) == 5
    assert len({e.colour for e in entries}) == 5
    assert {e.shape for e in entries} == {"circle", "square", "triangle", "diamond", "cross"}

    other = legend(["Nursing", "Residential", "Home care", "Supported living", "Extra care"])
    assert len({e.shape for e in other}) == 5
    assert len({(e.colour, e.shape) for e in legend(f"type {i}" for i in range(40))}) == 40


def test_ratings_look_the_same_on_every_map():
    assert legend(["Inadequate"])[0] == legend(RATINGS)[3]
    # another category never borrows a rating's look on the same map
    mixed = legend(["Good", "Unknown"])
    assert mixed[0].shape != mixed[1].shape and mixed[0].colour != mixed[1].colour


def test_each_marker_takes_its_category_look():
    rendered = _render(_points(10, url=None))
    looks = {e.category: e for e in rendered.legend}
    assert list(looks) == RATINGS
    root = _parse(rendered.svg)
    markers = {m.find(f"{SVG}title").text: m for m in root.iter() if m.find(f"{SVG}title") is not None}
    for i, point in enumerate(_points(10)):
        marker = markers[point.label]
        assert marker.get("fill") == looks[point.category].colour
        assert (marker.tag == f"{SVG}circle") == (looks[point.category].shape == "circle"), i


def test_marker_colours_contrast_with_the_boundary_fill():
    for colour in COLOURS:
        assert _contrast(colour, BOUNDARY_FILL) >= 3, colour


def test_trafford_with_sixty_points_is_small():
    rendered = _render(_points(60))
    assert len(rendered.svg.encode()) < 60_000
    root = _parse(rendered.svg)
    assert len(list(root.iter(f"{SVG}a"))) == 60
    # coordinates are written to one decimal place
    [outline] = [p for p in root.iter(f"{SVG}path") if p.find(f"{SVG}title").text == "Trafford"]
    numbers = outline.get("d").replace("M", " ").replace("L", " ").replace("Z", " ").split()
    assert numbers and all(len(n.partition(".")[2]) <= 1 for n in numbers)


def test_ids_differ_between_maps_on_one_page():
    first = _parse(_render(_points(1), title="Map one").svg)
    second = _parse(_render(_points(1), title="Map two").svg)
    assert first.get("id") != second.get("id")
    assert _parse(_render(_points(1), id_prefix="homes map").svg).get("id") == "homes-map"


def test_a_lone_point_without_boundaries_still_draws():
    rendered = _render([MapPoint(-2.33, 53.43, "Alone", "Good")], boundaries=[])
    root = _parse(rendered.svg)
    _, _, width, height = _view_box(root)
    [circle] = root.iter(f"{SVG}circle")
    assert 0 < float(circle.get("cx")) < width and 0 < float(circle.get("cy")) < height
    assert _parse(_render([], boundaries=[]).svg).get("viewBox")


def test_legend_icon_is_decorative_svg():
    icon = _parse(legend_icon("triangle", "#b35900"))
    assert icon.get("aria-hidden") == "true"
    assert icon.find(f"{SVG}g/{SVG}path").get("fill") == "#b35900"

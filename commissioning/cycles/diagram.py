"""Geometry for the cycle diagram: the two concentric IPC cycles drawn as SVG.

The commissioning cycle is the outer ring, the purchasing and contracting cycle the inner ring,
and people who draw on care, carers and providers sit at the centre. Each element is a quarter
of its ring, clockwise from the top (analyse, plan, do, review), with a band along its outer
edge filled in proportion to the activities finished.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from commissioning.cycles.choices import Level
from commissioning.cycles.progress import CycleProgress, ElementProgress

SIZE = 420
CENTRE = SIZE / 2
GAP_DEGREES = 2.0
# (ring inner radius, label area outer radius, progress band outer radius)
RINGS = {Level.STRATEGIC: (138.0, 188.0, 202.0), Level.PURCHASING: (74.0, 118.0, 132.0)}


def _point(radius: float, degrees: float) -> tuple[float, float]:
    radians = math.radians(degrees - 90)  # 0 degrees is straight up
    return CENTRE + radius * math.cos(radians), CENTRE + radius * math.sin(radians)


def sector_path(inner: float, outer: float, start: float, end: float) -> str:
    """An annular sector between two radii and two angles (degrees clockwise from the top)."""
    if end - start <= 0.01:
        return ""
    large = 1 if end - start > 180 else 0
    x1, y1 = _point(outer, start)
    x2, y2 = _point(outer, end)
    x3, y3 = _point(inner, end)
    x4, y4 = _point(inner, start)
    return (
        f"M{x1:.2f},{y1:.2f} A{outer:.2f},{outer:.2f} 0 {large} 1 {x2:.2f},{y2:.2f} "
        f"L{x3:.2f},{y3:.2f} A{inner:.2f},{inner:.2f} 0 {large} 0 {x4:.2f},{y4:.2f} Z"
    )


@dataclass
class Segment:
    level: str
    progress: ElementProgress
    area_path: str
    track_path: str
    done_path: str
    label_x: float
    label_y: float
    is_current: bool


def segments(progress: CycleProgress) -> list[Segment]:
    stage = progress.stage
    result = []
    for level, (inner, label_outer, band_outer) in RINGS.items():
        for index, element in enumerate(progress.for_level(level)):
            start = index * 90 + GAP_DEGREES / 2
            end = (index + 1) * 90 - GAP_DEGREES / 2
            done_end = start + (end - start) * element.percent / 100
            label_x, label_y = _point((inner + label_outer) / 2, (start + end) / 2)
            result.append(
                Segment(
                    level=level,
                    progress=element,
                    area_path=sector_path(inner, label_outer, start, end),
                    track_path=sector_path(label_outer, band_outer, start, end),
                    done_path=sector_path(label_outer, band_outer, start, done_end),
                    label_x=round(label_x, 2),
                    label_y=round(label_y, 2),
                    is_current=level == Level.STRATEGIC and element.element == stage,
                )
            )
    return result

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "population"
DURHAM = DATA / "snpp2022_migcat_county_durham_65plus.csv"

"""Text cleaned the same way by every import, form and document (no Django, so the readers here
use it too)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from functools import lru_cache

# Control characters (NUL included) have no place in names and text: PostgreSQL refuses NUL and
# Word documents refuse the rest. Tab, line feed and carriage return are kept.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Numbers as the service writes them ("-12.5", "-1,234", "-4%"): a minus sign there is arithmetic
# a spreadsheet may do, never a call to anything, so numbers stay numbers.
NUMBER_TEXT = re.compile(r"-?\d[\d,]*(\.\d+)?%?")

# Royal Mail postcode shape (outward code, space optional, inward code); checked, not looked up.
POSTCODE_PATTERN = r"^(GIR ?0AA|[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2})$"


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula if it were a cell."""
    return text[:1] in FORMULA_STARTS and not NUMBER_TEXT.fullmatch(text)


def normalise_postcode(value: str) -> str:
    """Upper case with one space before the inward code ("m320th" -> "M32 0TH")."""
    compact = "".join(value.split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


@lru_cache(maxsize=20000)
def date_from(text: str) -> datetime.date | None:
    """A date written as imports write them: ISO (2026-04-28) or day/month/year (28/04/2026).
    Remembered, since a national file repeats the same few thousand dates."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def plain_number(value: Decimal | int | float) -> str:
    """A figure as people write it: 95.0 reads 95, 12.50 reads 12.5, 2000 reads 2000 (never 2E+3)."""
    return format(Decimal(str(value)).normalize(), "f")

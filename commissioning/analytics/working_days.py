"""Working days and standstill periods, counted as the law counts them.

Procurement Act 2023, s.51: a contracting authority may not enter into a public contract before the
end of the mandatory standstill period, "the period of eight working days beginning with the day" the
contract award notice is published (or a longer period the notice sets). A "working day" under the
Act is a day other than a Saturday or Sunday, Christmas Day or Good Friday, or a bank holiday under
the Banking and Financial Dealings Act 1971 *in any part of the United Kingdom* (s.123, the Act's
interpretation section). So a day off in Scotland or Northern Ireland alone (2 January, the first
Monday in August, St Andrew's Day, St Patrick's Day, 12 July) stops the count for an English council
too. Checked on 4 December 2026: the s.51 wording in the GOV.UK and Welsh Government guidance on
contract award notices and standstill; the "anywhere in the UK" rule in Muckle LLP's commentary on the
Act. The stored copy of s.123 broke off before the definition, so confirm its words at
legislation.gov.uk/ukpga/2023/54/section/123 before relying on this.

The bank holidays come from the `holidays` package (the union of its ENG, WLS, SCT and NIR
calendars, including substitute days and proclaimed one-off days), never from a list kept here; a
bank holiday proclaimed after the installed version was released is unknown until it is upgraded.
Christmas Day and Good Friday are added by rule, because in England and Wales they are common-law
holidays rather than bank holidays under the 1971 Act.

The NHS Provider Selection Regime (SI 2023/1348, reg 12) counts differently: its standstill "begins
on the day after the day" the notice of intention is published, and representations may be made
"before midnight at the end of the 8th working day after the day the standstill period begins".

The Public Contracts Regulations 2015 (SI 2015/102), which still govern procurements begun before 24
February 2025, count calendar days, not working days: where the award decision notices (reg 86) are
sent by fax or electronic means, the standstill "ends at midnight at the end of the 10th day after the
relevant sending date" (reg 87); if that last day is not a working day, the period runs on to midnight
at the end of the next working day. A working day there excludes Saturdays, Sundays, Christmas Day,
Good Friday and bank holidays in England and Wales only, so a Scottish or Northern Irish day off does
not extend it. Sources, as researched for this change: the Regulations' Part 3 Chapter 5 at
legislation.gov.uk, the Crown Commercial Service procurement pathway page on reg 87, and a Lexology
worked example (notices emailed on Tuesday 23 March 2010; the 10th day was Good Friday, so the period
ran to Tuesday 6 April). The words of reg 87 and of the working-day definition (reg 2(1)) were taken
from that research, not read here: confirm them at legislation.gov.uk/uksi/2015/102 before relying on
this. Notices sent by other means get 15 days (reg 87); this service sends them electronically.

Framework-free, like the rest of analytics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.easter import easter  # installed with `holidays`, which depends on it

ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND = "ENG", "WLS", "SCT", "NIR"
UK_PARTS = (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND)
PART_NAMES = {ENGLAND: "England", WALES: "Wales", SCOTLAND: "Scotland", NORTHERN_IRELAND: "Northern Ireland"}
MANDATORY_STANDSTILL = 8  # working days, Procurement Act 2023 s.51(2)
PSR_STANDSTILL = 8  # working days, PSR reg 12(3)
PCR_STANDSTILL = 10  # calendar days after notices sent electronically, PCR 2015 reg 87
ENGLAND_AND_WALES = (ENGLAND, WALES)  # the PCR 2015 bank holidays
ONE_DAY = timedelta(days=1)
# Counting further than this many calendar days means the count is wrong, not the calendar.
LONGEST_SEARCH = 3660


@dataclass(frozen=True)
class Standstill:
    starts: date  # the first day of the period
    last_day: date  # the period ends at midnight at the end of this day
    earliest_signing: date  # the day after the last day: the first day the contract may be entered into
    first_working_day_after: date  # the first working day after the last day, for planning a signing
    working_days: int  # the working days counted; for the PCR 2015's calendar-day count, those in the period
    days_off: tuple[tuple[date, str], ...]  # the weekdays in the period that are not working days, and why
    rule: str  # the rule applied, in words


def non_working_reason(day: date, *, parts: tuple[str, ...] = UK_PARTS) -> str | None:
    """Why `day` is not a working day ("Saturday", "Saint Andrew's Day (bank holiday in Scotland)"),
    or None if it is one."""
    if day.weekday() == 5:
        return "Saturday"
    if day.weekday() == 6:
        return "Sunday"
    return _days_off(day.year, _parts(parts)).get(day)


def is_working_day(day: date, *, parts: tuple[str, ...] = UK_PARTS) -> bool:
    """Not a Saturday or Sunday, Christmas Day, Good Friday or a bank holiday in any of `parts` (by
    default every part of the UK, as the Procurement Act counts)."""
    return non_working_reason(day, parts=parts) is None


def add_working_days(start: date, count: int, *, parts: tuple[str, ...] = UK_PARTS) -> date:
    """The `count`-th working day of a period beginning with `start`: `start` is the first if it is a
    working day itself, otherwise the count starts at the next working day."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"The number of working days must be a whole number of 1 or more, not {count!r}")
    day, counted = start, 0
    for _ in range(LONGEST_SEARCH + count):
        if is_working_day(day, parts=parts):
            counted += 1
            if counted == count:
                return day
        day += ONE_DAY
    raise ValueError(f"{count} working days from {start} run past the end of the calendar")  # pragma: no cover


def standstill(published_on: date, working_days: int = MANDATORY_STANDSTILL) -> Standstill:
    """The Procurement Act standstill for a contract award notice published on `published_on`: the
    period of `working_days` (8, or the longer period the notice sets) beginning with that day.

    The contract may not be entered into "before the end of" the period (s.51(1)); the period ends at
    the end of its last day, so the earliest day is the next calendar day, which may be a weekend or a
    bank holiday. `first_working_day_after` is there for planning a signing with the supplier."""
    if isinstance(working_days, bool) or not isinstance(working_days, int) or working_days < MANDATORY_STANDSTILL:
        raise ValueError(
            f"The standstill under the Procurement Act is at least {MANDATORY_STANDSTILL} working days "
            f"(s.51), not {working_days!r}"
        )
    last_day = add_working_days(published_on, working_days)
    return _standstill(
        published_on,
        last_day,
        working_days,
        f"{working_days} working days beginning with the day the contract award notice is published "
        "(Procurement Act 2023 s.51); weekends, Christmas Day, Good Friday and bank holidays anywhere "
        "in the UK do not count (s.123)",
    )


def psr_standstill(
    notice_on: date, working_days: int = PSR_STANDSTILL, *, parts: tuple[str, ...] = UK_PARTS
) -> Standstill:
    """The Provider Selection Regime standstill for a notice of intention to award published on
    `notice_on` (reg 12). The period begins the next day; representations may be made until midnight
    at the end of the 8th working day *after* that day, so the day after the notice is never counted
    and the 8 working days run from the day after that. NHS England's final statutory guidance says
    the same: the count begins from the day after the notice, which made the period longer than its
    draft had said.

    The PSR applies in England only; its own definition of a working day was not checked, so by
    default this counts with the UK-wide calendar, which can only make the period longer, never
    shorter. Pass `parts=("ENG",)` once England alone is confirmed."""
    if isinstance(working_days, bool) or not isinstance(working_days, int) or working_days < PSR_STANDSTILL:
        raise ValueError(f"The PSR standstill is at least {PSR_STANDSTILL} working days (reg 12), not {working_days!r}")
    starts = notice_on + ONE_DAY
    last_day = add_working_days(starts + ONE_DAY, working_days, parts=parts)
    return _standstill(
        starts,
        last_day,
        working_days,
        f"Begins the day after the notice of intention is published and ends at midnight at the end of "
        f"the {_ordinal(working_days)} working day after that day (Provider Selection Regime reg 12)",
        parts,
    )


def pcr_standstill(sent_on: date, days: int = PCR_STANDSTILL) -> Standstill:
    """The Public Contracts Regulations 2015 standstill for award decision notices (reg 86) sent by
    electronic means on `sent_on`: it ends at midnight at the end of the `days`-th calendar day (10,
    or a longer period the authority chooses) after the sending date, or, if that day is not a working
    day, at midnight at the end of the next working day (reg 87). Working days exclude weekends,
    Christmas Day, Good Friday and bank holidays in England and Wales (reg 2(1)), not the whole UK.

    Notices sent on Tuesday 23 March 2010: the 10th day, Friday 2 April, was Good Friday and Monday
    5 April Easter Monday, so the period ended on Tuesday 6 April and the contract could be signed from
    Wednesday 7 April."""
    if isinstance(days, bool) or not isinstance(days, int) or days < PCR_STANDSTILL:
        raise ValueError(
            f"The standstill under the Public Contracts Regulations 2015 is at least {PCR_STANDSTILL} days "
            f"(reg 87), not {days!r}"
        )
    starts = sent_on + ONE_DAY
    # The first working day on or after the calendar-day end: the day itself if it is one.
    last_day = add_working_days(sent_on + timedelta(days=days), 1, parts=ENGLAND_AND_WALES)
    counted = sum(
        is_working_day(starts + timedelta(days=offset), parts=ENGLAND_AND_WALES)
        for offset in range((last_day - starts).days + 1)
    )
    rule = (
        f"Ends at midnight at the end of the {_ordinal(days)} day after the award decision notices are sent "
        "electronically, or of the next working day if that day is not one (Public Contracts Regulations "
        "2015 reg 87); weekends, Christmas Day, Good Friday and bank holidays in England and Wales are not "
        "working days"
    )
    return _standstill(starts, last_day, counted, rule, ENGLAND_AND_WALES)


def _standstill(
    starts: date, last_day: date, working_days: int, rule: str, parts: tuple[str, ...] = UK_PARTS
) -> Standstill:
    days_off = []
    day = starts
    while day <= last_day:
        reason = non_working_reason(day, parts=parts)
        if reason is not None and day.weekday() < 5:
            days_off.append((day, reason))
        day += ONE_DAY
    after = last_day + ONE_DAY
    return Standstill(
        starts=starts,
        last_day=last_day,
        earliest_signing=after,
        first_working_day_after=add_working_days(after, 1, parts=parts),
        working_days=working_days,
        days_off=tuple(days_off),
        rule=rule,
    )


def _parts(parts: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [part for part in parts if part not in PART_NAMES]
    if unknown or not parts:
        raise ValueError(f"The parts of the UK are {', '.join(PART_NAMES)}, not {parts!r}")
    return tuple(sorted(set(parts), key=UK_PARTS.index))


@lru_cache(maxsize=256)
def _days_off(year: int, parts: tuple[str, ...]) -> dict[date, str]:
    """Every day in `year` that is not a working day other than weekends, with its name and, if it is
    not a day off everywhere counted, where it is one."""
    where: dict[date, dict[str, list[str]]] = {}
    for part in parts:
        for day, names in holidays.UK(subdiv=part, years=year).items():
            for name in names.split("; "):
                where.setdefault(day, {}).setdefault(name, []).append(part)
    # Named in the definition itself, whether or not a calendar holds them as bank holidays.
    for day, name in ((date(year, 12, 25), "Christmas Day"), (easter(year) - 2 * ONE_DAY, "Good Friday")):
        where.setdefault(day, {}).setdefault(name, list(parts))
    return {day: "; ".join(_where(name, found, parts) for name, found in names.items()) for day, names in where.items()}


def _where(name: str, found: list[str], parts: tuple[str, ...]) -> str:
    if len(parts) == 1 or set(found) == set(parts):
        return name
    places = [PART_NAMES[part] for part in UK_PARTS if part in found]
    listed = places[0] if len(places) == 1 else ", ".join(places[:-1]) + " and " + places[-1]
    return f"{name} (bank holiday in {listed})"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"

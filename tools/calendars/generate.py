#!/usr/bin/env python3
"""Generate the working-day calendars in data/calendars/*.toml.

Reads Python's `holidays` package (and `chinesecalendar` for the cross-check of China), applies the
explicit, commented overrides below, checks the result against the official schedules written out in
this file, and writes one TOML file per calendar in the format of data/calendars/README.md.

The output is deterministic: same package versions in, same bytes out (no timestamps, sorted days).
The script refuses to write anything if a check fails.

    pip install holidays==0.109 chinesecalendar==1.11.0
    python3 tools/calendars/generate.py            # writes data/calendars/*.toml
    python3 tools/calendars/generate.py --check    # only checks that the files on disk are up to date
    python3 tools/calendars/generate.py --notes    # prints the per-year exception lists (for README.md)

See tools/calendars/README.md for what was checked against what.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import chinese_calendar
import holidays

REPO = Path(__file__).resolve().parents[2]
OUT_DIR = REPO / "data" / "calendars"

# The versions this script was written and checked against. Another version still runs (its own version
# goes into `source`), but prints a warning: re-read the diff of the generated files before committing.
CHECKED_VERSIONS = {"holidays": "0.109", "chinesecalendar": "1.11.0"}

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WD_NAME = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAME = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

D = dt.date


def fmt_day(d: dt.date, year: bool = False) -> str:
    """'Sat 1 Nov' (or 'Sat 1 Nov 2025'), locale-independent."""
    s = f"{WD_NAME[d.weekday()]} {d.day} {MONTH_NAME[d.month]}"
    return f"{s} {d.year}" if year else s


def days_of(year: int):
    d = D(year, 1, 1)
    while d.year == year:
        yield d
        d += dt.timedelta(days=1)


@dataclass
class Day:
    kind: str  # holiday | working | short
    name: str
    hours: list[str] | None = None


@dataclass
class Calendar:
    id: str
    name: str
    time_zone: str
    covers: tuple[int, int]
    source: str
    week: dict[str, list[str]]
    days: dict[dt.date, Day] = field(default_factory=dict)

    def add(self, d: dt.date, day: Day) -> None:
        if d in self.days:
            raise SystemExit(f"{self.id}: {d} listed twice ({self.days[d]} / {day})")
        self.days[d] = day

    def is_working(self, d: dt.date) -> bool:
        if d in self.days:
            return self.days[d].kind in ("working", "short")
        return bool(self.week.get(WEEKDAYS[d.weekday()]))


def mon_fri(hours: str) -> dict[str, list[str]]:
    return {wd: [hours] for wd in WEEKDAYS[:5]}


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise SystemExit(f"CHECK FAILED: {msg}")


def weekend(d: dt.date) -> bool:
    return d.weekday() >= 5


def pkg_version(dist: str) -> str:
    return version(dist)


HOLIDAYS_V = pkg_version("holidays")
CHINESECAL_V = pkg_version("chinesecalendar")


def transfers(h, year: int) -> dict[dt.date, dt.date]:
    """{weekend day made working or weekend holiday moved: weekday made a day off} from the package's
    substituted holidays (tuples (to_month, to_day, from_month, from_day[, from_year]))."""
    out = {}
    for t in h.special_public_holidays.get(year, ()):
        if not isinstance(t, tuple):
            continue
        if len(t) in (4, 5) and all(isinstance(x, int) for x in t):
            to_m, to_d, from_m, from_d, *from_y = t
            out[D(from_y[0] if from_y else year, from_m, from_d)] = D(year, to_m, to_d)
    return out


# ---------------------------------------------------------------------------------------------------
# Russia
# ---------------------------------------------------------------------------------------------------

RU_YEARS = (2024, 2027)

# The government's decrees "О переносе выходных дней в YYYY году", written out as (weekend day whose
# day off moves, weekday that becomes the day off). The package must agree with these exactly.
RU_DECREES = {
    # Decree No. 1314 of 10.08.2023 (the brief said No. 1335; 1335 is the 2025 decree).
    2024: ("Decree No. 1314 of 10.08.2023", {
        D(2024, 1, 6): D(2024, 5, 10), D(2024, 1, 7): D(2024, 12, 31),
        D(2024, 4, 27): D(2024, 4, 29), D(2024, 11, 2): D(2024, 4, 30),
        D(2024, 12, 28): D(2024, 12, 30)}),
    # Decree No. 1335 of 04.10.2024.
    2025: ("Decree No. 1335 of 04.10.2024", {
        D(2025, 1, 4): D(2025, 5, 2), D(2025, 1, 5): D(2025, 12, 31),
        D(2025, 2, 23): D(2025, 5, 8), D(2025, 3, 8): D(2025, 6, 13),
        D(2025, 11, 1): D(2025, 11, 3)}),
    # Decree No. 1466 of 24.09.2025. 8 Mar (Sun) and 9 May (Sat) move to 9 Mar and 11 May by the Labour
    # Code art. 112 itself (no decree needed); the package has them as "observed".
    2026: ("Decree No. 1466 of 24.09.2025", {
        D(2026, 1, 3): D(2026, 1, 9), D(2026, 1, 4): D(2026, 12, 31)}),
    # Decree No. 1187 of 17.09.2026 (consultant.ru cons_doc_LAW_544706, as cited by holidays 0.109;
    # the same transfers are in xmlcalendar ru/2027). 1 May (Sat), 9 May (Sun) and 12 Jun (Sat) move
    # to 3 May, 10 May and 14 Jun by art. 112.
    2027: ("Decree No. 1187 of 17.09.2026", {
        D(2027, 1, 2): D(2027, 11, 5), D(2027, 1, 3): D(2027, 12, 31),
        D(2027, 2, 20): D(2027, 2, 22)}),
}

# Non-working holidays of Labour Code art. 112 (month, day).
RU_ART112 = {(1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8),
             (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)}

# OVERRIDE (the package has no shortened days): pre-holiday days shortened by one hour, Labour Code
# art. 95 part 1, as published in the production calendars for a 40-hour week (Mintrud / ConsultantPlus,
# also xmlcalendar ru/YYYY/calendar.xml, day type 2). The script also derives them by rule (see
# ru_short_by_rule) and stops if the two disagree.
RU_SHORT_DAYS = {
    2024: {D(2024, 2, 22), D(2024, 3, 7), D(2024, 5, 8), D(2024, 6, 11), D(2024, 11, 2)},
    2025: {D(2025, 3, 7), D(2025, 4, 30), D(2025, 6, 11), D(2025, 11, 1)},
    2026: {D(2026, 4, 30), D(2026, 5, 8), D(2026, 6, 11), D(2026, 11, 3)},
    2027: {D(2027, 2, 20), D(2027, 4, 30), D(2027, 6, 11), D(2027, 11, 3)},
}

# Working days and hours for a 40-hour week, from the same production calendars.
RU_EXPECTED_TOTALS = {2024: (248, 1979), 2025: (247, 1972), 2026: (247, 1972), 2027: (247, 1972)}

RU_SHORT_HOURS = ["09:00-17:00"]


def ru_short_by_rule(cal: Calendar, year: int, swaps: dict[dt.date, dt.date]) -> set[dt.date]:
    """Art. 95: the working day immediately before a non-working holiday (art. 112) is one hour shorter.
    A Saturday made working in exchange for a weekday takes that weekday's length (so 2 Nov 2024, worked
    for Tue 30 Apr, the eve of 1 May, is short; 28 Dec 2024, worked for Mon 30 Dec, is not)."""
    out = set()
    for d in days_of(year):
        if not cal.is_working(d):
            continue
        ref = swaps.get(d, d) if weekend(d) else d
        nxt = ref + dt.timedelta(days=1)
        if (nxt.month, nxt.day) in RU_ART112:
            out.add(d)
    return out


# English names for the package's en_US RU names that read badly.
RU_NAMES = {
    "New Year Holidays": "New Year holidays",
    "Christmas Day": "Orthodox Christmas",
    "Holiday of Spring and Labor": "Spring and Labour Day",
}


def ru_name(s: str | None) -> str | None:
    if s is None:
        return None
    for a, b in RU_NAMES.items():
        s = s.replace(a, b)
    return s


def build_ru() -> Calendar:
    y0, y1 = RU_YEARS
    h = holidays.country_holidays("RU", years=range(y0 - 1, y1 + 2), language="en_US")
    cal = Calendar(
        id="ru",
        name="Russia: production calendar (5-day week)",
        time_zone="Europe/Moscow",
        covers=RU_YEARS,
        source=(
            f"Python holidays {HOLIDAYS_V} (RU): non-working holidays of Labour Code art. 112 and the "
            "government's transfers of days off (2024: decree No. 1314 of 10.08.2023; 2025: No. 1335 of "
            "04.10.2024; 2026: No. 1466 of 24.09.2025; 2027: No. 1187 of 17.09.2026), checked against "
            "those decrees and the xmlcalendar production calendars; pre-holiday days shortened by one "
            "hour (art. 95) added by tools/calendars/generate.py from the published production calendars"
        ),
        week=mon_fri("09:00-18:00"),
    )
    for year in range(y0, y1 + 1):
        decree, official = RU_DECREES[year]
        # Transfers in the package (weekend source days only; cross-year ones are listed under `year`).
        pkg = {f: t for f, t in transfers(h, year).items() if weekend(f)}
        check(pkg == official, f"RU {year}: package transfers {pkg} != {decree} {official}")
        # Swap table for working weekend days: weekend day made working -> weekday made off for it.
        swaps = {f: t for f, t in official.items() if f.year == year and f not in h}
        check(sorted(swaps) == sorted(d for d in h.weekend_workdays if d.year == year),
              f"RU {year}: weekend working days {sorted(swaps)} != package {sorted(h.weekend_workdays)}")
        from_of = {t: f for f, t in official.items()}

        for d in days_of(year):
            if not weekend(d) and d in h:
                if d in from_of:
                    f = from_of[d]
                    src = ru_name(h.get(f)) if f in h else None
                    name = f"Transferred day off (from {fmt_day(f, f.year != year)}" + (
                        f", {src})" if src else ")")
                else:
                    name = ru_name(h.get(d))
                cal.add(d, Day("holiday", name))
            elif weekend(d) and d in swaps:
                cal.add(d, Day("working", f"Transferred working day (for {fmt_day(swaps[d])})"))

        derived = ru_short_by_rule(cal, year, swaps)
        check(derived == RU_SHORT_DAYS[year],
              f"RU {year}: short days by rule {sorted(derived)} != published {sorted(RU_SHORT_DAYS[year])}")
        for d in sorted(RU_SHORT_DAYS[year]):
            check(cal.is_working(d), f"RU {d} short day is not a working day")
            if d in cal.days:  # a working Saturday that is also shortened
                base = cal.days.pop(d)
                cal.add(d, Day("short", f"{base.name}, shortened pre-holiday day", RU_SHORT_HOURS))
            else:
                nxt = d + dt.timedelta(days=1)
                cal.add(d, Day("short", f"Pre-holiday day, one hour shorter (eve of {ru_name(h.get(nxt))})",
                               RU_SHORT_HOURS))

        n = sum(cal.is_working(d) for d in days_of(year))
        hours = n * 8 - len(RU_SHORT_DAYS[year])
        check((n, hours) == RU_EXPECTED_TOTALS[year],
              f"RU {year}: {n} days / {hours} h != production calendar {RU_EXPECTED_TOTALS[year]}")
        pkg_n = sum(h.is_working_day(d) for d in days_of(year))
        check(n == pkg_n, f"RU {year}: {n} working days != package {pkg_n}")
    return cal


# ---------------------------------------------------------------------------------------------------
# China
# ---------------------------------------------------------------------------------------------------

# 2027: the State Council's notice on the 2027 holidays is in neither package (chinesecalendar 1.11.0
# stops at 2026, holidays 0.109 has no 2027 make-up working days), so 2027 is not covered.
CN_YEARS = (2024, 2026)

# State Council General Office notices (国务院办公厅关于YYYY年部分节假日安排的通知), make-up working days.
CN_NOTICES = {
    2024: ("notice of 25.10.2023",
           {D(2024, 2, 4), D(2024, 2, 18), D(2024, 4, 7), D(2024, 4, 28), D(2024, 5, 11),
            D(2024, 9, 14), D(2024, 9, 29), D(2024, 10, 12)}),
    2025: ("notice of 12.11.2024",
           {D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)}),
    2026: ("notice of 04.11.2025",
           {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20),
            D(2026, 10, 10)}),
}
CN_EXPECTED_TOTALS = {2024: 251, 2025: 248, 2026: 248}

CN_NAMES = {  # chinesecalendar's English names -> ours
    "New Year's Day": "New Year's Day",
    "Spring Festival": "Spring Festival",
    "Tomb-sweeping Day": "Qingming Festival",
    "Labour Day": "Labour Day",
    "Dragon Boat Festival": "Dragon Boat Festival",
    "Mid-autumn Festival": "Mid-Autumn Festival",
    "National Day": "National Day",
}


def build_cn() -> Calendar:
    y0, y1 = CN_YEARS
    h = holidays.country_holidays("CN", years=range(y0 - 1, y1 + 2), language="en_US")
    cal = Calendar(
        id="cn",
        name="China: State Council holiday schedule",
        time_zone="Asia/Shanghai",
        covers=CN_YEARS,
        source=(
            f"Python holidays {HOLIDAYS_V} (CN): statutory holidays, days off and make-up working days of "
            "the State Council General Office's annual notices (2024: of 25.10.2023; 2025: of 12.11.2024; "
            f"2026: of 04.11.2025), cross-checked day by day against chinesecalendar {CHINESECAL_V}. "
            "2027 not covered: the 2027 notice is in neither package"
        ),
        week=mon_fri("09:00-18:00"),
    )
    for year in range(y0, y1 + 1):
        notice, makeup = CN_NOTICES[year]
        swaps = {f: t for f, t in transfers(h, year).items()}
        for d in days_of(year):
            pkg_work = h.is_working_day(d)
            cc_work = chinese_calendar.is_workday(d)
            check(pkg_work == cc_work, f"CN {d}: holidays says working={pkg_work}, chinesecalendar {cc_work}")
            _, cc_name = chinese_calendar.get_holiday_detail(d)
            if not weekend(d) and not pkg_work:
                base = CN_NAMES[cc_name]
                src = next((f for f, t in swaps.items() if t == d), None)
                name = f"{base} (day off in exchange for {fmt_day(src)})" if src else base
                cal.add(d, Day("holiday", name))
            elif weekend(d) and pkg_work:
                base = CN_NAMES[cc_name]
                to = swaps.get(d)
                name = f"Make-up working day, {base}" + (f" (for {fmt_day(to)})" if to else "")
                cal.add(d, Day("working", name))
        got = {d for d, x in cal.days.items() if d.year == year and x.kind == "working"}
        check(got == makeup, f"CN {year}: make-up days {sorted(got)} != {notice} {sorted(makeup)}")
        n = sum(cal.is_working(d) for d in days_of(year))
        check(n == CN_EXPECTED_TOTALS[year], f"CN {year}: {n} working days != {CN_EXPECTED_TOTALS[year]}")
    return cal


# ---------------------------------------------------------------------------------------------------
# Bulgaria
# ---------------------------------------------------------------------------------------------------

BG_YEARS = (2024, 2027)

# Days the Council of Ministers declared non-working (Labour Code art. 154(2)). Both are in the package;
# they are listed here so the check fails if they disappear, and to name the decision. No Saturday was
# made a working day in exchange. No other decision for 2024-2027 is known to this script.
BG_COUNCIL_DAYS = {
    D(2025, 12, 31): "Non-working day for the euro changeover (Council of Ministers decision No. 808 of 19.11.2025)",
    D(2026, 1, 2): "Non-working day for the euro changeover (Council of Ministers decision No. 808 of 19.11.2025)",
}
BG_EXPECTED_TOTALS = {2024: 251, 2025: 248, 2026: 248, 2027: 249}


def build_bg() -> Calendar:
    y0, y1 = BG_YEARS
    h = holidays.country_holidays("BG", years=range(y0 - 1, y1 + 2), language="en_US")
    cal = Calendar(
        id="bg",
        name="Bulgaria: official holidays (Labour Code art. 154)",
        time_zone="Europe/Sofia",
        covers=BG_YEARS,
        source=(
            f"Python holidays {HOLIDAYS_V} (BG): official holidays of Labour Code art. 154(1) with the "
            "substitute days off of art. 154(2) when a holiday (other than Easter) falls on a weekend; "
            "plus 31.12.2025 and 02.01.2026, declared non-working by Council of Ministers decision No. 808 "
            "of 19.11.2025 (no Saturday worked in exchange). No other Council of Ministers decision moving "
            "days in 2024-2027 was found as of 2026-11-22"
        ),
        week=mon_fri("09:00-18:00"),
    )
    for year in range(y0, y1 + 1):
        check(not [d for d in h.weekend_workdays if d.year == year], f"BG {year}: unexpected working weekend")
        for d in days_of(year):
            if not weekend(d) and d in h:
                # The package names Easter Sunday and Easter Monday both "Easter".
                names = ["Easter Monday" if n == "Easter" and d.weekday() == 0 else n for n in h.get_list(d)]
                cal.add(d, Day("holiday", BG_COUNCIL_DAYS.get(d, "; ".join(names))))
        n = sum(cal.is_working(d) for d in days_of(year))
        check(n == BG_EXPECTED_TOTALS[year], f"BG {year}: {n} working days != {BG_EXPECTED_TOTALS[year]}")
    for d in BG_COUNCIL_DAYS:
        check(d in cal.days, f"BG {d}: Council of Ministers day missing from the package")
    return cal


# ---------------------------------------------------------------------------------------------------
# India
# ---------------------------------------------------------------------------------------------------

# 2027: the package's 2027 dates are computed, and its Islamic ones are marked "(estimated)"; the
# Department of Personnel and Training's 2027 list is not in it, so 2027 is not covered.
IN_YEARS = (2024, 2026)


def build_in() -> Calendar:
    y0, y1 = IN_YEARS
    h = holidays.country_holidays("IN", years=range(y0, y1 + 1), language="en_IN")
    cal = Calendar(
        id="in",
        name="India: national and central-government gazetted holidays",
        time_zone="Asia/Kolkata",
        covers=IN_YEARS,
        source=(
            f"Python holidays {HOLIDAYS_V} (IN, category public): the three national holidays (Republic Day "
            "26 Jan, Independence Day 15 Aug, Gandhi Jayanti 2 Oct) and the central-government gazetted "
            "(closed) holidays of the DoPT list for offices in Delhi/New Delhi (the 14 compulsory ones and "
            "the three chosen for Delhi), plus Dr. B. R. Ambedkar's Jayanti (14 Apr), which the package "
            "counts as a public holiday (declared for central-government offices by separate DoPT "
            "memoranda, e.g. of 27.03.2025). No state holidays, no restricted holidays. Islamic holidays on the "
            "dates of the DoPT list (moon-sighting changes announced later are not included). 2027 not "
            "covered: the package has only estimates for 2027"
        ),
        week=mon_fri("09:30-18:00"),
    )
    for year in range(y0, y1 + 1):
        for name in ("Republic Day", "Independence Day", "Mahatma Gandhi's Jayanti"):
            check(any(name in n for d, n in h.items() if d.year == year), f"IN {year}: {name} missing")
        for d in days_of(year):
            if d in h:
                check("estimated" not in h.get(d), f"IN {d}: estimated date {h.get(d)}")
                if not weekend(d):
                    cal.add(d, Day("holiday", h.get(d)))
    return cal


# ---------------------------------------------------------------------------------------------------
# California
# ---------------------------------------------------------------------------------------------------

US_CA_YEARS = (2024, 2027)

# State holidays on which California state offices close: the holidays of Government Code §19853(a),
# observed as CalHR publishes them: a Sunday holiday on the following Monday; a Saturday holiday is not
# moved (employees get holiday credit), except 11 November, observed on the preceding Friday.
# The package's CA list (holidays 0.109) also has Juneteenth, Susan B. Anthony Day (15 Feb) and, from
# 2026, Diwali, and moves Saturday holidays to Friday by the federal rule. Juneteenth and Diwali are
# holidays in Gov. Code §6700, but state employees may only elect to take them in lieu of their personal
# holiday (§19853), so state offices stay open; Susan B. Anthony Day is a day of observance. We drop them.
US_CA_STATE_HOLIDAYS = {
    "New Year's Day", "Martin Luther King Jr. Day", "Presidents' Day", "Cesar Chavez Day",
    "Memorial Day", "Independence Day", "Labor Day", "Veterans Day", "Thanksgiving Day",
    "Day After Thanksgiving", "Christmas Day",
}


def build_us_ca() -> Calendar:
    y0, y1 = US_CA_YEARS
    h = holidays.country_holidays("US", subdiv="CA", years=range(y0 - 1, y1 + 2), observed=False)
    cal = Calendar(
        id="us-ca",
        name="California: state holidays",
        time_zone="America/Los_Angeles",
        covers=US_CA_YEARS,
        source=(
            f"Python holidays {HOLIDAYS_V} (US, subdiv CA), restricted to the state holidays of Government "
            "Code §19853(a) on which state offices close (New Year's Day, Martin Luther King Jr. Day, "
            "Presidents' Day, Cesar Chavez Day, Memorial Day, Independence Day, Labor Day, Veterans Day, "
            "Thanksgiving Day and the day after, Christmas Day), observed as CalHR does: Sunday -> Monday, "
            "Saturday not moved except 11 Nov -> Friday. Juneteenth, Diwali and the other §6700 days that "
            "employees may only elect to take are not included"
        ),
        week=mon_fri("09:00-17:00"),
    )
    seen = set()
    for d, _ in sorted(h.items()):
        for name in h.get_list(d):
            if name not in US_CA_STATE_HOLIDAYS:
                continue
            if d.weekday() == 6:
                obs, label = d + dt.timedelta(days=1), f"{name} (observed)"
            elif d.weekday() == 5 and name == "Veterans Day":
                obs, label = d - dt.timedelta(days=1), f"{name} (observed)"
            elif d.weekday() == 5:
                continue
            else:
                obs, label = d, name
            if y0 <= obs.year <= y1:
                check(obs not in cal.days, f"US-CA {obs}: two holidays on one day")
                cal.add(obs, Day("holiday", label))
                seen.add((obs.year, name))
    for year in range(y0, y1 + 1):
        # Every one of the 11 holidays is there unless it fell on a Saturday.
        for name in US_CA_STATE_HOLIDAYS:
            on_sat = any(n == name and d.year == year and d.weekday() == 5
                         for d in h for n in h.get_list(d))
            check((year, name) in seen or on_sat, f"US-CA {year}: {name} missing")
    return cal


# ---------------------------------------------------------------------------------------------------
# EU and 24x7
# ---------------------------------------------------------------------------------------------------


def build_eu() -> Calendar:
    return Calendar(
        id="eu",
        name="EU: plain working week (Regulation 1182/71)",
        time_zone="Europe/Brussels",
        covers=(2024, 2027),
        source=(
            "Plain EU working week used for counting periods under Regulation (EEC, Euratom) No 1182/71 "
            "when no national calendar applies: Monday to Friday, no holidays (tools/calendars/generate.py)"
        ),
        week=mon_fri("09:00-18:00"),
    )


def build_24x7() -> Calendar:
    return Calendar(
        id="24x7",
        name="Every day, around the clock",
        time_zone="UTC",
        covers=(2024, 2027),
        source="Every day 00:00-24:00 UTC, no exceptions (tools/calendars/generate.py)",
        week={wd: ["00:00-24:00"] for wd in WEEKDAYS},
    )


# ---------------------------------------------------------------------------------------------------
# TOML output
# ---------------------------------------------------------------------------------------------------


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def qlist(xs: list[str]) -> str:
    return "[" + ", ".join(q(x) for x in xs) + "]"


def to_toml(cal: Calendar) -> str:
    lines = [
        f"id = {q(cal.id)}",
        f"name = {q(cal.name)}",
        f"time_zone = {q(cal.time_zone)}",
        f"covers = [{cal.covers[0]}, {cal.covers[1]}]",
        f"source = {q(cal.source)}",
        "",
        "[week]",
    ]
    for wd in WEEKDAYS:
        if cal.week.get(wd):
            lines.append(f"{wd} = {qlist(cal.week[wd])}")
    for d in sorted(cal.days):
        check(cal.covers[0] <= d.year <= cal.covers[1], f"{cal.id}: {d} outside covers")
        day = cal.days[d]
        check(day.kind in ("holiday", "working", "short"), f"{cal.id} {d}: kind {day.kind}")
        if day.kind == "holiday":
            check(bool(cal.week.get(WEEKDAYS[d.weekday()])), f"{cal.id} {d}: holiday on a day off")
        if day.kind == "working":
            check(not cal.week.get(WEEKDAYS[d.weekday()]), f"{cal.id} {d}: working day on a working day")
        if day.kind == "short":
            check(bool(day.hours), f"{cal.id} {d}: short day without hours")
        lines += ["", "[[day]]", f"date = {q(d.isoformat())}", f"kind = {q(day.kind)}", f"name = {q(day.name)}"]
        if day.hours:
            lines.append(f"hours = {qlist(day.hours)}")
    return "\n".join(lines) + "\n"


BUILDERS = {
    "ru": build_ru,
    "cn": build_cn,
    "bg": build_bg,
    "in": build_in,
    "us-ca": build_us_ca,
    "eu": build_eu,
    "24x7": build_24x7,
}


def notes(cals: list[Calendar]) -> str:
    out = []
    for cal in cals:
        if not cal.days:
            continue
        out.append(f"### {cal.id}")
        for year in range(cal.covers[0], cal.covers[1] + 1):
            n = sum(cal.is_working(d) for d in days_of(year))
            out.append(f"\n{year}: {n} working days")
            ys = [d for d in sorted(cal.days) if d.year == year]
            groups = (
                ("weekdays off", [d for d in ys if cal.days[d].kind == "holiday"]),
                ("weekend days worked", [d for d in ys if cal.days[d].kind != "holiday" and weekend(d)]),
                ("shortened days", [d for d in ys if cal.days[d].kind == "short"]),
            )
            for title, ds in groups:
                if ds:
                    out.append(f"- {title} ({len(ds)}): " + ", ".join(fmt_day(d) for d in ds))
        out.append("")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    ap.add_argument("--notes", action="store_true", help="print the per-year exception lists")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args()

    for dist, v in CHECKED_VERSIONS.items():
        if pkg_version(dist) != v:
            print(f"warning: {dist} {pkg_version(dist)} installed, this script was checked with {v}",
                  file=sys.stderr)

    cals = [build() for build in BUILDERS.values()]
    if args.notes:
        print(notes(cals))
        return 0
    stale = []
    for cal in cals:
        path = args.out / f"{cal.id}.toml"
        text = to_toml(cal)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path} "
                  f"({len(cal.days)} exceptions, covers {cal.covers[0]}-{cal.covers[1]})")
    if stale:
        print("out of date: " + ", ".join(str(p) for p in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

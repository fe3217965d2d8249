#!/usr/bin/env python3
"""Print working days per month for ru, cn and bg in 2025 and 2026, counted from the TOML files in
data/calendars/, next to the counts of the reference packages for the same months:

    ru, bg   Python `holidays` (HolidayBase.is_working_day, which honours weekend working days)
    cn       Python `holidays` and `chinesecalendar` (chinese_calendar.is_workday)

For Russia it also prints the norm of working hours for a 40-hour week (8 h a day, 7 h on a shortened
pre-holiday day), the figure the production calendar publishes.

Reads the TOML files on its own (it does not import generate.py), so it checks what was written.
Exits 1 if any count differs.

    python3 tools/calendars/reference_check.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import chinese_calendar
import holidays

CAL_DIR = Path(__file__).resolve().parents[2] / "data" / "calendars"
YEARS = (2025, 2026)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Totals to check against by eye (working days for a 5-day week; Russia also the 40-hour-week norm).
EXPECTED = {
    ("ru", 2025): "247 days, 1972 h (production calendar 2025; decree No. 1335 of 04.10.2024)",
    ("ru", 2026): "247 days, 1972 h (production calendar 2026; decree No. 1466 of 24.09.2025)",
    ("cn", 2025): "248 days (261 weekdays - 18 weekdays off + 5 make-up days, notice of 12.11.2024)",
    ("cn", 2026): "248 days (261 weekdays - 19 weekdays off + 6 make-up days, notice of 04.11.2025)",
    ("bg", 2025): "248 days (249 before decision No. 808 of 19.11.2025 made 31 Dec a day off)",
    ("bg", 2026): "248 days (as reported by BNT, with 2 Jan off by decision No. 808)",
}


class TomlCalendar:
    def __init__(self, cal_id: str):
        data = tomllib.loads((CAL_DIR / f"{cal_id}.toml").read_text(encoding="utf-8"))
        assert data["id"] == cal_id
        self.covers = tuple(data["covers"])
        self.week = data["week"]
        self.days = {dt.date.fromisoformat(d["date"]): d for d in data.get("day", [])}

    def is_working(self, d: dt.date) -> bool:
        if self.covers[0] <= d.year <= self.covers[1] and d in self.days:
            return self.days[d]["kind"] in ("working", "short")
        return bool(self.week.get(WEEKDAYS[d.weekday()]))

    def is_short(self, d: dt.date) -> bool:
        return d in self.days and self.days[d]["kind"] == "short"


def month_days(year: int, month: int):
    d = dt.date(year, month, 1)
    while d.month == month:
        yield d
        d += dt.timedelta(days=1)


def main() -> int:
    print(f"reference packages: holidays {version('holidays')}, chinesecalendar {version('chinesecalendar')}")
    ok = True
    for cal_id, country in (("ru", "RU"), ("cn", "CN"), ("bg", "BG")):
        cal = TomlCalendar(cal_id)
        h = holidays.country_holidays(country, years=range(YEARS[0] - 1, YEARS[-1] + 2))
        for year in YEARS:
            cols = ["month", "toml", "holidays"] + (["chinesecal"] if cal_id == "cn" else [])
            if cal_id == "ru":
                cols.append("toml hours")
            print(f"\n{cal_id} {year} (covers {cal.covers[0]}-{cal.covers[1]})")
            print("  " + "  ".join(f"{c:>10}" for c in cols))
            tot = {"toml": 0, "holidays": 0, "chinesecal": 0, "hours": 0}
            for month in range(1, 13):
                days = list(month_days(year, month))
                t = sum(cal.is_working(d) for d in days)
                p = sum(h.is_working_day(d) for d in days)
                row = [f"{year}-{month:02d}", str(t), str(p)]
                agree = t == p
                tot["toml"] += t
                tot["holidays"] += p
                if cal_id == "cn":
                    c = sum(chinese_calendar.is_workday(d) for d in days)
                    row.append(str(c))
                    agree = agree and t == c
                    tot["chinesecal"] += c
                if cal_id == "ru":
                    hrs = sum(8 - cal.is_short(d) for d in days if cal.is_working(d))
                    row.append(str(hrs))
                    tot["hours"] += hrs
                ok = ok and agree
                print("  " + "  ".join(f"{x:>10}" for x in row) + ("" if agree else "   <-- DIFFERS"))
            row = ["total", str(tot["toml"]), str(tot["holidays"])]
            if cal_id == "cn":
                row.append(str(tot["chinesecal"]))
            if cal_id == "ru":
                row.append(str(tot["hours"]))
            print("  " + "  ".join(f"{x:>10}" for x in row))
            print(f"  expected: {EXPECTED[(cal_id, year)]}")
    print("\nall counts agree" if ok else "\nSOME COUNTS DIFFER")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

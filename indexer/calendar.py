"""China's working-day calendar, and due dates counted on it.

Which days are working days is announced by the State Council each year (usually in November for
the next year): statutory holidays, and weekend days that become working days to make up for them
(调休). The dates come from the `chinese-calendar` package, which carries exactly the announced
years and refuses the others; `rules/calendar.yml` adds years it does not have yet or corrects a
year (see docs/authoring.md, "Working-day calendar", for why this package and not `holidays`).

Counting rules (docs/authoring.md gives them to authors with the same sources):

- Working days (`N个工作日`): the day of acceptance is not counted; the deadline is the Nth working
  day after it. 行政许可法 第八十二条: licensing limits are counted in working days, holidays excluded.
- Natural days and months (`30日`, `3个月`): the day of acceptance is not counted (民法典 第二百零一条,
  民事诉讼法 第八十五条); a month ends on the corresponding day of the last month, or on that month's
  last day when it has none (民法典 第二百零二条); a last day that is not a working day moves to the
  next working day (民法典 第二百零三条, 民事诉讼法 第八十五条).
- Hours: counted from acceptance (民法典 第二百零一条); with a date only, the due date is the day the
  hours run out, counting whole days of 24 hours.
- Immediate (`即办`): the day of acceptance.
"""

from __future__ import annotations

import calendar as _monthcal
import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .diagnostics import Report
from .errors import InputError
from .frontmatter import SourceError, parse_yaml, read_text
from .i18n import _
from .timelimits import TimeLimit, Unit

CALENDAR_FILE = "calendar.yml"
"""The project's own additions and corrections, next to the rule files."""

COVERAGE_MONTHS = 12
"""`check` warns when the calendar ends within this many months: limits started today reach that far."""


class CalendarError(InputError):
    """A date the calendar cannot answer for (a year nobody has announced yet)."""


@dataclass
class WorkingCalendar:
    """Working days: Monday to Friday, minus `holidays`, plus the make-up `workdays`, for the `years` known."""

    years: set[int] = field(default_factory=set)
    holidays: set[date] = field(default_factory=set)
    workdays: set[date] = field(default_factory=set)
    sources: dict[int, str] = field(default_factory=dict)
    """Where each year's dates come from: the package, or the project file."""

    def covers(self, day: date) -> bool:
        return day.year in self.years

    def _require(self, day: date) -> None:
        if day.year not in self.years:
            first, last = (min(self.years), max(self.years)) if self.years else (0, 0)
            known = _("{first} to {last}").format(first=first, last=last) if self.years else _("no year")
            raise CalendarError(
                _(
                    "{year} is not in the working-day calendar (it covers {known}): "
                    "add the State Council's holiday arrangement for {year} to rules/calendar.yml"
                ).format(year=day.year, known=known)
            )

    def is_working_day(self, day: date) -> bool:
        self._require(day)
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`th working day after `start` (the start day itself is not counted)."""
        day = start
        left = count
        while left > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def due(self, start: date, limit: TimeLimit) -> date:
        """When a limit that starts on `start` runs out, by the counting rules in the module docstring."""
        try:
            return self._due(start, limit)
        except (OverflowError, ValueError) as exc:  # past year 9999: certainly outside the calendar
            if isinstance(exc, CalendarError):
                raise
            raise CalendarError(
                _("'{limit}' from {start} ends beyond the working-day calendar").format(limit=limit.raw, start=start)
            ) from None

    def _due(self, start: date, limit: TimeLimit) -> date:
        if limit.unit is Unit.IMMEDIATE:
            return start
        if limit.unit is Unit.HOURS:
            return start + timedelta(days=math.floor(limit.amount / 24))
        if limit.unit is Unit.WORKING_DAYS:
            self._require(start)
            return self.add_working_days(start, math.ceil(limit.amount))
        if limit.unit is Unit.CALENDAR_DAYS:
            return self.next_working_day(start + timedelta(days=math.ceil(limit.amount)))
        return self.next_working_day(add_months(start, math.ceil(limit.amount)))

    def to_json(self) -> dict[str, Any]:
        """What the page calculator needs: the years known and the exceptions to Monday-to-Friday."""
        return {
            "years": sorted(self.years),
            "holidays": sorted(d.isoformat() for d in self.holidays),
            "workdays": sorted(d.isoformat() for d in self.workdays),
        }


def calendar_from_json(data: dict[str, Any]) -> WorkingCalendar:
    """The calendar as `to_json` wrote it (frozen with a release for the server)."""
    return WorkingCalendar(
        years=set(data["years"]),
        holidays={date.fromisoformat(d) for d in data["holidays"]},
        workdays={date.fromisoformat(d) for d in data["workdays"]},
    )


def add_months(start: date, months: int) -> date:
    """The corresponding day `months` later, or that month's last day when it has none (民法典 第二百零二条)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, _monthcal.monthrange(year, month)[1]))


def package_calendar() -> WorkingCalendar:
    """The years `chinese-calendar` carries, exactly as the State Council announced them."""
    from chinese_calendar import constants

    years = {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    return WorkingCalendar(
        years=years,
        holidays=set(constants.holidays),
        workdays=set(constants.workdays),
        sources=dict.fromkeys(years, "chinese-calendar"),
    )


_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|~|～|至|to)\s*(\d{4}-\d{2}-\d{2})\s*$")


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _dates(value: object) -> list[date]:
    """One date, or a range written `2027-10-01..2027-10-07` (also `~` or `至`)."""
    if isinstance(value, date):
        return [value]
    if isinstance(value, str):
        m = _RANGE.match(value)
        first, last = (_iso(m.group(1)), _iso(m.group(2))) if m else (_iso(value), None)
        if m and first and last:
            if last < first:
                raise ValueError(_("range '{value}' ends before it starts").format(value=value))
            return [first + timedelta(days=n) for n in range((last - first).days + 1)]
        if not m and first:
            return [first]
    raise ValueError(_("'{value}' is not a date (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)").format(value=value))


def load_calendar(rules: Path, display: str | None = None, report: Report | None = None) -> WorkingCalendar:
    """The package's years with the project file's years laid over them (a year in the file replaces the package's).

    Problems in the file go to `report` with their line; the years that are wrong are left out, never guessed.
    """
    report = report if report is not None else Report()
    cal = package_calendar()
    path = rules / CALENDAR_FILE if rules.is_dir() else rules.parent / CALENDAR_FILE
    if not path.is_file():
        return cal
    shown = display or str(path)
    try:
        data, lines = parse_yaml(read_text(path), first_line=1)
    except SourceError as exc:
        report.add(shown, exc.line, "calendar", exc.message.replace(" in front matter", "").replace("元数据中的 YAML", "YAML"))
        return cal
    if data is None:
        return cal
    if not isinstance(data, dict) or not isinstance(data.get("years", {}), dict) or set(data) - {"years"}:
        report.add(shown, 1, "calendar", _("calendar.yml holds one key, 'years', mapping each year to its holidays and workdays"))
        return cal
    for year, spec in (data.get("years") or {}).items():
        line = lines.get(("years", str(year)), 1)
        if not isinstance(year, int) or not 1949 < year < 2200:
            report.add(shown, line, "calendar", _("'{year}' is not a year").format(year=year))
            continue
        if not isinstance(spec, dict) or set(spec) - {"holidays", "workdays", "source"}:
            report.add(
                shown,
                line,
                "calendar",
                _("year {year}: give 'holidays', 'workdays' and 'source' (and nothing else)").format(year=year),
            )
            continue
        parsed: dict[str, set[date]] = {"holidays": set(), "workdays": set()}
        ok = True
        for key in ("holidays", "workdays"):
            entries = spec.get(key) or []
            if not isinstance(entries, list):
                entries = [entries]
            for n, entry in enumerate(entries):
                where = lines.get(("years", str(year), key, n), lines.get(("years", str(year), key), line))
                try:
                    days = _dates(entry)
                except ValueError as exc:
                    report.add(shown, where, "calendar", f"years.{year}.{key}[{n}]: {exc}")
                    ok = False
                    continue
                wrong = [d for d in days if d.year != year]
                if wrong:
                    report.add(
                        shown,
                        where,
                        "calendar",
                        _("years.{year}.{key}[{n}]: {day} is not in {year}").format(year=year, key=key, n=n, day=wrong[0]),
                    )
                    ok = False
                    continue
                if key == "workdays":
                    for d in days:
                        if d.weekday() < 5:
                            report.warn(
                                shown,
                                where,
                                "calendar",
                                _("years.{year}.workdays[{n}]: {day} is a weekday anyway; list only weekend days worked").format(
                                    year=year, n=n, day=d
                                ),
                            )
                parsed[key].update(days)
        both = parsed["holidays"] & parsed["workdays"]
        if both:
            report.add(
                shown, line, "calendar", _("year {year}: {day} is both a holiday and a workday").format(year=year, day=min(both))
            )
            ok = False
        if not ok:
            continue
        cal.holidays = {d for d in cal.holidays if d.year != year} | parsed["holidays"]
        cal.workdays = {d for d in cal.workdays if d.year != year} | parsed["workdays"]
        cal.years.add(year)
        cal.sources[year] = str(spec.get("source") or CALENDAR_FILE)
    return cal


def check_coverage(cal: WorkingCalendar, today: date, display: str, report: Report) -> None:
    """Warn while there is still time to add next year: limits started today may end up to a year ahead."""
    end = add_months(today, COVERAGE_MONTHS) - timedelta(days=1)
    missing = [y for y in range(today.year, end.year + 1) if y not in cal.years]
    if missing:
        report.warn(
            display,
            1,
            "calendar-coverage",
            _(
                "the working-day calendar does not cover {years}, within the next 12 months: due dates there cannot be "
                "computed; add the State Council's arrangement to rules/calendar.yml or upgrade chinese-calendar"
            ).format(years=", ".join(map(str, missing))),
        )

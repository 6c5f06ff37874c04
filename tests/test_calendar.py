"""The working-day calendar: real State Council arrangements, the counting rules, the project's own years."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from indexer.calendar import CalendarError, add_months, check_coverage, load_calendar, package_calendar
from indexer.diagnostics import Report
from indexer.i18n import use_language
from indexer.timelimits import parse_time_limit


@pytest.fixture(scope="module")
def cal():
    return package_calendar()


def test_package_years_are_the_announced_ones(cal) -> None:
    assert {2020, 2025, 2026} <= cal.years
    assert cal.sources[2026] == "chinese-calendar"


def test_acceptance_just_before_national_day_skips_the_golden_week(cal) -> None:
    # 2026-09-30 (Wed): 1-7 October are off, 10 October (Saturday) is worked to make up for them.
    assert cal.due(date(2026, 9, 30), parse_time_limit("1个工作日")) == date(2026, 10, 8)
    assert cal.due(date(2026, 9, 30), parse_time_limit("3个工作日")) == date(2026, 10, 10)
    assert cal.due(date(2026, 9, 30), parse_time_limit("5 working days")) == date(2026, 10, 13)


def test_a_make_up_saturday_is_a_working_day(cal) -> None:
    assert cal.is_working_day(date(2026, 9, 20))  # Sunday worked before Mid-Autumn and National Day
    assert not cal.is_working_day(date(2026, 9, 19))  # an ordinary Saturday
    assert cal.due(date(2026, 9, 18), parse_time_limit("1个工作日")) == date(2026, 9, 20)
    # a month that ends on the make-up Saturday 2026-02-28 stays there: it is not a rest day
    assert cal.due(date(2026, 1, 28), parse_time_limit("1个月")) == date(2026, 2, 28)


def test_natural_day_limit_ending_on_a_holiday_moves_to_the_next_working_day(cal) -> None:
    # the day of acceptance is not counted: 1 September + 30 days = 1 October, National Day -> 8 October
    assert cal.due(date(2026, 9, 1), parse_time_limit("30日")) == date(2026, 10, 8)
    # ending on an ordinary working day: no move
    assert cal.due(date(2026, 9, 2), parse_time_limit("20日")) == date(2026, 9, 22)
    # ending on a Sunday moves to Monday
    assert cal.due(date(2026, 3, 1), parse_time_limit("20日")) == date(2026, 3, 23)


def test_months_end_on_the_corresponding_day_or_the_last_of_the_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 15), 3) == date(2026, 6, 15)


def test_immediate_and_hours_fall_on_the_day(cal) -> None:
    assert cal.due(date(2026, 10, 3), parse_time_limit("即办")) == date(2026, 10, 3)
    assert cal.due(date(2026, 5, 6), parse_time_limit("2 hours")) == date(2026, 5, 6)
    assert cal.due(date(2026, 5, 6), parse_time_limit("48小时")) == date(2026, 5, 8)


def test_a_year_outside_the_calendar_is_a_clear_error(cal) -> None:
    with pytest.raises(CalendarError, match=r"2027 is not in the working-day calendar.*rules/calendar.yml"):
        cal.due(date(2026, 12, 20), parse_time_limit("20个工作日"))


def _write(tmp_path: Path, text: str) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "calendar.yml").write_text(text, encoding="utf-8")
    return rules


def test_project_file_adds_a_year_with_ranges_and_make_up_days(tmp_path: Path) -> None:
    rules = _write(
        tmp_path,
        "years:\n  2027:\n    source: test\n    holidays:\n      - 2027-01-01\n      - 2027-10-01..2027-10-07\n"
        "    workdays: [2027-09-26]\n",
    )
    report = Report()
    cal = load_calendar(rules, "rules/calendar.yml", report)
    assert report.diagnostics == []
    assert 2027 in cal.years and cal.sources[2027] == "test"
    assert not cal.is_working_day(date(2027, 10, 4)) and cal.is_working_day(date(2027, 9, 26))
    assert cal.due(date(2026, 12, 30), parse_time_limit("2个工作日")) == date(2027, 1, 4)


def test_project_file_replaces_a_package_year(tmp_path: Path) -> None:
    rules = _write(tmp_path, "years:\n  2026:\n    holidays: [2026-01-05]\n")
    cal = load_calendar(rules)
    assert not cal.is_working_day(date(2026, 1, 5))
    assert not cal.is_working_day(date(2026, 10, 10))  # the package's make-up Saturday is gone with its year
    assert cal.is_working_day(date(2026, 10, 1))


def test_project_file_errors_name_the_line(tmp_path: Path) -> None:
    rules = _write(
        tmp_path,
        "years:\n  2027:\n    holidays:\n      - 2027-01-01\n      - 2028-01-02\n      - next tuesday\n"
        "  2028:\n    holidays: [2028-05-01]\n    workdays: [2028-05-01]\n",
    )
    report = Report()
    cal = load_calendar(rules, "rules/calendar.yml", report)
    found = {(d.line, d.message.split(":")[0]) for d in report.errors}
    assert (5, "years.2027.holidays[1]") in found
    assert (6, "years.2027.holidays[2]") in found
    assert any(d.line == 7 and "both a holiday and a workday" in d.message for d in report.errors)
    assert 2027 not in cal.years and 2028 not in cal.years  # a wrong year is left out, never half-read


def test_a_backwards_range_says_so_in_the_projects_language(tmp_path: Path) -> None:
    rules = _write(tmp_path, "years:\n  2027:\n    holidays: [2027-10-07..2027-10-01]\n")
    for lang, expected in (("en", "ends before it starts"), ("zh-Hans", "的结束早于开始")):
        report = Report()
        with use_language(lang):
            load_calendar(rules, "rules/calendar.yml", report)
        (error,) = report.errors
        assert expected in error.message and "2027-10-07..2027-10-01" in error.message, error.message


def test_coverage_warning_while_next_year_is_missing(cal) -> None:
    report = Report()
    check_coverage(cal, date(2026, 12, 1), "rules/calendar.yml", report)
    assert [d.code for d in report.warnings] == ["calendar-coverage"] and "2027" in report.warnings[0].message
    report = Report()
    check_coverage(cal, date(2025, 12, 1), "rules/calendar.yml", report)
    assert report.diagnostics == []


def test_check_reports_calendar_file_errors_and_coverage(tmp_path: Path) -> None:
    from conftest import copy_project

    from indexer.check import check_rulebook
    from indexer.load import load_rulebook

    root = copy_project(tmp_path / "p")
    (root / "rules" / "calendar.yml").write_text("years:\n  2027:\n    holidays: [2027-13-01]\n", encoding="utf-8")
    book, report = load_rulebook(root / "rules", display_base=root)
    report.extend(check_rulebook(book, today=date(2026, 12, 1)))
    assert any(str(d).startswith("rules/calendar.yml:3: [calendar]") for d in report.errors)
    assert any(d.code == "calendar-coverage" for d in report.warnings)


def test_a_limit_past_year_9999_is_a_calendar_error_not_a_crash(cal) -> None:
    with pytest.raises(CalendarError, match="ends beyond the working-day calendar"):
        cal.due(date(9999, 12, 20), parse_time_limit("30日"))

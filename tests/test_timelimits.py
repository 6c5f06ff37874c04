import pytest

from indexer.timelimits import TimeLimitError, Unit, parse_time_limit


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("on the spot", 0, Unit.IMMEDIATE),
        ("即办", 0, Unit.IMMEDIATE),
        ("当场", 0, Unit.IMMEDIATE),
        ("2 hours", 2, Unit.HOURS),
        ("2小时", 2, Unit.HOURS),
        ("3 working days", 3, Unit.WORKING_DAYS),
        ("3 Working Days", 3, Unit.WORKING_DAYS),
        ("within 3 working days", 3, Unit.WORKING_DAYS),
        ("5个工作日", 5, Unit.WORKING_DAYS),
        ("五个工作日", 5, Unit.WORKING_DAYS),
        ("5个工作日内", 5, Unit.WORKING_DAYS),
        ("20日", 20, Unit.CALENDAR_DAYS),
        ("二十日", 20, Unit.CALENDAR_DAYS),
        ("20 days", 20, Unit.CALENDAR_DAYS),
        ("20 calendar days", 20, Unit.CALENDAR_DAYS),
        ("1 month", 1, Unit.MONTHS),
        ("6个月", 6, Unit.MONTHS),
    ],
)
def test_written_forms_parse(text: str, amount: float, unit: Unit) -> None:
    limit = parse_time_limit(text)
    assert (limit.amount, limit.unit) == (amount, unit)
    assert limit.raw == text


def test_comparable_scale() -> None:
    assert parse_time_limit("20 working days").working_days == 20
    assert parse_time_limit("7 days").working_days == pytest.approx(5)
    assert parse_time_limit("8 hours").working_days == 1
    assert parse_time_limit("即办").working_days == 0
    assert parse_time_limit("3 working days").normalized == "3 working days"
    assert parse_time_limit("1个月").normalized == "1 month"


@pytest.mark.parametrize("text", ["soon", "三天半", "0 days", "-2 days", "", "3 fortnights", True, None, 3.5])
def test_unreadable_limits_are_errors_quoting_the_input(text: object) -> None:
    with pytest.raises(TimeLimitError) as info:
        parse_time_limit(text)
    if isinstance(text, str) and text:
        assert text in str(info.value)

"""Time limits as people write them ("3 working days", "20日", "即办"), parsed into one comparable form.

Comparisons (committed against statutory, the sum of the steps) need one
scale. The unit is the working day; the conversions are documented in the
authoring guide so that authors can predict what `rulebook check` says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .errors import InputError
from .i18n import _
from .lawtext import CN_NUMBER, cn_to_int


class Unit(StrEnum):
    IMMEDIATE = "immediate"
    HOURS = "hours"
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"


# Working-day equivalents used only for comparing limits.
_WEIGHT = {
    Unit.IMMEDIATE: 0.0,
    Unit.HOURS: 1 / 8,
    Unit.WORKING_DAYS: 1.0,
    Unit.CALENDAR_DAYS: 5 / 7,
    Unit.MONTHS: 21.0,
}

_LABEL_EN = {
    Unit.HOURS: ("hour", "hours"),
    Unit.WORKING_DAYS: ("working day", "working days"),
    Unit.CALENDAR_DAYS: ("calendar day", "calendar days"),
    Unit.MONTHS: ("month", "months"),
}


@dataclass(frozen=True)
class TimeLimit:
    """A parsed time limit; `raw` keeps the author's words for display."""

    raw: str
    amount: float
    unit: Unit

    @property
    def working_days(self) -> float:
        return self.amount * _WEIGHT[self.unit]

    @property
    def normalized(self) -> str:
        if self.unit is Unit.IMMEDIATE:
            return "immediate"
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        one, many = _LABEL_EN[self.unit]
        return f"{amount} {one if amount == 1 else many}"

    def __str__(self) -> str:
        return self.raw


class TimeLimitError(InputError):
    pass


MAX_WORKING_DAYS = 120 * 21
"""About ten years of working days: any longer limit is a typing mistake, and huge numbers would print as 'inf'."""


_IMMEDIATE = {
    "on the spot",
    "immediately",
    "immediate",
    "at once",
    "same day on the spot",
    "即办",
    "当场",
    "即时",
    "立即",
    "当场办结",
    "即来即办",
    "当即",
}

_NUM = rf"(\d+(?:\.\d+)?|{CN_NUMBER})"
_PATTERNS: list[tuple[re.Pattern[str], Unit]] = [
    (re.compile(rf"^{_NUM}\s*(?:working|work|business)[ -]?days?$"), Unit.WORKING_DAYS),
    (re.compile(rf"^{_NUM}\s*workdays?$"), Unit.WORKING_DAYS),
    (re.compile(rf"^{_NUM}\s*个?\s*工作日$"), Unit.WORKING_DAYS),
    (re.compile(rf"^{_NUM}\s*(?:calendar\s+)?days?$"), Unit.CALENDAR_DAYS),
    (re.compile(rf"^{_NUM}\s*(?:日|天|个自然日|自然日)$"), Unit.CALENDAR_DAYS),
    (re.compile(rf"^{_NUM}\s*(?:hours?|hrs?|h)$"), Unit.HOURS),
    (re.compile(rf"^{_NUM}\s*(?:个)?(?:小时|钟头)$"), Unit.HOURS),
    (re.compile(rf"^{_NUM}\s*months?$"), Unit.MONTHS),
    (re.compile(rf"^{_NUM}\s*个月$"), Unit.MONTHS),
]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        value = cn_to_int(text)
        return float(value) if value is not None else None


def parse_time_limit(text: object) -> TimeLimit:
    """Parse one time limit or raise TimeLimitError with a message that quotes the input."""
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise TimeLimitError(_("time limit must be text such as '3 working days', not {value}").format(value=repr(text)))
    raw = str(text).strip()
    key = re.sub(r"\s+", " ", raw.lower()).strip().rstrip(".").strip()
    key = key.removeprefix("within ").removeprefix("within").strip()
    if key.startswith("在") or key.startswith("于"):
        key = key[1:]
    key = key.removesuffix("内").removesuffix("以内").strip()
    if key in _IMMEDIATE:
        return TimeLimit(raw, 0.0, Unit.IMMEDIATE)
    for pattern, unit in _PATTERNS:
        m = pattern.match(key)
        if m:
            amount = _number(m.group(1))
            if amount is None or amount <= 0:
                break
            limit = TimeLimit(raw, amount, unit)
            if not limit.working_days <= MAX_WORKING_DAYS:  # also catches inf from a 400-digit number
                raise TimeLimitError(_("time limit '{raw}' is longer than ten years: check the number").format(raw=raw[:40]))
            return limit
    raise TimeLimitError(
        _(
            "cannot read time limit '{raw}': write e.g. 'on the spot', '2 hours', "
            "'3 working days', '20 days', '1 month', '即办', '5个工作日' or '20日'"
        ).format(raw=raw)
    )

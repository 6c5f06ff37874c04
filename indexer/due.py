"""Due dates of one procedure for one acceptance date: each step, the committed and statutory deadlines.

One computation for the terminal (`rulebook due`), the server (`/api/due`) and, through the same
data and counting rules, the page calculator (docs/assets/due.js, tested against this module).
Steps form a chain: each starts on the day the one before is due. The deadlines are counted from
the acceptance date. A special stage that does not count toward the statutory limit (行政许可法
第四十五条) moves both deadlines on by its own limit when it takes place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .calendar import WorkingCalendar
from .i18n import _
from .model import Procedure
from .timelimits import TimeLimit, parse_time_limit


@dataclass(frozen=True)
class Schedule:
    """What due dates need of a procedure, in a form that is also written to JSON for the page and the server."""

    id: str
    title: str
    steps: list[tuple[str, str, TimeLimit]]
    committed: TimeLimit
    statutory: TimeLimit
    stages: list[tuple[str, TimeLimit, bool, int | None]]

    @classmethod
    def of(cls, p: Procedure) -> Schedule:
        return cls(
            p.id,
            p.title,
            [(s.name, s.post, s.time_limit) for s in p.steps],
            p.committed_limit,
            p.statutory_limit,
            [(s.name, s.time_limit, s.counts_toward_limit, s.after_step) for s in p.special_stages],
        )

    def to_json(self) -> dict[str, Any]:
        """Limits as amount and unit (what docs/assets/due.js counts with) and as written."""

        def limit(t: TimeLimit) -> dict[str, Any]:
            return {"raw": t.raw, "amount": t.amount, "unit": t.unit.value}

        return {
            "id": self.id,
            "title": self.title,
            "steps": [{"name": n, "post": post, "limit": limit(t)} for n, post, t in self.steps],
            "committed": limit(self.committed),
            "statutory": limit(self.statutory),
            "stages": [{"name": n, "limit": limit(t), "counts": c, "after_step": a} for n, t, c, a in self.stages],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Schedule:
        return cls(
            data["id"],
            data["title"],
            [(s["name"], s["post"], parse_time_limit(s["limit"]["raw"])) for s in data["steps"]],
            parse_time_limit(data["committed"]["raw"]),
            parse_time_limit(data["statutory"]["raw"]),
            [(s["name"], parse_time_limit(s["limit"]["raw"]), s["counts"], s["after_step"]) for s in data["stages"]],
        )


@dataclass(frozen=True)
class DueStep:
    n: int
    name: str
    post: str
    limit: TimeLimit
    start: date
    due: date

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "name": self.name,
            "post": self.post,
            "time_limit": self.limit.raw,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
        }


@dataclass(frozen=True)
class DueStage:
    name: str
    limit: TimeLimit
    counts_toward_limit: bool
    after_step: int | None
    start: date
    due: date

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "time_limit": self.limit.raw,
            "counts_toward_limit": self.counts_toward_limit,
            "after_step": self.after_step,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
        }


@dataclass
class DueDates:
    procedure: Schedule
    accepted: date
    steps: list[DueStep]
    committed: date
    statutory: date
    stages: list[DueStage] = field(default_factory=list)
    committed_with_stages: date | None = None
    statutory_with_stages: date | None = None
    """The deadlines when every special stage that does not count takes its full time; None when there is none."""

    def to_json(self) -> dict[str, Any]:
        p = self.procedure
        return {
            "procedure": {"id": p.id, "title": p.title},
            "accepted": self.accepted.isoformat(),
            "steps": [s.to_json() for s in self.steps],
            "special_stages": [s.to_json() for s in self.stages],
            "committed": {"time_limit": p.committed.raw, "due": self.committed.isoformat()},
            "statutory": {"time_limit": p.statutory.raw, "due": self.statutory.isoformat()},
            "committed_with_stages": self.committed_with_stages.isoformat() if self.committed_with_stages else None,
            "statutory_with_stages": self.statutory_with_stages.isoformat() if self.statutory_with_stages else None,
        }


def due_dates(procedure: Procedure | Schedule, accepted: date, calendar: WorkingCalendar) -> DueDates:
    """Raises CalendarError when a date falls in a year the calendar does not have."""
    plan = procedure if isinstance(procedure, Schedule) else Schedule.of(procedure)
    steps: list[DueStep] = []
    start = accepted
    for n, (name, post, limit) in enumerate(plan.steps, start=1):
        end = calendar.due(start, limit)
        steps.append(DueStep(n, name, post, limit, start, end))
        start = end
    stages = []
    for name, limit, counts, after in plan.stages:
        begin = steps[after - 1].due if after and after <= len(steps) else steps[-1].due
        stages.append(DueStage(name, limit, counts, after, begin, calendar.due(begin, limit)))
    committed = calendar.due(accepted, plan.committed)
    statutory = calendar.due(accepted, plan.statutory)
    result = DueDates(plan, accepted, steps, committed, statutory, stages)
    extra = [limit for _name, limit, counts, _after in plan.stages if not counts]
    if extra:
        result.committed_with_stages, result.statutory_with_stages = committed, statutory
        for limit in extra:
            result.committed_with_stages = calendar.due(result.committed_with_stages, limit)
            result.statutory_with_stages = calendar.due(result.statutory_with_stages, limit)
    return result


def parse_date(text: str) -> date:
    """YYYY-MM-DD, or a ValueError that says so."""
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ValueError(_("'{value}' is not a date: write YYYY-MM-DD, e.g. 2026-09-30").format(value=text)) from None


def api_data(procedures: list[Procedure], calendar: WorkingCalendar) -> dict[str, Any]:
    """Frozen with each release for `/api/due`: the calendar and every procedure's schedule."""
    return {"calendar": calendar.to_json(), "procedures": {p.id: Schedule.of(p).to_json() for p in procedures}}

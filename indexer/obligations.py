"""Everything that applies to a post, gathered from every item that names it.

This is the question a cadre asks first ("what must I do, by when?"), so it
is computed once from the model and shared by the post page, the JSON API
and the onboarding path, which must never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .links import find_links
from .model import ALL_POSTS, Department, IntegrityRisk, Post, Power, Procedure, Status, System
from .rulebook import Rulebook, sort_key
from .timelimits import TimeLimit


@dataclass(frozen=True)
class Obligation:
    """One thing the post must do. `source` is the item that imposes it (the post itself, a procedure, a system)."""

    source: str
    text: str
    time_limit: TimeLimit | None = None
    step: int | None = None
    step_name: str | None = None
    output: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "text": self.text,
            "time_limit": self.time_limit.raw if self.time_limit else None,
            "time_limit_normalized": self.time_limit.normalized if self.time_limit else None,
            "step": self.step,
            "step_name": self.step_name,
            "output": self.output,
        }


@dataclass
class SystemObligations:
    system: System
    specific: bool
    """True when the system names this post itself, False when it applies to every post."""
    duties: list[Obligation] = field(default_factory=list)


@dataclass
class ProcedureObligations:
    procedure: Procedure
    steps: list[Obligation] = field(default_factory=list)


@dataclass
class PowerObligations:
    """The responsibility stages of a power (权责清单) that this post answers for, and the risk points it must control."""

    power: Power
    stages: list[Obligation] = field(default_factory=list)
    risks: list[IntegrityRisk] = field(default_factory=list)


@dataclass
class PostObligations:
    post: Post
    department: Department | None
    reporting_line: list[Post]
    direct_reports: list[Post]
    backup: Post | None
    backs_up: list[Post]
    duties: list[Obligation]
    procedures: list[ProcedureObligations]
    systems: list[SystemObligations]
    powers: list[PowerObligations] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.duties)
            + sum(len(p.steps) for p in self.procedures)
            + sum(max(len(s.duties), 1) for s in self.systems)
            + sum(len(p.stages) for p in self.powers)
        )

    def to_json(self) -> dict[str, object]:
        def ref(item: object) -> dict[str, str] | None:
            return {"id": item.id, "title": item.title} if item is not None else None  # type: ignore[attr-defined]

        return {
            "post": ref(self.post),
            "department": ref(self.department),
            "reporting_line": [ref(p) for p in self.reporting_line],
            "direct_reports": [ref(p) for p in self.direct_reports],
            "backup": ref(self.backup),
            "backs_up": [ref(p) for p in self.backs_up],
            "duties": [o.to_json() for o in self.duties],
            "procedures": [{**ref(p.procedure), "steps": [o.to_json() for o in p.steps]} for p in self.procedures],  # type: ignore[dict-item]
            "systems": [
                {**ref(s.system), "specific": s.specific, "duties": [o.to_json() for o in s.duties]}  # type: ignore[dict-item]
                for s in self.systems
            ],
            "powers": [
                {
                    **ref(p.power),  # type: ignore[dict-item]
                    "stages": [o.to_json() for o in p.stages],
                    "risks": [{"risk": r.risk, "level": r.level, "controls": list(r.controls)} for r in p.risks],
                }
                for p in self.powers
            ],
        }


def _active(item: System | Procedure | Power) -> bool:
    return item.status in (Status.IN_FORCE, Status.DRAFT)


def posts_named_by(system: System) -> set[str]:
    """The ids a system names as posts: `applies_to`, its duties, and `[[post]]` links in its body.

    The post page ("systems that name this post") and the search `post:` filter both use this, so a system
    listed on a post's page is also found when searching by that post. Link targets that are not posts are
    harmless here: callers ask about a post id.
    """
    named = {p for p in system.applies_to if p != ALL_POSTS} | {d.post for d in system.duties}
    return named | {link.target for link in find_links(system.body)}


def names_post(system: System, post_id: str) -> bool:
    return post_id in system.applies_to or post_id in posts_named_by(system)


def obligations_for(book: Rulebook, post: Post) -> PostObligations:
    line: list[Post] = []
    seen = {post.id}
    current = book.get(post.reports_to) if post.reports_to else None
    while isinstance(current, Post) and current.id not in seen:
        line.append(current)
        seen.add(current.id)
        current = book.get(current.reports_to) if current.reports_to else None

    procedures = []
    for proc in book.procedures:
        if not _active(proc):
            continue
        steps = [
            Obligation(proc.id, s.action, s.time_limit, n, s.name, s.output)
            for n, s in enumerate(proc.steps, start=1)
            if s.post == post.id
        ]
        if steps:
            procedures.append(ProcedureObligations(proc, steps))

    systems = []
    for system in book.systems:
        if not _active(system):
            continue
        specific = names_post(system, post.id)
        if not specific and ALL_POSTS not in system.applies_to:
            continue
        duties = [Obligation(system.id, d.duty, d.time_limit) for d in system.duties if d.post == post.id]
        systems.append(SystemObligations(system, specific, duties))
    systems.sort(key=lambda s: (not s.specific, sort_key(s.system)))

    powers = []
    for power in book.powers:
        if not _active(power):
            continue
        stages = [
            Obligation(power.id, s.duty, s.time_limit, n, s.stage)
            for n, s in enumerate(power.stages, start=1)
            if s.post == post.id
        ]
        held = {s.stage for s in power.stages if s.post == post.id}
        risks = [r for r in power.risks if r.post == post.id or (r.post is None and r.stage in held)]
        if stages or risks:
            powers.append(PowerObligations(power, stages, risks))

    backup = book.get(post.backup) if post.backup else None
    department = book.get(post.department)
    return PostObligations(
        post=post,
        department=department if isinstance(department, Department) else None,
        reporting_line=line,
        direct_reports=[p for p in book.posts if p.reports_to == post.id],
        backup=backup if isinstance(backup, Post) else None,
        backs_up=[p for p in book.posts if p.backup == post.id],
        duties=[Obligation(post.id, d.duty, d.time_limit) for d in post.duties],
        procedures=procedures,
        systems=systems,
        powers=powers,
    )

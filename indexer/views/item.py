"""An item page's facts: the header a cadre checks before relying on a rule, and what the item's type adds.

The page used to be assembled in Python string code, each section deciding what to show while writing it; here the
facts are gathered once (which posts a system names, which posts and units a department holds, which items use a
term, when the item last changed) and `templates/item.md.j2` writes them. Items are referred to by id or object: the
template links them, so a link is written in one place (`RenderContext.item_link`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model import Department, Indicator, Item, Post, System, SystemDuty, Term
from ..rulebook import Rulebook
from ..training import LastChange, last_change
from ..translations import is_fallback


def tag_anchor(tag: str) -> str:
    """The tag's section on the tags page (`render.indexes` writes it, the item header links to it)."""
    return "tag-" + "-".join(tag.lower().split())


@dataclass(frozen=True)
class Tag:
    name: str
    anchor: str


@dataclass(frozen=True)
class SystemFacts:
    """Whom a system binds, what each named post must do, and how it is assessed."""

    every_post: bool
    """`applies_to` says `all`: every post of the organ (the posts in `applies_to` are then named "in particular")."""
    applies_to: list[str]
    """Post ids, without `all`."""
    duties: list[SystemDuty]
    indicators: list[Indicator]


@dataclass(frozen=True)
class DepartmentFacts:
    """Who heads a department, where it sits, what it holds and what it owns."""

    head: str | None
    parent: str | None
    units: list[Department]
    """Departments whose parent it is."""
    posts: list[Post]
    owned: list[Item]
    """Procedures and systems it owns."""


@dataclass(frozen=True)
class TermFacts:
    used_in: list[Item]
    """Items that list the term among their related items."""


@dataclass(frozen=True)
class ItemView:
    item: Item
    current: bool
    """False on an earlier version's page: no last-changed line, no training links, out of the generator's search."""
    fallback: bool
    """The page is shown in its original language (no translation yet)."""
    tags: list[Tag]
    last_change: LastChange | None
    """None on pages that are not the current item (earlier versions), or when nothing dates it."""
    system: SystemFacts | None = None
    department: DepartmentFacts | None = None
    term: TermFacts | None = None

    @property
    def meta(self) -> bool:
        """The header has a metadata table: any of effective, version, owner, review by, basis, related, tags."""
        i = self.item
        return bool(i.effective or i.version or i.owner or i.review_by or i.basis or i.related or i.tags)


def system_facts(system: System) -> SystemFacts:
    return SystemFacts(
        every_post="all" in system.applies_to,
        applies_to=[p for p in system.applies_to if p != "all"],
        duties=list(system.duties),
        indicators=list(system.indicators),
    )


def department_facts(book: Rulebook, department: Department) -> DepartmentFacts:
    return DepartmentFacts(
        head=department.head,
        parent=department.parent,
        units=[d for d in book.departments if d.parent == department.id],
        posts=[p for p in book.posts if p.department == department.id],
        owned=[i for i in book.procedures + book.systems if i.owner == department.id],
    )


def term_facts(book: Rulebook, term: Term) -> TermFacts:
    return TermFacts([i for i in book if term.id in i.related and i.id != term.id])


def item_view(book: Rulebook, item: Item, *, current: bool = True, git_dates: dict[Path, date] | None = None) -> ItemView:
    """The page's facts; `current=False` (an earlier version) has no last-changed line."""
    return ItemView(
        item=item,
        current=current,
        fallback=is_fallback(item),
        tags=[Tag(t, tag_anchor(t)) for t in item.tags],
        last_change=last_change(item, git_dates or {}) if current else None,
        system=system_facts(item) if isinstance(item, System) else None,
        department=department_facts(book, item) if isinstance(item, Department) else None,
        term=term_facts(book, item) if isinstance(item, Term) else None,
    )

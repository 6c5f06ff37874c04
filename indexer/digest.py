"""What changed for one post since a date: the question a cadre asks after a rules update.

Four sources, each filtered to what concerns the post:
- the post's own item (duties, reporting line, ...);
- procedures with a step assigned to the post, then or now: changes to those steps, and to the limits
  and status every step holder works under;
- systems that name the post, then or now: their changes, less duties of other posts;
- laws cited by those items that the library holds in a version dated within the period (amended).

Change-log entries (`changes:` in front matter) of those items are included too, so a rulebook kept
without git still gets a digest. Computed from the model and `indexer.versions`, shared by the post page,
`rulebook changes --post`, the Atom feeds and the acknowledgement sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .citations import Citation
from .compare import FactChange
from .i18n import _
from .model import ALL_POSTS, Item, LibraryDocument, Post, Procedure, System
from .obligations import names_post
from .rulebook import Rulebook, sort_key
from .versions import Histories, Version

DIGEST_DAYS = 90
"""The post page shows the changes of this many days before the build (or the as-of date)."""

ROLES = ("post", "step", "system", "law")
PROCEDURE_WIDE = {"committed_limit", "statutory_limit", "status", "materials", "title", "superseded_by"}


def role_label(role: str) -> str:
    """Why a change concerns the post, in words (each label a literal, so the message catalogue finds it)."""
    if role == "post":
        return _("Your post")
    if role == "step":
        return _("Your step")
    if role == "system":
        return _("Names your post")
    if role == "law":
        return _("Law amended")
    return role


@dataclass(frozen=True)
class DigestEntry:
    """One change that concerns the post. `role` says why: its own item, a step, a system, or a law."""

    date: date
    item: Item
    role: str
    text: str
    commit: str | None = None
    version: str | None = None
    source: str = "git"
    """'git' (a commit changed a fact), 'history' (an entry of the item's `changes`) or 'library' (a law version)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "item": self.item.id,
            "title": self.item.title,
            "type": self.item.type,
            "role": self.role,
            "text": self.text,
            "commit": self.commit,
            "version": self.version,
            "source": self.source,
        }


def _step_posts(item: Item | None) -> list[str]:
    return [s.post for s in item.steps] if isinstance(item, Procedure) else []


def _step_concerns(fact: FactChange, version: Version, post: Post) -> bool:
    if not fact.key.startswith("steps["):
        return fact.key in PROCEDURE_WIDE
    number = int(fact.key[6 : fact.key.index("]")])
    side = version.previous if fact.kind == "removed" else version.item
    posts = _step_posts(side)
    if 0 < number <= len(posts) and posts[number - 1] == post.id:
        return True
    return fact.key.endswith(".post") and post.title in (fact.old, fact.new)


def _names(system: Item | None, post: Post) -> bool:
    return isinstance(system, System) and (names_post(system, post.id) or ALL_POSTS in system.applies_to)


def _duty_concerns(fact: FactChange, version: Version, post: Post) -> bool:
    if not fact.key.startswith("duties"):
        return True
    own = f"{post.title}: "
    if any(v and v.startswith(own) for v in (fact.old, fact.new)):
        return True
    if fact.key.startswith("duties["):
        number = int(fact.key[7 : fact.key.index("]")])
        duties = version.item.duties if isinstance(version.item, System) else []
        return 0 < number <= len(duties) and duties[number - 1].post == post.id
    return False


def _from_versions(item: Item, versions: list[Version], role: str, keep) -> list[DigestEntry]:
    entries = []
    for v in versions:
        if v.previous is None:  # the item's first commit: "new item" is news only if the item is new to the post
            if v.item is not None and keep(FactChange("item", "added", _("item"), None, v.item.title), v):
                entries.append(
                    DigestEntry(
                        v.date, item, role, _("New: {title}").format(title=v.item.title), v.revision.commit, v.version_label
                    )
                )
            continue
        for fact in v.comparison.facts:
            if fact.key != "changes" and keep(fact, v):
                entries.append(DigestEntry(v.date, item, role, fact.text, v.revision.commit, v.version_label))
        if role != "step":  # a procedure's text is not the step holder's, unless its steps changed
            for t in v.comparison.texts:
                entries.append(
                    DigestEntry(v.date, item, role, _("{what} changed").format(what=t.label), v.revision.commit, v.version_label)
                )
    return entries


def _logged(item: Item, role: str, start: date, end: date | None) -> list[DigestEntry]:
    return [
        DigestEntry(c.date, item, role, c.summary, None, c.version or item.version, "history")
        for c in item.changes
        if c.date >= start and (end is None or c.date <= end)
    ]


def digest_for_post(
    book: Rulebook, post: Post, histories: Histories | None, start: date, end: date | None = None
) -> list[DigestEntry]:
    """Everything that changed for `post` between `start` and `end` (inclusive), newest first."""
    entries: list[DigestEntry] = []
    in_window = (lambda item: histories.since(item, start, end)) if histories else (lambda item: [])
    entries += _from_versions(post, in_window(post), "post", lambda f, v: f.kind != "added" or f.key != "item")
    entries += _logged(post, "post", start, end)
    cited: list[Item] = [post]
    for proc in book.procedures:
        versions = in_window(proc)
        assigned_now = post.id in _step_posts(proc)
        assigned_then = any(post.id in _step_posts(v.item) or post.id in _step_posts(v.previous) for v in versions)
        if not (assigned_now or assigned_then):
            continue
        cited.append(proc)
        entries += _from_versions(proc, versions, "step", lambda f, v: f.key == "item" or _step_concerns(f, v, post))
        entries += _logged(proc, "step", start, end) if assigned_now else []
    for system in book.systems:
        versions = in_window(system)
        if not (_names(system, post) or any(_names(v.item, post) or _names(v.previous, post) for v in versions)):
            continue
        cited.append(system)
        entries += _from_versions(system, versions, "system", lambda f, v: _duty_concerns(f, v, post))
        entries += _logged(system, "system", start, end)
    entries += amended_laws(book, cited, start, end)
    entries.sort(key=lambda e: (-e.date.toordinal(), ROLES.index(e.role), sort_key(e.item)))  # stable: newest commit first
    return _unique(entries)


def amended_laws(book: Rulebook, items: list[Item], start: date, end: date | None = None) -> list[DigestEntry]:
    """Laws cited by `items` of which the library holds a version dated in the period."""
    if not book.laws:
        return []
    from .library.citations import version_date

    entries = []
    seen: set[str] = set()
    for item in items:
        for citation in item.basis:
            key = Citation(citation.law).law_key
            if key in seen:
                continue
            seen.add(key)
            for law in book.laws.versions.get(key, []):
                when = version_date(law)
                if when >= start and (end is None or when <= end):
                    note = law.history[-1] if law.history else ""
                    text = _("Amended: version of {date}").format(date=when.isoformat()) + (f" ({note})" if note else "")
                    entries.append(DigestEntry(when, law, "law", text, None, when.isoformat(), "library"))
    return entries


def rulebook_digest(book: Rulebook, histories: Histories | None, start: date, end: date | None = None) -> list[DigestEntry]:
    """Every change of the rulebook's own items in the period (the whole-rulebook feed), newest first."""
    entries: list[DigestEntry] = []
    for item in book.own():
        if isinstance(item, LibraryDocument):
            continue
        versions = histories.since(item, start, end) if histories else []
        entries += _from_versions(item, versions, item.type, lambda f, v: True)
        entries += _logged(item, item.type, start, end)
    entries.sort(key=lambda e: (-e.date.toordinal(), sort_key(e.item)))  # stable: newest commit first
    return _unique(entries)


@dataclass(frozen=True)
class Event:
    """Digest lines of one item from one commit (or one change-log entry): a line of the sheet, an entry of a feed."""

    date: date
    item: Item
    commit: str | None
    version: str | None
    roles: tuple[str, ...]
    lines: tuple[str, ...]


def events(entries: list[DigestEntry]) -> list[Event]:
    """Entries grouped by (date, item, commit), newest first, in the order first seen."""
    groups: dict[tuple, list[DigestEntry]] = {}
    for e in entries:
        groups.setdefault((e.date, e.item.id, e.commit), []).append(e)
    out = [
        Event(
            g[0].date,
            g[0].item,
            g[0].commit,
            next((e.version for e in g if e.version), None),
            tuple(dict.fromkeys(e.role for e in g)),
            tuple(e.text for e in g),
        )
        for g in groups.values()
    ]
    out.sort(key=lambda ev: -ev.date.toordinal())
    return out


def _unique(entries: list[DigestEntry]) -> list[DigestEntry]:
    seen: set[tuple] = set()
    out = []
    for e in entries:
        key = (e.date, e.item.id, e.role, e.text)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out

"""Each item's versions from git, compared with the one before: the "what changed" of item pages, the
`rulebook diff` command, the post digests and the feeds all read from here.

Old revisions are loaded with the same loader and model as today's files, then compared fact by fact
(`indexer.compare`). A revision that no longer loads (the schema moved on) is shown as such, not skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .compare import Comparison, compare_items
from .history import GitHistory, HistoryError, Revision, item_from_text
from .i18n import _
from .model import Item, LibraryDocument
from .rulebook import Rulebook

MAX_VERSIONS = 50
"""Versions shown per item; an item edited every week for years keeps a readable page."""


@dataclass
class Version:
    """The item as one commit left it, and what that commit changed."""

    revision: Revision
    item: Item | None
    """None when the commit deleted the file or the file did not load at that revision."""
    previous: Item | None
    comparison: Comparison

    @property
    def date(self) -> date:
        return self.revision.date

    @property
    def version_label(self) -> str | None:
        return self.item.version if self.item is not None else None


@dataclass
class Histories:
    """Versions of the rulebook's own items (library documents keep their own history), loaded once per build."""

    book: Rulebook
    git: GitHistory
    until: date | None = None
    """Ignore commits after this date (an as-of build shows history only up to its date)."""
    source: Path | None = None
    """The folder in the repository that `book.root` stands for, when the book was loaded from an exported copy."""
    _versions: dict[str, list[Version]] = field(default_factory=dict)

    @classmethod
    def open(cls, book: Rulebook, folder: Path | None = None, until: date | None = None) -> Histories:
        """`folder`: where the rules live in the repository, if the book was loaded from elsewhere (an as-of copy)."""
        return cls(book, GitHistory.open(folder or book.root), until, folder)

    def path(self, item: Item) -> Path:
        """The item's file in the repository."""
        if self.source is None:
            return item.path
        try:
            return self.source / item.path.resolve().relative_to(self.book.root.resolve())
        except ValueError:
            return item.path

    @property
    def available(self) -> bool:
        return self.git.available

    @property
    def reason(self) -> str:
        return self.git.reason

    def title_of(self, item_id: str) -> str:
        return self.book.title(item_id)

    def preload(self, items: list[Item] | None = None) -> None:
        """Read every old revision of these items in one git process."""
        pool = [i for i in (items if items is not None else self.book.own()) if i.id not in self._versions]
        pool = [i for i in pool if not isinstance(i, LibraryDocument)]
        if not self.available or not pool:
            return
        revs = {item.id: self._revisions(item) for item in pool}
        texts = self.git.read_many([(r.commit, r.path) for rs in revs.values() for r in rs if not r.deleted])
        for item in pool:
            self._versions[item.id] = self._build(item, revs[item.id], texts)

    def _revisions(self, item: Item) -> list[Revision]:
        revs = self.git.revisions(self.path(item))
        if self.until is not None:
            revs = [r for r in revs if r.date <= self.until]
        return revs[: MAX_VERSIONS + 1]

    def _build(self, item: Item, revs: list[Revision], texts: dict) -> list[Version]:
        loaded = [None if r.deleted else item_from_text(texts.get((r.commit, r.path)), item.path) for r in revs]
        versions = []
        for n, rev in enumerate(revs[:MAX_VERSIONS]):
            previous = loaded[n + 1] if n + 1 < len(loaded) else None
            versions.append(Version(rev, loaded[n], previous, compare_items(previous, loaded[n], self.title_of)))
        return versions

    def of(self, item: Item) -> list[Version]:
        """The item's versions, newest first; empty without git or for library documents."""
        if isinstance(item, LibraryDocument) or not self.available:
            return []
        if item.id not in self._versions:
            self.preload([item])
        return self._versions.get(item.id, [])

    def since(self, item: Item, start: date, end: date | None = None) -> list[Version]:
        return [v for v in self.of(item) if v.date >= start and (end is None or v.date <= end)]

    def item_at(self, item: Item, rev: str) -> Item | None:
        """The item as it was at a user-given revision (commit id, tag, HEAD~1); HistoryError if no such commit."""
        commit = self.git.resolve(rev)
        paths = [self.git.relative(self.path(item))] + [r.path for r in self.git.revisions(self.path(item))]
        for path in dict.fromkeys(p for p in paths if p):
            text = self.git.read_many([(commit, path)]).get((commit, path))
            if text is not None:
                return item_from_text(text, item.path)
        return None

    def diff(self, item: Item, rev_from: str | None = None, rev_to: str | None = None) -> tuple[str, str, Comparison]:
        """(from label, to label, comparison) for `rulebook diff`. Default: the last committed version against
        the file as it is now, or, when the file is unchanged since, the version before against it."""
        if not self.available:
            raise HistoryError(self.reason)
        if rev_to is None:
            new, to_label = item, "working tree"
        else:
            new, to_label = self.item_at(item, rev_to), rev_to
        if rev_from is None:
            revs = self.git.revisions(self.path(item))
            if not revs:
                raise HistoryError(_("{id}: the file has no commits yet").format(id=item.id))
            committed = self.item_at(item, revs[0].commit)
            base = revs[0]
            if rev_to is None and committed is not None and not compare_items(committed, item, self.title_of) and len(revs) > 1:
                base = revs[1]
                new, to_label = committed, f"{revs[0].short} ({revs[0].date.isoformat()})"
            old, from_label = self.item_at(item, base.commit), f"{base.short} ({base.date.isoformat()})"
        else:
            old, from_label = self.item_at(item, rev_from), rev_from
        return from_label, to_label, compare_items(old, new, self.title_of)

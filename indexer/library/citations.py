"""Resolving the rulebook's `basis` citations against the imported laws, down to the article."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..citations import Citation
from ..diagnostics import Report
from ..i18n import _, format_date
from ..model import Item, Law, LibraryDocument
from .structure import Unit, parse_structure

if TYPE_CHECKING:
    from ..rulebook import Rulebook


def version_date(law: LibraryDocument) -> date:
    return law.published or law.effective or date.min


@dataclass(frozen=True)
class Resolved:
    law: Law
    unit: Unit | None  # None when the whole law is cited

    @property
    def anchor(self) -> str | None:
        return self.unit.anchor if self.unit else None


@dataclass
class LawIndex:
    """Laws by title key; versions of one law newest first; and who cites which article."""

    versions: dict[str, list[Law]] = field(default_factory=dict)
    cited_by: dict[str, dict[str | None, list[Item]]] = field(default_factory=dict)
    as_of: date | None = None
    """Resolve unpinned citations to the version in force on this date instead of the newest one."""

    @classmethod
    def build(cls, book: Rulebook) -> LawIndex:
        groups: dict[str, list[Law]] = defaultdict(list)
        for item in book:
            if isinstance(item, Law):
                groups[Citation(item.title).law_key].append(item)
        for laws in groups.values():
            laws.sort(key=lambda law: (version_date(law), law.id), reverse=True)
        index = cls(dict(groups), as_of=book.as_of)
        for item in book:
            if isinstance(item, LibraryDocument):
                continue
            for citation in item.basis:
                resolved = index.resolve(citation)
                if resolved:
                    index.cited_by.setdefault(resolved.law.id, {}).setdefault(resolved.anchor, []).append(item)
        return index

    def __bool__(self) -> bool:
        return bool(self.versions)

    def resolve(self, citation: Citation) -> Resolved | None:
        """The newest version of the law (split codes: whichever part holds the article), and the article."""
        laws = self.versions.get(citation.law_key)
        if not laws:
            return None
        wanted = citation.version or version_date(self.in_force(laws))
        current = [law for law in laws if version_date(law) == wanted]  # a code split into parts shares one date
        if citation.article is None:
            return Resolved(current[0], None)
        for law in current:
            unit = parse_structure(law.body).article(citation.article)
            if unit:
                return Resolved(law, unit)
        return None

    def in_force(self, laws: list[Law]) -> Law:
        """Of one law's versions (newest first): the newest, or in an as-of site the newest in force on that date
        (its `effective` date, else its version date; the oldest if none was: the library has nothing older)."""
        if self.as_of is None:
            return laws[0]
        as_of = self.as_of
        return next((law for law in laws if (law.effective or version_date(law)) <= as_of), laws[-1])

    def newer_than(self, law: Law) -> Law | None:
        laws = self.versions.get(Citation(law.title).law_key, [])
        return laws[0] if laws and version_date(laws[0]) > version_date(law) else None


def check_citations(book: Rulebook, index: LawIndex) -> Report:
    """Once laws are imported: an article the law does not have is an error; a law the library lacks (perhaps
    not imported yet) and a law amended since the item took effect are warnings."""
    report = Report()
    if not index:
        return report
    for item in book:
        if isinstance(item, LibraryDocument):
            continue
        for n, citation in enumerate(item.basis):
            line = item.line_of("basis", n)
            if citation.law_key not in index.versions:
                report.warn(
                    item.display_path,
                    line,
                    "unknown-law",
                    _("basis[{n}]: no law titled '{law}' in the library").format(n=n, law=citation.law),
                )
                continue
            resolved = index.resolve(citation)
            if resolved is None:
                report.add(
                    item.display_path,
                    line,
                    "unknown-article",
                    _("basis[{n}]: '{law}' has no article {article}").format(n=n, law=citation.law, article=citation.article),
                )
                continue
            law_date = version_date(resolved.law)
            newer = index.newer_than(resolved.law)
            if citation.version and newer:
                report.warn(
                    item.display_path,
                    line,
                    "stale-basis",
                    _("basis[{n}]: cites the {date} text of '{law}'; the library has a newer version of {newer}").format(
                        n=n, date=format_date(law_date), law=citation.law, newer=format_date(version_date(newer))
                    ),
                )
            elif not citation.version and item.effective and law_date > item.effective:
                report.warn(
                    item.display_path,
                    line,
                    "stale-basis",
                    _(
                        "basis[{n}]: '{law}' was amended on {date}, after this item took effect ({effective}); "
                        "review the item against the current text"
                    ).format(n=n, law=citation.label, date=format_date(law_date), effective=format_date(item.effective)),
                )
    return report

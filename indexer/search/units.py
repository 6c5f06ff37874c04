"""Cutting the rulebook into search units: each item, each section of an item, each article of a law.

A cadre wants the clause, not the hundred-page document, so every unit
carries the URL and anchor that open the page at that clause.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

from ..anchors import heading_id
from ..i18n import language_prefix
from ..library.citations import version_date
from ..library.structure import parse_structure
from ..links import LINK_RE
from ..model import Department, Item, Law, LibraryDocument, Post, Procedure, System
from ..obligations import posts_named_by
from ..render.paths import page_of
from ..rulebook import Rulebook
from ..views.reading import reading_text
from .ranking import unit_rank

_HEADING = re.compile(r"^(#{2,6})\s+(.+?)\s*#*\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_NOISE = re.compile(r"[*_`>#|]+|\{:[^}]*\}|<[^>]+>")


@dataclass
class SearchUnit:
    key: str
    item_id: str
    type: str
    title: str
    body: str
    url: str
    path: str
    aliases: str = ""
    heading: str = ""
    context: str = ""
    """Where a unit sits: a law article's chapter and section headings, a section's parent headings. Searched,
    but weakly; shown as the heading of an article (which has none of its own)."""
    anchor: str = ""
    article: int | None = None
    status: str = "in-force"
    department: str = ""
    posts: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    effective: str = ""
    origin: str = ""
    category: str = ""
    """A library document's category (行政法, 行政法规, 司法解释 ...): where it stands among the sources of law."""
    law_key: str = ""
    version: str = ""
    asked: str = ""
    """How people ask about this article (asked.py): searched like the text, never shown."""
    rank: float = 1.0
    i18n: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per published language: the title, heading and URL the reader of that language sees (its own pages)."""

    def fields(self) -> dict[str, object]:
        # The title and aliases are searched as such only on the unit of the whole item. On its sections and
        # articles they go into `doc`, a weak field: otherwise every article of a law named in the query
        # outranks the one article that answers it.
        whole = self.key == self.item_id
        data: dict[str, object] = {
            "key": self.key,
            "item_id": self.item_id,
            "type": self.type,
            "display": self.title,
            "title": self.title if whole else "",
            "aliases": self.aliases if whole else "",
            "doc": "" if whole else f"{self.title} {self.aliases}",
            "heading": self.heading,
            "context": self.context,
            "place": self.context if not self.heading else "",
            "body": self.body,
            "asked": self.asked,
            "url": self.url,
            "anchor": self.anchor,
            "status": self.status,
            "department": self.department,
            "posts": ",".join(self.posts),
            "tags": ",".join(self.tags),
            "effective": self.effective,
            "origin": self.origin,
            "category": self.category,
            "path": self.path,
            "law_key": self.law_key,
            "version": self.version,
            "rank": f"{self.rank:g}",
            "i18n": json.dumps(self.i18n, ensure_ascii=False) if self.i18n else "",
        }
        if self.article is not None:
            data["article"] = self.article
        return {k: v for k, v in data.items() if v not in ("", None)}


def page_url(page: str) -> str:
    return "/" + quote(page.removesuffix(".md") + ".html")


def plain(markdown: str, book: Rulebook) -> str:
    """Markdown to the words a reader sees: short links become the target's title, markup goes."""
    text = LINK_RE.sub(lambda m: m.group(3) or book.title(m.group(1).strip()), markdown)
    text = _MD_LINK.sub(r"\1", text)
    return _MD_NOISE.sub(" ", text)


def sections(body: str) -> Iterator[tuple[str, str, str, str]]:
    """(heading, anchor, text, parents) of each ## to ###### section, anchors from the function that writes the
    site's heading ids (anchors.heading_id); `parents` are the headings it sits under ("Types of flexible schedules" for "Gliding")."""
    seen: set[str] = set()
    heading, anchor, lines, parents = None, "", [], ""
    stack: list[tuple[int, str]] = []
    for line in body.split("\n"):
        m = _HEADING.match(line)
        if m:
            if heading is not None:
                yield heading, anchor, "\n".join(lines), parents
            heading = _MD_NOISE.sub("", _MD_LINK.sub(r"\1", m.group(2))).strip()
            anchor = heading_id(heading, seen)
            level = len(m.group(1))
            stack = [(lv, h) for lv, h in stack if lv < level]
            parents = " / ".join(h for _lv, h in stack)
            stack.append((level, heading))
            lines = []
        elif heading is not None:
            lines.append(line)
    if heading is not None:
        yield heading, anchor, "\n".join(lines), parents


def _posts_of(item: Item, book: Rulebook) -> list[str]:
    if isinstance(item, Procedure):
        return sorted({s.post for s in item.steps})
    if isinstance(item, System):  # the same posts the post pages list (obligations.posts_named_by)
        return sorted(p for p in posts_named_by(item) if isinstance(book.get(p), Post))
    if isinstance(item, Post):
        return [item.id]
    return []


def _department_of(item: Item, book: Rulebook) -> str:
    if isinstance(item, Post):
        return item.department
    if isinstance(item, Department):
        return item.id
    return item.owner or ""


def item_units(item: Item, book: Rulebook, path: str, views: dict[str, Rulebook] | None = None) -> list[SearchUnit]:
    """The item's units; `views` (language -> the rulebook in that language) adds each translation's words to the
    same units, so a query in either language finds them, and records where that language's reader finds them."""
    units = _original_units(item, book, path)
    if isinstance(item, LibraryDocument) or not views:
        return units
    for lang, view in views.items():
        _add_language(units, item, view.items.get(item.id) or item, view, language_prefix(lang, book.language), lang)
    return units


def _add_language(units: list[SearchUnit], item: Item, tr: Item, view: Rulebook, prefix: str, lang: str) -> None:
    url = page_url(prefix + page_of(item))
    for unit in units:  # each unit its own dict (units are copies of one another)
        unit.i18n = {**unit.i18n, lang: {"title": tr.title, "url": url}}
    whole = units[0]
    if tr.translation is None:  # the page in that language shows the original: nothing more to search
        return
    whole.aliases = " ".join(filter(None, [whole.aliases, tr.title, *tr.aliases]))
    theirs = list(sections(tr.body))
    mine = units[1:]
    paired = len(theirs) == len(mine)
    whole.body += "\n" + reading_text(tr, view) + ("" if paired else "\n" + plain(tr.body, view))
    if paired:  # a translation keeps its original's sections, in order: each clause gets its translated words
        for unit, (heading, anchor, text, _parents) in zip(mine, theirs, strict=True):
            unit.body += "\n" + heading + "\n" + plain(text, view)
            unit.i18n = {**unit.i18n, lang: {"title": tr.title, "url": url, "heading": heading, "anchor": anchor}}
    else:
        first = re.split(r"(?m)^#{2,4}\s", tr.body, maxsplit=1)[0]
        whole.body += "\n" + plain(first, view)


def _original_units(item: Item, book: Rulebook, path: str) -> list[SearchUnit]:
    url = page_url(page_of(item))
    base = SearchUnit(
        key=item.id,
        item_id=item.id,
        type=item.type,
        title=item.title,
        body="",
        url=url,
        path=path,
        aliases=" ".join(item.aliases),
        status=item.status.value,
        department=_department_of(item, book),
        posts=_posts_of(item, book),
        tags=list(item.tags),
        effective=item.effective.isoformat() if item.effective else "",
        rank=unit_rank(item.status.value),
    )
    if isinstance(item, LibraryDocument):
        return _library_units(item, book, base)
    units = [_replace(base, body=reading_text(item, book) + "\n" + plain(item.body, book))]
    for heading, anchor, text, parents in sections(item.body):
        units.append(
            _replace(base, key=f"{item.id}#{anchor}", heading=heading, context=parents, anchor=anchor, body=plain(text, book))
        )
    return units


def _library_units(doc: LibraryDocument, book: Rulebook, base: SearchUnit) -> list[SearchUnit]:
    from ..citations import law_key
    from .asked import packaged as asked_questions

    base.origin = f"{doc.collection}/{doc.origin}"
    base.category = doc.category or ""
    base.department = ""
    if isinstance(doc, Law):
        base.law_key = law_key(doc.title)
        base.version = version_date(doc).isoformat() if version_date(doc).year > 1 else ""
        newest = book.laws.versions.get(base.law_key, [doc])[0]
        older = newest.id != doc.id and version_date(newest) > version_date(doc)
        base.rank = unit_rank(doc.status.value, older_version=older)
        asked = {} if older else asked_questions().get(base.law_key, {})  # an older text numbers its articles otherwise
        structure = parse_structure(doc.body)
        intro = " ".join(filter(None, [doc.subtitle, *doc.history]))
        units = [_replace(base, body=intro)]
        for unit in structure.units:
            heading = " / ".join(unit.heading_path)
            if unit.kind == "heading":
                units.append(_replace(base, key=f"{doc.id}#{unit.anchor}", heading=heading, anchor=unit.anchor, body=""))
            else:
                # an article's chapter heading is context, not what it is about: 第四章 行政许可的实施程序 heads
                # 30 articles, and as a heading it made each of them a strong match for 行政许可
                units.append(
                    _replace(
                        base,
                        key=f"{doc.id}#{unit.anchor}",
                        context=heading,
                        anchor=unit.anchor,
                        article=unit.number,
                        body=unit.text(structure.lines),
                        asked=asked.get(unit.number, "") if unit.number is not None else "",
                    )
                )
        return units
    first = re.split(r"(?m)^#{2,4}\s", doc.body, maxsplit=1)[0]
    units = [_replace(base, body=plain(first, book))]
    for heading, anchor, text, parents in sections(doc.body):
        units.append(
            _replace(base, key=f"{doc.id}#{anchor}", heading=heading, context=parents, anchor=anchor, body=plain(text, book))
        )
    return units


def _replace(unit: SearchUnit, **changes: object) -> SearchUnit:
    from dataclasses import replace

    return replace(unit, **changes)

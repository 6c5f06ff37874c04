"""What every renderer needs besides the item: the whole rulebook and how to cite a law."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..citations import Citation
from ..links import Link, replace_links
from ..rulebook import Rulebook
from ..training import git_last_commits
from .fragments import Fragments
from .markdown import link, text
from .paths import page_of, relative

if TYPE_CHECKING:
    from ..versions import Histories


def plain_citation(citation: Citation, from_page: str) -> str:
    return text(citation.label)


def citation_link(ctx: RenderContext, citation: Citation, from_page: str, label: str | None = None) -> str:
    """The one citation linker: `label` (the citation's own by default) linked to the cited article, or to the
    law when it is cited whole, where the library has it; plain text where it does not."""
    label = citation.label if label is None else label
    resolved = ctx.book.laws.resolve(citation) if ctx.book.laws else None
    if resolved is None:
        return text(label)
    target = relative(from_page, page_of(resolved.law)) + (f"#{resolved.anchor}" if resolved.anchor else "")
    return f"[{text(label)}]({target})"


def cite_with_links(ctx: RenderContext) -> Callable[[Citation, str], str]:
    """`RenderContext.cite` once laws are imported."""
    return lambda citation, from_page: citation_link(ctx, citation, from_page)


@dataclass
class RenderContext:
    book: Rulebook
    cite: Callable[[Citation, str], str] = field(default=plain_citation)
    """Renders a citation as Markdown: plain text, or a link to the article once laws are imported."""
    fragments: Fragments = field(default_factory=Fragments)
    """Pre-rendered HTML the pages refer to by placeholder; the site generator expands them."""
    history: Histories | None = None
    """Versions of each item from git, for "what changed" sections; None leaves those sections out."""
    today: date = field(default_factory=date.today)
    """The date "the last 90 days" end on."""
    as_of: date | None = None
    """Set when the site shows the rulebook as it stood on a past date."""

    def __post_init__(self) -> None:
        if self.cite is plain_citation and self.book.laws:
            self.cite = cite_with_links(self)

    @cached_property
    def git_dates(self) -> dict[Path, date]:
        """Date of the last commit to each rules file (empty outside git): when an item last changed."""
        return git_last_commits(self.book.root) if self.book.root.is_dir() else {}

    def item_link(self, from_page: str, item_id: str, label: str | None = None) -> str:
        item = self.book.get(item_id)
        return link(from_page, item, label) if item else text(label or item_id)

    def body(self, markdown: str, from_page: str) -> str:
        """The author's Markdown with short links `[[id]]` turned into links that show the target's title."""

        def render(short: Link) -> str:
            target = self.book.get(short.target)
            if target is None:  # `check` reports it; the page still builds
                return text(short.text or short.target)
            return link(from_page, target, short.text, short.anchor)

        return replace_links(markdown, render)

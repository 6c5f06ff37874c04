"""Small, safe builders for the Markdown the renderers write (`text` and `cell` escape, see `indexer.templating`)."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence

from ..i18n import N_, _
from ..model import Item, Status, type_label
from ..templating import cell, dialect, text

__all__ = ["cell", "text"]  # re-exported: the renderers escape with these
from .paths import page_of, relative


def link(from_page: str, item: Item, label: str | None = None, anchor: str | None = None) -> str:
    target = relative(from_page, page_of(item)) + (f"#{anchor}" if anchor else "")
    return f"[{text(label or item.title)}]({target})"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


STATUS_LABELS = {
    Status.DRAFT: N_("Draft"),
    Status.IN_FORCE: N_("In force"),
    Status.REPEALED: N_("Repealed"),
    Status.SUPERSEDED: N_("Superseded"),
}


def status_label(status: Status) -> str:
    return _(STATUS_LABELS[status])


def status_badge(status: Status) -> str:
    return f'<span class="rb-status rb-status--{status.value}">{html.escape(status_label(status))}</span>'


def type_badge(kind: str) -> str:
    return f'<span class="rb-type rb-type--{html.escape(kind)}">{html.escape(type_label(kind))}</span>'


def front_matter(*, searchable: bool = True, full_width: bool = False, **fields: str | None) -> str:
    """YAML front matter for the page: quoted with JSON rules, which YAML reads as double-quoted strings.
    `searchable=False` keeps the page out of the generator's own search (the server searches it instead);
    `full_width` hides the navigation and table of contents beside the page."""
    lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items() if v]
    if full_width:
        lines.append(str(dialect().full_width()))
    if not searchable:
        lines.append(str(dialect().search_exclude()))
    return "\n".join([*lines, "---", ""])


def heading(level: int, title: str, anchor: str | None = None) -> str:
    """A heading line; `anchor` fixes its id (for links and the table of contents) in the generator's syntax."""
    return str(dialect().heading(level, title, anchor)) + "\n"


def admonition(kind: str, title: str, body: str, *, collapsible: bool = False, blank_line: bool = True) -> str:
    """A call-out box (note, warning, info, danger) around Markdown `body`."""
    return str(dialect().admonition(kind, title, body, collapsible=collapsible, blank_line=blank_line))


def button(label: str, href: str, primary: bool = False) -> str:
    """A link shown as a button."""
    return str(dialect().button(label, href, primary))


def button_class(primary: bool = False) -> str:
    """The CSS class of a real <button> styled like the theme's buttons."""
    return str(dialect().button_class(primary))


def grid_cards(cards: Sequence[dict[str, str]]) -> str:
    """Cards in a grid (home page): each a dict of icon, title, body, label and target (Markdown)."""
    return str(dialect().grid_cards(list(cards))) + "\n"


def block_attrs(anchor: str | None = None, classes: Sequence[str] = ()) -> str:
    """A line giving the paragraph above it an id and classes."""
    return str(dialect().block_attrs(anchor, list(classes)))

"""The print pack's facts: what is on the cover, the contents, and each item's section, numbered.

`indexer.pack` chooses what goes into a pack (`Pack`); this module computes what its pages say, and
`templates/pack/*.html.j2` lays them out. The flowchart is the site's graph (`views.flowchart`) written by the same
Mermaid template, and the obligations are the post page's (`obligations_for`), so paper and screen agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import markdown as md
from markupsafe import Markup, escape

from ..i18n import _, format_date, join_list
from ..links import Link, replace_links
from ..model import Item, Post, Procedure, System, type_label
from ..obligations import PostObligations, obligations_for
from ..render.procedure import steps_total
from ..rulebook import Rulebook
from ..sanitize import clean
from ..templating import render
from ..training import plural
from .flowchart import flowchart_of

if TYPE_CHECKING:
    from ..pack import Pack


def anchor(item: Item) -> str:
    return f"item-{item.id}"


@dataclass(frozen=True)
class TocRow:
    number: int
    anchor: str
    title: str
    kind: str
    why: str
    time: str


@dataclass
class PackItemView:
    number: int
    item: Item
    anchor: str
    minutes: int
    why: str
    body_html: Markup
    kind: str = ""
    """"system", "procedure" or "post": the type whose facts the template adds; "" for the others."""
    obligations: PostObligations | None = None
    flowchart_source: str = ""
    steps_total: float = 0.0


@dataclass
class PackView:
    facts: list[tuple[str, str]]
    toc: list[TocRow]
    items: list[PackItemView] = field(default_factory=list)
    laws_number: int = 0
    questions_number: int = 0


def _mermaid_fence(source: str, language: str, css_class: str, options: dict, md_: object, **kwargs: object) -> str:
    """Author-written ```mermaid fences: a bare <pre>, because Mermaid reads its innerHTML (a <code> would break it)."""
    return f'<pre class="mermaid">{escape(source)}</pre>'


def _converter() -> md.Markdown:
    return md.Markdown(
        extensions=["tables", "admonition", "attr_list", "def_list", "md_in_html", "pymdownx.superfences"],
        extension_configs={
            "pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "mermaid", "format": _mermaid_fence}]}
        },
    )


def _shift_headings(markup: str) -> str:
    """The item title is an <h2>, so the author's `## Purpose` becomes an <h3>."""
    return re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", markup)


def body_html(book: Rulebook, item: Item, inside: set[str], converter: md.Markdown) -> Markup:
    """The author's body as HTML; [[links]] to items in the pack jump within it, others become their titles."""
    from ..render.markdown import text

    def short(link: Link) -> str:
        target = book.get(link.target)
        label = text(link.text or (target.title if target else link.target))
        return f"[{label}](#{anchor(target)})" if target and target.id in inside else label

    converter.reset()
    return Markup(_shift_headings(clean(converter.convert(replace_links(item.body, short)))))  # the site's allow-list


def pack_view(book: Rulebook, pack: Pack, generated: date | None = None) -> PackView:
    inside = {i.id for i in pack.items}
    converter = _converter()
    n = len(pack.items)
    view = PackView(facts=[], toc=[])
    for number, item in enumerate(pack.items, start=1):
        entry = PackItemView(
            number,
            item,
            anchor(item),
            pack.minutes_of(item),
            pack.reasons.get(item.id, ""),
            body_html(book, item, inside, converter),
        )
        if isinstance(item, System):
            entry.kind = "system"
        elif isinstance(item, Procedure):
            entry.kind = "procedure"
            entry.flowchart_source = render("flowchart.mmd.j2", chart=flowchart_of(book, item)).rstrip("\n")
            entry.steps_total = steps_total(item)
        elif isinstance(item, Post):
            entry.kind = "post"
            entry.obligations = obligations_for(book, item)
        view.items.append(entry)
        view.toc.append(
            TocRow(number, entry.anchor, item.title, type_label(item.type), entry.why, _("{n} min").format(n=entry.minutes))
        )
    if pack.laws:
        view.laws_number = n + 1
        law_minutes = _("{n} min").format(n=sum(law.minutes for law in pack.laws))
        view.toc.append(TocRow(n + 1, "laws", _("Laws they rest on"), _("Laws"), plural(len(pack.laws), "law"), law_minutes))
    if pack.questions:
        view.questions_number = n + (2 if pack.laws else 1)
        view.toc.append(
            TocRow(
                view.questions_number,
                "questions",
                _("Self-check questions"),
                _("Quiz"),
                plural(len(pack.questions), "question"),
                "",
            )
        )
    if pack.obligations:
        ob = pack.obligations
        if ob.department:
            view.facts.append((_("Department"), ob.department.title))
        if ob.reporting_line:
            view.facts.append((_("Reports to"), ob.reporting_line[0].title))
        if ob.backup:
            view.facts.append((_("Backup post"), ob.backup.title))
    reading = _("{items} and {laws}, about {minutes} min").format(
        items=plural(len(pack.items), "item"), laws=plural(len(pack.laws), "law"), minutes=pack.minutes
    )
    view.facts += [
        (_("Reading"), reading),
        (_("Self-check"), plural(len(pack.questions), "question")),
        (_("Generated"), format_date(generated or date.today())),
    ]
    return view


def refs_html(book: Rulebook, inside: set[str]):
    """`ref(id)` and `refs(ids)` for the pack templates: a link within the pack, or the title as text."""

    def ref(item_id: str) -> Markup:
        if item_id == "all":  # a system that applies to every post
            return escape(_("every post"))
        item = book.get(item_id)
        shown = escape(item.title if item else item_id)
        return Markup(f'<a href="#{escape(anchor(item))}">{shown}</a>') if item and item.id in inside else shown

    def refs(ids: list[str]) -> Markup:
        return Markup(join_list([str(ref(i)) for i in ids]))

    return ref, refs

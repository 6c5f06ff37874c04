"""Library pages: laws with anchored articles and "cited by", handbook documents, and the library indexes."""

from __future__ import annotations

from collections import defaultdict

from ..citations import Citation
from ..i18n import Nn_, _, collation_key, count, format_date, join_list
from ..library.citations import version_date
from ..library.structure import parse_structure
from ..model import Document, Law, LibraryDocument, type_label
from .context import RenderContext
from .fragments import article_html
from .markdown import admonition, block_attrs, front_matter, heading, link, status_badge, table, text, type_badge
from .paths import page_of, relative

LIBRARY_INDEX = "library/index.md"
DOCUMENTS = Nn_("{n} document", "{n} documents")


def collection_index_page(collection: str) -> str:
    return f"library/{collection}/index.md"


def _excluded_from_static_search(title: str, summary: str | None = None) -> str:
    """Library pages stay out of the site's built-in search: the server searches them clause by clause."""
    return front_matter(title=title, description=summary, searchable=False)


def law_header(ctx: RenderContext, doc: LibraryDocument, page: str) -> list[str]:
    parts = [_excluded_from_static_search(doc.title), f"# {text(doc.title)}\n"]
    if doc.subtitle:
        parts.append(f"**{text(doc.subtitle)}**\n")
    parts.append(f'<p class="rb-badges">{type_badge(doc.type)} {status_badge(doc.status)}</p>\n')
    rows = [(_("Collection"), f"[{text(doc.collection)}]({relative(page, collection_index_page(doc.collection))})")]
    if doc.category:
        rows.append((_("Category"), text(doc.category)))
    if doc.published:
        rows.append((_("Version of"), format_date(doc.published)))
    if doc.effective and doc.effective != doc.published:
        rows.append((_("In force from"), format_date(doc.effective)))
    if isinstance(doc, Law):
        others = [v for v in ctx.book.laws.versions.get(Citation(doc.title).law_key, []) if v.id != doc.id]
        if others:
            rows.append((_("Other versions"), join_list([link(page, v, format_date(version_date(v))) for v in others])))
        newer = ctx.book.laws.newer_than(doc)
        if newer:
            parts.append(
                admonition(
                    "warning",
                    _("Not the newest version"),
                    _("The newest version is {law}.").format(law=link(page, newer, newer.title)),
                    blank_line=False,
                )
            )
    rows.append((_("Origin"), f"`{doc.origin}`"))
    parts.append('<div class="rb-meta" markdown>\n\n' + table(["", ""], rows) + "\n\n</div>\n")
    if doc.history:
        history = "\n".join(f"- {text(h)}" for h in doc.history)
        parts.append(admonition("note", _("History"), history, collapsible=True, blank_line=False))
    return parts


def law_body(ctx: RenderContext, law: Law, page: str) -> str:
    """The text with an anchor on every heading and article, and under each cited article who rests on it.

    Plain articles (nearly all of them) go in as pre-rendered HTML fragments, runs of them behind one
    placeholder; headings stay Markdown so they make the page's table of contents.
    """
    structure = parse_structure(law.body)
    lines = list(structure.lines)
    cited = ctx.book.laws.cited_by.get(law.id, {})
    insert_after: dict[int, list[str]] = defaultdict(list)
    as_html: dict[int, tuple[int, str]] = {}  # first line -> (end line, html)
    for unit in structure.units:
        if unit.kind == "heading":
            level, _hashes, title = lines[unit.start].lstrip().partition(" ")
            lines[unit.start] = heading(len(level), title.rstrip(), unit.anchor).rstrip("\n")
            continue
        users = cited.get(unit.anchor)
        if not users:
            rendered = article_html(lines[unit.start : unit.end], unit.label, unit.anchor)
            if rendered is not None:
                as_html[unit.start] = (unit.end, rendered)
                continue
        first = lines[unit.start]
        stripped = first.lstrip()
        lines[unit.start] = (
            f"**{unit.label}** " + stripped[len(unit.label) :].lstrip() if stripped.startswith(unit.label) else first
        )
        end = unit.start
        while end + 1 < unit.end and lines[end + 1].strip():
            end += 1
        extra = [block_attrs(unit.anchor, ["rb-article"])]
        if users:
            extra += [
                "",
                f'<span class="rb-citedby">{_("Cited by")}</span> ' + join_list([link(page, u) for u in users]),
                block_attrs(classes=["rb-citedby-line"]),
            ]
        insert_after[end] += extra
    out: list[str] = []
    run: list[str] = []
    i = 0
    while i < len(lines):
        if i in as_html:
            i, fragment = as_html[i]
            run.append(fragment)
            continue
        if run:
            out.append(ctx.fragments.add("\n".join(run)))
            run = []
        out.append(lines[i])
        out.extend(insert_after.get(i, []))
        i += 1
    if run:
        out.append(ctx.fragments.add("\n".join(run)))
    return "\n".join(out)


def law_page(ctx: RenderContext, law: Law) -> str:
    page = page_of(law)
    parts = law_header(ctx, law, page)
    cited = ctx.book.laws.cited_by.get(law.id, {})
    if cited:
        rows = [(_("whole law"), join_list([link(page, u) for u in cited[None]]))] if None in cited else []
        for unit in parse_structure(law.body).units:  # in the order of the text
            if unit.anchor in cited:
                rows.append((f"[{text(unit.label)}](#{unit.anchor})", join_list([link(page, u) for u in cited[unit.anchor]])))
        parts.append(
            heading(2, _("Cited by the rulebook"), "cited-by")
            + "\n"
            + table([_("Article"), _("Procedures and systems resting on it")], rows)
            + "\n"
        )
    parts.append(law_body(ctx, law, page))
    return "\n".join(parts) + "\n"


def document_page(ctx: RenderContext, doc: Document) -> str:
    parts = law_header(ctx, doc, page_of(doc))
    body = doc.body
    if body.lstrip().startswith("# "):  # the title is already the page heading
        body = body.lstrip().split("\n", 1)[1] if "\n" in body.lstrip() else ""
    parts.append(body)
    return "\n".join(parts) + "\n"


def library_pages(ctx: RenderContext) -> dict[str, str]:
    docs = [i for i in ctx.book if isinstance(i, LibraryDocument)]
    if not docs:
        return {}
    pages: dict[str, str] = {}
    by_collection: dict[str, list[LibraryDocument]] = defaultdict(list)
    for doc in docs:
        by_collection[doc.collection].append(doc)
        pages[page_of(doc)] = law_page(ctx, doc) if isinstance(doc, Law) else document_page(ctx, doc)  # type: ignore[arg-type]
    index = [
        front_matter(title=_("Library")),
        f"# {_('Library')}\n",
        _("Laws, regulations and handbooks the rulebook rests on.") + "\n",
    ]
    rows = []
    for collection, members in sorted(by_collection.items()):
        laws = sum(isinstance(d, Law) for d in members)
        rows.append(
            (
                f"[{text(collection)}]({relative(LIBRARY_INDEX, collection_index_page(collection))})",
                str(laws),
                str(len(members) - laws),
            )
        )
        pages[collection_index_page(collection)] = collection_page(ctx, collection, members)
    index.append(table([_("Collection"), type_label("law", plural=True), type_label("document", plural=True)], rows))
    pages[LIBRARY_INDEX] = "\n".join(index) + "\n"
    return pages


def collection_page(ctx: RenderContext, collection: str, members: list[LibraryDocument]) -> str:
    page = collection_index_page(collection)
    parts = [front_matter(title=collection), f"# {text(collection)}\n", count(len(members), *DOCUMENTS) + "\n"]
    groups: dict[str, list[LibraryDocument]] = defaultdict(list)
    for doc in members:
        groups[doc.category or ""].append(doc)
    for category in sorted(groups):
        if category:
            parts.append(f"## {text(category)}\n")
        docs = sorted(groups[category], key=lambda d: (collation_key(d.title), version_date(d)))
        parts.append(
            table(
                [_("Title"), _("Version"), _("Cited")],
                [
                    (
                        link(page, d),
                        format_date(version_date(d)) if version_date(d).year > 1 else "—",
                        str(sum(len(v) for v in ctx.book.laws.cited_by.get(d.id, {}).values())) if isinstance(d, Law) else "—",
                    )
                    for d in docs
                ],
            )
        )
        parts.append("")
    return "\n".join(parts)

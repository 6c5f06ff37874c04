"""Pages about many items: the home page, an index per type, A to Z, tags and the glossary."""

from __future__ import annotations

from collections import defaultdict

from ..model import TYPE_LABELS, Item, Procedure
from ..rulebook import sort_key
from .context import RenderContext
from .items import tag_anchor
from .markdown import cell, front_matter, link, table, text
from .paths import index_of, relative


def home_page(ctx: RenderContext, site_name: str) -> str:
    book = ctx.book
    page = "index.md"
    counts = {kind: sum(1 for i in book if i.type == kind) for kind in TYPE_LABELS}

    def to(kind: str) -> str:
        return relative(page, index_of(kind))

    top = [p for p in book.procedures][:6]
    return "\n".join(
        [
            front_matter(title=site_name),
            f"# {text(site_name)}\n",
            "What must I do, by when, and on what basis? Search above in Chinese or English "
            "(年休假, *one-time notification*, 第四十二条), or start from one of these.\n",
            '<div class="grid cards" markdown>\n',
            f"-   :material-clipboard-list-outline: **Run a procedure**\n\n    ---\n\n"
            f"    Steps, responsible post, statutory and committed time limits, materials and legal basis "
            f"of all {counts['procedure']} procedures.\n\n    [:octicons-arrow-right-24: Procedures]({to('procedure')})\n",
            f"-   :material-school-outline: **Training sessions**\n\n    ---\n\n"
            f"    The {counts['system']} responsibility systems of the organ, each with self-check questions.\n\n"
            "    [:octicons-arrow-right-24: Training](training/index.md)\n",
            f"-   :material-account-plus-outline: **New to a post**\n\n    ---\n\n"
            f"    Find your post among {counts['post']} posts in {counts['department']} departments: everything it must do, "
            f"its backup post and reporting line.\n\n    [:octicons-arrow-right-24: Posts]({to('post')})\n",
            f"-   :material-book-alphabet: **Glossary**\n\n    ---\n\n"
            f"    {counts['term']} terms of organ-efficiency work, in English and Chinese.\n\n"
            f"    [:octicons-arrow-right-24: Glossary]({to('term')})\n",
            "</div>\n",
            "## Procedures at a glance\n",
            procedures_table(ctx, top, page),
            f"\n[All procedures]({to('procedure')}) · [A to Z](indexes/a-z.md) · [Tags](indexes/tags.md) · "
            f"[Departments]({to('department')})\n",
        ]
    )


def procedures_table(ctx: RenderContext, procedures: list[Procedure], page: str) -> str:
    rows = [
        (
            link(page, p),
            text(" · ".join(p.aliases)) or "—",
            text(p.committed_limit.raw),
            text(p.statutory_limit.raw),
            ctx.item_link(page, p.owner) if p.owner else "—",
        )
        for p in procedures
    ]
    return table(["Procedure", "Chinese name", "Committed", "Statutory", "Owner"], rows)


def type_index(ctx: RenderContext, kind: str) -> str:
    page = index_of(kind)
    label = TYPE_LABELS[kind][1]
    items = [i for i in ctx.book if i.type == kind]
    items.sort(key=sort_key)
    parts = [front_matter(title=label), f"# {label}\n"]
    if kind == "procedure":
        parts.append(procedures_table(ctx, items, page))  # type: ignore[arg-type]
    elif kind == "post":
        by_dept: dict[str, list[Item]] = defaultdict(list)
        for post in items:
            by_dept[post.department].append(post)  # type: ignore[attr-defined]
        for dept_id in sorted(by_dept, key=lambda d: ctx.book.title(d).casefold()):
            parts.append(f"## {ctx.item_link(page, dept_id)}\n")
            parts.append(
                table(
                    ["Post", "Chinese name", "Summary"],
                    [(link(page, p), text(" · ".join(p.aliases)) or "—", cell(p.summary)) for p in by_dept[dept_id]],
                )
            )
            parts.append("")
    elif kind == "power":
        from .power import powers_index

        parts.append(powers_index(ctx, items, page))  # type: ignore[arg-type]
    elif kind == "term":
        for term in items:
            names = f" ({text(' · '.join(term.aliases))})" if term.aliases else ""
            parts.append(f"**{link(page, term)}**{names}\n: {text(term.summary or '')}\n")
    else:
        parts.append(
            table(
                [TYPE_LABELS[kind][0], "Chinese name", "Summary"],
                [(link(page, i), text(" · ".join(i.aliases)) or "—", cell(i.summary)) for i in items],
            )
        )
    return "\n".join(parts) + "\n"


def _initial(title: str) -> str:
    first = title.strip()[:1].upper()
    return first if first.isalpha() else "#"


def a_to_z(ctx: RenderContext) -> str:
    page = "indexes/a-z.md"
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in sorted(ctx.book.own(), key=sort_key):
        groups[_initial(item.title)].append(item)
    letters = sorted(groups, key=lambda g: (g == "#", g))
    parts = [front_matter(title="A to Z"), "# A to Z\n", " · ".join(f"[{g}](#letter-{ord(g)})" for g in letters) + "\n"]
    for g in letters:
        parts.append(f"## {g} {{#letter-{ord(g)}}}\n")
        for item in groups[g]:
            alias = f" — {text(item.aliases[0])}" if item.aliases else ""
            parts.append(f"- {link(page, item)}{alias} <small>{TYPE_LABELS[item.type][0].lower()}</small>")
        parts.append("")
    return "\n".join(parts)


def tags_page(ctx: RenderContext) -> str:
    page = "indexes/tags.md"
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in ctx.book.own():
        for tag in item.tags:
            groups[tag].append(item)
    parts = [front_matter(title="Tags"), "# Tags\n"]
    if not groups:
        parts.append("No item has tags yet.\n")
    for tag in sorted(groups, key=str.casefold):
        parts.append(f"## {text(tag)} {{#{tag_anchor(tag)}}}\n")
        parts += [f"- {link(page, i)}" for i in sorted(groups[tag], key=sort_key)]
        parts.append("")
    return "\n".join(parts)

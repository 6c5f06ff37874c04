"""Pages about many items: the home page, an index per type, A to Z, tags and the glossary."""

from __future__ import annotations

from collections import defaultdict

from ..i18n import _, collation_key, format_limit, initial
from ..itemtypes import icon, names
from ..model import Item, Procedure, type_label
from ..rulebook import sort_key
from ..views.item import tag_anchor
from .context import RenderContext
from .markdown import cell, front_matter, grid_cards, heading, link, table, text
from .paths import A_TO_Z_PAGE, TAGS_PAGE, index_of, relative


def home_page(ctx: RenderContext, site_name: str) -> str:
    book = ctx.book
    page = "index.md"
    counts = {kind: sum(1 for i in book if i.type == kind) for kind in names()}

    def to(kind: str) -> str:
        return relative(page, index_of(kind))

    def card(icon: str, title: str, body: str, label: str, target: str) -> dict[str, str]:
        return {"icon": icon, "title": title, "body": body, "label": label, "target": target}

    top = [p for p in book.procedures][:6]
    return "\n".join(
        [
            front_matter(title=site_name),
            f"# {text(site_name)}\n",
            _(
                "What must I do, by when, and on what basis? Search above in Chinese or English "
                "(年休假, *one-time notification*, 第四十二条), or start from one of these."
            )
            + "\n",
            grid_cards(
                [
                    card(
                        icon("procedure"),
                        _("Run a procedure"),
                        _(
                            "Steps, responsible post, statutory and committed time limits, materials and legal basis of all "
                            "{n} procedures."
                        ).format(n=counts["procedure"]),
                        type_label("procedure", plural=True),
                        to("procedure"),
                    ),
                    card(
                        "material-school-outline",
                        _("Training sessions"),
                        _("The {n} responsibility systems of the organ, each with self-check questions.").format(
                            n=counts["system"]
                        ),
                        _("Training"),
                        "training/index.md",
                    ),
                    card(
                        icon("post"),
                        _("New to a post"),
                        _(
                            "Find your post among {posts} posts in {departments} departments: everything it must do, "
                            "its backup post and reporting line."
                        ).format(posts=counts["post"], departments=counts["department"]),
                        type_label("post", plural=True),
                        to("post"),
                    ),
                    card(
                        icon("term"),
                        type_label("term", plural=True),
                        _("{n} terms of organ-efficiency work, in Chinese and English.").format(n=counts["term"]),
                        type_label("term", plural=True),
                        to("term"),
                    ),
                ]
            ),
            f"## {_('Procedures at a glance')}\n",
            procedures_table(ctx, top, page),
            f"\n[{_('All procedures')}]({to('procedure')}) · [{_('A to Z')}]({A_TO_Z_PAGE}) · [{_('Tags')}]({TAGS_PAGE}) · "
            f"[{type_label('department', plural=True)}]({to('department')})\n",
        ]
    )


def procedures_table(ctx: RenderContext, procedures: list[Procedure], page: str) -> str:
    rows = [
        (
            link(page, p),
            text(" · ".join(p.aliases)) or "—",
            text(format_limit(p.committed_limit)),
            text(format_limit(p.statutory_limit)),
            ctx.item_link(page, p.owner) if p.owner else "—",
        )
        for p in procedures
    ]
    return table([_("Procedure"), _("Other names"), _("Committed"), _("Statutory"), _("Owner")], rows)


def type_index(ctx: RenderContext, kind: str) -> str:
    page = index_of(kind)
    label = type_label(kind, plural=True)
    items = [i for i in ctx.book if i.type == kind]
    items.sort(key=sort_key)
    parts = [front_matter(title=label), f"# {label}\n"]
    if kind == "procedure":
        parts.append(procedures_table(ctx, items, page))  # type: ignore[arg-type]
    elif kind == "post":
        by_dept: dict[str, list[Item]] = defaultdict(list)
        for post in items:
            by_dept[post.department].append(post)  # type: ignore[attr-defined]
        for dept_id in sorted(by_dept, key=lambda d: collation_key(ctx.book.title(d))):
            parts.append(f"## {ctx.item_link(page, dept_id)}\n")
            parts.append(
                table(
                    [_("Post"), _("Other names"), _("Summary")],
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
                [type_label(kind), _("Other names"), _("Summary")],
                [(link(page, i), text(" · ".join(i.aliases)) or "—", cell(i.summary)) for i in items],
            )
        )
    return "\n".join(parts) + "\n"


def a_to_z(ctx: RenderContext) -> str:
    page = A_TO_Z_PAGE
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in sorted(ctx.book.own(), key=sort_key):
        groups[initial(item.title)].append(item)
    letters = sorted(groups, key=lambda g: (g == "#", g))
    parts = [
        front_matter(title=_("A to Z")),
        f"# {_('A to Z')}\n",
        " · ".join(f"[{g}](#letter-{ord(g)})" for g in letters) + "\n",
    ]
    for g in letters:
        parts.append(heading(2, g, f"letter-{ord(g)}"))
        for item in groups[g]:
            alias = f" — {text(item.aliases[0])}" if item.aliases else ""
            parts.append(f"- {link(page, item)}{alias} <small>{type_label(item.type).lower()}</small>")
        parts.append("")
    return "\n".join(parts)


def tags_page(ctx: RenderContext) -> str:
    page = TAGS_PAGE
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in ctx.book.own():
        for tag in item.tags:
            groups[tag].append(item)
    parts = [front_matter(title=_("Tags")), f"# {_('Tags')}\n"]
    if not groups:
        parts.append(_("No item has tags yet.") + "\n")
    for tag in sorted(groups, key=str.casefold):
        parts.append(heading(2, text(tag), tag_anchor(tag)))
        parts += [f"- {link(page, i)}" for i in sorted(groups[tag], key=sort_key)]
        parts.append("")
    return "\n".join(parts)

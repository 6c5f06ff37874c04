"""The Training section of the site: onboarding paths, gathered self-checks, print packs and what changed.

Everything is computed in `indexer.training` (and `indexer.pack` for the print
pages); this module only turns it into pages, so the site, the PDF and the
terminal cannot disagree. The section is added by `render_site` in one call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import _, collation_key, current_language, format_date, join_list
from ..model import Item, Post, System, type_label
from ..pack import pack_for_post, pack_html
from ..rulebook import sort_key
from ..templating import render
from ..training import (
    ChangeEntry,
    LawReading,
    OnboardingPath,
    QuizEntry,
    change_log,
    onboarding_path,
    plural,
    procedures_applying,
    system_quiz,
)
from ..views.onboarding import checklist_lines
from ..views.post import onboarding_page
from ..views.post import quiz_page as quiz_page_of
from .context import RenderContext, citation_link
from .markdown import cell, front_matter, link, table, text
from .paths import page_of, relative, shared
from .quiz import quiz_block

if TYPE_CHECKING:
    from .site import NavEntry

TRAINING_INDEX = "training/index.md"
RECENT_CHANGES = "changes/recent.md"
RECENT_LIMIT = 60
"""Entries on the recently-changed page; `rulebook changes --since` lists any number."""
MERMAID_ASSET = "assets/mermaid/mermaid.min.js"


def quiz_page(item: Item) -> str:
    return quiz_page_of(item.id)


def print_page(post: Post) -> str:
    """A standalone HTML page (copied as is by the site generator), printed with the browser's print dialog."""
    return f"training/print/{post.id}.html"


def training_section(ctx: RenderContext, site_name: str) -> tuple[dict[str, str], NavEntry]:
    """The Training pages and their nav entry. (The item pages carry their own last-changed line and, for a post,
    the pointer to its training: both are facts of the item's view, see `render.items` and `views.post`.)"""
    book = ctx.book
    paths = {post.id: onboarding_path(book, post) for post in book.posts}
    out: dict[str, str] = {}
    for post in book.posts:
        path = paths[post.id]
        out[onboarding_page(post)] = onboarding_markdown(ctx, path)
        out[quiz_page(post)] = post_quiz_markdown(ctx, path)
        mermaid = relative(print_page(post), shared(MERMAID_ASSET))
        out[print_page(post)] = pack_html(
            book,
            pack_for_post(book, post, site_name),
            head_scripts=f'<script src="{mermaid}"></script>',
            back=relative(print_page(post), onboarding_page(post)).removesuffix(".md") + ".html",
        )
    for system in book.systems:
        out[quiz_page(system)] = system_quiz_markdown(ctx, system, system_quiz(book, system))
    out[TRAINING_INDEX] = index_markdown(ctx, paths)
    out[RECENT_CHANGES] = recent_markdown(ctx, change_log(book, git_dates=ctx.git_dates))
    nav: NavEntry = (
        _("Training"),
        [
            (_("Training"), TRAINING_INDEX),
            (_("Onboarding"), [(p.title, onboarding_page(p)) for p in book.posts]),
            (_("Self-checks"), [(i.title, quiz_page(i)) for i in [*book.posts, *book.systems]]),
            (_("Recently changed"), RECENT_CHANGES),
        ],
    )
    return out, nav


def _minutes(n: int) -> str:
    return _("{n} min").format(n=n)


def onboarding_markdown(ctx: RenderContext, path: OnboardingPath) -> str:
    """The onboarding page (`templates/onboarding.md.j2`)."""
    post = path.post
    page = onboarding_page(post)

    def articles(law: LawReading) -> str:
        pairs = zip(law.citations(), law.article_labels(), strict=True)
        return "、".join(citation_link(ctx, c, page, label) for c, label in pairs)

    return render(
        "onboarding.md.j2",
        path=path,
        checklist=checklist_lines(path),
        front_matter=front_matter(
            title=_("Onboarding: {post}").format(post=post.title),
            description=_("What a new {post} reads first, in order.").format(post=post.title),
        ),
        link=lambda item: link(page, item),
        rel=lambda target: relative(page, target),
        page_of=page_of,
        minutes=_minutes,
        plural=plural,
        type_label=type_label,
        articles=articles,
        cited_by=lambda law: join_list([ctx.item_link(page, i) for i in law.cited_by]),
        quiz=quiz_page(post),
        print=print_page(post),
    )


def _sources(entries: list[QuizEntry], page: str) -> str:
    counts: dict[str, tuple[Item, int]] = {}
    for entry in entries:
        item, n = counts.get(entry.source.id, (entry.source, 0))
        counts[entry.source.id] = (item, n + 1)
    return "\n".join(f"- {link(page, item)} — {plural(n, 'question')}" for item, n in counts.values())


def _quiz(ctx: RenderContext, entries: list[QuizEntry], quiz_id: str, page: str, empty: str) -> list[str]:
    if not entries:
        return [f"{empty}\n"]
    return [
        ctx.fragments.add(quiz_block(((e.source.title, e.question) for e in entries), quiz_id)) + "\n",
        f"## {_('Where the questions come from')}\n\n" + _sources(entries, page) + "\n",
    ]


def post_quiz_markdown(ctx: RenderContext, path: OnboardingPath) -> str:
    post = path.post
    page = quiz_page(post)
    return "\n".join(
        [
            front_matter(title=_("Self-check: {item}").format(item=post.title)),
            "# " + _("Self-check: {item}").format(item=text(post.title)) + "\n",
            "_"
            + _(
                "{questions} from the systems and procedures that apply to this post, in the order of its onboarding "
                "path. Pick an answer to see whether it is right; the score stays on this page."
            ).format(questions=plural(len(path.questions), "question"))
            + "_\n",
            f"[{_('Onboarding path')}]({relative(page, onboarding_page(post))}) · "
            f"[{_('Obligations of this post')}]({relative(page, page_of(post))}#obligations)\n",
            *_quiz(
                ctx,
                path.questions,
                f"post-{post.id}",
                page,
                _("No system or procedure of this post has self-check questions yet."),
            ),
        ]
    )


def system_quiz_markdown(ctx: RenderContext, system: System, entries: list[QuizEntry]) -> str:
    page = quiz_page(system)
    procedures = procedures_applying(ctx.book, system)
    scope = _("its own questions and those of the procedures that apply it") if procedures else _("its own questions")
    return "\n".join(
        [
            front_matter(title=_("Self-check: {item}").format(item=system.title)),
            "# " + _("Self-check: {item}").format(item=text(system.title)) + "\n",
            "_"
            + _("A training session on {system}: {questions}, {scope}.").format(
                system=link(page, system), questions=plural(len(entries), "question"), scope=scope
            )
            + "_\n",
            *_quiz(
                ctx,
                entries,
                f"system-{system.id}",
                page,
                _("Neither the system nor its procedures have self-check questions yet."),
            ),
        ]
    )


def index_markdown(ctx: RenderContext, paths: dict[str, OnboardingPath]) -> str:
    book = ctx.book
    page = TRAINING_INDEX
    posts = sorted(book.posts, key=lambda p: (collation_key(book.title(p.department)), sort_key(p)))
    post_rows = [
        (
            f"[{text(p.title)}]({relative(page, onboarding_page(p))})",
            ctx.item_link(page, p.department),
            f"{plural(len(paths[p.id].steps), 'item')} · {_minutes(paths[p.id].minutes)}",
            f"[{plural(len(paths[p.id].questions), 'question')}]({relative(page, quiz_page(p))})",
            f"[{_('Training pack')}]({relative(page, print_page(p))})",
        )
        for p in posts
    ]
    system_rows = []
    for s in book.systems:
        entries = system_quiz(book, s)
        system_rows.append(
            (
                f"[{text(s.title)}]({relative(page, quiz_page(s))})",
                cell(" · ".join(s.aliases[:1])),
                _("{total} ({own} own)").format(total=len(entries), own=len(s.questions)),
            )
        )
    example = book.posts[0].id if book.posts else "window-clerk"
    return "\n".join(
        [
            front_matter(title=_("Training"), description=_("Onboarding paths, self-checks and printable packs for every post.")),
            f"# {_('Training')}\n",
            _(
                "Everything here is generated from the rules, so it changes when they do: the reading path of each post "
                "(its systems, its procedures, the laws they rest on), self-check quizzes per post and per system, a "
                "printable training pack per post, and what changed for refresher training."
            )
            + "\n",
            f"## {_('Onboarding by post')}\n",
            table([_("Onboarding path"), _("Department"), _("Reading"), _("Self-check"), _("Print")], post_rows) + "\n",
            f"## {_('Self-checks by system')}\n",
            table([_("System"), _("Other names"), _("Questions")], system_rows) + "\n",
            f"## {_('Refresher training')}\n",
            _(
                "[Recently changed]({link}) lists the newest changes to the rules. In a terminal, "
                "`rulebook changes --since 2024-01-01` lists every change since a date, and `--post {post}` limits "
                "it to one post's reading path."
            ).format(link=relative(page, RECENT_CHANGES), post=example)
            + "\n",
            f"## {_('Printed packs')}\n",
            _(
                "Each training pack has a cover, contents, the rules in reading order, the procedure flowcharts, the "
                "self-check questions and the answers. Open it above and print it, or make a PDF:"
            )
            + "\n",
            f"```sh\nrulebook pack --post {example} --lang {current_language()} --pdf {example}.pdf\n"
            "rulebook pack --items first-inquiry,one-time-notification --pdf induction.pdf\n```\n",
            _("`rulebook onboarding {post}` prints a post's reading path and checklist in the terminal.").format(post=example)
            + "\n",
        ]
    )


def recent_markdown(ctx: RenderContext, entries: list[ChangeEntry]) -> str:
    page = RECENT_CHANGES
    history = [e for e in entries if e.source == "history"]
    edits = [e for e in entries if e.source == "git"]
    parts = [
        front_matter(title=_("Recently changed"), description=_("The newest changes to the rules, for refresher training.")),
        f"# {_('Recently changed')}\n",
        _(
            "For refresher training: the newest entries of the rules' change histories, newest first. "
            "`rulebook changes --since DATE` lists every change since a date."
        )
        + "\n",
    ]
    if history:
        shown = history[:RECENT_LIMIT]
        rows = [
            (format_date(e.date), link(page, e.item), type_label(e.item.type), cell(e.version), text(e.summary)) for e in shown
        ]
        more = (
            "\n\n_"
            + _("The {shown} newest of {total} entries; older ones are on each item's page.").format(
                shown=len(shown), total=len(history)
            )
            + "_"
            if len(history) > len(shown)
            else ""
        )
        changes = table([_("Date"), _("Item"), _("Type"), _("Version"), _("Change")], rows)
        parts.append(f'## {_("Change history")}\n\n<div class="rb-changes" markdown>\n\n' + changes + "\n\n</div>" + more + "\n")
    else:
        parts.append(_("No item has a change history yet.") + "\n")
    if edits:
        rows = [(format_date(e.date), link(page, e.item), type_label(e.item.type), cell(e.version)) for e in edits[:RECENT_LIMIT]]
        parts.append(
            f"## {_('Edited since their last change-history entry')}\n\n"
            + _(
                "Files whose last commit is newer than the newest entry of their change history: check whether the "
                "edit changed a rule, and if so, record it under `changes`."
            )
            + "\n\n"
            + table([_("Last commit"), _("Item"), _("Type"), _("Version")], rows)
            + "\n"
        )
    return "\n".join(parts)

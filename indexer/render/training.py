"""The Training section of the site: onboarding paths, gathered self-checks, print packs and what changed.

Everything is computed in `indexer.training` (and `indexer.pack` for the print
pages); this module only turns it into pages, so the site, the PDF and the
terminal cannot disagree. The section is added by `render_site` in one call.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..citations import Citation
from ..model import TYPE_LABELS, Item, LibraryDocument, Post, System
from ..rulebook import sort_key
from ..training import (
    ChangeEntry,
    OnboardingPath,
    QuizEntry,
    change_log,
    git_last_commits,
    last_change,
    onboarding_path,
    plural,
    procedures_applying,
    system_quiz,
)
from .context import RenderContext
from .markdown import cell, front_matter, link, table, text
from .paths import page_of, relative
from .quiz import quiz_block

if TYPE_CHECKING:
    from . import NavEntry

TRAINING_INDEX = "training/index.md"
RECENT_CHANGES = "changes/recent.md"
RECENT_LIMIT = 60
"""Entries on the recently-changed page; `rulebook changes --since` lists any number."""
MERMAID_ASSET = "assets/mermaid/mermaid.min.js"
OBLIGATIONS_HEADING = "## Obligations of this post {#obligations}\n"


def onboarding_page(post: Post) -> str:
    return f"onboarding/{post.id}.md"


def quiz_page(item: Item) -> str:
    return f"quizzes/{item.id}.md"


def print_page(post: Post) -> str:
    """A standalone HTML page (copied as is by the site generator), printed with the browser's print dialog."""
    return f"training/print/{post.id}.html"


def training_section(ctx: RenderContext, pages: Mapping[str, str], site_name: str) -> tuple[dict[str, str], NavEntry]:
    """The Training pages and nav entry, plus the item pages of `pages` with their last-changed date added."""
    from ..pack import pack_for_post, pack_html  # here, not at the top: indexer.pack itself imports indexer.render

    book = ctx.book
    git_dates = git_last_commits(book.root) if book.root.is_dir() else {}
    paths = {post.id: onboarding_path(book, post) for post in book.posts}
    out: dict[str, str] = {}
    for post in book.posts:
        path = paths[post.id]
        out[onboarding_page(post)] = onboarding_markdown(ctx, path)
        out[quiz_page(post)] = post_quiz_markdown(ctx, path)
        mermaid = relative(print_page(post), MERMAID_ASSET)
        out[print_page(post)] = pack_html(
            book,
            pack_for_post(book, post, site_name),
            head_scripts=f'<script src="{mermaid}"></script>',
            back=relative(print_page(post), onboarding_page(post)).removesuffix(".md") + ".html",
        )
    for system in book.systems:
        out[quiz_page(system)] = system_quiz_markdown(ctx, system, system_quiz(book, system))
    out[TRAINING_INDEX] = index_markdown(ctx, paths)
    out[RECENT_CHANGES] = recent_markdown(ctx, change_log(book, git_dates=git_dates))
    for item in book.own():
        page = page_of(item)
        if page in pages:
            out[page] = with_last_change(pages[page], item, git_dates)
    nav: NavEntry = (
        "Training",
        [
            ("Training", TRAINING_INDEX),
            ("Onboarding", [(p.title, onboarding_page(p)) for p in book.posts]),
            ("Self-checks", [(i.title, quiz_page(i)) for i in [*book.posts, *book.systems]]),
            ("Recently changed", RECENT_CHANGES),
        ],
    )
    return out, nav


def _minutes(n: int) -> str:
    return f"{n} min"


def onboarding_markdown(ctx: RenderContext, path: OnboardingPath) -> str:
    post = path.post
    page = onboarding_page(post)
    parts = [
        front_matter(title=f"Onboarding: {post.title}", description=f"What a new {post.title} reads first, in order."),
        f"# Onboarding: {text(post.title)}\n",
    ]
    if post.aliases:
        parts.append(f'<p class="rb-aliases" lang="zh">{" · ".join(html.escape(a) for a in post.aliases)}</p>\n')
    parts.append(
        f"_What a new {text(post.title)} reads, in this order: {plural(len(path.steps), 'item')} and the cited articles of "
        f"{plural(len(path.laws), 'law')}, about **{path.minutes} minutes**, then "
        f"{plural(len(path.questions), 'self-check question')}._\n"
    )
    parts.append(
        f"[Obligations of this post]({relative(page, page_of(post))}#obligations){{ .md-button }} "
        f"[Self-check quiz]({relative(page, quiz_page(post))}){{ .md-button }} "
        f"[Print the training pack]({relative(page, print_page(post))}){{ .md-button }}\n"
    )
    rows = [
        (
            str(n),
            link(page, step.item),
            TYPE_LABELS[step.item.type][0],
            text(step.reason),
            _minutes(step.minutes),
            str(step.questions) if step.questions else "—",
        )
        for n, step in enumerate(path.steps, start=1)
    ]
    if path.laws:
        law_minutes = sum(law.minutes for law in path.laws)
        why = f"the cited articles of {len(path.laws)} laws"
        rows.append((str(len(path.steps) + 1), "[Laws they rest on](#laws)", "Laws", why, _minutes(law_minutes), "—"))
    rows.append(("", "**Total**", "", "", f"**{_minutes(path.minutes)}**", f"**{len(path.questions)}**"))
    path_table = table(["#", "Read", "Type", "Why", "Time", "Questions"], rows)
    parts.append('## Reading path {#path}\n\n<div class="rb-path" markdown>\n\n' + path_table + "\n\n</div>\n")
    if path.laws:
        parts.append("## Laws they rest on {#laws}\n\n" + laws_table(ctx, path, page) + "\n")
    parts.append("## Checklist {#checklist}\n\n" + checklist(path, page) + "\n")
    return "\n".join(parts)


def laws_table(ctx: RenderContext, path: OnboardingPath, page: str) -> str:
    rows = []
    for law in path.laws:
        rows.append(
            (
                text(law.law),
                "、".join(
                    article_link(ctx, c, label, page) for c, label in zip(law.citations(), law.article_labels(), strict=True)
                ),
                ", ".join(ctx.item_link(page, i) for i in law.cited_by),
                ("≈ " if law.estimated else "") + _minutes(law.minutes),
            )
        )
    note = ""
    if any(law.estimated for law in path.laws):
        note = "\n\n_≈: the article is not in the library yet; half a minute per article is assumed._"
    return table(["Law", "Articles", "Cited by", "Time"], rows) + note


def article_link(ctx: RenderContext, citation: Citation, label: str, page: str) -> str:
    """The short label (第三十二条), linked to the article where the law is in the library."""
    resolved = ctx.book.laws.resolve(citation) if ctx.book.laws else None
    if resolved is None:
        return text(label)
    target = relative(page, page_of(resolved.law)) + (f"#{resolved.anchor}" if resolved.anchor else "")
    return f"[{text(label)}]({target})"


def checklist(path: OnboardingPath, page: str) -> str:
    """Plain checkboxes the reader can tick; the ticks are kept in the browser (localStorage), per post."""
    lines = []
    for entry in path.checklist:
        if entry.quiz:
            label = f"[{text(entry.text)}]({relative(page, quiz_page(path.post))})"
        elif entry.target:
            item = next((s.item for s in path.steps if s.item.id == entry.target), None)
            other = item or _post_of(path, entry.target)
            label = f"[{text(entry.text)}]({relative(page, page_of(other))})" if other else text(entry.text)
        elif "law" in entry.text:
            label = f"[{text(entry.text)}](#laws)"
        else:
            label = text(entry.text)
        lines.append(f'- <input type="checkbox" class="rb-check"> {label}')
    key = html.escape(f"rulebook-onboarding-{path.post.id}")  # rulebook.js keeps the ticks in localStorage under it
    return f'<div class="rb-checklist" data-storage-key="{key}" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"


def _post_of(path: OnboardingPath, post_id: str) -> Post | None:
    ob = path.obligations
    for post in [*ob.reporting_line, *([ob.backup] if ob.backup else []), *ob.backs_up, *ob.direct_reports]:
        if post.id == post_id:
            return post
    return None


def _sources(entries: list[QuizEntry], page: str) -> str:
    counts: dict[str, tuple[Item, int]] = {}
    for entry in entries:
        item, n = counts.get(entry.source.id, (entry.source, 0))
        counts[entry.source.id] = (item, n + 1)
    return "\n".join(f"- {link(page, item)} — {n} question{'s' if n != 1 else ''}" for item, n in counts.values())


def _quiz(ctx: RenderContext, entries: list[QuizEntry], quiz_id: str, page: str, empty: str) -> list[str]:
    if not entries:
        return [f"{empty}\n"]
    return [
        ctx.fragments.add(quiz_block(((e.source.title, e.question) for e in entries), quiz_id)) + "\n",
        "## Where the questions come from\n\n" + _sources(entries, page) + "\n",
    ]


def post_quiz_markdown(ctx: RenderContext, path: OnboardingPath) -> str:
    post = path.post
    page = quiz_page(post)
    return "\n".join(
        [
            front_matter(title=f"Self-check: {post.title}"),
            f"# Self-check: {text(post.title)}\n",
            f"_{len(path.questions)} questions from the systems and procedures that apply to this post, in the order of "
            "its onboarding path. Pick an answer to see whether it is right; the score stays on this page._\n",
            f"[Onboarding path]({relative(page, onboarding_page(post))}) · "
            f"[Obligations of this post]({relative(page, page_of(post))}#obligations)\n",
            *_quiz(
                ctx, path.questions, f"post-{post.id}", page, "No system or procedure of this post has self-check questions yet."
            ),
        ]
    )


def system_quiz_markdown(ctx: RenderContext, system: System, entries: list[QuizEntry]) -> str:
    page = quiz_page(system)
    procedures = procedures_applying(ctx.book, system)
    scope = "its own questions"
    if procedures:
        scope += " and those of the procedures that apply it"
    return "\n".join(
        [
            front_matter(title=f"Self-check: {system.title}"),
            f"# Self-check: {text(system.title)}\n",
            f"_A training session on {link(page, system)}: {len(entries)} questions, {scope}._\n",
            *_quiz(
                ctx, entries, f"system-{system.id}", page, "Neither the system nor its procedures have self-check questions yet."
            ),
        ]
    )


def index_markdown(ctx: RenderContext, paths: dict[str, OnboardingPath]) -> str:
    book = ctx.book
    page = TRAINING_INDEX
    posts = sorted(book.posts, key=lambda p: (book.title(p.department).casefold(), sort_key(p)))
    post_rows = [
        (
            f"[{text(p.title)}]({relative(page, onboarding_page(p))})",
            ctx.item_link(page, p.department),
            f"{len(paths[p.id].steps)} items · {_minutes(paths[p.id].minutes)}",
            f"[{len(paths[p.id].questions)} questions]({relative(page, quiz_page(p))})",
            f"[Training pack]({relative(page, print_page(p))})",
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
                f"{len(entries)} ({len(s.questions)} own)",
            )
        )
    return "\n".join(
        [
            front_matter(title="Training", description="Onboarding paths, self-checks and printable packs for every post."),
            "# Training\n",
            "Everything here is generated from the rules, so it changes when they do: the reading path of each post "
            "(its systems, its procedures, the laws they rest on), self-check quizzes per post and per system, a "
            "printable training pack per post, and what changed for refresher training.\n",
            "## Onboarding by post\n",
            table(["Onboarding path", "Department", "Reading", "Self-check", "Print"], post_rows) + "\n",
            "## Self-checks by system\n",
            table(["System", "Chinese name", "Questions"], system_rows) + "\n",
            "## Refresher training\n",
            f"[Recently changed]({relative(page, RECENT_CHANGES)}) lists the newest changes to the rules. In a terminal, "
            "`rulebook changes --since 2024-01-01` lists every change since a date, and `--post window-clerk` limits "
            "it to one post's reading path.\n",
            "## Printed packs\n",
            "Each training pack has a cover, contents, the rules in reading order, the procedure flowcharts, the "
            "self-check questions and the answers. Open it above and print it, or make a PDF:\n",
            "```sh\nrulebook pack --post window-clerk --pdf window-clerk.pdf\n"
            "rulebook pack --items first-inquiry,one-time-notification --pdf induction.pdf\n```\n",
            "`rulebook onboarding window-clerk` prints a post's reading path and checklist in the terminal.\n",
        ]
    )


def recent_markdown(ctx: RenderContext, entries: list[ChangeEntry]) -> str:
    page = RECENT_CHANGES
    history = [e for e in entries if e.source == "history"]
    edits = [e for e in entries if e.source == "git"]
    parts = [
        front_matter(title="Recently changed", description="The newest changes to the rules, for refresher training."),
        "# Recently changed\n",
        "For refresher training: the newest entries of the rules' change histories, newest first. "
        "`rulebook changes --since DATE` lists every change since a date.\n",
    ]
    if history:
        shown = history[:RECENT_LIMIT]
        rows = [
            (e.date.isoformat(), link(page, e.item), TYPE_LABELS[e.item.type][0], cell(e.version), text(e.summary)) for e in shown
        ]
        more = (
            f"\n\n_The {len(shown)} newest of {len(history)} entries; older ones are on each item's page._"
            if len(history) > len(shown)
            else ""
        )
        changes = table(["Date", "Item", "Type", "Version", "Change"], rows)
        parts.append('## Change history\n\n<div class="rb-changes" markdown>\n\n' + changes + "\n\n</div>" + more + "\n")
    else:
        parts.append("No item has a change history yet.\n")
    if edits:
        rows = [
            (e.date.isoformat(), link(page, e.item), TYPE_LABELS[e.item.type][0], cell(e.version)) for e in edits[:RECENT_LIMIT]
        ]
        parts.append(
            "## Edited since their last change-history entry\n\n"
            "Files whose last commit is newer than the newest entry of their change history: check whether the "
            "edit changed a rule, and if so, record it under `changes`.\n\n"
            + table(["Last commit", "Item", "Type", "Version"], rows)
            + "\n"
        )
    return "\n".join(parts)


def last_change_line(item: Item, git_dates: dict[Path, date]) -> str:
    change = last_change(item, git_dates)
    if change is None:
        return ""
    version = f" (version {text(change.version)})" if change.version else ""
    if change.source == "git":
        how = f"date of the last commit to `{item.display_path}`"
    elif change.source == "history":
        how = "from the change history"
    else:
        how = "the date it took effect; no change recorded"
    return f"**Last changed:** {change.date.isoformat()}{version} — {how}.\n{{: .rb-last-changed }}\n"


def with_last_change(markdown: str, item: Item, git_dates: dict[Path, date]) -> str:
    """The item page with its last-changed date under the change history, and, for a post, a pointer to training."""
    if isinstance(item, LibraryDocument):
        return markdown
    line = last_change_line(item, git_dates)
    if isinstance(item, Post) and OBLIGATIONS_HEADING in markdown:
        page = page_of(item)
        tip = (
            f"New to this post? Follow its [onboarding path]({relative(page, onboarding_page(item))}) "
            f"and take the [self-check]({relative(page, quiz_page(item))}).\n"
        )
        markdown = markdown.replace(OBLIGATIONS_HEADING, OBLIGATIONS_HEADING + "\n" + tip, 1)
    if not line:
        return markdown
    if "\n## Change history\n" not in markdown:
        line = "## Change history\n\n" + line
    return markdown.rstrip("\n") + "\n\n" + line

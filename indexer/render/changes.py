"""What changed, on the site: the history on each item page, the post digest, earlier versions of each item,
the acknowledgement sheets and the Atom feeds. Computed in `indexer.versions` and `indexer.digest`."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import timedelta

from ..compare import TextChange
from ..digest import DIGEST_DAYS, Event, digest_for_post, events, role_label, rulebook_digest
from ..feeds import ALL_FEED, atom, feed_entries, post_feed
from ..i18n import _
from ..model import Item, LibraryDocument, Post
from ..versions import Version
from .context import RenderContext
from .markdown import admonition, front_matter, heading, table, text
from .paths import page_of, relative

MAX_VERSION_PAGES = 10
"""Earlier versions per item with a page of their own (the history above them stays on the item page)."""


def ack_page(post: Post) -> str:
    return f"acknowledge/{post.id}.md"


def version_page(item: Item, version: Version) -> str:
    return f"{page_of(item)[:-3]}.v{version.date.isoformat()}-{version.revision.short}.md"


def diff_html(change: TextChange) -> str:
    """A text change as one HTML block: removed words in <del>, added words in <ins>, everything escaped."""
    tags = {" ": ("", ""), "-": ("<del>", "</del>"), "+": ("<ins>", "</ins>")}
    hunks = []
    for hunk in change.hunks:
        parts = [tags[op][0] + html.escape(t).replace("\n", "<br>") + tags[op][1] for op, t in hunk]
        hunks.append(f"<p>{''.join(parts)}</p>")
    return f'<div class="rb-diff" data-field="{html.escape(change.key)}">{"".join(hunks)}</div>'


def _is_current(ctx: RenderContext, item: Item) -> bool:
    return ctx.book.get(item.id) is item


def what_changed_section(ctx: RenderContext, item: Item, page: str) -> str:
    """The item's versions, newest first, each with what it changed in words; empty on pages of old versions."""
    if ctx.history is None or isinstance(item, LibraryDocument) or not _is_current(ctx, item):
        return ""
    head = heading(2, _("What changed"), "what-changed")
    if not ctx.history.available:
        return f"{head}\n{text(_('No version history: {reason}.').format(reason=ctx.history.reason))}\n"
    versions = ctx.history.of(item)
    if not versions:
        return f"{head}\n{text(_('Not committed to git yet: no earlier versions.'))}\n"
    parts = [head]
    for n, v in enumerate(versions):
        title = heading(3, f"{v.date.isoformat()} · {text(v.revision.subject)}", f"v-{v.revision.short}")
        meta = [f"`{v.revision.short}`", text(v.revision.author)]
        if v.version_label:
            meta.append(text(_("version {version}").format(version=v.version_label)))
        if n < MAX_VERSION_PAGES and v.item is not None:
            meta.append(f"[{text(_('this version'))}]({relative(page, version_page(item, v))})")
        lines = [title, " · ".join(meta) + "\n"]
        if v.item is None:
            lines.append(f"- {text(_('Deleted, or not readable at this version'))}")
        lines += [f"- {text(fact.text)}" for fact in v.comparison.facts]
        if v.previous is not None and not v.comparison:
            lines.append(f"- {text(_('No change to facts or text (formatting only)'))}")
        body = "\n".join(lines) + "\n"
        for change in v.comparison.texts:
            body += f"\n**{text(change.label)}:**\n\n{diff_html(change)}\n"
        parts.append(body)
    return "\n".join(parts)


def _event_rows(ctx: RenderContext, evs: list[Event], page: str, sign: bool = False) -> list[list[str]]:
    rows = []
    for ev in evs:
        target = relative(page, page_of(ev.item))
        change = "<br>".join(text(line) for line in ev.lines)
        version = text(ev.version) if ev.version else (f"`{ev.commit[:7]}`" if ev.commit else "—")
        row = [ev.date.isoformat(), f"[{text(ev.item.title)}]({target})", change, version]
        row.insert(2, " · ".join(text(role_label(r)) for r in ev.roles))
        if sign:
            row.append("&nbsp;" * 24)
        rows.append(row)
    return rows


def post_digest_section(ctx: RenderContext, post: Post, page: str) -> str:
    """On the post page: what changed for it in the last 90 days, with its feed and acknowledgement sheet."""
    if not _is_current(ctx, post):
        return ""
    end = ctx.as_of or ctx.today
    start = end - timedelta(days=DIGEST_DAYS)
    entries = digest_for_post(ctx.book, post, ctx.history, start, end)
    parts = [heading(2, _("What changed for this post"), "post-changes")]
    period = _("From {start} to {end}").format(start=start.isoformat(), end=end.isoformat())
    links = [
        f"[{text(_('Acknowledgement sheet'))}]({relative(page, ack_page(post))})",
        f"[{text(_('Atom feed'))}]({relative(page, post_feed(post.id))})",
    ]
    parts.append(f"{text(period)} · " + " · ".join(links) + "\n")
    if entries:
        headers = [_("Date"), _("Item"), _("Why it concerns you"), _("Change"), _("Version")]
        parts.append(table(headers, _event_rows(ctx, events(entries), page)) + "\n")
    else:
        parts.append(text(_("Nothing changed for this post in this period.")) + "\n")
    if ctx.history is not None and not ctx.history.available:
        parts.append(f"_{text(_('Only change-log entries are listed: {reason}.').format(reason=ctx.history.reason))}_\n")
    return "\n".join(parts)


def changes_section(ctx: RenderContext, item: Item, page: str) -> str:
    """What `render_item` adds at the end of each page: the post digest on post pages, then the item's history."""
    parts = [post_digest_section(ctx, item, page)] if isinstance(item, Post) else []
    parts.append(what_changed_section(ctx, item, page))
    return "\n".join(p for p in parts if p)


def _banner(title: str, message: str) -> str:
    return admonition("warning", html.escape(title), text(message))


def ack_sheet_markdown(ctx: RenderContext, post: Post, page: str, evs: list[Event], start, end) -> str:
    """The sheet a trainer prints: each change with its version and a line to sign, then name and date lines."""
    title = _("Acknowledgement of changes: {post}").format(post=post.title)
    parts = [front_matter(title=title), f"# {text(title)}\n"]
    parts.append(
        text(_("Changes from {start} to {end} that concern this post.").format(start=start.isoformat(), end=end.isoformat()))
        + "\n"
    )
    if evs:
        headers = [_("Date"), _("Item"), _("Why it concerns you"), _("Change"), _("Version"), _("Signature")]
        parts.append(table(headers, _event_rows(ctx, evs, page, sign=True)) + "\n")
    else:
        parts.append(text(_("Nothing changed for this post in this period.")) + "\n")
    parts.append(text(_("I have read the changes above and understand what they mean for my work.")) + "\n")
    parts.append(table([_("Name"), _("Signature"), _("Date")], [["&nbsp;" * 20, "&nbsp;" * 20, "&nbsp;" * 12]]) + "\n")
    return "\n".join(parts)


def changes_pages(ctx: RenderContext, render_item: Callable[[RenderContext, Item], str]) -> dict[str, str]:
    """Pages of earlier versions (each written by `render_item`, the item page's renderer, which itself shows
    this module's "what changed" section), acknowledgement sheets and Atom feeds (XML files the generator copies)."""
    pages: dict[str, str] = {}
    end = ctx.as_of or ctx.today
    start = end - timedelta(days=DIGEST_DAYS)
    history = ctx.history
    if history is not None and history.available:
        history.preload()
        for item in ctx.book.own():
            for v in history.of(item)[:MAX_VERSION_PAGES]:
                if v.item is None or v.item.type != item.type:
                    continue

                path = version_page(item, v)
                banner = _banner(
                    _("Earlier version"),
                    _("This is {title} as it stood on {date} (commit {commit}), not the current text.").format(
                        title=item.title, date=v.date.isoformat(), commit=v.revision.short
                    ),
                )
                pages[path] = render_item(ctx, v.item, current=False, notice=banner)
    for post in ctx.book.posts:
        entries = digest_for_post(ctx.book, post, history, start, end)
        pages[ack_page(post)] = ack_sheet_markdown(ctx, post, ack_page(post), events(entries), start, end)
        feed = feed_entries(entries, page_of, post_feed(post.id))
        pages[post_feed(post.id)] = atom(
            _("What changed for {post}").format(post=post.title),
            f"urn:rulebook:feed:post:{post.id}",
            feed,
            posixpath_name(post_feed(post.id)),
            relative(post_feed(post.id), page_of(post)[:-3] + ".html"),
            end,
        ).decode("utf-8")
    whole = feed_entries(rulebook_digest(ctx.book, history, start, end), page_of, ALL_FEED)
    pages[ALL_FEED] = atom(
        _("What changed in the rulebook"), "urn:rulebook:feed:all", whole, "all.xml", "../index.html", end
    ).decode("utf-8")
    return pages


def posixpath_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]

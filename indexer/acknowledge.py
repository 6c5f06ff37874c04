"""The acknowledgement sheet: what changed for a post since a date, each change with its version and a line to
sign, for the briefing where changes are read out. No accounts: the signed paper is the record.

The rows are the post digest's events (`indexer.digest`); the site page (`render/changes.py`), the print
pack (HTML, below) and the Word pack (`indexer.wordout`) show the same rows.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from .digest import Event, digest_for_post, events
from .i18n import _
from .model import Post
from .rulebook import Rulebook
from .versions import Histories

e = html.escape


@dataclass
class AckSheet:
    post: Post
    start: date
    end: date
    events: list[Event]

    @property
    def title(self) -> str:
        return _("Acknowledgement of changes: {post}").format(post=self.post.title)

    @property
    def period(self) -> str:
        return _("Changes from {start} to {end} that concern this post.").format(
            start=self.start.isoformat(), end=self.end.isoformat()
        )

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(item, change, version, date) per event; the version falls back to the commit."""
        return [
            (ev.item.title, "\n".join(ev.lines), ev.version or (ev.commit[:7] if ev.commit else "—"), ev.date.isoformat())
            for ev in self.events
        ]


def ack_sheet(book: Rulebook, post: Post, histories: Histories | None, start: date, end: date | None = None) -> AckSheet:
    end = end or date.today()
    return AckSheet(post, start, end, events(digest_for_post(book, post, histories, start, end)))


def ack_sheet_html(sheet: AckSheet) -> str:
    """A section for the print pack: a page of its own, the table of changes with a signature column."""
    head = "".join(f"<th>{e(h)}</th>" for h in (_("Item"), _("Change"), _("Version"), _("Date"), _("Signature")))
    body = "".join(
        "<tr>"
        + f"<td>{e(item)}</td><td>{e(change).replace(chr(10), '<br>')}</td><td>{e(version)}</td><td>{e(day)}</td>"
        + '<td class="sign"></td></tr>'
        for item, change, version, day in sheet.rows()
    )
    if not body:
        body = f'<tr><td colspan="5">{e(_("Nothing changed for this post in this period."))}</td></tr>'
    return (
        '<section class="part acknowledgement" id="acknowledgement">'
        f"<h2>{e(sheet.title)}</h2><p>{e(sheet.period)}</p>"
        f'<table class="ack"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        f"<p>{e(_('I have read the changes above and understand what they mean for my work.'))}</p>"
        f'<p class="signline">{e(_("Name"))}: ________________  {e(_("Signature"))}: ________________  '
        f"{e(_('Date'))}: ____________</p>"
        "<style>table.ack td.sign{min-width:8em;height:2.4em} p.signline{margin-top:2em}</style>"
        "</section>"
    )

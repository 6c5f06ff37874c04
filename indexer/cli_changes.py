"""What-changed commands: `rulebook diff` and the post digest of `rulebook changes --post`.

The words come from `indexer.compare` and `indexer.digest`, the same code as the item and post pages.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

from .cli_load import load_book
from .cli_options import ProjectDir, err
from .errors import NotFoundError, RulebookError
from .i18n import _
from .project import Project

if TYPE_CHECKING:  # the commands import what they run: `rulebook search` does not load these
    from .compare import Comparison
    from .model import Post
    from .rulebook import Rulebook

out = Console(highlight=False, soft_wrap=True)


def print_comparison(comparison: Comparison, color: bool) -> None:
    for fact in comparison.facts:
        print(f"  {fact.text}")
    for change in comparison.texts:
        print(f"  {_('{what} changed').format(what=change.label)}:")
        for hunk in change.hunks:
            if color:
                styles = {" ": "", "-": "red strike", "+": "green underline"}
                line = "".join(f"[{styles[op]}]{escape(t)}[/]" if styles[op] else escape(t) for op, t in hunk)
                out.print("    " + line.replace("\n", "\n    "))
            else:
                marks = {" ": ("", ""), "-": ("[-", "-]"), "+": ("{+", "+}")}
                print("    " + "".join(marks[op][0] + t + marks[op][1] for op, t in hunk).replace("\n", "\n    "))


def diff(
    item_id: str = typer.Argument(..., help="The item's id."),
    rev_from: str | None = typer.Option(None, "--from", help="Older revision (commit, tag, HEAD~2); default: the last commit."),
    rev_to: str | None = typer.Option(None, "--to", help="Newer revision; default: the file as it is now."),
    as_json: bool = typer.Option(False, "--json", help="Print the changes as JSON."),
    project_dir: ProjectDir = Path("."),
) -> None:
    """Name each fact that changed in ITEM between two versions, and show changed text word by word."""
    from .versions import Histories

    project, book = load_book(project_dir)
    item = book.get(item_id)
    if item is None:
        raise NotFoundError(_("No item '{id}' in {folder}").format(id=item_id, folder=project.rules))
    histories = Histories.open(book, project.rules)
    if not histories.available:
        raise RulebookError(_("No version history: {reason}.").format(reason=histories.reason))
    old_label, new_label, comparison = histories.diff(item, rev_from, rev_to)
    if as_json:
        print(
            json.dumps(
                {"item": item.id, "from": old_label, "to": new_label, **comparison.to_json()}, ensure_ascii=False, indent=2
            )
        )
        return
    print(f"{item.title} ({item.id}): {old_label} → {new_label}")
    if not comparison:
        print("  " + _("No change to facts or text."))
        return
    print_comparison(comparison, out.is_terminal)


def print_digest(project: Project, book: Rulebook, post: Post, start: date, as_json: bool) -> None:
    """`rulebook changes --post P --since D`: the post's digest, grouped by item and commit."""
    from .digest import digest_for_post, events, role_label
    from .versions import Histories

    histories = Histories.open(book, project.rules)
    if not histories.available:
        err.print(f"[yellow]{escape(_('Only change-log entries: {reason}.').format(reason=histories.reason))}[/yellow]")
    entries = digest_for_post(book, post, histories, start)
    if as_json:
        print(
            json.dumps(
                {"post": post.id, "since": start.isoformat(), "changes": [e.to_json() for e in entries]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for ev in events(entries):
        version = f" v{ev.version}" if ev.version else ""
        commit = f" [{ev.commit[:7]}]" if ev.commit else ""
        print(f"{ev.date.isoformat()}  {ev.item.title}{version}{commit} ({', '.join(role_label(r) for r in ev.roles)})")
        for line in ev.lines:
            print(f"    {line}")
    summary = _("{n} changes for {post} since {date}").format(n=len(entries), post=post.title, date=start.isoformat())
    err.print(escape(summary), highlight=False)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)

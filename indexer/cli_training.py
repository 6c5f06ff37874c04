"""Training commands: `rulebook onboarding`, `rulebook pack` and `rulebook changes`.

Kept out of `cli.py` so the training feature is one import there; the output
comes from `indexer.training` and `indexer.pack`, the same code as the site's
Training pages, so the terminal and the site agree.
"""

from __future__ import annotations

import difflib
import unicodedata
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from .cli_load import load_book as _load
from .cli_options import ProjectDir, err
from .errors import InputError, NotFoundError
from .i18n import _, format_date, join_list
from .project import Project

if TYPE_CHECKING:  # the commands import what they run: `rulebook search` does not load the packs' modules
    from .model import Post
    from .pack import Pack
    from .rulebook import Rulebook

MERMAID_JS = Path("assets/mermaid/mermaid.min.js")
"""The vendored Mermaid, relative to the project's docs/ folder."""

LANG_OPTION = typer.Option(None, "--lang", help="Language of the output: zh-Hans or en (default: the project's language).")


def _width(text: str) -> int:
    """Columns a title takes in a terminal: Chinese characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _post(book: Rulebook, name: str) -> Post:
    from .training import find_post

    post = find_post(book, name)
    if post is None:
        names = [p.id for p in book.posts] + [a for p in book.posts for a in p.aliases]
        hint = difflib.get_close_matches(name, names, n=3)
        suggestion = (
            _(" Did you mean {names}?").format(names=", ".join(hint))
            if hint
            else _(" Posts: {names}.").format(names=", ".join(p.id for p in book.posts))
        )
        raise NotFoundError(_("No post '{name}'.").format(name=name) + suggestion)
    return post


def _organ(project: Project) -> str:
    if not project.config.is_file():
        return ""
    from .mkdocs_site import site_name

    try:
        return site_name(project.config)
    except Exception:  # a broken mkdocs.yml must not stop a pack; the cover just lacks the organ's name
        return ""


def onboarding(
    post: str = typer.Argument(..., help="The post: its id, title or Chinese name, e.g. window-clerk or 窗口受理岗."),
    project_dir: ProjectDir = Path("."),
    lang: str | None = LANG_OPTION,
) -> None:
    """Print what a new holder of POST must read, in order, with reading time and a checklist."""
    from .model import type_label
    from .training import onboarding_path, plural

    _project, book = _load(project_dir, lang)
    path = onboarding_path(book, _post(book, post))
    ob = path.obligations
    aliases = f"  ({' · '.join(path.post.aliases)})" if path.post.aliases else ""
    print(_("Onboarding: {post}").format(post=path.post.title) + aliases)
    facts = [ob.department.title] if ob.department else []
    facts += [_("reports to {post}").format(post=ob.reporting_line[0].title)] if ob.reporting_line else []
    facts += [_("backup {post}").format(post=ob.backup.title)] if ob.backup else []
    if facts:
        print(" · ".join(facts))
    print(
        _("{items} and {laws}, about {minutes} min of reading; {questions}.").format(
            items=plural(len(path.steps), "item"),
            laws=plural(len(path.laws), "law"),
            minutes=path.minutes,
            questions=plural(len(path.questions), "self-check question"),
        )
        + "\n"
    )
    print(_("Read, in this order:"))
    width = max(_width(s.item.title) for s in path.steps)
    for n, step in enumerate(path.steps, start=1):
        kind = type_label(step.item.type).lower()
        pad = " " * (width - _width(step.item.title))
        print(f"  {n:>2}. {step.item.title}{pad}  {kind:<9} {_('{n} min').format(n=step.minutes):>7}  {step.reason}")
    if path.laws:
        print("\n" + _("Laws they rest on (cited articles):"))
        for law in path.laws:
            minutes = ("≈" if law.estimated else "") + _("{n} min").format(n=law.minutes)
            cited = _("cited by {items}").format(items=join_list(list(law.cited_by)))
            print(f"   - {law.law} {'、'.join(law.article_labels())}  ({minutes}; {cited})")
    print("\n" + _("Checklist:"))
    for entry in path.checklist:
        print(f"   [ ] {entry.text}")
    print(
        "\n"
        + _("On the site: {onboarding} · Self-check: {quiz} · Print: {command}").format(
            onboarding=f"onboarding/{path.post.id}.html",
            quiz=f"quizzes/{path.post.id}.html",
            command=f"rulebook pack --post {path.post.id} --pdf {path.post.id}.pdf",
        )
    )


def pack(
    post: str | None = typer.Option(None, "--post", help="Pack for this post: its onboarding path, laws and questions."),
    items: str | None = typer.Option(None, "--items", help="Pack of these items instead, in this order: id1,id2,…"),
    pdf: Path | None = typer.Option(None, "--pdf", help="Write the PDF here (printed by headless Chromium)."),
    html_out: Path | None = typer.Option(None, "--html", help="Write the print page here (opens and prints in any browser)."),
    title: str | None = typer.Option(None, "--title", help="Title on the cover of an --items pack."),
    changes_since: str | None = typer.Option(
        None, "--changes-since", help="With --post: add an acknowledgement sheet of the post's changes since this date."
    ),
    docx: Path | None = typer.Option(
        None, "--docx", help="Write the pack as a Word document here (headings, tables, page numbers)."
    ),
    project_dir: ProjectDir = Path("."),
    lang: str | None = LANG_OPTION,
) -> None:
    """Make a printable training pack: cover, contents, rules, flowcharts and self-check questions, as PDF, HTML or Word."""
    from .pack import pack_for_items, pack_for_post, pack_html, write_pdf
    from .training import plural

    if (post is None) == (items is None):
        raise InputError(_("Choose what to pack: --post POST or --items id1,id2"))
    if pdf is None and html_out is None and docx is None:
        raise InputError(_("Say where to write it: --pdf FILE, --html FILE and/or --docx FILE"))
    if changes_since is not None and post is None:
        raise InputError(_("--changes-since needs --post: the sheet lists the changes for one post"))
    try:
        since = date.fromisoformat(changes_since) if changes_since is not None else None
    except ValueError:
        raise InputError(
            _("{option} '{value}' is not a date: write it as YYYY-MM-DD, e.g. 2024-01-01").format(
                option="--changes-since", value=changes_since
            )
        ) from None
    project, book = _load(project_dir, lang)
    organ = _organ(project)
    chosen: Pack = (
        pack_for_post(book, _post(book, post), organ)
        if post is not None
        else pack_for_items(book, [i.strip() for i in items.split(",") if i.strip()], organ, title)
    )
    sheet = None
    if since is not None and chosen.post is not None:
        from .acknowledge import ack_sheet, ack_sheet_html
        from .versions import Histories

        sheet = ack_sheet(book, chosen.post, Histories.open(book, project.rules), since)
        chosen.appendix.append(ack_sheet_html(sheet))
    if docx is not None:
        from .wordout import write_pack_docx

        write_pack_docx(book, chosen, docx, sheet)
        err.print(f"[green]Wrote {escape(str(docx))}[/green]", highlight=False)
    mermaid = project.docs / MERMAID_JS
    if html_out is not None:
        script = mermaid.read_text(encoding="utf-8").replace("</script", "<\\/script") if mermaid.is_file() else ""
        page = pack_html(book, chosen, head_scripts=f"<script>{script}</script>" if script else "")
        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text(page, encoding="utf-8")
        err.print(f"[green]{escape(_('Wrote {path}').format(path=html_out))}[/green]", highlight=False)
    if pdf is not None:
        with err.status(_("printing the pack with Chromium…")):
            write_pdf(pack_html(book, chosen), pdf, mermaid_js=mermaid, title=chosen.title)
        err.print(
            f"[green]{escape(_('Wrote {path}').format(path=pdf))}[/green]: "
            + escape(f"{plural(len(chosen.items), 'item')}, {plural(len(chosen.questions), 'question')}"),
            highlight=False,
        )


def changes(
    since: str = typer.Option(..., "--since", help="Show changes on or after this date, YYYY-MM-DD."),
    post: str | None = typer.Option(
        None, "--post", help="What changed for this post: its duties, its steps, systems naming it, laws they cite."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the changes as JSON."),
    project_dir: ProjectDir = Path("."),
    lang: str | None = LANG_OPTION,
) -> None:
    """List what changed in the rules since DATE, newest first, for refresher training."""
    from .model import type_label
    from .training import change_log, git_last_commits, plural

    try:
        start = date.fromisoformat(since)
    except ValueError:
        raise InputError(
            _("--since '{since}' is not a date: write it as YYYY-MM-DD, e.g. 2024-01-01").format(since=since)
        ) from None
    project, book = _load(project_dir, lang)
    if post:
        from .cli_changes import print_digest

        print_digest(project, book, _post(book, post), start, as_json)
        return
    entries = change_log(book, start, git_last_commits(project.rules))
    if as_json:
        import json

        rows = [
            {"date": e.date.isoformat(), "item": e.item.id, "title": e.item.title, "type": e.item.type}
            | {"version": e.version, "summary": e.summary, "source": e.source}
            for e in entries
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for entry in entries:
        kind = type_label(entry.item.type).lower()
        version = f", v{entry.version}" if entry.version else ""
        print(f"{format_date(entry.date)}  {entry.item.title} ({kind} {entry.item.id}{version}): {entry.summary}")
    touched = len({e.item.id for e in entries})
    summary = _("{changes} since {date} in {items}").format(
        changes=plural(len(entries), "change"), date=format_date(start), items=plural(touched, "item")
    )
    err.print(escape(summary), highlight=False)


def register(app: typer.Typer) -> None:
    """Add the training commands to the `rulebook` app."""
    app.command("onboarding")(onboarding)
    app.command("pack")(pack)
    app.command("changes")(changes)

"""The rulebook as a terminal command loads it: in the chosen language, errors mentioned but not fatal.

Shared by the training and changes commands (each imported by `cli.py` on its own, neither importing the other).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from .build import Project
from .i18n import _, set_language
from .load import load_rulebook
from .rulebook import Rulebook
from .settings import SettingsError

err = Console(stderr=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]{escape(message)}[/red]", highlight=False)
    return typer.Exit(code)


def load_book(project_dir: Path, lang: str | None = None) -> tuple[Project, Rulebook]:
    """The rulebook as far as it loads, in `lang` (the project's language by default); errors are mentioned, since a
    half-broken rulebook still trains. Sets the interface language for the rest of the command."""
    project = Project(project_dir)
    try:
        settings = project.settings
    except SettingsError as exc:
        raise _fail(str(exc)) from exc
    chosen = lang or settings.language
    if chosen not in settings.languages:
        set_language(settings.language)
        raise _fail(
            _("--lang {lang}: this rulebook is published in {languages}").format(
                lang=chosen, languages=", ".join(settings.languages)
            )
        )
    set_language(chosen)
    if not project.rules.is_dir():
        raise _fail(
            _("No rules/ folder in {root}: run rulebook from the project folder or pass --project.").format(root=project.root)
        )
    book, report = load_rulebook(project.rules, display_base=project.root, languages=settings.translations)
    if report.errors:
        err.print(
            f"[yellow]{escape(_('{n} errors in the rules (see rulebook check); using what loaded.').format(n=len(report.errors)))}[/yellow]"
        )
    return project, book.localized(chosen)

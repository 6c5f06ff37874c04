"""The rulebook as a terminal command loads it: in the chosen language, errors mentioned but not fatal.

Shared by the training and changes commands (each registered by `cli.py` on its own, neither importing the other).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape

from .cli_options import err
from .errors import InputError
from .i18n import _, set_language
from .project import Project

if TYPE_CHECKING:
    from .rulebook import Rulebook


def load_book(project_dir: Path, lang: str | None = None) -> tuple[Project, Rulebook]:
    """The rulebook as far as it loads, in `lang` (the project's language by default); errors are mentioned, since a
    half-broken rulebook still trains. Sets the interface language for the rest of the command."""
    project = Project(project_dir)
    settings = project.settings
    chosen = lang or settings.language
    if chosen not in settings.languages:
        set_language(settings.language)
        raise InputError(
            _("--lang {lang}: this rulebook is published in {languages}").format(
                lang=chosen, languages=", ".join(settings.languages)
            )
        )
    set_language(chosen)
    if not project.rules.is_dir():
        raise InputError(
            _("No rules/ folder in {root}: run rulebook from the project folder or pass --project.").format(root=project.root)
        )
    book, report = project.load()
    if report.errors:
        err.print(
            f"[yellow]{escape(_('{n} errors in the rules (see rulebook check); using what loaded.').format(n=len(report.errors)))}[/yellow]"
        )
    return project, book.localized(chosen)

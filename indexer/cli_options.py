"""What every `rulebook` command shares: the `--project` option, the consoles, and how an error ends a command.

`ProjectDir` is the one declaration of `--project/-C`; each command takes `project_dir: ProjectDir = Path(".")`
and opens it with `open_project`. `App` registers commands so that any `indexer.errors.RulebookError` they raise
is printed (in red, on stderr, in the project's language) and becomes the exit code the error class names; no
command catches an error only to print it and exit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from .errors import RulebookError
from .project import Project

err = Console(stderr=True)
out = Console()

ProjectDir = Annotated[
    Path, typer.Option("--project", "-C", help="Project folder (holds mkdocs.yml and rules/); default: the current folder.")
]


def open_project(project_dir: Path, *, site: bool = False) -> Project:
    """The project, speaking its language from here on; with `site`, it must have an mkdocs.yml."""
    project = Project(project_dir)
    project.speak()
    return project.require_site() if site else project


def print_error(message: str) -> None:
    err.print(f"[red]{escape(message)}[/red]", highlight=False)


def _ends_with_exit_code(command: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except RulebookError as exc:
            print_error(str(exc))
            raise typer.Exit(exc.exit_code) from exc

    return run


class App(typer.Typer):
    """A Typer app whose commands end with the exit code of the `RulebookError` they raise."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:  # type: ignore[override]
        register = super().command(*args, **kwargs)

        def decorator(command: Callable[..., Any]) -> Callable[..., Any]:
            register(_ends_with_exit_code(command))
            return command

        return decorator

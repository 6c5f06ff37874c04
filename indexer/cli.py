"""The `rulebook` command: a thin layer that wires the pipeline stages to the terminal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.console import Console

from .check import check_rulebook
from .diagnostics import Report, Severity
from .load import load_rulebook

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Rulebook: rules, procedures and posts of an organ.")
err = Console(stderr=True)
out = Console()


@app.callback()
def main() -> None:
    """Rulebook: rules, procedures and posts of an organ, checked, built into a site and searchable."""


def run_checks(rules: Path, today: date | None = None):
    book, report = load_rulebook(rules)
    report.extend(check_rulebook(book, today))
    return book, report


def _print_report(report: Report, fmt: str, files: int) -> None:
    diags = report.sorted()
    if fmt == "json":
        print(json.dumps({"files": files, "errors": len(report.errors), "warnings": len(report.warnings),
                          "diagnostics": [d.to_json() for d in diags]}, ensure_ascii=False, indent=2))
        return
    for d in diags:
        style = "red" if d.severity is Severity.ERROR else "yellow"
        out.print(f"[{style}]{d}[/{style}]", markup=True, highlight=False, soft_wrap=True) if out.is_terminal else print(d)
    summary = f"{files} files checked: {len(report.errors)} errors, {len(report.warnings)} warnings"
    err.print(summary, style="bold red" if report.errors else "bold green", highlight=False)


@app.command()
def check(
    rules: Path = typer.Argument(Path("rules"), help="Folder (or single file) of rule files."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json"),
) -> None:
    """Validate the rulebook: schema, references, time limits, cycles, links, review dates."""
    if fmt not in ("text", "json"):
        raise typer.BadParameter("--format is 'text' or 'json'")
    book, report = run_checks(rules)
    from .load import rule_files

    _print_report(report, fmt, len(rule_files(rules)) if rules.exists() else 0)
    raise typer.Exit(1 if report.errors else 0)


if __name__ == "__main__":
    app()

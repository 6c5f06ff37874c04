"""The `rulebook` command: a shell over `indexer.project.Project` that parses options and prints results.

Each command opens the project (`--project`, declared once in `cli_options`), calls one facade method and prints
what comes back; errors are `indexer.errors` exceptions, turned into exit codes by `cli_options.App`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.markup import escape
from rich.text import Text

from .cli_options import App, ProjectDir, err, open_project, out
from .diagnostics import Report, Severity
from .errors import InputError, NotFoundError, RulebookError
from .i18n import Nn_, _, count
from .itemtypes import folder, names
from .project import Project

app = App(add_completion=False, no_args_is_help=True, help="Rulebook: rules, procedures and posts of an organ.")
FILES = Nn_("{n} file", "{n} files")
ERRORS = Nn_("{n} error", "{n} errors")
WARNINGS = Nn_("{n} warning", "{n} warnings")
PAGES = Nn_("{n} page", "{n} pages")


@app.callback()
def main() -> None:
    """Rulebook: rules, procedures and posts of an organ, checked, built into a site and searchable."""


def _print_diagnostics(report: Report) -> None:
    for d in report.sorted():
        if out.is_terminal:
            style = "red" if d.severity is Severity.ERROR else "yellow"
            out.print(f"[{style}]{escape(str(d))}[/{style}]", highlight=False, soft_wrap=True)
        else:
            print(d)


def _print_report(report: Report, fmt: str, files: int) -> None:
    if fmt == "json":
        payload = {
            "files": files,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "diagnostics": [d.to_json() for d in report.sorted()],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    _print_diagnostics(report)
    summary = _("{files} checked: {errors}, {warnings}").format(
        files=count(files, *FILES), errors=count(len(report.errors), *ERRORS), warnings=count(len(report.warnings), *WARNINGS)
    )
    err.print(summary, style="bold red" if report.errors else "bold green", highlight=False)


@app.command()
def check(
    rules: Path = typer.Argument(Path("rules"), help="Folder (or single file) of rule files, inside the project folder."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json"),
    project_dir: ProjectDir = Path("."),
) -> None:
    """Validate the rulebook: schema, references, time limits, cycles, links, review dates."""
    if fmt not in ("text", "json"):
        raise typer.BadParameter(_("--format is '{a}' or '{b}'").format(a="text", b="json"))
    project = open_project(project_dir)
    rules = rules if rules.is_absolute() else project.root / rules
    _book, report = project.check(rules)
    from .load import rule_files

    _print_report(report, fmt, len(rule_files(rules, project.root)) if rules.exists() else 0)
    raise typer.Exit(1 if report.errors else 0)


def _date_option(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(
            _("{option} '{value}' is not a date: write it as YYYY-MM-DD, e.g. 2024-01-01").format(option=option, value=value)
        ) from None


@app.command("build")
def build_cmd(
    project_dir: ProjectDir = Path("."),
    no_index: bool = typer.Option(False, "--no-index", help="Build the site only, without the search index."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Build the rulebook as it stood on this date (YYYY-MM-DD) from git history, into build/as-of/DATE."
    ),
) -> None:
    """Check the rules, then build the site and search index aside and publish them; a failure leaves the last good ones."""
    day = _date_option(as_of, "--as-of") if as_of is not None else None
    result = _run_build(open_project(project_dir, site=True), with_index=not no_index, as_of=day)
    if not result.ok:
        raise typer.Exit(1)


def _run_build(project: Project, with_index: bool = True, as_of: date | None = None):
    """Build with a progress line, print the diagnostics and the outcome; the caller decides what failure means."""
    with err.status(escape(_("building…"))) as status:
        result = project.build(progress=lambda msg: status.update(escape(msg) + "…"), with_index=with_index, as_of=as_of)
    _print_build(result)
    return result


def _print_build(result) -> None:
    _print_diagnostics(result.report)
    if not result.ok:
        for message in result.errors:
            err.print(f"[red]{escape(message)}[/red]", highlight=False)
        err.print(f"[bold red]{escape(_('Build failed; the previous site is unchanged.'))}[/bold red]")
    else:
        built = _("Built {pages} in {seconds} s").format(pages=count(result.pages, *PAGES), seconds=f"{result.seconds:.1f}")
        err.print(f"[bold green]{escape(built)}[/bold green] -> {escape(str(result.release))}/site", highlight=False)


def snippet_text(passages: list) -> Text:
    """A hit's snippet for the terminal, from its parts: matches bold yellow, nothing in the text read as markup."""
    text = Text("   ")
    for passage in passages:
        for part in passage:
            text.append(part.text, style="bold yellow" if part.mark else None)
        text.append(" ")
    return text


@app.command()
def search(
    query: str = typer.Argument(..., help='Words, "phrases", and field syntax such as type:procedure post:window-clerk.'),
    type_: str = typer.Option(None, "--type", help="Only this type: " + ", ".join(names()) + "."),
    post: str = typer.Option(None, "--post", help="Only units that involve this post id."),
    department: str = typer.Option(None, "--department", help="Only units of this department id."),
    status: str = typer.Option(None, "--status", help="Only this status, e.g. in-force."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, max=100, help="How many hits."),
    as_json: bool = typer.Option(False, "--json", help="Print the hits as JSON."),
    project_dir: ProjectDir = Path("."),
) -> None:
    """Search the rulebook and its library, clause by clause, in Chinese or English."""
    from dataclasses import asdict

    searcher = open_project(project_dir, site=True).searcher()
    result = searcher.search(query, type=type_, post=post, department=department, status=status, limit=limit)
    if result.message:
        err.print(f"[yellow]{escape(result.message)}[/yellow]")
    if as_json:
        print(json.dumps([asdict(h) for h in result.hits], ensure_ascii=False, indent=2))
    else:
        for n, hit in enumerate(result.hits, start=1):
            where = " › ".join(x for x in (hit.heading,) if x)
            out.print(f"[bold]{n}. {escape(hit.title)}[/bold]  [dim]{hit.type}{' · ' + escape(where) if where else ''}[/dim]")
            out.print(f"   [cyan]{escape(hit.url)}[/cyan]  [dim]score {hit.score:.2f}[/dim]", highlight=False)
            out.print(snippet_text(hit.passages), highlight=False)
        shown = _("{total} matches, {shown} shown ({ms} ms)").format(
            total=result.total, shown=len(result.hits), ms=f"{result.elapsed_ms:.0f}"
        )
        err.print(shown, highlight=False)
    if result.did_you_mean:
        err.print(escape(_("Did you mean: {suggestion}?").format(suggestion=result.did_you_mean)))


@app.command()
def relevance(
    questions: Path = typer.Argument(Path("tests/relevance/cadres.yaml"), help="Questions with expected answers (YAML)."),
    project_dir: ProjectDir = Path("."),
    split: str = typer.Option(None, "--split", help="Only this half: dev (tuned on) or test (never tuned on)."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also run plain SQLite FTS5 BM25 (slower)."),
    show_misses: bool = typer.Option(False, "--misses", help="List the questions whose answer is not in the top 5."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, markdown (tables to paste into docs) or json"),
) -> None:
    """Recall@5 and MRR@10 per half (dev, test), per kind of question and language, next to plain BM25 (FTS5).

    Where the index carries the semantic signal (search.semantic), BM25 alone is measured too."""
    import json

    from .search.baseline import Fts5Baseline
    from .search.relevance import Comparison, evaluate, load_questions

    if fmt not in ("table", "markdown", "json"):
        raise typer.BadParameter(_("--format is one of: {choices}").format(choices="table, markdown, json"))
    project = open_project(project_dir, site=True)
    searcher = project.searcher()
    bm25_only = project.searcher(semantic=False) if searcher.semantic else None
    qs = [q for q in load_questions(questions) if split is None or q.split == split]
    fts = None
    if baseline:
        with err.status(_("building the FTS5 baseline over the same units…")):
            book, _report = project.load()
            fts = Fts5Baseline()
            fts.add_rulebook(book, project.root)
    halves = []
    for half in sorted({q.split for q in qs}):
        subset = [q for q in qs if q.split == half]
        ours = evaluate(lambda q: searcher.search(q, limit=10, facets=False).hits, subset)
        systems = {"semantic" if bm25_only else "rulebook": ours}
        if bm25_only:  # with the semantic signal on, BM25 alone too: what the signal adds, in the same run
            systems["bm25"] = evaluate(lambda q: bm25_only.search(q, limit=10, facets=False).hits, subset)
        if fts is not None:
            systems["fts5"] = evaluate(lambda q: fts.search(q, limit=10), subset)
        halves.append((Comparison(half, len(subset), systems), ours))
    if fmt == "json":
        print(json.dumps([c.as_json(misses=show_misses) for c, _ours in halves], ensure_ascii=False, indent=2))
        return
    for comparison, ours in halves:
        if fmt == "markdown":
            print(comparison.markdown())
        else:
            from rich.table import Table

            table = Table(title=comparison.title())
            for i, col in enumerate(comparison.header()):
                table.add_column(col, justify="left" if i == 0 else "right")
            for row in comparison.rows():
                table.add_row(*row)
            out.print(table)
        if show_misses:
            for q, rank in ours.misses:
                line = _("miss: {question} (rank {rank})").format(question=q, rank=rank if rank else ">10")
                if fmt == "markdown":
                    print(line)
                else:
                    out.print(escape(line), highlight=False)


@app.command("import")
def import_cmd(
    src: Path = typer.Argument(..., help="Folder of Markdown documents (regulations, a handbook) or of Word .docx files."),
    into: Path = typer.Option(None, "--into", help="Target folder; default rules/library/<name of SRC>."),
    project_dir: ProjectDir = Path("."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every file, not only the skipped ones."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Workbook import: replace procedure files that exist."),
) -> None:
    """Import a folder of laws, regulations or handbook pages into the library; run again to update.

    Given an .xlsx service-item list (as `rulebook export` writes it), write its items as draft procedures.
    A folder of Word files (.docx) becomes draft rule files in rules/drafts; `rulebook check` lists what each
    draft still lacks."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .library.importer import import_folder

    if src.suffix.lower() == ".xlsx":
        _import_workbook(src, into if into is not None else Project(project_dir).rules / folder("procedure"), overwrite)
        return
    if not src.is_dir():
        raise InputError(_("{path} is not a folder").format(path=src))
    project = Project(project_dir)
    from .wordin import word_files

    if word_files(src):
        _import_word(src, into if into is not None else project.rules / "drafts", project)
        return
    target = into if into is not None else project.rules / "library" / src.resolve().name
    with Progress(
        TextColumn(escape(_("importing"))),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def step(n: int, total: int, origin: str) -> None:
            bar.update(task, completed=n, total=total, description=escape(origin[-50:]))

        result = import_folder(src, target, progress=step)
    for origin, reason in result.skipped:
        print(_("skipped  {origin}: {reason}").format(origin=origin, reason=reason))
    for origin, note in result.notes:
        print(_("note     {origin}: {note}").format(origin=origin, note=note))
    if verbose:
        for label, names in (("added", result.added), ("updated", result.updated), ("unchanged", result.unchanged)):
            for name in names:
                print(f"{label:<9}{name}")
    summary = _("{added} added, {updated} updated, {unchanged} unchanged, {skipped} skipped").format(
        added=len(result.added), updated=len(result.updated), unchanged=len(result.unchanged), skipped=len(result.skipped)
    )
    err.print(f"[bold]{escape(str(target))}[/bold]: {escape(summary)}", highlight=False)


def _import_word(src: Path, target: Path, project: Project) -> None:
    from .wordin import import_word_folder

    with err.status(escape(_("reading Word files…"))):
        result = import_word_folder(src, target)
    for origin, path, kind in result.written:
        print(_("draft    {origin} -> {path} ({kind}, guessed)").format(origin=origin, path=path, kind=kind))
    for origin, reason in result.skipped:
        print(_("skipped  {origin}: {reason}").format(origin=origin, reason=reason))
    summary = _("{written} drafts written, {skipped} skipped. Run `rulebook check` to see what each draft still lacks.").format(
        written=len(result.written), skipped=len(result.skipped)
    )
    err.print(f"[bold]{escape(str(target))}[/bold]: {escape(summary)}", highlight=False)


@app.command()
def serve(
    project_dir: ProjectDir = Path("."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    watch_: bool = typer.Option(False, "--watch", help="Rebuild when rules/ or docs/ change and reload open pages."),
    workers: int = typer.Option(1, "--workers", min=1, max=16, help="Server processes (searching is CPU-bound)."),
) -> None:
    """Build what is stale, then serve the site with live search at http://HOST:PORT."""
    project = open_project(project_dir, site=True)
    if workers > 1 and watch_:
        raise InputError(_("--watch runs in one process: leave out --workers"))
    built = []

    def report(result) -> None:
        built.append(result)
        _print_build(result)

    with err.status(escape(_("building…"))) as line:
        status = project.ready_to_serve(report, progress=lambda msg: line.update(escape(msg) + "…"))
    if status.problem:
        message = _("Serving the last good release, {release}, until the problems are fixed.").format(
            release=project.current_release().name  # type: ignore[union-attr]
        )
        err.print(f"[yellow]{escape(message)}[/yellow]")
    elif not built:
        err.print(escape(_("Site is up to date.")))
    address = f"http://{host}:{port}"
    if workers > 1:
        message = _("Serving {project} at {address} with {workers} workers").format(
            project=project.root.name, address=address, workers=workers
        )
    else:
        message = _("Serving {project} at {address} (Ctrl+C to stop)").format(project=project.root.name, address=address)
    err.print(f"[bold]{escape(message)}[/bold]")
    project.serve(host, port, status=status, watch=watch_, workers=workers, on_rebuild=_print_rebuild)


def _print_rebuild(result) -> None:
    _print_diagnostics(result.report)
    if result.ok:
        err.print(
            f"[green]{escape(_('rebuilt in {seconds} s').format(seconds=f'{result.seconds:.1f}'))}[/green]", highlight=False
        )
    else:
        for message in result.errors:
            err.print(f"[red]{escape(message)}[/red]", highlight=False)
        err.print(f"[bold red]{escape(_('Rebuild failed; still serving the previous site.'))}[/bold red]")


@app.command()
def due(
    procedure: str = typer.Argument(..., help="Procedure id, e.g. food-production-licence."),
    accepted: str = typer.Option(..., "--accepted", help="Date of acceptance, YYYY-MM-DD (not counted)."),
    as_json: bool = typer.Option(False, "--json", help="Print the due dates as JSON."),
    project_dir: ProjectDir = Path("."),
) -> None:
    """Due dates of each step and the committed and statutory deadlines, on China's working-day calendar."""
    import difflib

    from rich.table import Table

    from .due import due_dates, parse_date
    from .model import Procedure

    try:
        day = parse_date(accepted)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    book, _report = Project(project_dir).load()
    item = book.get(procedure)
    if not isinstance(item, Procedure):
        hint = difflib.get_close_matches(procedure, [p.id for p in book.procedures], n=1)
        raise NotFoundError(
            _("No procedure with id {id}").format(id=repr(procedure))
            + (_("; did you mean {id}?").format(id=repr(hint[0])) if hint else "")
        )
    calendar = book.calendar
    for problem in book.calendar_report.sorted():  # a year with mistakes in rules/calendar.yml is left out: say why
        err.print(f"[yellow]{escape(str(problem))}[/yellow]", highlight=False, soft_wrap=True)
    result = due_dates(item, day, calendar)
    if as_json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{item.title} · {_('accepted')} {day.isoformat()}")
    for col in (_("#"), _("Step"), _("Post"), _("Time limit"), _("Due")):
        table.add_column(col)
    for s in result.steps:
        table.add_row(str(s.n), escape(s.name), escape(book.title(s.post)), escape(s.limit.raw), s.due.isoformat())
    out.print(table)
    for st in result.stages:
        counted = _("counts toward the statutory limit") if st.counts_toward_limit else _("not counted in the statutory limit")
        out.print(
            f"{_('Special stage')}: {escape(st.name)} ({escape(st.limit.raw)}, {counted}): {_('due')} {st.due.isoformat()}",
            highlight=False,
        )
    out.print(
        f"[bold]{_('Committed deadline')}[/bold] ({escape(item.committed_limit.raw)}): {result.committed.isoformat()}",
        highlight=False,
    )
    out.print(
        f"[bold]{_('Statutory deadline')}[/bold] ({escape(item.statutory_limit.raw)}): {result.statutory.isoformat()}",
        highlight=False,
    )
    if result.statutory_with_stages:
        out.print(
            f"{_('Adding the special stages that the limits do not count')}: {_('committed')} {result.committed_with_stages.isoformat()}, "  # type: ignore[union-attr]
            f"{_('statutory')} {result.statutory_with_stages.isoformat()}",
            highlight=False,
        )


def _import_workbook(src: Path, into: Path, overwrite: bool) -> None:
    from .service_lists import drafts_from, read_xlsx, write_drafts

    if not src.is_file():
        raise InputError(_("{path} does not exist").format(path=src))
    result = drafts_from(read_xlsx(src), src.name)
    for message in result.errors:
        print(message)
    written, kept = write_drafts(result, into, overwrite)
    for path in kept:
        print(_("kept     {path} (exists; --overwrite replaces it)").format(path=path))
    err.print(
        _("{into}: {written} draft procedures written, {kept} kept, {errors} rows with errors").format(
            into=into, written=len(written), kept=len(kept), errors=len(result.errors)
        ),
        highlight=False,
    )
    if result.errors:
        raise typer.Exit(1)


@app.command()
def export(
    fmt: str = typer.Option("xlsx", "--format", "-f", help="xlsx or json"),
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
    project_dir: ProjectDir = Path("."),
) -> None:
    """Write the service items (实施清单) with the standard element names: one row per item, materials,
    steps, special stages and FAQ on their own sheets."""
    from .service_lists import export_tables, write_json, write_xlsx

    if fmt not in ("xlsx", "json"):
        raise typer.BadParameter(_("--format is '{a}' or '{b}'").format(a="xlsx", b="json"))
    book, report = Project(project_dir).load()
    if report.errors:
        _print_diagnostics(report)
        raise RulebookError(_("Fix the errors first: nothing was exported."))
    tables = export_tables(book)
    (write_xlsx if fmt == "xlsx" else write_json)(tables, output)
    err.print(
        _("{n} items written to {path}").format(n=len(tables["事项"]), path=output),
        highlight=False,
    )


from .cli_changes import register as _register_changes  # noqa: E402 - commands of the what-changed issue
from .cli_training import register as _register_training  # noqa: E402 - commands of the training issue

_register_training(app)
_register_changes(app)

if __name__ == "__main__":
    app()

"""The `rulebook` command: a thin layer that wires the pipeline stages to the terminal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from .build import Project, build, is_stale
from .check import check_rulebook
from .diagnostics import Report, Severity
from .i18n import Nn_, _, count, set_language
from .itemtypes import folder, names
from .load import load_rulebook, rule_files
from .settings import Settings, SettingsError, load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Rulebook: rules, procedures and posts of an organ.")
err = Console(stderr=True)
FILES = Nn_("{n} file", "{n} files")
ERRORS = Nn_("{n} error", "{n} errors")
WARNINGS = Nn_("{n} warning", "{n} warnings")
PAGES = Nn_("{n} page", "{n} pages")
out = Console()


@app.callback()
def main() -> None:
    """Rulebook: rules, procedures and posts of an organ, checked, built into a site and searchable."""


def run_checks(rules: Path, today: date | None = None, project_dir: Path | None = None, settings: Settings | None = None):
    """The same checks a build makes (`build.load_and_check`), for a rules folder given on the command line."""
    from .check import check_project_files

    if settings is None:
        try:
            settings = load_settings(project_dir) if project_dir else Settings()
        except SettingsError:
            settings = Settings()  # reported by check_project_files
    book, report = load_rulebook(
        rules, allowed=project_dir, display_base=Path.cwd(), language=settings.language, languages=settings.translations
    )
    report.extend(check_rulebook(book, today, trust_html=settings.trust_html))
    if rules.is_dir():
        report.extend(check_project_files(rules, project_dir, Path.cwd()))
    return book, report


def _settings(project_dir: Path) -> Settings:
    """The project's settings, and its language for everything the command prints. A broken file falls back to the
    defaults here: `check` reports it as a diagnostic and `build` refuses with the reason."""
    try:
        settings = load_settings(project_dir)
    except SettingsError:
        settings = Settings()
    set_language(settings.language)
    return settings


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
    project_dir: Path = typer.Option(Path("."), "--project", "-C", help="Project folder, as for the other commands."),
) -> None:
    """Validate the rulebook: schema, references, time limits, cycles, links, review dates."""
    if fmt not in ("text", "json"):
        raise typer.BadParameter(_("--format is '{a}' or '{b}'").format(a="text", b="json"))
    settings = _settings(project_dir)
    rules = rules if rules.is_absolute() else project_dir / rules
    _book, report = run_checks(rules, project_dir=project_dir, settings=settings)
    _print_report(report, fmt, len(rule_files(rules, project_dir)) if rules.exists() else 0)
    raise typer.Exit(1 if report.errors else 0)


def _date_option(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        message = _("{option} '{value}' is not a date: write it as YYYY-MM-DD, e.g. 2024-01-01").format(
            option=option, value=value
        )
        err.print(f"[red]{escape(message)}[/red]")
        raise typer.Exit(2) from None


def _project(root: Path) -> Project:
    project = Project(root)
    if not project.config.is_file():
        message = _("No mkdocs.yml in {root}: run rulebook from the project folder or pass --project.").format(root=project.root)
        err.print(f"[red]{escape(message)}[/red]")
        raise typer.Exit(2)
    _settings(project.root)
    return project


@app.command("build")
def build_cmd(
    project_dir: Path = typer.Option(Path("."), "--project", "-C", help="Project folder (holds mkdocs.yml and rules/)."),
    no_index: bool = typer.Option(False, "--no-index", help="Build the site only, without the search index."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Build the rulebook as it stood on this date (YYYY-MM-DD) from git history, into build/as-of/DATE."
    ),
) -> None:
    """Check the rules, then build the site and search index aside and publish them; a failure leaves the last good ones."""
    day = _date_option(as_of, "--as-of") if as_of is not None else None
    result = _run_build(_project(project_dir), with_index=not no_index, as_of=day)
    if not result.ok:
        raise typer.Exit(1)


def _run_build(project: Project, with_index: bool = True, as_of: date | None = None):
    """Build with a progress line, print the diagnostics and the outcome; the caller decides what failure means."""
    with err.status(escape(_("building…"))) as status:
        if as_of is not None:
            from .asof import build_as_of

            result = build_as_of(project, as_of, progress=lambda m: status.update(escape(m) + "…"), with_index=with_index)
        else:
            result = build(project, progress=lambda msg: status.update(escape(msg) + "…"), with_index=with_index)
    _print_diagnostics(result.report)
    if not result.ok:
        for message in result.errors:
            err.print(f"[red]{escape(message)}[/red]", highlight=False)
        err.print(f"[bold red]{escape(_('Build failed; the previous site is unchanged.'))}[/bold red]")
    else:
        built = _("Built {pages} in {seconds} s").format(pages=count(result.pages, *PAGES), seconds=f"{result.seconds:.1f}")
        err.print(f"[bold green]{escape(built)}[/bold green] -> {escape(str(result.release))}/site", highlight=False)
    return result


def _searcher(project: Project):
    from .releases import Releases
    from .search.query import Searcher
    from .search.synonyms import Synonyms, SynonymsError

    current = Releases(project.out).current()
    if current is None or not (current / "index").is_dir():
        err.print(f"[red]{escape(_('No search index yet: run `rulebook build` first.'))}[/red]")
        raise typer.Exit(2)
    try:
        synonyms = Synonyms.load(project.rules / "synonyms.yml")
    except SynonymsError as exc:
        err.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    return Searcher(current / "index", synonyms)


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
    project_dir: Path = typer.Option(Path("."), "--project", "-C", help="Project folder."),
) -> None:
    """Search the rulebook and its library, clause by clause, in Chinese or English."""
    from dataclasses import asdict

    searcher = _searcher(_project(project_dir))
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
    project_dir: Path = typer.Option(Path("."), "--project", "-C", help="Project folder."),
    split: str = typer.Option(None, "--split", help="Only this half: dev (tuned on) or test (never tuned on)."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also run plain SQLite FTS5 BM25 (slower)."),
    show_misses: bool = typer.Option(False, "--misses", help="List the questions whose answer is not in the top 5."),
) -> None:
    """Recall@5 and MRR@10 per half (dev, test), per kind of question and language, next to plain BM25 (FTS5)."""
    from rich.table import Table

    from .search.baseline import Fts5Baseline
    from .search.relevance import evaluate, load_questions

    project = _project(project_dir)
    searcher = _searcher(project)
    qs = [q for q in load_questions(questions) if split is None or q.split == split]
    fts = None
    if baseline:
        with err.status("building the FTS5 baseline over the same units…"):
            book, _report = load_rulebook(project.rules, display_base=project.root)
            fts = Fts5Baseline()
            fts.add_rulebook(book, project.root)
    for half in sorted({q.split for q in qs}):
        subset = [q for q in qs if q.split == half]
        ours = evaluate(lambda q: searcher.search(q, limit=10, facets=False).hits, subset)
        base = evaluate(lambda q: fts.search(q, limit=10), subset) if fts is not None else None
        table = Table(title=f"{half} half: {len(subset)} questions")
        for col in ("questions", "n", "Rulebook recall@5", "MRR@10", *(("FTS5 recall@5", "MRR@10") if base else ())):
            table.add_column(col, justify="left" if col == "questions" else "right")
        for group in sorted(ours.groups, key=lambda g: (g != "all", ":" in g, g)):
            f = ours.groups[group]
            label = {"all": "all", "zh": "Chinese", "en": "English", "page": "English, page level"}.get(group, group)
            row = [label.replace("zh:", "Chinese, ").replace("en:", "English, "), str(f.n), f"{f.recall5:.2f}", f"{f.mrr10:.2f}"]
            if base is not None:
                b = base.get(group)
                row += [f"{b.recall5:.2f}", f"{b.mrr10:.2f}"]
            table.add_row(*row)
        out.print(table)
        if show_misses:
            for q, rank in ours.misses:
                out.print(f"miss  {escape(q)}  (rank {rank if rank else '>10'})", highlight=False)


@app.command("import")
def import_cmd(
    src: Path = typer.Argument(..., help="Folder of Markdown documents (regulations, a handbook) or of Word .docx files."),
    into: Path = typer.Option(None, "--into", help="Target folder; default rules/library/<name of SRC>."),
    project_dir: Path = typer.Option(Path("."), "--project", "-C", help="Project folder."),
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
        err.print(f"[red]{escape(_('{path} is not a folder').format(path=src))}[/red]")
        raise typer.Exit(2)
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
    project_dir: Path = typer.Option(Path("."), "--project", "-C", help="Project folder (holds mkdocs.yml and rules/)."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    watch_: bool = typer.Option(False, "--watch", help="Rebuild when rules/ or docs/ change and reload open pages."),
    workers: int = typer.Option(1, "--workers", min=1, max=16, help="Server processes (searching is CPU-bound)."),
) -> None:
    """Build what is stale, then serve the site with live search at http://HOST:PORT."""
    import asyncio

    import uvicorn

    from .serve import create_app
    from .serve_protocol import HeaderTimeoutProtocol
    from .watch import watch

    project = _project(project_dir)
    from .releases import Releases
    from .serve import BuildStatus

    status = BuildStatus()
    current = Releases(project.out).current()
    if is_stale(project) or current is None or not (current / "index").is_dir():
        result = _run_build(project)
        if not result.ok:
            current = Releases(project.out).current()
            if current is None:
                message = _("Nothing to serve: no release has ever been built. Fix the problems above and run again.")
                err.print(f"[bold red]{escape(message)}[/bold red]")
                raise typer.Exit(1)
            status.problem = _problem_lines(result)
            message = _("Serving the last good release, {release}, until the problems are fixed.").format(release=current.name)
            err.print(f"[yellow]{escape(message)}[/yellow]")
    else:
        err.print(escape(_("Site is up to date.")))
    if workers > 1:
        if watch_:
            raise typer.BadParameter(_("--watch runs in one process: leave out --workers"))
        import os

        os.environ["RULEBOOK_PROJECT"] = str(project.root)
        os.environ["RULEBOOK_PROBLEM"] = json.dumps(status.problem, ensure_ascii=False)
        message = _("Serving {project} at {address} with {workers} workers").format(
            project=project.root.name, address=f"http://{host}:{port}", workers=workers
        )
        err.print(f"[bold]{escape(message)}[/bold]")
        uvicorn.run(
            "indexer.serve:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            http=HeaderTimeoutProtocol,
        )
        return
    events = asyncio.Event() if watch_ else None
    app_ = create_app(project.out, project.rules / "synonyms.yml", events, status)
    config = uvicorn.Config(app_, host=host, port=port, log_level="warning", http=HeaderTimeoutProtocol)
    server = uvicorn.Server(config)

    def report(result) -> None:
        _print_diagnostics(result.report)
        status.problem = [] if result.ok else _problem_lines(result)
        if result.ok:
            err.print(
                f"[green]{escape(_('rebuilt in {seconds} s').format(seconds=f'{result.seconds:.1f}'))}[/green]", highlight=False
            )
        else:
            for message in result.errors:
                err.print(f"[red]{escape(message)}[/red]", highlight=False)
            err.print(f"[bold red]{escape(_('Rebuild failed; still serving the previous site.'))}[/bold red]")

    async def main() -> None:
        tasks = [asyncio.create_task(server.serve())]
        if events is not None:
            tasks.append(asyncio.create_task(watch(project, events, report)))
        message = _("Serving {project} at {address} (Ctrl+C to stop)").format(
            project=project.root.name, address=f"http://{host}:{port}"
        )
        err.print(f"[bold]{escape(message)}[/bold]")
        _done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()

    asyncio.run(main())


def _problem_lines(result) -> list[str]:
    """What open pages show in their banner while the last build failed: its errors, then the diagnostics."""
    lines = list(result.errors) + [str(d) for d in result.report.errors]
    return lines[:50]


@app.command()
def due(
    procedure: str = typer.Argument(..., help="Procedure id, e.g. food-production-licence."),
    accepted: str = typer.Option(..., "--accepted", help="Date of acceptance, YYYY-MM-DD (not counted)."),
    as_json: bool = typer.Option(False, "--json", help="Print the due dates as JSON."),
    project_dir: Path = typer.Option(Path("."), "--project", "-C", help="Project folder."),
) -> None:
    """Due dates of each step and the committed and statutory deadlines, on China's working-day calendar."""
    import difflib

    from rich.table import Table

    from .calendar import CalendarError
    from .due import due_dates, parse_date
    from .i18n import _
    from .model import Procedure

    try:
        day = parse_date(accepted)
    except ValueError as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    book, _report = load_rulebook(Project(project_dir).rules)
    item = book.get(procedure)
    if not isinstance(item, Procedure):
        hint = difflib.get_close_matches(procedure, [p.id for p in book.procedures], n=1)
        err.print(
            f"[red]{escape(_('No procedure with id {id}').format(id=repr(procedure)))}"
            + (escape(_("; did you mean {id}?").format(id=repr(hint[0]))) if hint else "")
            + "[/red]",
            highlight=False,
        )
        raise typer.Exit(2)
    calendar = book.calendar
    for problem in book.calendar_report.sorted():  # a year with mistakes in rules/calendar.yml is left out: say why
        err.print(f"[yellow]{escape(str(problem))}[/yellow]", highlight=False, soft_wrap=True)
    try:
        result = due_dates(item, day, calendar)
    except CalendarError as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", highlight=False)
        raise typer.Exit(2) from exc
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
    from .i18n import _
    from .service_lists import ListError, drafts_from, read_xlsx, write_drafts

    if not src.is_file():
        err.print(f"[red]{escape(_('{path} does not exist').format(path=src))}[/red]", highlight=False)
        raise typer.Exit(2)
    try:
        result = drafts_from(read_xlsx(src), src.name)
    except ListError as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", highlight=False)
        raise typer.Exit(2) from exc
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
    project_dir: Path = typer.Option(Path("."), "--project", "-C", help="Project folder."),
) -> None:
    """Write the service items (实施清单) with the standard element names: one row per item, materials,
    steps, special stages and FAQ on their own sheets."""
    from .i18n import _
    from .service_lists import export_tables, write_json, write_xlsx

    if fmt not in ("xlsx", "json"):
        raise typer.BadParameter(_("--format is '{a}' or '{b}'").format(a="xlsx", b="json"))
    book, report = load_rulebook(Project(project_dir).rules)
    if report.errors:
        _print_diagnostics(report)
        err.print(f"[red]{escape(_('Fix the errors first: nothing was exported.'))}[/red]")
        raise typer.Exit(1)
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

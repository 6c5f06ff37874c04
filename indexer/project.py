"""The project from outside: where its files are, and what can be done with it (load, check, build, search, serve).

The command line (`indexer.cli*`) and the server (`indexer.serve`) are shells over this class: they parse what
the user typed or requested, call one method, and print or answer what comes back. The work itself stays in the
pipeline's modules (`load`, `check`, `build`, `search`, `serve`), imported lazily so that `rulebook --help` stays
fast and `build` may import this module. Failures are `indexer.errors` exceptions, which each shell maps once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, NotBuiltError, RulebookError
from .i18n import _, set_language
from .safepath import Walk, walk
from .settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from .build import BuildResult, Progress
    from .diagnostics import Report
    from .rulebook import Rulebook
    from .search.query import Searcher, SearchResult
    from .serve import BuildStatus


@dataclass
class Project:
    """A project folder: mkdocs.yml, rulebook.yml, rules/ and docs/, built into build/."""

    root: Path
    as_of: date | None = None
    """Build the rulebook as it stood on this date (rules exported from git into `rules`, see `indexer.asof`)."""
    history_rules: Path | None = None
    """Where the rules live in the git repository when `rules` is an exported copy."""
    rules: Path = field(init=False)
    docs: Path = field(init=False)
    config: Path = field(init=False)
    out: Path = field(init=False)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.rules = self.root / "rules"
        self.docs = self.root / "docs"
        self.config = self.root / "mkdocs.yml"
        self.out = self.root / "build"

    # --- where things are ---------------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """`rulebook.yml`, read each time (it is tiny) so `serve --watch` sees edits; raises SettingsError."""
        return load_settings(self.root)

    def settings_or_defaults(self) -> Settings:
        """The settings, or the defaults when rulebook.yml is broken: `check` reports the file as a diagnostic and
        `build` refuses with the reason, so commands that only read may go on."""
        try:
            return self.settings
        except SettingsError:
            return Settings()

    def speak(self) -> Settings:
        """Make the project's language the language of everything the process prints; the settings behind it."""
        settings = self.settings_or_defaults()
        set_language(settings.language)
        return settings

    def docs_files(self) -> Walk:
        """The hand-written pages and assets, never leaving the project (links outside are skipped)."""
        return walk(self.docs, self.root, exclude=(self.out,))

    def rules_files(self) -> Walk:
        return walk(self.rules, self.root, exclude=(self.out,))

    def require_site(self) -> Project:
        """This project, if it has the mkdocs.yml that building and serving need."""
        if not self.config.is_file():
            raise InputError(
                _("No mkdocs.yml in {root}: run rulebook from the project folder or pass --project.").format(root=self.root)
            )
        return self

    # --- what can be done with it --------------------------------------------------------------------------

    def load(self, lang: str | None = None) -> tuple[Rulebook, Report]:
        """Every rule file as typed items, in `lang` (the organ's language by default), and what failed to load."""
        from .load import load_rulebook

        settings = self.settings_or_defaults()
        book, report = load_rulebook(
            self.rules, display_base=self.root, language=settings.language, languages=settings.translations
        )
        return (book.localized(lang) if lang else book), report

    def check(self, target: Path | None = None, today: date | None = None) -> tuple[Rulebook, Report]:
        """What `rulebook check` reports for rules/ (or one folder or file in it), the same checks a build makes."""
        from .check import check_project_files, check_rulebook
        from .load import load_rulebook

        settings = self.settings_or_defaults()
        rules = self.rules if target is None else (target if target.is_absolute() else self.root / target)
        book, report = load_rulebook(
            rules, allowed=self.root, display_base=Path.cwd(), language=settings.language, languages=settings.translations
        )
        report.extend(check_rulebook(book, today, trust_html=settings.trust_html))
        if rules.is_dir():
            report.extend(check_project_files(rules, self.root, Path.cwd()))
        return book, report

    def build(self, *, progress: Progress | None = None, with_index: bool = True, as_of: date | None = None) -> BuildResult:
        """Check, build aside and publish; a failed result (never an exception) leaves the last good release."""
        from .build import build

        if as_of is not None:
            from .asof import build_as_of

            return build_as_of(self, as_of, progress=progress, with_index=with_index)
        return build(self, progress=progress, with_index=with_index)

    def is_stale(self) -> bool:
        """Whether something a build reads changed since the current release (or there is none)."""
        from .build import is_stale

        return is_stale(self)

    def current_release(self) -> Path | None:
        from .releases import Releases

        return Releases(self.out).current()

    def searcher(self, semantic: bool = True) -> Searcher:
        """The current release's search index with the project's synonyms (and its semantic signal, if built)."""
        from .search.query import Searcher
        from .search.synonyms import Synonyms

        current = self.current_release()
        if current is None or not (current / "index").is_dir():
            raise NotBuiltError(_("No search index yet: run `rulebook build` first."))
        return Searcher(current / "index", Synonyms.load(self.rules / "synonyms.yml"), semantic=semantic)

    def search(self, query: str, **filters: object) -> SearchResult:
        return self.searcher().search(query, **filters)  # type: ignore[arg-type]

    def ready_to_serve(
        self, report: Callable[[BuildResult], None] | None = None, progress: Progress | None = None
    ) -> BuildStatus:
        """Build what is stale so there is something to serve; the status open pages show (the failed build's
        problems while the last good release is served). RulebookError when the build failed and no release was
        ever built."""
        from .serve import BuildStatus

        status = BuildStatus()
        current = self.current_release()
        if self.is_stale() or current is None or not (current / "index").is_dir():
            result = self.build(progress=progress)
            if report is not None:
                report(result)
            if not result.ok:
                if self.current_release() is None:  # a failed build, not a missing one: exit 1
                    raise RulebookError(
                        _("Nothing to serve: no release has ever been built. Fix the problems above and run again.")
                    )
                status.problem = problem_lines(result)
        return status

    def serve(
        self,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        status: BuildStatus | None = None,
        watch: bool = False,
        workers: int = 1,
        on_rebuild: Callable[[BuildResult], None] | None = None,
    ) -> None:
        """Serve the current release until stopped; with `watch`, rebuild on every change and reload open pages.
        Several `workers` are processes started by Uvicorn, each opening the project from the environment."""
        import uvicorn

        from .serve import BuildStatus, create_app
        from .serve_protocol import HeaderTimeoutProtocol

        status = status or BuildStatus()
        if workers > 1:
            if watch:
                raise InputError(_("--watch runs in one process: leave out --workers"))
            os.environ["RULEBOOK_PROJECT"] = str(self.root)
            os.environ["RULEBOOK_PROBLEM"] = json.dumps(status.problem, ensure_ascii=False)
            uvicorn.run(
                "indexer.project:app_from_env",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                log_level="warning",
                http=HeaderTimeoutProtocol,
            )
            return
        import asyncio  # here, not at the top: a cold `rulebook search` does not pay for it

        events = asyncio.Event() if watch else None
        app = create_app(self.out, self.rules / "synonyms.yml", events, status)
        server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", http=HeaderTimeoutProtocol))

        def rebuilt(result: BuildResult) -> None:
            status.problem = [] if result.ok else problem_lines(result)
            if on_rebuild is not None:
                on_rebuild(result)

        async def main() -> None:
            from .watch import watch as watch_project

            tasks = [asyncio.create_task(server.serve())]
            if events is not None:
                tasks.append(asyncio.create_task(watch_project(self, events, rebuilt)))
            _done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()

        asyncio.run(main())


def problem_lines(result: BuildResult) -> list[str]:
    """What open pages show in their banner while the last build failed: its errors, then the diagnostics."""
    lines = list(result.errors) + [str(d) for d in result.report.errors]
    return lines[:50]


def app_from_env() -> Starlette:
    """For `uvicorn --factory` with several worker processes: the project comes from the environment."""
    from .serve import BuildStatus, create_app

    project = Project(Path(os.environ["RULEBOOK_PROJECT"]))
    problem = json.loads(os.environ.get("RULEBOOK_PROBLEM", "[]"))
    return create_app(project.out, project.rules / "synonyms.yml", status=BuildStatus(problem))

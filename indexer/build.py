"""The pipeline in one place: load -> check -> render -> site (and index), built aside and swapped in."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .check import check_rulebook
from .diagnostics import Report
from .load import load_rulebook
from .mkdocs_site import SiteBuildError, build_html, site_name
from .releases import Releases
from .render import NavEntry, RenderContext, render_site
from .render.fragments import Fragments
from .rulebook import Rulebook
from .search.index import build_index


@dataclass
class Project:
    """Where things are. Everything is relative to the folder holding mkdocs.yml."""

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
    files = [project.config]
    for folder in (project.rules, project.docs):
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        stat = path.stat()
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


def load_and_check(project: Project, today: date | None = None) -> tuple[Rulebook, Report]:
    book, report = load_rulebook(project.rules, display_base=project.root)
    book.as_of = project.as_of  # before anything builds the law index: citations resolve to the law in force then
    report.extend(check_rulebook(book, today))
    return book, report


def write_pages(
    project: Project, book: Rulebook, docs_dir: Path, name: str, today: date | None = None
) -> tuple[int, list[NavEntry], Fragments]:
    """Hand-written docs first, then generated pages; a hand page may not silently replace a generated one."""
    if project.docs.is_dir():
        shutil.copytree(project.docs, docs_dir, dirs_exist_ok=True)
    from .versions import Histories

    history = Histories.open(book, project.history_rules, until=project.as_of)
    ctx = RenderContext(book, history=history, today=project.as_of or today or date.today(), as_of=project.as_of)
    site = render_site(ctx, name)
    for rel, markdown in site.pages.items():
        target = docs_dir / rel
        if target.exists() and (project.docs / rel).exists():
            raise SiteBuildError([f"docs/{rel} has the same path as a generated page; rename or move it"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    if project.as_of is not None:
        from .asof import mark_past_version

        mark_past_version(docs_dir, project.as_of)
    return len(site.pages), site.nav, site.fragments


def hand_nav(project: Project) -> list[NavEntry]:
    """Hand-written pages go under "Guide", titled by their first heading."""
    entries: list[NavEntry] = []
    for path in sorted(project.docs.glob("*.md")) if project.docs.is_dir() else []:
        if path.name == "index.md":
            continue
        title = path.stem.replace("-", " ").capitalize()
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                title = line[2:].strip()
                break
        entries.append((title, path.name))
    return [("Guide", entries)] if entries else []


def write_api_data(book: Rulebook, folder: Path) -> None:
    """What the server answers besides search, frozen with the release so it always matches the site."""
    from .obligations import obligations_for

    folder.mkdir(parents=True, exist_ok=True)
    data = {post.id: obligations_for(book, post).to_json() for post in book.posts}
    (folder / "obligations.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def build(
    project: Project, *, today: date | None = None, progress: Progress | None = None, with_index: bool = True
) -> BuildResult:
    """Check, then build a new release aside; publish it only if every stage succeeded."""
    started = time.perf_counter()
    stamp = fingerprint(project)
    say = progress or (lambda _msg: None)
    say("loading and checking rules")
    book, report = load_and_check(project, today)
    if report.errors:
        return BuildResult(False, report, errors=[f"{len(report.errors)} errors in rules: nothing was built"])
    releases = Releases(project.out)
    staged = releases.stage()
    try:
        name = site_name(project.config)
        say(f"rendering {len(book)} items")
        pages, nav, fragments = write_pages(project, book, staged / "docs", name, today)
        say("building the site")
        build_html(project.config, staged / "docs", staged / "site", nav + hand_nav(project), fragments.expand)
        if with_index:
            say("indexing for search")
            previous = releases.current()
            previous_index = previous / "index" if previous and (previous / "index").is_dir() else None
            stats = build_index(book, project.root, staged / "index", previous_index, progress=say)
            index_info = {"units": stats.units, "files": stats.files_indexed, "incremental": stats.incremental}
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
        release = releases.publish(staged)
    except SiteBuildError as exc:
        releases.discard(staged)
        return BuildResult(False, report, errors=exc.messages, seconds=time.perf_counter() - started)
    except BaseException:
        releases.discard(staged)
        raise
    return BuildResult(True, report, release, pages, time.perf_counter() - started)

"""The rulebook as it stood on a past date: `rulebook build --as-of YYYY-MM-DD`.

The rules folder is taken from the last commit on or before the date (`git archive`, extracted with
path checks into a folder inside the build directory, never outside the project), then built by the
ordinary pipeline into its own release area, `build/as-of/DATE/`, so the current site is untouched.
Every page says it is a past version; citations resolve to the law version in force on the date
(`LawIndex.in_force`); item histories stop at the date.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

from .build import BuildResult, Progress, Project, build
from .diagnostics import Report
from .frontmatter import SourceError, split_front_matter
from .history import GitHistory, HistoryError
from .i18n import _
from .render.markdown import text

AS_OF_DIR = "as-of"


def as_of_out(project: Project, day: date) -> Path:
    """Where the releases of an as-of site go (with its own `current` link)."""
    return project.out / AS_OF_DIR / day.isoformat()


def mark_past_version(docs_dir: Path, day: date, skip: tuple[Path, ...] = ()) -> None:
    """Put a notice at the top of every page, after its front matter: this is not the rulebook in force today.
    `skip`: folders marked separately (another language's pages, in its own words)."""
    title = _("Past version")
    message = _("This is the rulebook as it stood on {date}. It may no longer be in force; check the current site.").format(
        date=day.isoformat()
    )
    banner = f'!!! danger "{title}"\n    {text(message)}\n\n'
    for page in docs_dir.rglob("*.md"):
        if any(page.is_relative_to(folder) for folder in skip):
            continue
        markdown = page.read_text(encoding="utf-8")
        markdown = _with_banner(markdown, banner)
        page.write_text(markdown, encoding="utf-8")
    notice = f'<p class="rb-past-version" role="alert"><strong>{html.escape(title)}</strong> {html.escape(message)}</p>'
    for page in docs_dir.rglob("*.html"):  # standalone pages (print packs) the generator copies as they are
        if any(page.is_relative_to(folder) for folder in skip):
            continue
        markup = page.read_text(encoding="utf-8")
        match = re.search(r"<body[^>]*>", markup)
        at = match.end() if match else 0
        page.write_text(markup[:at] + notice + markup[at:], encoding="utf-8")


def build_as_of(project: Project, day: date, *, progress: Progress | None = None, with_index: bool = True) -> BuildResult:
    """Export the rules of the last commit on or before `day` and build them as a separate, marked site."""
    say = progress or (lambda _msg: None)
    git = GitHistory.open(project.rules)
    try:
        if not git.available:
            raise HistoryError(git.reason)
        revision = git.commit_on(day)
        if revision is None:
            raise HistoryError(_("no commit on or before {date}: the rulebook did not exist yet").format(date=day.isoformat()))
        folder = git.relative(project.rules)
        if folder is None:
            raise HistoryError(_("the rules folder is outside the git repository"))
        project.out.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".as-of-", dir=project.out))
    except HistoryError as exc:
        return BuildResult(False, Report(), errors=[str(exc)])
    try:
        say(_("exporting rules of {revision} ({date})").format(revision=revision.short, date=revision.date.isoformat()))
        exported = work / "rules"
        git.export(revision.commit, folder, exported)
        past = Project(project.root, as_of=day, history_rules=project.rules)
        past.rules = exported
        past.out = as_of_out(project, day)
        return build(past, today=day, progress=progress, with_index=with_index)
    except HistoryError as exc:
        return BuildResult(False, Report(), errors=[str(exc)])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _with_banner(markdown: str, banner: str) -> str:
    """The banner as the first thing of the page's body, after its front matter (split as rule files are)."""
    try:
        yaml_text, body, _line = split_front_matter(markdown)
    except SourceError:
        yaml_text = None
    return banner + markdown if yaml_text is None else f"---\n{yaml_text}\n---\n{banner}{body}"

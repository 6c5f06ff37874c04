"""The rulebook as it stood on a past date: `rulebook build --as-of YYYY-MM-DD`.

The rules folder is taken from the last commit on or before the date (`git archive`, extracted with
path checks into a folder inside the build directory, never outside the project), then built by the
ordinary pipeline into its own release area, `build/as-of/DATE/`, so the current site is untouched.
Every page says it is a past version; citations resolve to the law version in force on the date
(`LawIndex.in_force`); item histories stop at the date.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .build import BuildResult, Progress, build
from .diagnostics import Report
from .history import GitHistory, HistoryError
from .i18n import _

if TYPE_CHECKING:
    from .project import Project  # the facade imports this module

AS_OF_DIR = "as-of"


def as_of_out(project: Project, day: date) -> Path:
    """Where the releases of an as-of site go (with its own `current` link)."""
    return project.out / AS_OF_DIR / day.isoformat()


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
        past = dataclasses.replace(project, as_of=day, history_rules=project.rules)  # the same project, as it stood
        past.rules = exported
        past.out = as_of_out(project, day)
        return build(past, today=day, progress=progress, with_index=with_index)
    except HistoryError as exc:
        return BuildResult(False, Report(), errors=[str(exc)])
    finally:
        shutil.rmtree(work, ignore_errors=True)

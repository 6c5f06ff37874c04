"""`rulebook serve --watch`: rebuild when rules/, docs/ or the settings change, and tell open browsers to reload.

The file system says what changed (`watchfiles`, which comes with uvicorn[standard]: inotify on Linux), so an idle
project costs nothing and a save is seen at once; a burst of saves (an editor writing a temp file, then renaming)
arrives as one batch after `debounce_ms`. rules/ and docs/ are watched with their subfolders; the project folder
itself only for mkdocs.yml and rulebook.yml, never build/, which every rebuild writes.

Nothing a rebuild does may stop the server: a failed build, an exception of ours, or a file that vanishes while
it is being looked at are reported and the last good release keeps being served until a later save fixes it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from watchfiles import Change, awatch

from .build import BuildResult, build
from .diagnostics import Report
from .i18n import _

if TYPE_CHECKING:
    from .project import Project  # the facade imports this module

log = logging.getLogger("rulebook.watch")
SETTINGS_FILES = ("mkdocs.yml", "rulebook.yml")


async def watch(
    project: Project, changed: asyncio.Event, report: Callable[[BuildResult], None], *, debounce_ms: int = 200
) -> None:
    """Rebuild after each batch of changes, forever (cancel the task to stop)."""
    saved = asyncio.Event()
    watchers = [
        asyncio.create_task(_mark(saved, [p for p in (project.rules, project.docs) if p.is_dir()], True, debounce_ms)),
        asyncio.create_task(_mark(saved, [project.root], False, debounce_ms, lambda _c, path: Path(path).name in SETTINGS_FILES)),
    ]
    try:
        while True:
            await saved.wait()
            saved.clear()
            try:
                result = await asyncio.to_thread(build, project)
            except Exception as exc:  # build() reports what it can; anything else still must not end the server
                log.exception("rebuild failed")
                result = BuildResult(False, Report(), errors=[_("rebuild failed: {error}").format(error=exc)])
            try:
                report(result)
            finally:
                changed.set()  # wakes the open pages: a new release to load, or a problem to show or clear
                await asyncio.sleep(0)
                changed.clear()
    finally:
        for task in watchers:
            task.cancel()


async def _mark(
    saved: asyncio.Event,
    paths: list[Path],
    recursive: bool,
    debounce_ms: int,
    keep: Callable[[Change, str], bool] | None = None,
) -> None:
    """Set `saved` after each batch of changes under `paths`; a watcher that fails (a folder removed) starts again."""
    while paths:
        try:
            options = {"watch_filter": keep} if keep else {}  # else watchfiles' default: no .git, swap or backup files
            async for _changes in awatch(
                *paths, recursive=recursive, debounce=debounce_ms, step=50, ignore_permission_denied=True, **options
            ):
                saved.set()
        except (OSError, RuntimeError):
            log.debug("watcher restarted", exc_info=True)
            await asyncio.sleep(1)

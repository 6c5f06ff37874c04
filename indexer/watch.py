"""`rulebook serve --watch`: rebuild when rules/ or docs/ change, and tell open browsers to reload.

Polling the fingerprint (names, sizes, modification times) once a second is
cheap for thousands of files, needs no platform-specific watcher, and sees
every kind of change, including files replaced by an editor's rename.

Nothing a rebuild does may stop the server: a failed build, an exception of
ours, or a file that vanishes while it is being looked at are reported and the
last good release keeps being served until a later save fixes the problem.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from .build import BuildResult, Project, build, fingerprint
from .diagnostics import Report
from .i18n import _

log = logging.getLogger("rulebook.watch")


async def watch(project: Project, changed: asyncio.Event, report: Callable[[BuildResult], None], interval: float = 1.0) -> None:
    last = await _fingerprint(project, "")
    while True:
        await asyncio.sleep(interval)
        now = await _fingerprint(project, last)
        if now == last:
            continue
        await asyncio.sleep(0.2)  # let an editor finish writing a burst of files
        last = await _fingerprint(project, now)
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


async def _fingerprint(project: Project, fallback: str) -> str:
    try:
        return await asyncio.to_thread(fingerprint, project)
    except Exception:  # e.g. a folder replaced mid-scan: look again next second
        log.debug("fingerprint failed", exc_info=True)
        return fallback

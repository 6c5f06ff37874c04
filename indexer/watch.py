"""`rulebook serve --watch`: rebuild when rules/ or docs/ change, and tell open browsers to reload.

Polling the fingerprint (names, sizes, modification times) once a second is
cheap for thousands of files, needs no platform-specific watcher, and sees
every kind of change, including files replaced by an editor's rename.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from .build import BuildResult, Project, build, fingerprint


async def watch(project: Project, changed: asyncio.Event, report: Callable[[BuildResult], None], interval: float = 1.0) -> None:
    last = fingerprint(project)
    while True:
        await asyncio.sleep(interval)
        now = await asyncio.to_thread(fingerprint, project)
        if now == last:
            continue
        await asyncio.sleep(0.2)  # let an editor finish writing a burst of files
        last = await asyncio.to_thread(fingerprint, project)
        result = await asyncio.to_thread(build, project)
        report(result)
        if result.ok:
            changed.set()
            await asyncio.sleep(0)
            changed.clear()

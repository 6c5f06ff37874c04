"""Build aside, then swap: the output folder holds releases and a `current` symlink moved atomically.

Readers (a file server, `rulebook serve`, the search index) always see either
the previous complete release or the new complete one, never a half-built
site, and a failed build leaves `current` exactly where it was.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

KEEP = 3


class Releases:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.dir = out / "releases"
        self.link = out / "current"

    def current(self) -> Path | None:
        """The folder of the published release, or None before the first successful build."""
        if not self.link.is_symlink() and not self.link.exists():
            return None
        target = self.link.resolve()
        return target if target.is_dir() else None

    def stage(self) -> Path:
        self.dir.mkdir(parents=True, exist_ok=True)
        staged = self.dir / f".staging-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        staged.mkdir()
        return staged

    def publish(self, staged: Path) -> Path:
        """Give the staged folder its final name and point `current` at it in one rename."""
        final = self.dir / staged.name.removeprefix(".staging-")
        staged.rename(final)
        tmp = self.out / f".current-{os.getpid()}"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        tmp.symlink_to(final.relative_to(self.out), target_is_directory=True)
        os.replace(tmp, self.link)
        self.prune()
        return final

    def discard(self, staged: Path) -> None:
        shutil.rmtree(staged, ignore_errors=True)

    def prune(self, keep: int = KEEP) -> None:
        """Keep the newest few releases (a reader may still hold the previous one open) and old staging debris."""
        current = self.current()
        releases = sorted((p for p in self.dir.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name)
        for old in releases[:-keep]:
            if old != current:
                shutil.rmtree(old, ignore_errors=True)
        cutoff = time.time() - 24 * 3600
        for debris in self.dir.glob(".staging-*"):
            if debris.stat().st_mtime < cutoff:
                shutil.rmtree(debris, ignore_errors=True)

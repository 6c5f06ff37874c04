"""Build aside, then swap: the output folder holds releases and a `current` symlink moved atomically.

Readers (a file server, `rulebook serve`, the search index) always see either
the previous complete release or the new complete one, never a half-built
site, and a failed build leaves `current` exactly where it was.

One build runs at a time per project (`BuildLock`): two builds at once would
otherwise both "succeed" and the one that finished last would win, even if it
read older files. Under the lock, anything a killed build left behind is
debris and is removed before the next build starts.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import BusyError
from .i18n import _

KEEP = 3


class BuildLockedError(BusyError):
    """Another build of the same project holds the lock and did not finish in time."""


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
        # named so that names sort by time even within one second (nanoseconds, zero-padded): pruning and
        # "the newest release" go by name
        now = time.time_ns()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now // 10**9))
        staged = self.dir / f".staging-{stamp}-{now % 10**9:09d}-{os.getpid()}"
        staged.mkdir()
        return staged

    def adopt_plain_current(self) -> Path | None:
        """`current` as a real folder (left by `cp -rL`, a zip or a Windows copy) becomes a release it points at.

        Without this every publish would fail at the very end, replacing a folder with a link.
        """
        if self.link.is_symlink() or not self.link.is_dir():
            return None
        self.dir.mkdir(parents=True, exist_ok=True)
        adopted = self.dir / f"{time.strftime('%Y%m%d-%H%M%S')}-adopted"
        self.link.rename(adopted)
        self.link.symlink_to(adopted.relative_to(self.out), target_is_directory=True)
        return adopted

    def clean_leftovers(self) -> list[Path]:
        """Staging folders and temporary links of builds that were killed. Call only while holding the lock."""
        removed = []
        for debris in [*self.dir.glob(".staging-*"), *self.out.glob(".current-*")] if self.out.is_dir() else []:
            if debris.is_symlink() or debris.is_file():
                debris.unlink(missing_ok=True)
            else:
                shutil.rmtree(debris, ignore_errors=True)
            removed.append(debris)
        return removed

    def publish(self, staged: Path, keep: int = KEEP) -> Path:
        """Give the staged folder its final name and point `current` at it in one rename."""
        self.adopt_plain_current()
        final = self.dir / staged.name.removeprefix(".staging-")
        staged.rename(final)
        tmp = self.out / f".current-{os.getpid()}"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        tmp.symlink_to(final.relative_to(self.out), target_is_directory=True)
        os.replace(tmp, self.link)
        self.prune(keep)
        return final

    def discard(self, staged: Path) -> None:
        shutil.rmtree(staged, ignore_errors=True)

    def releases(self) -> list[Path]:
        if not self.dir.is_dir():
            return []
        return sorted((p for p in self.dir.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name)

    def prune(self, keep: int = KEEP) -> None:
        """Keep the newest `keep` releases (a reader may still hold the previous one open); never the current one."""
        current = self.current()
        for old in self.releases()[: -max(keep, 1)]:
            if old != current:
                shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def build_lock(out: Path, wait: float = 600.0, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the project's build lock; wait up to `wait` seconds for another build, saying who holds it."""
    out.mkdir(parents=True, exist_ok=True)
    lock_path, info_path = out / ".build.lock", out / ".build.lock.json"
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                holder = _holder(info_path)
                if time.monotonic() >= deadline:
                    raise BuildLockedError(
                        _("another build of this project is running ({holder}); try again when it has finished").format(
                            holder=holder
                        )
                    ) from None
                if on_wait and not told:
                    on_wait(_("waiting for the build already running ({holder})").format(holder=holder))
                    told = True
                time.sleep(0.2)
        try:
            info = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
            info_path.write_text(json.dumps(info), encoding="utf-8")
            yield
        finally:
            info_path.unlink(missing_ok=True)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _holder(info_path: Path) -> str:
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
        return _("process {pid} on {host}, started {started}").format(pid=info["pid"], host=info["host"], started=info["started"])
    except (OSError, ValueError, KeyError, TypeError):
        return _("holder unknown")

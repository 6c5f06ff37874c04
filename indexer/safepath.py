"""Walking the project's folders without ever leaving them.

Every command that reads a folder (load rules, copy docs, fingerprint a build,
import a corpus, watch for changes) walks it through `walk()`. A symbolic link
is followed only when its real path stays inside the allowed root; a link that
points outside, a broken link and a link back into a folder already being
walked (a loop such as `ln -s .. docs/loop`) are skipped and reported, so no
file from elsewhere on the machine is read, copied, indexed or published, and
no loop can make a build write without end.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import _

MAX_NAME_BYTES = 200
"""Longest file or folder name accepted (ext4 allows 255 bytes; suffixes such as `.tmp` and `-2` need room)."""


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str


@dataclass
class Walk:
    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def inside(path: Path, root: Path) -> bool:
    """Whether the real path of `path` (links resolved) lies inside the real path of `root`."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


def walk(folder: Path, allowed: Path | None = None, *, hidden: bool = False, exclude: tuple[Path, ...] = ()) -> Walk:
    """Regular files under `folder` (sorted), reached without leaving `allowed` (default: `folder` itself).

    Hidden files and folders (names starting with '.') are left out unless `hidden` is true. A link to a
    folder that contains `folder` (`ln -s .. docs/loop`) is a loop, and folders in `exclude` (the build
    output) are never entered: otherwise each build would copy the releases before it.
    """
    result = Walk()
    allowed_real = Path(os.path.realpath(allowed or folder))
    if not folder.is_dir():
        return result
    seen: set[tuple[int, int]] = set()
    top = Path(os.path.realpath(folder))
    for ancestor in (top, *top.parents):  # any link back up to these goes round in a circle
        with contextlib.suppress(OSError):
            st = ancestor.stat()
            seen.add((st.st_dev, st.st_ino))
    seen.discard(_key(top))
    for skip in exclude:
        with contextlib.suppress(OSError):
            seen.add(_key(Path(os.path.realpath(skip))))
    for path in _walk(folder, allowed_real, hidden, seen, result):
        result.files.append(path)
    result.files.sort()
    return result


def _key(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_dev, st.st_ino)


def _walk(folder: Path, allowed: Path, hidden: bool, seen: set[tuple[int, int]], result: Walk) -> Iterator[Path]:
    try:
        stat = folder.stat()
    except OSError as exc:
        result.skipped.append(Skipped(folder, _("cannot read folder: {error}").format(error=exc.strerror or exc)))
        return
    key = (stat.st_dev, stat.st_ino)
    if key in seen:
        result.skipped.append(Skipped(folder, _("symbolic link loop: this folder is already being read")))
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        result.skipped.append(Skipped(folder, _("cannot read folder: {error}").format(error=exc.strerror or exc)))
        return
    for entry in entries:
        path = Path(entry.path)
        if not hidden and entry.name.startswith("."):
            continue
        if len(os.fsencode(entry.name)) > MAX_NAME_BYTES:
            result.skipped.append(Skipped(path, _("name is longer than {limit} bytes").format(limit=MAX_NAME_BYTES)))
            continue
        try:
            is_link = entry.is_symlink()
            if is_link:
                real = Path(os.path.realpath(path))
                if not real.exists():
                    result.skipped.append(Skipped(path, _("broken symbolic link")))
                    continue
                if not real.is_relative_to(allowed):
                    result.skipped.append(
                        Skipped(
                            path, _("symbolic link to {target}, outside {allowed}: not read").format(target=real, allowed=allowed)
                        )
                    )
                    continue
            if entry.is_dir(follow_symlinks=True):
                yield from _walk(path, allowed, hidden, seen, result)
            elif entry.is_file(follow_symlinks=True):
                yield path
        except OSError as exc:  # a file deleted while we look (an editor's temp file) is simply not there
            if os.path.lexists(path):
                result.skipped.append(Skipped(path, _("cannot read: {error}").format(error=exc.strerror or exc)))


def total_bytes(files: list[Path]) -> int:
    size = 0
    for path in files:
        try:
            size += path.stat().st_size
        except OSError:
            pass
    return size

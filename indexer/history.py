"""Rule files through their git history: which commits touched a file, and the file as it was at each.

Everything goes through `git` with argument lists (never a shell), paths after `--`, and revisions
checked with `rev-parse --verify --end-of-options` before use, so a revision or file name typed by a user
can never become an option. One `git log` covers the whole rules folder and one `git cat-file --batch`
process reads every old blob, so a rulebook with thousands of files costs two processes, not thousands.

Without git, or outside a repository, `GitHistory.open` returns an object whose `available` is False and
whose `reason` says why; callers show that instead of a history.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .diagnostics import Report
from .errors import InputError
from .frontmatter import SourceError, source_from_text
from .i18n import _
from .model import Item

GIT_TIMEOUT = 120


class HistoryError(InputError):
    """A revision or date the history cannot answer for; the message says what to do."""


@dataclass(frozen=True)
class Revision:
    """One commit that touched a file, and the file's path in that commit (files get renamed)."""

    commit: str
    date: date
    author: str
    subject: str
    path: str
    """Path relative to the repository root, in this commit."""
    deleted: bool = False

    @property
    def short(self) -> str:
        return self.commit[:7]


def _git(cwd: Path, *args: str, binary: bool = False, timeout: int = GIT_TIMEOUT) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-C", str(cwd), "-c", "core.quotePath=false", *args],
        capture_output=True,
        text=not binary,
        encoding=None if binary else "utf-8",
        errors=None if binary else "replace",
        timeout=timeout,
        check=False,
    )


@dataclass
class GitHistory:
    """The git history of the files under one folder of a repository."""

    folder: Path
    top: Path | None = None
    reason: str = ""
    _log: list[tuple[Revision, list[list[str]]]] | None = field(default=None, repr=False)
    _by_path: dict[str, list[Revision]] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, folder: Path) -> GitHistory:
        folder = folder.resolve()
        try:
            top = _git(folder, "rev-parse", "--show-toplevel", timeout=30)
        except FileNotFoundError:
            return cls(folder, reason=_("git is not installed, so there is no version history"))
        except (OSError, subprocess.SubprocessError) as exc:
            return cls(folder, reason=_("git could not be run: {error}").format(error=exc))
        if top.returncode != 0:
            return cls(folder, reason=_("the rules are not in a git repository, so there is no version history"))
        head = _git(folder, "rev-parse", "--verify", "--quiet", "HEAD", timeout=30)
        if head.returncode != 0:
            return cls(folder, Path(top.stdout.strip()).resolve(), _("the git repository has no commits yet"))
        return cls(folder, Path(top.stdout.strip()).resolve())

    @property
    def available(self) -> bool:
        return self.top is not None and not self.reason

    def relative(self, path: Path) -> str | None:
        """`path` relative to the repository root, or None when it is outside it (never read then)."""
        if self.top is None:
            return None
        try:
            return path.resolve().relative_to(self.top).as_posix()
        except ValueError:
            return None

    # -- the log -------------------------------------------------------------------------------------------------

    def _commits(self) -> list[tuple[Revision, list[list[str]]]]:
        """Every commit touching the folder, newest first, with its name-status lines (renames detected)."""
        if self._log is not None:
            return self._log
        self._log = []
        if not self.available:
            return self._log
        log = _git(self.folder, "log", "-M", "--name-status", "--format=%x1e%H%x1f%cs%x1f%an%x1f%s", "--", ".")
        if log.returncode != 0:
            self.reason = _("git log failed: {error}").format(error=log.stderr.strip()[:200])
            return self._log
        for block in log.stdout.split("\x1e")[1:]:
            head, _sep, rest = block.partition("\n")
            parts = head.split("\x1f")
            if len(parts) < 4:
                continue
            try:
                when = date.fromisoformat(parts[1])
            except ValueError:
                continue
            entries = [line.split("\t") for line in rest.splitlines() if "\t" in line]
            self._log.append((Revision(parts[0], when, parts[2], parts[3], ""), entries))
        return self._log

    def revisions(self, path: Path) -> list[Revision]:
        """Commits that touched this file, newest first, following it back through renames."""
        rel = self.relative(path)
        if rel is None or not self.available:
            return []
        if rel in self._by_path:
            return self._by_path[rel]
        found: list[Revision] = []
        current = rel
        for base, entries in self._commits():
            for entry in entries:
                status, names = entry[0], entry[1:]
                if not names or names[-1] != current:
                    continue
                found.append(Revision(base.commit, base.date, base.author, base.subject, current, status.startswith("D")))
                if status.startswith("R") and len(names) == 2:
                    current = names[0]
                break
        self._by_path[rel] = found
        return found

    # -- old contents --------------------------------------------------------------------------------------------

    def read_many(self, specs: list[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
        """The text of each (commit, path) in one `git cat-file --batch`; None where it does not exist."""
        result: dict[tuple[str, str], str | None] = {}
        if not self.available or not specs:
            return result
        wanted = list(dict.fromkeys(specs))
        request = "".join(f"{commit}:{path}\n" for commit, path in wanted if "\n" not in path).encode("utf-8")
        proc = subprocess.run(
            ["git", "-C", str(self.top), "cat-file", "--batch"],
            input=request,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
        data = proc.stdout
        pos = 0
        for spec in wanted:
            end = data.find(b"\n", pos)
            if end < 0:
                result[spec] = None
                continue
            header = data[pos:end].split()
            pos = end + 1
            if len(header) != 3 or header[1] != b"blob":
                result[spec] = None
                continue
            size = int(header[2])
            blob = data[pos : pos + size]
            pos += size + 1
            result[spec] = blob.decode("utf-8", errors="replace")
        return result

    def resolve(self, rev: str) -> str:
        """A user's revision (commit, tag, HEAD~2) as a full commit id; HistoryError when it names none."""
        if not self.available:
            raise HistoryError(self.reason)
        if not rev or rev.startswith("-") or any(c in rev for c in "\n\0"):
            raise HistoryError(_("'{rev}' is not a git revision").format(rev=rev))
        out = _git(self.folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", timeout=30)
        if out.returncode != 0:
            raise HistoryError(_("no commit '{rev}' in the repository").format(rev=rev))
        return out.stdout.strip()

    def commit_on(self, day: date) -> Revision | None:
        """The last commit on or before the end of `day` (committer date), or None when there is none yet."""
        if not self.available:
            raise HistoryError(self.reason)
        out = _git(self.folder, "log", "-1", f"--before={day.isoformat()} 23:59:59", "--format=%H%x1f%cs%x1f%an%x1f%s", "HEAD")
        if out.returncode != 0 or not out.stdout.strip():
            return None
        parts = out.stdout.strip().split("\x1f")
        return Revision(parts[0], date.fromisoformat(parts[1]), parts[2], parts[3], "")

    def export(self, commit: str, folder_rel: str, dest: Path) -> int:
        """Write the tree of `folder_rel` at `commit` into `dest` (via `git archive`); returns the files written.

        Members are extracted with tarfile's 'data' filter and checked again here: nothing is written outside
        `dest`, and links are skipped, so an old commit cannot make the build read outside the project.
        """
        if not self.available:
            raise HistoryError(self.reason)
        args = ["archive", "--format=tar", commit]
        if folder_rel not in ("", "."):
            args += ["--", folder_rel]
        out = _git(self.top, *args, binary=True)  # type: ignore[arg-type]
        if out.returncode != 0:
            message = out.stderr.decode("utf-8", "replace").strip()
            raise HistoryError(_("git archive failed: {error}").format(error=message[:200]))
        dest.mkdir(parents=True, exist_ok=True)
        root = dest.resolve()
        prefix = "" if folder_rel in ("", ".") else folder_rel.rstrip("/") + "/"
        written = 0
        with tarfile.open(fileobj=io.BytesIO(out.stdout), mode="r:") as tar:
            for member in tar.getmembers():
                if not member.isfile() or not member.name.startswith(prefix):
                    continue
                rel = member.name[len(prefix) :]
                target = (root / rel).resolve()
                if not target.is_relative_to(root) or not rel:
                    continue
                source = tar.extractfile(member)
                if source is None:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(source.read())
                written += 1
        return written


def head_commit(folder: Path) -> str:
    """The commit checked out for `folder`, or "" without git: part of the build fingerprint, so committing (which
    changes no file) still makes `serve --watch` rebuild the "what changed" sections."""
    try:
        out = _git(folder, "rev-parse", "--verify", "--quiet", "HEAD", timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def item_from_text(text: str | None, path: Path) -> Item | None:
    """An old revision's file as an item (through the same loader as today), or None when it did not load."""
    if text is None:
        return None
    from .load import parse_item

    try:
        source = source_from_text(path, text)
    except SourceError:
        return None
    return parse_item(source, Report(), str(path))

"""Releases: one build at a time, debris of killed builds cleaned, a copied `current` adopted, old releases pruned,
and a full disk or a read-only folder reported in one line while the last good site keeps being served."""

from __future__ import annotations

import errno
import threading
import time
from pathlib import Path

import pytest
from conftest import SMALL_TERM

from indexer.build import build
from indexer.i18n import use_language
from indexer.project import Project
from indexer.releases import BuildLockedError, Releases, build_lock

TERM = SMALL_TERM


def test_a_second_build_waits_for_the_first_or_says_who_holds_the_lock(small: Project) -> None:
    with build_lock(small.out):
        result = build(small, with_index=False, wait=0)
        assert not result.ok and "another build of this project is running (process" in result.errors[0]
        with use_language("zh-Hans"):  # what `rulebook build` prints for a Chinese organ
            result = build(small, with_index=False, wait=0)
        assert result.errors[0].startswith("另一个构建正在运行（主机 ") and result.errors[0].endswith("）；请在其完成后重试")
        with pytest.raises(BuildLockedError):
            with build_lock(small.out, wait=0.3):
                pass
    said: list[str] = []
    held = threading.Event()

    def hold() -> None:
        with build_lock(small.out):
            held.set()
            time.sleep(0.6)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    result = build(small, with_index=False, progress=said.append)  # waits, then builds
    thread.join()
    assert result.ok and said[0].startswith("waiting for the build already running")


def test_debris_of_killed_builds_is_cleaned_and_old_releases_pruned(small: Project) -> None:
    (small.root / "rulebook.yml").write_text("keep_releases: 2\n", encoding="utf-8")
    releases = Releases(small.out)
    for n in range(3):
        (small.root / "rules" / f"t{n + 2}.md").write_text(TERM.format(n=n + 2), encoding="utf-8")
        assert build(small, with_index=False).ok
    debris = releases.stage()
    (debris / "site").mkdir()
    (small.out / ".current-99999").symlink_to(debris)
    assert build(small, with_index=False).ok
    assert not debris.exists() and not (small.out / ".current-99999").exists()
    assert len(releases.releases()) == 2 and releases.current() == releases.releases()[-1]


def test_a_plain_folder_in_place_of_current_is_adopted(small: Project) -> None:
    first = build(small, with_index=False)
    assert first.ok
    link = small.out / "current"
    link.unlink()
    import shutil

    shutil.copytree(first.release, link)  # what `cp -rL`, a zip or a Windows copy leaves
    (small.root / "rules" / "t2.md").write_text(TERM.format(n=2), encoding="utf-8")
    result = build(small, with_index=False)
    assert result.ok, result.errors
    assert link.is_symlink() and Releases(small.out).current() == result.release
    assert any(p.name.endswith("-adopted") for p in Releases(small.out).releases())
    assert not list(small.out.glob(".current-*"))


@pytest.mark.parametrize(
    ("err", "words"),
    [
        (errno.ENOSPC, "no space left on the device"),
        (errno.EROFS, "make"),
        (errno.EACCES, "writable"),
    ],
)
def test_full_disk_and_read_only_folders_are_one_line_and_keep_the_site(
    small: Project, monkeypatch: pytest.MonkeyPatch, err: int, words: str
) -> None:
    good = build(small, with_index=False)
    assert good.ok

    def fail(self: Releases) -> Path:
        raise OSError(err, "refused", str(small.out / "releases" / ".staging-x"))

    monkeypatch.setattr(Releases, "stage", fail)
    (small.root / "rules" / "t2.md").write_text(TERM.format(n=2), encoding="utf-8")
    result = build(small, with_index=False)
    assert not result.ok and len(result.errors) == 1 and words in result.errors[0]
    assert "\n" not in result.errors[0]
    assert Releases(small.out).current() == good.release


def test_an_internal_error_in_a_late_stage_is_a_message_and_the_previous_site_stays(
    small: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = build(small, with_index=False)

    def boom(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("indexer.build.write_api_data", boom)
    result = build(small, with_index=False)
    assert not result.ok and "internal error while building (RecursionError" in result.errors[0]
    assert (small.out / "last-build-error.log").is_file()
    assert Releases(small.out).current() == good.release
    assert not list((small.out / "releases").glob(".staging-*"))


def test_releases_staged_within_one_second_sort_in_the_order_they_were_made(tmp_path: Path) -> None:
    releases = Releases(tmp_path / "build")
    made = [releases.stage().name for _ in range(30)]  # pruning and "the newest" go by name
    assert sorted(made) == made

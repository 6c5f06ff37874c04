"""Reading item histories from git: one `git log` + one `git cat-file --batch` (indexer.history) against the obvious
alternative, `git log --follow` and `git show` per file and revision.

    .venv/bin/python bench/history.py [--items 200] [--commits 12]

Builds a temp repository of N procedure files edited over C commits (dates set), then times both ways of
loading every version of every item and comparing consecutive versions. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from gitbook import git, procedure

from indexer.compare import compare_items, word_diff
from indexer.history import item_from_text
from indexer.load import load_rulebook
from indexer.versions import Histories


def make_repo(root: Path, items: int, commits: int) -> None:
    git(root, "init", "-q", "-b", "main")
    folder = root / "rules" / "procedures"
    folder.mkdir(parents=True)
    for c in range(commits):
        for n in range(items):
            if (n + c) % 3 and c:  # each commit edits two thirds of the files
                continue
            text = procedure(f"{20 - c % 10}个工作日", body=f"第{c}次修改。申请人应当在{20 - c}个工作日内提交材料。").replace(
                "id: licence", f"id: p{n}"
            )
            (folder / f"p{n}.md").write_text(text, encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"edit {c}", when=f"2024-{1 + c % 12:02d}-{1 + c // 12:02d}")


def naive(root: Path, book) -> int:
    """Per file: git log --follow for its commits, git show for each version."""
    total = 0
    for item in book:
        rel = item.path.relative_to(root).as_posix()
        log = subprocess.run(
            ["git", "-C", str(root), "log", "--follow", "--format=%H", "--", rel], capture_output=True, text=True
        )
        previous = None
        for commit in reversed(log.stdout.split()):
            shown = subprocess.run(["git", "-C", str(root), "show", f"{commit}:{rel}"], capture_output=True, text=True)
            current = item_from_text(shown.stdout, item.path)
            compare_items(previous, current, book.title)
            previous = current
            total += 1
    return total


def batched(root: Path, book) -> int:
    histories = Histories.open(book, root / "rules")
    histories.preload()
    return sum(len(histories.of(item)) for item in book)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--commits", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
        make_repo(root, args.items, args.commits)
        book, _ = load_rulebook(root / "rules")
        word_diff("预热", "预热分词")  # load jieba's dictionary outside the timings
        rows = []
        for name, fn in (
            ("one git log + cat-file --batch (Rulebook)", batched),
            ("git log --follow + git show per version", naive),
        ):
            start = time.perf_counter()
            versions = fn(root, book)
            rows.append((name, versions, time.perf_counter() - start))
    print(f"{args.items} items, {args.commits} commits\n")
    print("| method | versions | seconds |\n|---|---|---|")
    for name, versions, seconds in rows:
        print(f"| {name} | {versions} | {seconds:.2f} |")


if __name__ == "__main__":
    main()

"""Compare two built sites page by page, as a reader sees them: `python bench/site_diff.py OLD_SITE NEW_SITE`.

For "nothing lost" after a refactoring: each HTML page is reduced to its tags and words (whitespace collapsed,
build stamps, placeholder tokens and asset hashes removed), then diffed. Prints the pages that differ with a short
unified diff of each, and the pages only one side has.
"""

from __future__ import annotations

import difflib
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

VOLATILE = [
    (re.compile(r"\b[0-9a-f]{8,64}\b"), "#"),  # hashes: asset fingerprints, build tokens, commits
    (re.compile(r"\d{8}-\d{6}-\d+-\d+"), "RELEASE"),  # release folder names
    (re.compile(r"\d{4}-\d{2}-\d{2}T[\d:.+Z-]+"), "TIMESTAMP"),
    (re.compile(r"(Generated|生成时间|生成于)\S*\s*\S+"), r"\1 DATE"),
]


class _Flatten(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
            return  # script hashes change with any inline script
        self.out.append("<" + tag + "".join(f' {k}="{v}"' for k, v in sorted(attrs)) + ">")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        data = " ".join(data.split())
        if data:
            self.out.append(data)


def flatten(path: Path) -> list[str]:
    parser = _Flatten()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    lines = parser.out
    for pattern, repl in VOLATILE:
        lines = [pattern.sub(repl, line) for line in lines]
    return lines


def main(old: Path, new: Path, context: int = 1, limit: int = 40) -> int:
    pages_old = {p.relative_to(old) for p in old.rglob("*.html")}
    pages_new = {p.relative_to(new) for p in new.rglob("*.html")}
    for rel in sorted(pages_old - pages_new):
        print(f"ONLY OLD {rel}")
    for rel in sorted(pages_new - pages_old):
        print(f"ONLY NEW {rel}")
    changed = reordered = 0
    for rel in sorted(pages_old & pages_new):
        a, b = flatten(old / rel), flatten(new / rel)
        if a == b:
            continue
        changed += 1
        if sorted(a) == sorted(b):
            reordered += 1
            print(f"== {rel}: the same content, sections in another order")
            continue
        diff = [d for d in difflib.unified_diff(a, b, n=context, lineterm="") if not d.startswith(("---", "+++"))]
        print(f"== {rel} ({sum(d.startswith(('+', '-')) for d in diff)} lines)")
        print("\n".join(diff[:limit]))
    print(
        f"{len(pages_old & pages_new)} pages in both, {changed} differ ({reordered} only in order), "
        f"{len(pages_old - pages_new)} only old, "
        f"{len(pages_new - pages_old)} only new"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))

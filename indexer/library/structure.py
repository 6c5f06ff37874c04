"""The structure of a regulation: 编/章/节 headings and 第X条 articles (or "Article N" / "Section N").

Anchors are ASCII (`art-42`, `ch-3`, `ch-3-sec-2`) so that a link to an
article survives URL encoding, copying into chat and every browser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..lawtext import ARTICLE_HEAD_CN as ARTICLE_CN
from ..lawtext import ARTICLE_HEAD_EN as ARTICLE_EN
from ..lawtext import LEVEL_HEAD_CN as LEVEL_CN
from ..lawtext import LEVEL_HEAD_EN as LEVEL_EN
from ..lawtext import cn_to_int, unique_name

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LEVEL_KEYS = {
    "编": "part",
    "分编": "subpart",
    "章": "ch",
    "节": "sec",
    "part": "part",
    "title": "part",
    "chapter": "ch",
    "subchapter": "sec",
}


@dataclass
class Unit:
    """A heading or an article, with the lines (0-based, end exclusive) of the body it spans."""

    kind: str  # "heading" | "article"
    anchor: str
    label: str  # "第四十二条", "Article 5", "第三章 行政许可的实施程序"
    number: int | None
    start: int
    end: int
    level: int = 0
    heading_path: list[str] = field(default_factory=list)

    def text(self, lines: list[str]) -> str:
        return "\n".join(lines[self.start : self.end]).strip()


@dataclass
class Structure:
    units: list[Unit]
    lines: list[str]

    @property
    def articles(self) -> list[Unit]:
        return [u for u in self.units if u.kind == "article"]

    def article(self, number: int) -> Unit | None:
        for unit in self.units:
            if unit.kind == "article" and unit.number == number:
                return unit
        return None


def _roman(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = prev = 0
    for ch in reversed(text.upper()):
        v = values.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _heading_anchor(title: str, context: dict[str, str], seen: set[str], fallback: int) -> tuple[str, int | None]:
    m = LEVEL_CN.match(title)
    if m:
        key, number = _LEVEL_KEYS[m.group(2)], cn_to_int(m.group(1))
    else:
        m = LEVEL_EN.match(title)
        if m:
            raw = m.group(2)
            key, number = _LEVEL_KEYS[m.group(1).lower()], int(raw) if raw.isdigit() else _roman(raw)
        else:
            key, number = "", None
    if key and number is not None:
        # sections restart in every chapter, chapters in every part: qualify by the enclosing unit
        order = ["part", "subpart", "ch", "sec"]
        for deeper in order[order.index(key) :]:
            context.pop(deeper, None)
        context[key] = f"{key}-{number}"
        parents = [context[k] for k in order[: order.index(key)] if k in context and k in ("ch",) and key == "sec"]
        anchor = "-".join([*parents, context[key]])
    else:
        anchor = f"h-{fallback}"
    anchor = unique_name(anchor, seen)
    seen.add(anchor)
    return anchor, number


@lru_cache(maxsize=4096)
def parse_structure(body: str) -> Structure:
    """Split a body into headings and articles. Articles begin a paragraph; an article runs until the next unit."""
    lines = body.split("\n")
    units: list[Unit] = []
    seen: set[str] = set()
    context: dict[str, str] = {}
    path: list[tuple[int, str]] = []
    in_fence = False
    prev_blank = True
    article_seen: dict[int, int] = {}
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        h = HEADING.match(line)
        if h:
            level, title = len(h.group(1)), h.group(2).strip()
            if level == 1:
                prev_blank = True
                continue  # the document title, shown as the page title
            anchor, number = _heading_anchor(title, context, seen, len(units) + 1)
            path = [(lv, t) for lv, t in path if lv < level] + [(level, title)]
            units.append(Unit("heading", anchor, title, number, i, i + 1, level, [t for _, t in path]))
            prev_blank = True
            continue
        if prev_blank:
            m = ARTICLE_CN.match(line)
            number = None
            label = ""
            if m:
                number = cn_to_int(m.group(1))
                label = m.group(0).strip()
                suffix = m.group(2)
            else:
                m = ARTICLE_EN.match(line)
                if m:
                    number = int(m.group(2))
                    label = f"{m.group(1)} {m.group(2)}{m.group(3)}"
                    suffix = m.group(3) or None
            if number is not None:
                anchor = f"art-{number}" + (f"-{suffix}" if suffix else "")
                if anchor in seen:  # a second "第一条" (e.g. an appended decision): keep anchors unique
                    article_seen[number] = article_seen.get(number, 1) + 1
                    anchor = f"{anchor}-{article_seen[number]}"
                seen.add(anchor)
                units.append(Unit("article", anchor, label, number, i, i + 1, 0, [t for _, t in path]))
        prev_blank = not line.strip()
    # each unit runs to the start of the next; a heading's own span is its line
    for n, unit in enumerate(units):
        if unit.kind == "article":
            unit.end = units[n + 1].start if n + 1 < len(units) else len(lines)
    return Structure(units, lines)

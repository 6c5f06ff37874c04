"""The short link syntax `[[id]]`, `[[id|text]]`, `[[id#anchor]]`: found for checking, replaced for rendering."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

LINK_RE = re.compile(r"\[\[\s*([^\]\|#\s][^\]\|#]*?)\s*(?:#([^\]\|]+?))?\s*(?:\|\s*([^\]]+?)\s*)?\]\]")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Link:
    target: str
    anchor: str | None
    text: str | None
    line: int  # 0-based line within the body


def _lines(body: str) -> Iterator[tuple[int, str, bool]]:
    """Each line with whether it is code: `[[x]]` in a fenced code sample is an example, not a link."""
    fence: str | None = None
    for number, line in enumerate(body.split("\n")):
        m = _FENCE_RE.match(line)
        if m:
            if fence is None:
                fence = m.group(1)
            elif m.group(1) == fence:
                fence = None
            yield number, line, True
        else:
            yield number, line, fence is not None


def find_links(body: str) -> list[Link]:
    return [
        Link(m.group(1).strip(), m.group(2), m.group(3), number)
        for number, line, is_code in _lines(body)
        if not is_code
        for m in LINK_RE.finditer(line)
    ]


def replace_links(body: str, render: Callable[[Link], str]) -> str:
    """Rewrite every short link outside code blocks with `render(link)`."""
    out = []
    for number, line, is_code in _lines(body):
        if not is_code:
            line = LINK_RE.sub(lambda m, n=number: render(Link(m.group(1).strip(), m.group(2), m.group(3), n)), line)
        out.append(line)
    return "\n".join(out)

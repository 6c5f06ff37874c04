"""Pre-rendered HTML that the site generator puts in after converting a page's Markdown.

Law text is most of a site with a regulation library (65,000 articles of laws-cn) and nearly all
of it is plain paragraphs. Python-Markdown spent two thirds of the site build parsing them; as
raw HTML inside the Markdown it was slower still (md_in_html parses raw HTML). So the renderer
writes plain paragraphs as HTML itself, leaves a one-line placeholder comment in the Markdown,
and any generator swaps the placeholders back after conversion: `Fragments.expand`. The
placeholder carries a token made anew for each build, so text that imitates one stays text.
"""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass, field

# Anything Python-Markdown (with attr_list, emoji, tables...) would read as markup: such text stays Markdown.
_MARKUP = re.compile(r"[`*_\[\]<>\\{}|!&]|:\w+:|  $")
_BLOCK_START = re.compile(r"^(?: {4}|\t| {0,3}(?:[#>+\-=]|\d+[.)]\s))")


@dataclass
class Fragments:
    html: list[str] = field(default_factory=list)
    token: str = field(default_factory=lambda: secrets.token_hex(8))
    """New for every build, so a page that happens to contain a placeholder-like comment is never expanded."""

    def add(self, fragment: str) -> str:
        """The Markdown that stands for `fragment`: an HTML comment on its own, which Markdown passes through."""
        self.html.append(fragment)
        return f"\n<!--rbf-{self.token}:{len(self.html) - 1}-->\n"

    def expand(self, page_html: str) -> str:
        prefix = f"<!--rbf-{self.token}:"
        if prefix not in page_html:
            return page_html

        def fragment(m: re.Match[str]) -> str:
            n = int(m.group(1))
            return self.html[n] if n < len(self.html) else m.group(0)

        return re.sub(re.escape(prefix) + r"(\d+)-->", fragment, page_html)


def plain_paragraphs(lines: list[str]) -> list[str] | None:
    """The paragraphs of `lines` (split at blank lines) if none holds Markdown markup, else None."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if _BLOCK_START.match(line) or _MARKUP.search(line):
            return None
        paragraphs[-1].append(line.strip(" \t"))
    return ["\n".join(p) for p in paragraphs if p]


def article_html(lines: list[str], label: str, anchor: str) -> str | None:
    """An article as the Markdown renderer would make it (label in bold, anchor on its first paragraph), or None."""
    paragraphs = plain_paragraphs(lines)
    if not paragraphs:
        return None
    first = paragraphs[0]
    if first.startswith(label):
        head = f"<strong>{html.escape(label, quote=False)}</strong> {html.escape(first[len(label) :].lstrip(), quote=False)}"
    else:
        head = html.escape(first, quote=False)
    rest = "".join(f"\n<p>{html.escape(p, quote=False)}</p>" for p in paragraphs[1:])
    return f'<p class="rb-article" id="{html.escape(anchor)}">{head}</p>{rest}'

"""Highlighted snippets found by matching the query's analysed terms in the stored text, as structured parts.

Whoosh's highlighter re-segments every hit's text with jieba to find the matching tokens: about
a millisecond a hit, which was most of a query's time once scoring ran on arrays. The terms are
already known: a Chinese word is a literal substring of the text, an English stem is the start
of a word. One regular expression over the text finds them, and the snippet is the window (or
two) holding the most distinct terms.

A snippet is data: passages of parts, each part a piece of text and whether it is a match. Whoever shows it
renders it and escapes it where it lands: `to_html` for the JSON API and the browser, Rich text in the CLI.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from ..lawtext import CJK_RE, article_pattern
from .analysis import term_article

_CJK = CJK_RE
WIDTH = 180
BEFORE = 50
LEAD = 160
"""Characters shown from the start of a unit's text when none of the query's words occur in it."""
SEPARATOR = " "
ELLIPSIS = "…"


@dataclass(frozen=True)
class Part:
    """A piece of a snippet's text; `mark`: it is one of the query's words."""

    text: str
    mark: bool = False


Passage = list[Part]


@lru_cache(maxsize=2048)
def _pattern(terms: frozenset[str]) -> re.Pattern[str] | None:
    cjk = [t for t in terms if _CJK.search(t)]
    long_cjk = [t for t in cjk if len(t) > 1]
    # a lone character (法, 条) from segmenting a longer word would mark half the text: only when nothing longer exists
    parts = [re.escape(t) for t in (long_cjk or cjk)]
    for t in terms:
        n = term_article(t)
        if n is not None:
            parts.append(article_pattern(n))
        elif not _CJK.search(t) and re.fullmatch(r"\w+", t):
            parts.append(rf"\b{re.escape(t)}\w*")
    if not parts:
        return None
    parts.sort(key=len, reverse=True)  # longest first, so 行政许可 wins over 行政
    return re.compile("|".join(parts), re.IGNORECASE)


def _snap(text: str, lo: int, hi: int, spans: list[tuple[int, int, str]]) -> tuple[int, int]:
    """Move the window's ends to spaces, off the middle of an English word (never past a match); Chinese cuts anywhere."""
    first = min((s for s, _e, _w in spans if s >= lo), default=hi)
    last = max((e for _s, e, _w in spans if e <= hi), default=lo)
    if 0 < lo < len(text) and not text[lo - 1].isspace() and not _CJK.match(text[lo]):
        space = text.find(" ", lo, first)
        lo = space + 1 if space != -1 else lo
    if 0 < hi < len(text) and not text[hi].isspace() and not _CJK.match(text[hi - 1]):
        space = text.rfind(" ", last, hi)
        hi = space if space != -1 else hi
    return lo, hi


def _windows(text: str, spans: list[tuple[int, int, str]], count: int) -> list[tuple[int, int]]:
    """Up to `count` non-overlapping windows, each chosen for the most distinct terms it holds."""
    chosen: list[tuple[int, int]] = []
    for _ in range(count):
        best: tuple[int, int, int] | None = None
        for start, _end, _word in spans:
            lo = max(0, start - BEFORE)
            hi = min(len(text), lo + WIDTH)
            if any(lo < b and a < hi for a, b in chosen):
                continue
            distinct = len({w for s, e, w in spans if s >= lo and e <= hi})
            if best is None or distinct > best[0]:
                best = (distinct, lo, hi)
        if best is None:
            break
        chosen.append(_snap(text, best[1], best[2], spans))
    return sorted(chosen)


def passages(text: str, terms: set[str], fragments: int = 2) -> list[Passage]:
    """The best passages of `text`, each matched term a marked part; [] when no term occurs."""
    pattern = _pattern(frozenset(terms))
    if pattern is None or not text:
        return []
    spans = [(m.start(), m.end(), m.group(0).lower()) for m in pattern.finditer(text)]
    if not spans:
        return []
    out = []
    for lo, hi in _windows(text, spans[:200], fragments):
        pos = lo
        parts: Passage = []
        for start, end, _word in spans:
            if start < lo or end > hi:
                continue
            parts += [Part(text[pos:start]), Part(text[start:end], True)]
            pos = end
        parts.append(Part(text[pos:hi]))
        # an ellipsis where the passage is cut out of a longer text
        parts = [Part(ELLIPSIS if lo > 0 else ""), *_tidy(parts), Part(ELLIPSIS if hi < len(text) else "")]
        out.append([p for p in parts if p.text])
    return out


def lead(text: str) -> list[Passage]:
    """The start of a text, for a unit none of whose text matched (its title or heading did)."""
    return [_tidy([Part(text[:LEAD] + (ELLIPSIS if len(text) > LEAD else ""))])] if text else []


def _tidy(parts: Passage) -> Passage:
    """Runs of white space made one space, none at the ends, empty parts dropped."""
    parts = [Part(re.sub(r"\s+", " ", p.text), p.mark) for p in parts]
    if parts:
        parts[0] = Part(parts[0].text.lstrip(), parts[0].mark)
        parts[-1] = Part(parts[-1].text.rstrip(), parts[-1].mark)
    return [p for p in parts if p.text]


def to_html(snippet: list[Passage]) -> str:
    """HTML: escaped text, each match in <mark>, passages one space apart."""
    return SEPARATOR.join(
        "".join(f"<mark>{html.escape(p.text)}</mark>" if p.mark else html.escape(p.text) for p in passage) for passage in snippet
    )


def to_text(snippet: list[Passage]) -> str:
    """The words alone, as a reader sees them."""
    return SEPARATOR.join("".join(p.text for p in passage) for passage in snippet)

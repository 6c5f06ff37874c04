"""Highlighted snippets found by matching the query's analysed terms in the stored text.

Whoosh's highlighter re-segments every hit's text with jieba to find the matching tokens: about
a millisecond a hit, which was most of a query's time once scoring ran on arrays. The terms are
already known: a Chinese word is a literal substring of the text, an English stem is the start
of a word. One regular expression over the text finds them, and the snippet is the window (or
two) holding the most distinct terms.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from ..lawtext import CJK_RE, article_pattern

_CJK = CJK_RE
_ARTICLE = re.compile(r"art(\d+)")
WIDTH = 180
BEFORE = 50
SEPARATOR = " "


@lru_cache(maxsize=2048)
def _pattern(terms: frozenset[str]) -> re.Pattern[str] | None:
    cjk = [t for t in terms if _CJK.search(t)]
    long_cjk = [t for t in cjk if len(t) > 1]
    # a lone character (法, 条) from segmenting a longer word would mark half the text: only when nothing longer exists
    parts = [re.escape(t) for t in (long_cjk or cjk)]
    for t in terms:
        m = _ARTICLE.fullmatch(t)
        if m:
            n = int(m.group(1))
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


def snippet(text: str, terms: set[str], fragments: int = 2) -> str:
    """HTML: the best passages of `text` with each matched term in <mark>; "" when no term occurs."""
    pattern = _pattern(frozenset(terms))
    if pattern is None or not text:
        return ""
    spans = [(m.start(), m.end(), m.group(0).lower()) for m in pattern.finditer(text)]
    if not spans:
        return ""
    out = []
    for lo, hi in _windows(text, spans[:200], fragments):
        pos = lo
        piece = []
        for start, end, _word in spans:
            if start < lo or end > hi:
                continue
            piece.append(html.escape(text[pos:start], quote=False))
            piece.append(f"<mark>{html.escape(text[start:end], quote=False)}</mark>")
            pos = end
        piece.append(html.escape(text[pos:hi], quote=False))
        # an ellipsis where the passage is cut out of a longer text
        out.append(("…" if lo > 0 else "") + "".join(piece).strip() + ("…" if hi < len(text) else ""))
    return SEPARATOR.join(out)

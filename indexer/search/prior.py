"""A document prior: a query that names a law (or most of its name) ranks that law's articles higher.

"行政许可受理后多少天内出结果" holds 行政许可, the name of 行政许可法 without its suffix; "政务处分的期限"
holds half of 公职人员政务处分法. Word scores alone let an article of another law that happens to say
许可 and 受理 more often come first. Names are matched as text (the longest run of characters a query
shares with a law's name, its 中华人民共和国 and its kind — 法, 条例, 办法 — left off), so the prior works
whatever the segmenter makes of the query. Only the laws matching best get it, so a common word in many
titles (管理, 规定) boosts nothing. How much a match raises a law (PRIOR_WEIGHT) is in ranking.py.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from cachetools import LRUCache

from ..citations import law_key
from ..lawtext import CJK_RE
from .analysis import fold

MIN_CHARS = 3
"""Shortest run of a name that counts (two characters, such as 管理 or 安全, are in too many names)."""
MAX_NAMES_SHARING = 3
"""A part of a name found in more names than this is a common phrase, not a reference to one law."""
MAX_DOCS = 12
"""Most items boosted for one query (versions of one law count one each)."""
_KIND = re.compile(r"(?:实施条例|实施细则|实施办法|暂行条例|暂行规定|暂行办法|条例|规定|办法|细则|规则|决定|解释|法)$")
_CJK = CJK_RE


def core_name(title: str) -> str:
    """中华人民共和国行政许可法 -> 行政许可: the part of a law's title people say."""
    key = law_key(title)
    core = _KIND.sub("", key)
    return core if len(core) >= 2 else key


@dataclass
class Match:
    item_id: str
    share: float
    """How much of the name the query holds, 0-1."""


class TitlePrior:
    def __init__(self, rows: list[tuple[str, list[str]]]) -> None:
        """rows: (item id, names: title and aliases)."""
        self.names: list[tuple[str, str]] = []
        self.by_bigram: dict[str, list[int]] = {}
        self._sharing: LRUCache[str, int] = LRUCache(maxsize=10_000)
        """How many names hold a part: queries are many, parts of names recur."""
        self._sharing_lock = threading.Lock()
        for item_id, names in rows:
            seen = set()
            for name in names:
                core = fold(core_name(name))
                if len(core) < MIN_CHARS or core in seen or not _CJK.search(core):
                    continue
                seen.add(core)
                n = len(self.names)
                self.names.append((item_id, core))
                for bigram in {core[i : i + 2] for i in range(len(core) - 1)}:
                    self.by_bigram.setdefault(bigram, []).append(n)

    @classmethod
    def load(cls, path: Path) -> TitlePrior | None:
        if not path.is_file():
            return None
        rows = []
        for line in path.read_text(encoding="utf-8").split("\n"):
            parts = line.split("\t")
            if len(parts) >= 2 and parts[0]:
                rows.append((parts[0], [parts[1], *[a for a in (parts[2].split(" ") if len(parts) > 2 else []) if a]]))
        return cls(rows)

    def names_of(self, item_ids) -> list[str]:
        """The names (as matched) of these items."""
        wanted = set(item_ids)
        return sorted({core for item_id, core in self.names if item_id in wanted})

    def _names_with(self, part: str) -> int:
        """How many distinct names hold `part`."""
        with self._sharing_lock:
            count = self._sharing.get(part)
        if count is None:
            count = len({core for _i, core in self.names if part in core})
            with self._sharing_lock:
                self._sharing[part] = count
        return count

    def match(self, query: str) -> list[Match]:
        text = fold(query)
        hits: dict[int, int] = {}
        for i in range(len(text) - 1):
            for n in self.by_bigram.get(text[i : i + 2], ()):
                hits[n] = hits.get(n, 0) + 1
        best: dict[str, float] = {}
        for n, shared in hits.items():
            if shared < MIN_CHARS - 1:
                continue
            item_id, core = self.names[n]
            run = _longest_run(core, text, shared + 1)
            if len(run) < MIN_CHARS:
                continue
            share = len(run) / len(core)
            if share < 1.0 and (len(run) < 4 or self._names_with(run) > MAX_NAMES_SHARING):
                # three characters of a longer name, or a part many names share (违法行为, 管理办法), is a
                # coincidence more often than a reference
                continue
            best[item_id] = max(best.get(item_id, 0.0), share)
        if not best:
            return []
        top = max(best.values())
        kept = sorted(((s, i) for i, s in best.items() if s >= top * 0.8), reverse=True)[:MAX_DOCS]
        return [Match(i, s) for s, i in kept]


def _longest_run(name: str, text: str, most: int | None = None) -> str:
    """The longest part of `name` that occurs in `text`, `most` characters long at most: a run of n characters
    holds n - 1 of the name's two-character parts, so a name sharing k of them with the query can share no
    run longer than k + 1 (the bound saves trying every longer size on each of thousands of candidate names)."""
    for size in range(min(len(name), most or len(name)), MIN_CHARS - 1, -1):
        for start in range(len(name) - size + 1):
            if name[start : start + size] in text:
                return name[start : start + size]
    return ""

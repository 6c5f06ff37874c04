"""Everyday words to the words of the law: 上访 → 信访, 民告官 → 行政诉讼, 酒驾 → 饮酒后驾驶.

Cadres and citizens ask in their own words; laws answer in theirs, and BM25 only meets words that are
the same. The packaged thesaurus (`data/thesaurus.yml`, general legal and administrative vocabulary) and
the organ's own one-way entries in `rules/synonyms.yml` map an everyday word to legal terms. A query is
searched for the words typed and, weighted below them, for the legal terms of the everyday words it holds.

Expansion is bounded so that no file can make a query explode: one pass (a legal term is never expanded
again), a word inside a longer one found is not read on its own, at most `MAX_TARGETS` terms per entry and
`MAX_EXPANSIONS` per query.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..errors import InputError
from ..i18n import _
from ..lawtext import same_token
from .analysis import QUESTION_SPAN, fold

if TYPE_CHECKING:
    from ..diagnostics import Report

PACKAGED = Path(__file__).with_name("data") / "thesaurus.yml"
MAX_TARGETS = 4
"""Legal terms per everyday word."""
MAX_WORD_CHARS = 12
"""Longest everyday word or legal term, in characters."""
MAX_ENTRIES = 20_000
MAX_FILE_BYTES = 2_000_000
MAX_EXPANSIONS = 6
"""Legal terms added to one query, at most."""


class ThesaurusError(InputError):
    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def problems(data: object, where: str) -> list[str]:
    """Everything wrong with a thesaurus mapping, one message per problem (empty when it is sound).

    Shared by loading (which refuses a bad file) and `rulebook check` (which lists every problem)."""
    if not isinstance(data, dict):
        return [_("{where}: expected a mapping of everyday word to a list of legal terms").format(where=where)]
    out = []
    if len(data) > MAX_ENTRIES:
        out.append(
            _("{where}: {count} entries, more than the {limit} allowed").format(where=where, count=len(data), limit=MAX_ENTRIES)
        )
    for word, targets in data.items():
        key = str(word).strip()
        if len(key) < 2 or len(key) > MAX_WORD_CHARS:
            out.append(
                _("{where}: '{word}': an everyday word has 2 to {limit} characters").format(
                    where=where, word=key, limit=MAX_WORD_CHARS
                )
            )
        items = targets if isinstance(targets, list) else [targets]
        if not items or not all(isinstance(t, (str, int)) and str(t).strip() for t in items):
            out.append(_("{where}: '{word}': expected a list of legal terms (words)").format(where=where, word=key))
            continue
        if len(items) > MAX_TARGETS:
            out.append(
                _("{where}: '{word}': {count} legal terms, at most {limit} per word").format(
                    where=where, word=key, count=len(items), limit=MAX_TARGETS
                )
            )
        for t in items:
            if len(str(t).strip()) > MAX_WORD_CHARS:
                out.append(
                    _("{where}: '{word}': legal term '{term}' is longer than {limit} characters").format(
                        where=where, word=key, term=t, limit=MAX_WORD_CHARS
                    )
                )
    return out


class _RepeatedWordError(ThesaurusError):
    """Raised by the loader, and turned into a ThesaurusError with the message by `_read`."""

    def __init__(self, word: str, line: int, first: int) -> None:
        super().__init__(word, line)
        self.word, self.first = word, first


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's loader where installed (the pure-Python one takes 45 ms of a cold search for this file), refusing
    a word written twice: YAML keeps the last of two equal keys, so the first entry would be lost unseen."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        seen: dict[str, int] = {}
        for key_node, _value_node in node.value:
            word, line = str(self.construct_object(key_node, deep=True)), key_node.start_mark.line + 1
            if word in seen:
                raise _RepeatedWordError(word, line, seen[word])
            seen[word] = line
        return super().construct_mapping(node, deep)


def _read(path: Path) -> dict[str, list[str]]:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ThesaurusError(_("{path}: larger than {limit} MB").format(path=path, limit=MAX_FILE_BYTES // 1_000_000))
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except _RepeatedWordError as exc:
        message = _("{path}: line {line}: '{word}' is written twice (first on line {first}); merge the two entries")
        raise ThesaurusError(message.format(path=path, line=exc.line, word=exc.word, first=exc.first), exc.line) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ThesaurusError(_("{path}: not valid YAML: {error}").format(path=path, error=exc)) from exc
    found = problems(data, str(path))
    if found:
        raise ThesaurusError("; ".join(found[:5]))
    return {str(k): [str(t) for t in (v if isinstance(v, list) else [v])] for k, v in data.items()}


def _whole(text: str, start: int, end: int, spans: tuple[tuple[int, int], ...] = ()) -> bool:
    """`text[start:end]` is not cut out of a longer word or number ("st" (ST股) in "first", 十三岁 in 二十三岁) and
    does not cut into a question word as long as itself or longer (`spans`: 少年 in 多少年, which asks "how many
    years"; 不能开除 in 能不能开除 is a word written for the question, and stays)."""
    if start > 0 and same_token(text[start - 1], text[start]):
        return False
    if end < len(text) and same_token(text[end - 1], text[end]):
        return False
    return not any(a < end and start < b and not (start <= a and b <= end) and b - a >= end - start for a, b in spans)


@dataclass
class Thesaurus:
    entries: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, *mappings: dict[str, list[str]]) -> Thesaurus:
        """Later mappings add to earlier ones (an organ's entry for a word adds legal terms to the packaged ones),
        and come first: where the merged terms are more than `MAX_TARGETS`, the organ's own are kept."""
        entries: dict[str, list[str]] = {}
        for mapping in reversed(mappings):
            for word, targets in mapping.items():
                key = fold(word.strip())
                merged = entries.setdefault(key, [])
                for t in targets:
                    t = fold(t.strip())
                    if t and t != key and t not in merged:
                        merged.append(t)
        return cls({k: tuple(v[:MAX_TARGETS]) for k, v in entries.items() if v})

    def __post_init__(self) -> None:
        # the longest everyday word bounds the scan of each query: computed once, not per query (7,000 keys)
        self.longest = max((len(k) for k in self.entries), default=0)

    def expand(self, query: str, limit: int = MAX_EXPANSIONS) -> list[str]:
        """Legal terms for the everyday words in `query`, left to right (see `read`)."""
        return self.read(query, limit)[1]

    def read(self, query: str, limit: int = MAX_EXPANSIONS) -> tuple[list[str], list[str]]:
        """The everyday words found in `query` and their legal terms (see `expand`).

        Left to right, the longest word at each place is read, and the scan goes on after it (开除员工, not 开除
        inside it). A word that overlaps one read and reaches past it is read after those, while the budget lasts:
        in 乱扣工资, 扣工资 says something 乱扣 does not, and a new entry for one must not hide the other. A word
        lying across two words read (公房 in 老公房子) says nothing of its own and is not read."""
        text = fold(query)
        size = len(text)
        longest = min(self.longest, MAX_WORD_CHARS)
        spans = tuple(m.span() for m in QUESTION_SPAN.finditer(text))
        words: list[str] = []
        out: list[str] = []
        overlapping: list[tuple[int, int]] = []
        covered = [False] * size
        end = 0  # where the last word read ends
        for i in range(size):
            if len(out) >= limit:
                break
            for n in range(min(longest, size - i), 1, -1):
                if text[i : i + n] in self.entries and _whole(text, i, i + n, spans):
                    if i >= end:
                        self._take(text[i : i + n], text, words, out)
                        covered[i : i + n] = [True] * n
                        end = i + n
                    elif i + n > end:
                        overlapping.append((i, i + n))
                    break
        for a, b in overlapping:
            if len(out) >= limit:
                break
            if not all(covered[a:b]):
                self._take(text[a:b], text, words, out)
        return words, out[:limit]

    def _take(self, word: str, text: str, words: list[str], out: list[str]) -> None:
        if word in words:
            return
        words.append(word)
        out.extend(t for t in self.entries[word] if t not in out and t not in text)


@lru_cache(maxsize=1)
def packaged() -> dict[str, list[str]]:
    """The thesaurus shipped with Rulebook, read once per process."""
    return _read(PACKAGED)


def write_compiled(path: Path) -> None:
    """The packaged thesaurus, checked, as JSON beside an index: a cold search reads it in 1 ms instead of
    parsing 190 KB of YAML (50 ms, libyaml's loader)."""
    path.write_text(json.dumps(packaged(), ensure_ascii=False), encoding="utf-8")


def compiled(path: Path) -> dict[str, list[str]]:
    """What `write_compiled` wrote beside an index; the packaged YAML where it is missing or unreadable (an
    index from before it was written, or a damaged file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return packaged()
    if not isinstance(data, dict) or not all(isinstance(v, list) and all(isinstance(t, str) for t in v) for v in data.values()):
        return packaged()
    return data


def check_packaged_thesaurus() -> Report:
    """`rulebook check`: the thesaurus shipped with Rulebook is sound (the organ's one-way entries in
    rules/synonyms.yml are checked with the rest of that file, by `synonyms.read_synonyms`)."""
    from ..diagnostics import Report

    report = Report()
    try:
        _read(PACKAGED)
    except ThesaurusError as exc:
        report.add(PACKAGED, exc.line, "thesaurus", str(exc))
    return report

"""Measuring search quality: recall@5 and MRR@10 over a set of questions with known answers.

The same questions run against Rulebook's search and against a plain BM25
baseline (SQLite FTS5 over the same units, same word segmentation), so the
figures say what the ranking work is worth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml

from ..citations import law_key


class HitLike(Protocol):
    id: str
    title: str
    type: str
    article: int | None
    origin: str | None
    heading: str | None


@dataclass(frozen=True)
class Expectation:
    id: str | None = None
    law: str | None = None
    article: int | None = None
    doc: str | None = None
    section: str | None = None

    def matches(self, hit: HitLike) -> bool:
        if self.id is not None:
            return hit.id == self.id
        if self.law is not None:
            return (
                hit.type == "law"
                and law_key(hit.title) == law_key(self.law)
                and (self.article is None or hit.article == self.article)
            )
        if self.doc is not None:
            origin = hit.origin or ""
            if not (origin == self.doc or origin.endswith("/" + self.doc)):
                return False
            return self.section is None or (hit.heading or "").strip().casefold() == self.section.strip().casefold()
        return False


@dataclass
class Question:
    q: str
    lang: str
    expect: list[Expectation]


def load_questions(path: Path) -> list[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    questions = []
    for entry in data:
        raw = entry["expect"]
        expects = raw if isinstance(raw, list) else [raw]
        questions.append(Question(str(entry["q"]), str(entry.get("lang", "")), [Expectation(**e) for e in expects]))
    return questions


@dataclass
class Scores:
    questions: int = 0
    recall5: float = 0.0
    mrr10: float = 0.0
    by_lang: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    misses: list[tuple[str, int | None]] = field(default_factory=list)


def rank_of(hits: Sequence[HitLike], expect: list[Expectation]) -> int | None:
    for n, hit in enumerate(hits, start=1):
        if any(e.matches(hit) for e in expect):
            return n
    return None


def evaluate(search: Callable[[str], Sequence[HitLike]], questions: list[Question]) -> Scores:
    scores = Scores(questions=len(questions))
    per: dict[str, list[tuple[float, float]]] = {}
    for question in questions:
        rank = rank_of(search(question.q)[:10], question.expect)
        r5 = 1.0 if rank is not None and rank <= 5 else 0.0
        rr = 1.0 / rank if rank is not None else 0.0
        per.setdefault(question.lang, []).append((r5, rr))
        if r5 == 0.0:
            scores.misses.append((question.q, rank))
    everything = [x for xs in per.values() for x in xs]
    if everything:
        scores.recall5 = sum(x[0] for x in everything) / len(everything)
        scores.mrr10 = sum(x[1] for x in everything) / len(everything)
    scores.by_lang = {
        lang: (len(xs), sum(x[0] for x in xs) / len(xs), sum(x[1] for x in xs) / len(xs)) for lang, xs in per.items()
    }
    return scores

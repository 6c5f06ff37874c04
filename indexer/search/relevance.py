"""Measuring search quality: recall@5 and MRR@10 over a set of questions with known answers.

The same questions run against Rulebook's search and against a plain BM25
baseline (SQLite FTS5 over the same units, same word segmentation), so the
figures say what the ranking work is worth. Questions carry a `split` (dev:
used for tuning; test: never tuned on) and a `kind` (everyday wording,
question form, keywords, ...); figures are reported per split, per kind and
per language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml

from ..citations import law_key
from ..i18n import N_, Nn_, _, ngettext
from ..lawtext import article_number, has_cjk


class HitLike(Protocol):
    id: str
    title: str
    type: str
    article: int | None
    origin: str | None
    heading: str | None


def _article_number(value: object) -> int | None:
    """42, "42", "第四十二条", "四十二" all name article 42."""
    if value is None or isinstance(value, int):
        return value
    return article_number(str(value))


def _norm_heading(text: str) -> str:
    return " ".join(text.replace("#", " ").split()).casefold()


@dataclass(frozen=True)
class Expectation:
    id: str | None = None
    law: str | None = None
    article: int | None = None
    doc: str | None = None
    section: str | None = None
    file: str | None = None
    """For a law: its file relative to the collection, when several versions share a title."""

    @classmethod
    def of(cls, raw: dict[str, object]) -> Expectation:
        """Accepts the project's keys and their synonyms (title for law, page for doc, heading for section)."""
        law = raw.get("law", raw.get("title"))
        doc = raw.get("doc", raw.get("page"))
        section = raw.get("section", raw.get("heading"))
        return cls(
            id=str(raw["id"]) if raw.get("id") is not None else None,
            law=str(law) if law is not None else None,
            article=_article_number(raw.get("article")),
            doc=str(doc).removeprefix("handbook-18f/") if doc is not None else None,
            section=str(section) if section is not None else None,
            file=str(raw["file"]) if raw.get("file") is not None else None,
        )

    def matches(self, hit: HitLike) -> bool:
        if self.id is not None:
            return hit.id == self.id
        if self.law is not None:
            if self.file is not None and not (hit.origin or "").endswith("/" + self.file):
                return False
            return (
                hit.type == "law"
                and law_key(hit.title) == law_key(self.law)
                and (self.article is None or hit.article == self.article)
            )
        if self.doc is not None:
            origin = hit.origin or ""
            doc = self.doc if self.doc.endswith(".md") else self.doc + ".md"
            if not (origin in (self.doc, doc) or origin.endswith(("/" + self.doc, "/" + doc))):
                return False
            return self.section is None or _norm_heading(hit.heading or "") == _norm_heading(self.section)
        return False

    def page(self) -> Expectation | None:
        """The same answer at page level (any unit of the handbook page), for page-level figures."""
        if self.doc is not None and self.section is not None:
            return Expectation(doc=self.doc)
        return None


@dataclass
class Question:
    q: str
    lang: str
    expect: list[Expectation]
    split: str = "dev"
    kind: str = ""


def load_questions(path: Path) -> list[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if isinstance(data, dict):  # {questions: [...]} as well as a bare list
        data = data.get("questions", [])
    questions = []
    for entry in data:
        raw = entry.get("expect", entry.get("answer", entry.get("answers")))
        expects = raw if isinstance(raw, list) else [raw]
        text = str(entry.get("q", entry.get("question", "")))
        lang = str(entry.get("lang") or ("zh" if has_cjk(text) else "en"))
        questions.append(
            Question(
                text,
                lang,
                [Expectation.of(e) for e in expects],
                split=str(entry.get("split", "dev")),
                kind=str(entry.get("kind", "")),
            )
        )
    return questions


@dataclass
class Figures:
    n: int = 0
    recall5: float = 0.0
    mrr10: float = 0.0


@dataclass
class Scores:
    questions: int = 0
    recall5: float = 0.0
    mrr10: float = 0.0
    by_lang: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    groups: dict[str, Figures] = field(default_factory=dict)
    """Figures per group: "all", "zh", "en", "<lang>:<kind>" (zh:everyday), "page" (English section questions
    judged by their page)."""
    misses: list[tuple[str, int | None]] = field(default_factory=list)

    def get(self, group: str) -> Figures:
        return self.groups.get(group, Figures())


def rank_of(hits: Sequence[HitLike], expect: list[Expectation]) -> int | None:
    for n, hit in enumerate(hits, start=1):
        if any(e.matches(hit) for e in expect):
            return n
    return None


def _figures(values: list[tuple[float, float]]) -> Figures:
    if not values:
        return Figures()
    return Figures(len(values), sum(v[0] for v in values) / len(values), sum(v[1] for v in values) / len(values))


def evaluate(search: Callable[[str], Sequence[HitLike]], questions: list[Question]) -> Scores:
    scores = Scores(questions=len(questions))
    per: dict[str, list[tuple[float, float]]] = {}
    for question in questions:
        hits = search(question.q)[:10]
        rank = rank_of(hits, question.expect)
        r5 = 1.0 if rank is not None and rank <= 5 else 0.0
        rr = 1.0 / rank if rank is not None else 0.0
        for group in ("all", question.lang, f"{question.lang}:{question.kind}" if question.kind else None):
            if group:
                per.setdefault(group, []).append((r5, rr))
        pages = [p for p in (e.page() for e in question.expect) if p is not None]
        if pages:
            page_rank = rank_of(hits, pages)
            per.setdefault("page", []).append(
                (1.0 if page_rank is not None and page_rank <= 5 else 0.0, 1.0 / page_rank if page_rank else 0.0)
            )
        if r5 == 0.0:
            scores.misses.append((question.q, rank))
    scores.groups = {name: _figures(values) for name, values in per.items()}
    everything = scores.get("all")
    scores.recall5, scores.mrr10 = everything.recall5, everything.mrr10
    scores.by_lang = {
        lang: (f.n, f.recall5, f.mrr10) for lang, f in scores.groups.items() if lang not in ("all", "page") and ":" not in lang
    }
    return scores


def group_order(group: str) -> tuple:
    """all; Chinese, then each kind of Chinese question; English, its kinds; English at page level."""
    lang, _sep, kind = group.partition(":")
    return (group != "all", {"zh": 0, "en": 1, "page": 2}.get(lang, 3), bool(kind), group)


def report_rows(scores: Scores) -> list[str]:
    """One line per group, for quick reading in a terminal."""
    order = sorted(scores.groups, key=group_order)
    return [
        f"{g:<22} n={scores.groups[g].n:<4} R@5 {scores.groups[g].recall5:.2f}  MRR@10 {scores.groups[g].mrr10:.2f}"
        for g in order
    ]


GROUP_LABELS = {
    "all": N_("all"),
    "zh": N_("Chinese"),
    "en": N_("English"),
    "page": N_("English, page level"),
}
KIND_LABELS = {
    "everyday": N_("everyday wording"),
    "nickname": N_("nicknames"),
    "question": N_("question form"),
    "keywords": N_("keywords"),
}


def group_label(group: str) -> str:
    """ "zh:everyday" -> "中文，日常用语" (in the active language)."""
    lang, _sep, kind = group.partition(":")
    if not kind:
        return _(GROUP_LABELS.get(group, group))
    return _("{language}, {kind}").format(language=_(GROUP_LABELS.get(lang, lang)), kind=_(KIND_LABELS.get(kind, kind)))


SYSTEMS = {"rulebook": N_("Rulebook"), "semantic": N_("Rulebook + semantic"), "bm25": N_("BM25 alone"), "fts5": N_("FTS5")}
"""The systems a comparison can hold, by a stable id (what `--format json` keys them by), with their column titles."""
HALF = Nn_("{half} half: {n} question", "{half} half: {n} questions")


@dataclass
class Comparison:
    """One half's figures for each system measured in the same run, by group: what `rulebook relevance` prints."""

    half: str
    questions: int
    systems: dict[str, Scores]
    """System id (`SYSTEMS`: rulebook or semantic, bm25, fts5) -> its scores, in column order."""

    def groups(self) -> list[str]:
        found = {g for scores in self.systems.values() for g in scores.groups}
        return sorted(found, key=group_order)

    def title(self) -> str:
        return ngettext(*HALF, self.questions).format(half=self.half, n=self.questions)

    def header(self) -> list[str]:
        columns = [_("questions"), "n"]
        for system in self.systems:
            columns += [f"{_(SYSTEMS.get(system, system))} recall@5", "MRR@10"]
        return columns

    def _n(self, group: str) -> int:
        return max((scores.get(group).n for scores in self.systems.values()), default=0)

    def rows(self) -> list[list[str]]:
        rows = []
        for group in self.groups():
            row = [group_label(group), str(self._n(group))]
            for scores in self.systems.values():
                f = scores.get(group)
                row += [f"{f.recall5:.2f}", f"{f.mrr10:.2f}"]
            rows.append(row)
        return rows

    def markdown(self) -> str:
        """A GitHub table with a bold title, for pasting into docs (one column per figure)."""
        header = self.header()
        lines = [f"**{self.title()}**", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows()]
        return "\n".join(lines) + "\n"

    def as_json(self, misses: bool = False) -> dict:
        """Keyed by stable ids, not by the translated titles: the same in every language."""
        data: dict = {
            "half": self.half,
            "questions": self.questions,
            "groups": {
                group: {
                    "n": self._n(group),
                    **{
                        system: {"recall@5": round(s.get(group).recall5, 4), "mrr@10": round(s.get(group).mrr10, 4)}
                        for system, s in self.systems.items()
                    },
                }
                for group in self.groups()
            },
        }
        if misses and self.systems:
            first = next(iter(self.systems.values()))
            data["misses"] = [{"q": q, "rank": rank} for q, rank in first.misses]
        return data

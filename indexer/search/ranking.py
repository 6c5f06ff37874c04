"""Every knob that decides the order of search results, in one place, each with the reason it is there.

A result's score is one BM25F sum over the query's words (scoring.py), multiplied by the unit's rank (the
priors below) and by the document prior of a law the query names (prior.py). Each figure quoted was measured
with `rulebook relevance` over tests/relevance/cadres.yaml (dev half: tuned on; test half: never tuned on).

| knob | value | stage | why |
| --- | --- | --- | --- |
| `INDEX_FIELD_BOOST` | title, aliases 3; heading 1.5; doc 1.2 | index time (schema) | a word in a unit's name says more than one in its text; baked into Whoosh's postings weights |
| `FIELD_WEIGHT` | title, aliases 2; context 2.5; asked 2 | query time | frequencies saturate after they are added up across fields, so a word said three times in a body would weigh as much as the same word in the title ("one-time notification" found the sections that mention the system before the system); `asked`, how people ask about an article (asked.py), weighs twice its text. At 232 laws covered it weighed 1 (dev, 273 questions: Chinese 0.77 / 0.62 -> 0.86 / 0.73; from 1.5 on it cost questions about laws it did not cover, 0.93 -> 0.90). At 448 texts covered (dev, 350 questions, all of laws-cn): 1 -> 2 Chinese 0.86 / 0.73 -> 0.88 / 0.74, everyday 0.67 -> 0.73, questions whose law is not covered unchanged; 3-4 gain a little more on dev (everyday 0.76-0.77) but lose one of the six uncovered, and an organ's own rules have no asked questions to compete with; test: 0.86 / 0.76 -> 0.88 / 0.77, everyday 0.67 -> 0.72 (articles of covered laws without questions 12 -> 11 of 17) |
| `K1`, `B` | 1.8, 0.3 | BM25F | units are short and of similar length, so length matters less than Whoosh's 1.2/0.75 assume (recall@5 0.70-0.71 over B 0.3-0.5, K1 1.5-2.4; Whoosh's 0.67) |
| `AVG_OVER` | "present" | BM25F | a field most units lack (a law article has no heading) looks short when averaged over every unit, and every unit that has it looks long |
| `STATUS_RANK` | in force 1, draft 0.8, superseded/repealed 0.4 | index time (unit rank) | a rule in force is what a cadre must follow |
| `OLDER_VERSION` | 0.6 | index time (unit rank) | an older text of a law ranks below the current one |
| `type_prior()` | term 0.7 | query time (unit rank) | each type's `search_prior` in the item-type registry (itemtypes.py): a glossary entry defines a word; the system or procedure that uses it is usually what is wanted |
| `SOURCE_PRIOR` | 行政法规 0.75, 部门规章 0.5, 司法解释 0.5, 案例 0.4, 其他 0.5 | query time (unit rank) | a law states the rule; regulations, rules, interpretations and cases apply it (dev: Chinese recall@5 0.57 -> 0.64, MRR@10 0.44 -> 0.50) |
| `WHOLE_LAW` | 0.5 | query time (unit rank) | a law as a whole is rarely the answer: one of its articles is (dev: Chinese recall@5 0.54 -> 0.55) |
| `PRIOR_WEIGHT` | 0.5 | query time (document prior) | a law whose name the query holds has its units' scores multiplied by 1 + this x the share of the name held |
| `NAME_WORD_WEIGHT` | 0.5 | query rewrite | once the prior has raised a law, the words of its name are in nearly every article: the other words tell which article answers |
| `SYNONYM_BOOST` | 0.8 | query rewrite | the project's synonyms weigh a little less than the words typed |
| `THESAURUS_BOOST` | 0.7 | query rewrite | legal terms found for everyday words (packaged thesaurus) weigh a little under a word typed. With the 4,478-entry thesaurus, dev: 0.5 -> 0.7 everyday recall@5 0.28 -> 0.38, Chinese 0.71 -> 0.73; 1.0 loses 0.03. Test half: Chinese 0.71 / 0.57 -> 0.71 / 0.58, everyday 0.25 -> 0.31 |
| `EVERYDAY_WORD_BOOST` | 0.5 | query rewrite | a word typed as part of an everyday word the thesaurus knows (孩子, 楼上), where the laws hardly use it, weighs half: its legal terms carry the meaning (dev: Chinese recall@5 0.71 -> 0.73, everyday 0.28 -> 0.34; 0.3 and 0.7 no better; test: 0.71 -> 0.74 before the share below) |
| `EVERYDAY_SHARE` | 0.1 % | query rewrite | ... "hardly": in at most this share of units; 劳动合同 and 复议 are thesaurus keys too but the laws' own words, and keep their weight; in an index under 1,000 units no word is that rare, and every word keeps its weight (dev: the same Chinese figures from 0.05 % to 0.3 % and without the limit; test: 0.71 / 0.57 without, 0.71 / 0.58 with) |
| `COLLOQUIAL_RATIO`, `COLLOQUIAL_WORD_BOOST` | 20, 0.5 | query rewrite | a typed word whose share of the units is under 20 times its share of general Chinese (jieba's frequencies) is spoken, not legal, Chinese (以后, 给, 办: register.py): it goes last in the pruning budget and, at full weight, weighs half, so that the words saying what a question is about (受理, 许可) are not pruned for being commoner in the laws (dev, 249 questions: Chinese 0.75 / 0.62 -> 0.78 / 0.63, everyday 0.40 -> 0.47, question 0.79 -> 0.85; the pruning order alone 0.78 / 0.62, the weight alone 0.76 / 0.62; ratio 7 or 55: 0.77 / 0.63; weight 0.25 the same; test: 0.72 / 0.59 -> 0.73 / 0.60, all of laws-cn 0.69 / 0.56 -> 0.70 / 0.57; after review, only full-weight typed words weigh half: the same on dev, 0.69 / 0.57 on all of laws-cn) |
| `ARTICLE_BOOST` | 3 | query rewrite | "行政许可法第42条" names a clause: the looked-up article comes first |
| `SEMANTIC_WEIGHT` | 1.0 | fusion (search.semantic on) | the semantic list's share against BM25's in `fuse`, each list's scores standardised first; dev, 249 questions, all of laws-cn: 0.75-1.25 a plateau (Chinese recall@5 0.85-0.87) |
| `SHORT_QUERY`, `SHORT_SEMANTIC_WEIGHT` | 6, 0.5 | fusion | a query of at most 6 letters or characters (首违不罚, 居住权, 撤三) names something, and BM25 finds names; the semantic list, which reads meaning, weighs 0.5 there (measured with rank fusion, dev: nicknames 0.75 -> 0.86; with score fusion, 0-0.75 a plateau on dev) |
| `SEMANTIC_DEPTH` | 100 | fusion | how deep each list goes into the fusion, and over how many scores each list is standardised (score fusion, dev: 50 and 200 within 0.01) |
| `QUERY_MIX` | 0.6 | semantic query | the question's vector is this share of the mix; the rest is the vector of the question followed by the thesaurus's legal terms for it (when there are any). Dev, with the 4,478-entry thesaurus: 0.5-0.67 a plateau, Chinese 0.82 / 0.64 -> 0.84 / 0.68, everyday 0.53 -> 0.56; the question with its terms alone (0) 0.81 / 0.65; the terms alone averaged in 0.81 / 0.62; test half: 0.79 / 0.62 -> 0.82 / 0.64 |
| `VERSION_TILT` | 0.02 | semantic order | cosine + this x log(unit rank): equal texts (an article's versions) come in force first; 0 loses 0.06 of everyday recall on dev, 0.05 loses 0.02 of Chinese recall (rank outweighs meaning) |
| `COMMON_SHARE`, `MAX_TERMS`, `MAX_EXPANSION_TERMS` | 6 %, 6, 6 | query pruning | words in more than 6 % of units (行政, 机关) barely change the order (idf near 0) but make scoring touch most of the index; beyond the rarest few words the rest add little |

The name-matching details of the document prior (shortest run, names sharing a part) are in prior.py, beside
the matching they tune. Environment variables of the same name (RULEBOOK_...) override some knobs for tuning
experiments; nothing in production sets them.

`fuse` is where the semantic signal (semantic.py, on with `search.semantic`) joins BM25: by standardised score,
since e5 cosines bunch together (unrelated text ~0.84) and BM25 scores are on another scale.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import TypeVar

import numpy as np

from ..itemtypes import search_priors

INDEX_FIELD_BOOST = {"title": 3.0, "aliases": 3.0, "doc": 1.2, "heading": 1.5}
"""Whoosh `field_boost` of the text fields (index.schema); changing it needs a full re-index (SCHEMA_VERSION)."""
FIELD_WEIGHT = {
    "title": 2.0,
    "aliases": 2.0,
    "context": float(os.environ.get("RULEBOOK_CONTEXT_WEIGHT", "2.5")),
    "asked": float(os.environ.get("RULEBOOK_ASKED_WEIGHT", "2.0")),
}
"""Query-time weight of a field's (already boosted) frequency, before saturation; 1.0 for fields not listed."""
K1 = 1.8
B = 0.3
AVG_OVER = os.environ.get("RULEBOOK_AVG_OVER", "present")
"""Average field length over the units that have the field ("present") or over all units ("all", Whoosh's way)."""

STATUS_RANK = {"in-force": 1.0, "draft": 0.8, "superseded": 0.4, "repealed": 0.4}
OLDER_VERSION = 0.6


def type_prior() -> dict[str, float]:
    """Per-type weights, from the item-type registry (the one table of per-type knowledge)."""
    return search_priors()


SOURCE_PRIOR = {
    "行政法规": float(os.environ.get("RULEBOOK_PRIOR_REGULATION", "0.75")),
    "部门规章": float(os.environ.get("RULEBOOK_PRIOR_RULES", "0.5")),
    "司法解释": float(os.environ.get("RULEBOOK_PRIOR_INTERPRETATION", "0.5")),
    "案例": float(os.environ.get("RULEBOOK_PRIOR_CASE", "0.4")),
    "其他": float(os.environ.get("RULEBOOK_PRIOR_OTHER", "0.5")),
}
"""By library category; categories not listed (the laws' own: 行政法, 民法商法 ...; the organ's items) rank as they are."""
WHOLE_LAW = float(os.environ.get("RULEBOOK_WHOLE_LAW", "0.5"))

PRIOR_WEIGHT = float(os.environ.get("RULEBOOK_PRIOR_WEIGHT", "0.5"))
NAME_WORD_WEIGHT = float(os.environ.get("RULEBOOK_NAME_WORD_WEIGHT", "0.5"))
SYNONYM_BOOST = 0.8
THESAURUS_BOOST = float(os.environ.get("RULEBOOK_THESAURUS_BOOST", "0.7"))
EVERYDAY_WORD_BOOST = float(os.environ.get("RULEBOOK_EVERYDAY_WORD_BOOST", "0.5"))
EVERYDAY_SHARE = float(os.environ.get("RULEBOOK_EVERYDAY_SHARE", "0.001"))
COLLOQUIAL_RATIO = float(os.environ.get("RULEBOOK_COLLOQUIAL_RATIO", "20"))
COLLOQUIAL_WORD_BOOST = float(os.environ.get("RULEBOOK_COLLOQUIAL_WORD_BOOST", "0.5"))
ARTICLE_BOOST = 3.0
COMMON_SHARE = 0.06
MAX_TERMS = int(os.environ.get("RULEBOOK_MAX_TERMS", "6"))
MAX_EXPANSION_TERMS = 6

SEMANTIC_WEIGHT = 1.0
SHORT_QUERY = 6
SHORT_SEMANTIC_WEIGHT = 0.5
SEMANTIC_DEPTH = 100
QUERY_MIX = float(os.environ.get("RULEBOOK_QUERY_MIX", "0.6"))
VERSION_TILT = 0.02


def unit_rank(status: str, older_version: bool = False) -> float:
    """The part of a unit's rank known when it is indexed (stored in the index's `rank` field)."""
    return STATUS_RANK.get(status, 1.0) * (OLDER_VERSION if older_version else 1.0)


def query_rank(
    stored: np.ndarray,
    types: np.ndarray,
    type_labels: Sequence[str],
    categories: np.ndarray | None,
    category_labels: Sequence[str],
    has_title: np.ndarray,
) -> np.ndarray:
    """Each unit's full rank when an index is opened: the stored rank times the type, source and whole-law priors.

    `types` and `categories` are codes into their labels, -1 where a unit has none; `has_title` marks the unit of a
    whole item (the only one with a `title` field)."""
    prior = type_prior()
    rank = stored * np.array([prior.get(label, 1.0) for label in type_labels] + [1.0], dtype=np.float32)[types]
    if categories is not None:
        rank = rank * np.array([SOURCE_PRIOR.get(label, 1.0) for label in category_labels] + [1.0], dtype=np.float32)[categories]
    if "law" in type_labels:
        whole = (types == list(type_labels).index("law")) & has_title
        rank = np.where(whole, rank * WHOLE_LAW, rank)
    return rank.astype(np.float32)


def document_prior(share: float) -> float:
    """The factor for the units of a law the query names, by the share of its name the query holds (0-1)."""
    return 1.0 + PRIOR_WEIGHT * share


T = TypeVar("T")


def semantic_weight(text: str) -> float:
    """The semantic list's weight in the fusion for a query of these words (`SHORT_QUERY`)."""
    words = re.sub(r"\b(?:AND|OR|NOT)\b", "", text)  # the operators of query syntax are not what is asked
    return SHORT_SEMANTIC_WEIGHT if len(re.sub(r"[\W_]", "", words)) <= SHORT_QUERY else SEMANTIC_WEIGHT


def _standardised(scores: Sequence[float]) -> np.ndarray:
    """Scores less their mean, over their spread: BM25 sums and cosines on one scale; all equal, all zero."""
    values = np.asarray(scores, dtype=np.float64)
    spread = values.std()
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


def fuse(bm25: Sequence[tuple[T, float]], semantic: Sequence[tuple[T, float]], weight: float = 1.0) -> list[tuple[T, float]]:
    """Score fusion of two best-first lists of (key, score), BM25's and the semantic one, with each key's fused
    score (what a hit shows as its score).

    Each list's scores are standardised over the list (mean 0, spread 1), so that how far a key stands ahead of
    the others counts, not only its place: a law article that BM25 finds far ahead of the rest stays first
    when the semantic list, whose cosines bunch together, puts it lower, and a semantic first place far ahead
    overtakes a close BM25 race. (Reciprocal rank fusion, which sees only places, gave Chinese dev 0.83 / 0.70
    against 0.87 / 0.71, and test 0.81 / 0.65 against 0.82 / 0.69, over all of laws-cn.)

    A key missing from a list counts as that list's lowest score; `weight` scales the semantic list's share;
    ties keep BM25's order, so with an empty semantic list the BM25 order comes back unchanged."""
    score: dict[T, float] = {}
    first: dict[T, int] = {}
    for ranked, share in ((bm25, 1.0), (semantic, weight)):
        if not ranked:
            continue
        z = _standardised([value for _key, value in ranked]) * share
        floor = float(z.min())
        for (key, _value), value in zip(ranked, z, strict=True):
            score[key] = score.get(key, 0.0) + float(value) - floor  # measured from the list's floor
            first.setdefault(key, len(first))
    return sorted(score.items(), key=lambda kv: (-kv[1], first[kv[0]]))


def semantic_scores(cos: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Cosine tilted by the unit's rank (VERSION_TILT), so that of two equal texts the one in force comes first."""
    return cos + VERSION_TILT * np.log(np.maximum(rank, 1e-3))


def semantic_order(cos: np.ndarray, allowed: np.ndarray, rank: np.ndarray, depth: int = SEMANTIC_DEPTH) -> np.ndarray:
    """The documents nearest in meaning, best first, among those `allowed` (live, within the filters): cosine
    tilted by the unit's rank (VERSION_TILT), so that of two equal texts the one in force comes first."""
    n = min(depth, int(np.count_nonzero(allowed)))
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    key = np.where(allowed, semantic_scores(cos, rank), -np.inf)
    ids = np.argpartition(-key, n - 1)[:n]
    return ids[np.argsort(-key[ids], kind="stable")]

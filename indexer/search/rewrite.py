"""Rewriting a parsed query against the index: common words pruned, an article named looked up, a law's name
weakened once the document prior has raised that law. Each rewrite keeps results the same or better and the
work small; the weights they use are in ranking.py."""

from __future__ import annotations

from collections.abc import Collection

from whoosh.query import NullQuery, NumericRange, Or, Query, Require, Term

from .analysis import term_article
from .layout import TEXT_FIELDS
from .ranking import (
    ARTICLE_BOOST,
    COLLOQUIAL_WORD_BOOST,
    COMMON_SHARE,
    EVERYDAY_SHARE,
    EVERYDAY_WORD_BOOST,
    MAX_EXPANSION_TERMS,
    MAX_TERMS,
    NAME_WORD_WEIGHT,
    THESAURUS_BOOST,
)


def _flat(q: Query) -> bool:
    """A plain query: an OR of single terms (what parsing.QueryReader makes of words without syntax)."""
    return isinstance(q, Or) and all(isinstance(t, Term) for t in q.subqueries)


def prune(q: Query, reader, colloquial: Collection[str] = ()) -> Query:
    """Drop words that occur in a large share of all units (行政, 机关, "get") when rarer words remain.

    They barely change the ranking (their IDF is near zero) but make scoring touch most of the index:
    dropping them is what keeps a natural-language question at interactive speed. Beyond that, each group
    keeps its rarest few words, `colloquial` words (register.py: 以后, 给, rare in the laws for being spoken
    Chinese, not for being specific) after all others.
    """
    limit = max(50, int(reader.doc_count() * COMMON_SHARE))
    expanded = {t.text for t in q.leaves() if isinstance(t, Term) and t.fieldname in TEXT_FIELDS and t.boost == THESAURUS_BOOST}
    texts = {text for fieldname, text in q.iter_all_terms() if fieldname in TEXT_FIELDS}
    common: set[str] = set()
    # words typed and legal terms from the thesaurus each keep their own rarest few
    for group, budget in ((texts - expanded, MAX_TERMS), (expanded, MAX_EXPANSION_TERMS)):
        freq = {t: reader.doc_frequency("body", t) for t in group}
        common |= {t for t, n in freq.items() if n > limit}
        # beyond the rarest few words, the rest add little to the order and a lot to the work
        kept = sorted((t in colloquial, n, t) for t, n in freq.items() if 0 < n <= limit)
        common |= {t for _, _, t in kept[budget:]}
        if group is not expanded and not any(0 < n <= limit for n in freq.values()):
            # only common words: keep the MAX_TERMS rarest of them, so a long run of them stays cheap
            occurring = sorted((t in colloquial, n, t) for t, n in freq.items() if n > 0)
            common = {t for _, _, t in occurring[budget:]}
    if not common:
        return q
    if _flat(q):
        return Or([t for t in q.subqueries if not (t.fieldname in TEXT_FIELDS and t.text in common)])

    def drop(node: Query) -> Query:
        if isinstance(node, Term) and node.fieldname in TEXT_FIELDS and node.text in common:
            return NullQuery
        return node

    return q.accept(drop).normalize()


def with_article_lookup(q: Query, original: Query) -> Query:
    """ "行政许可法第42条" names a clause: add a lookup of article 42 in documents whose title has the other words.

    The general query still runs beside it, so a question that merely mentions an article is not narrowed.
    """
    texts = [str(t) for f, t in original.iter_all_terms() if f == "body"]
    # article numbers beyond any law (and beyond Whoosh's 32-bit numeric field) cannot name a clause
    numbers = [n for n in (term_article(t) for t in texts) if n is not None and 0 < n < 100_000]
    words = [t for t in texts if term_article(t) is None]
    if not numbers or not words:
        return q
    lookups = [Require(Or([Term("doc", w) for w in words]), NumericRange("article", n, n)) for n in numbers[:3]]
    return Or([q, *[lookup.with_boost(ARTICLE_BOOST) for lookup in lookups]])


def name_words_weaker(q: Query, names: list[str]) -> Query:
    """Words of a law's name weigh less once the prior has raised that law: 政府信息公开 is in nearly every
    article of 政府信息公开条例, so among them it is the other words (费用) that tell which article answers."""
    if not names or NAME_WORD_WEIGHT == 1.0 or not _flat(q):
        return q
    return Or(
        [
            Term(t.fieldname, t.text, boost=t.boost * NAME_WORD_WEIGHT)
            if t.fieldname in TEXT_FIELDS and any(t.text in name for name in names)
            else t
            for t in q.subqueries
        ]
    )


def everyday_words_weaker(q: Query, everyday: list[str], reader) -> Query:
    """Words typed as part of an everyday word the thesaurus knows (孩子, 楼上, 开车) weigh less, where the laws
    hardly use them: the legal terms found for them carry the meaning, and the few units that do say 孩子 would
    otherwise outrank every article that says 未成年人 (a rare word weighs much in BM25). Words the laws use
    often (劳动合同, 复议: thesaurus keys too) keep their weight."""
    if not everyday or EVERYDAY_WORD_BOOST == 1.0 or not _flat(q):
        return q
    limit = reader.doc_count() * EVERYDAY_SHARE
    weaker = {
        t.text
        for t in q.subqueries
        if t.fieldname == "body"
        and t.boost == 1.0
        and any(t.text in w for w in everyday)
        and reader.doc_frequency("body", t.text) <= limit
    }
    if not weaker:
        return q
    return Or(
        [Term(t.fieldname, t.text, boost=EVERYDAY_WORD_BOOST) if t.text in weaker and t.boost == 1.0 else t for t in q.subqueries]
    )


def colloquial_words_weaker(q: Query, colloquial: Collection[str]) -> Query:
    """Spoken words typed (register.py: 以后, 给, 办) weigh less: the laws hardly use them, so they are rare in the
    index and would otherwise outweigh the words that say what a question is about. Only words at full weight:
    one already weaker as part of an everyday word stays at that weight, and legal terms keep theirs."""
    if not colloquial or COLLOQUIAL_WORD_BOOST == 1.0 or not _flat(q):
        return q
    return Or(
        [
            Term(t.fieldname, t.text, boost=COLLOQUIAL_WORD_BOOST)
            if t.fieldname in TEXT_FIELDS and t.text in colloquial and t.boost == 1.0
            else t
            for t in q.subqueries
        ]
    )

"""Spoken and legal Chinese: which typed words are colloquial, and what the query rewrite does with them."""

from __future__ import annotations

from conftest import FakeReader
from whoosh.query import Or, Term

from indexer.search.ranking import COLLOQUIAL_WORD_BOOST, MAX_TERMS, THESAURUS_BOOST
from indexer.search.register import Register
from indexer.search.rewrite import colloquial_words_weaker, prune

GENERAL = {
    "later": 5_000,
    "以后": 21_386,
    "必须": 21_884,
    "给": 69_480,
    "受理": 1_212,
    "许可": 623,
    "劳动合同": 3,
    "首问负责制": 20_000,
}
"""jieba's frequencies (of a total of 60 million words) for a few words; 首问负责制 is the organ's own word, which
the query dictionary lists at 20,000 so that it stays whole."""


LAWS = FakeReader(  # an index of 20,000 units of laws
    {"later": 0, "以后": 47, "必须": 499, "给": 264, "受理": 587, "许可": 761, "劳动合同": 279, "首问负责制": 2, "办结": 90},
    units=20_000,
)


def test_words_far_commoner_in_speech_than_in_the_laws_are_colloquial() -> None:
    register = Register(GENERAL, 60_000_000, own_words=["首问负责制"])
    assert {w for w in GENERAL if register.colloquial(w, LAWS)} == {"以后", "给"}  # 必须 is the laws' word too
    assert not register.colloquial("办结", LAWS)  # unknown to general text: a word of the laws' own
    assert not register.colloquial("首问负责制", LAWS)  # the organ's own word, however the dictionary lists it
    assert not register.colloquial("later", LAWS)  # English words are not judged, however common in speech


def test_colloquial_words_go_last_in_the_pruning_budget() -> None:
    register = Register(GENERAL, 60_000_000)
    typed = ["以后", "必须", "给", "受理", "许可", "劳动合同", "办结"]
    q = Or([Term("body", w) for w in typed])
    colloquial = {w for w in typed if register.colloquial(w, LAWS)}
    kept = {t.text for t in prune(q, LAWS, colloquial).subqueries}
    assert len(kept) == MAX_TERMS
    assert {"受理", "许可", "劳动合同", "办结"} <= kept  # rarer spoken words no longer crowd them out
    rarest_first = {t.text for t in prune(q, LAWS).subqueries}
    assert "许可" not in rarest_first  # what happened before: 以后 (47 units) outranked 许可 (761)


def test_colloquial_words_weigh_less_and_nothing_else_changes() -> None:
    q = Or([Term("body", "以后"), Term("title", "以后"), Term("body", "受理"), Term("body", "期限", boost=THESAURUS_BOOST)])
    boosts = {(t.fieldname, t.text): t.boost for t in colloquial_words_weaker(q, {"以后"}).subqueries}
    assert boosts[("body", "以后")] == boosts[("title", "以后")] == COLLOQUIAL_WORD_BOOST < 1.0
    assert boosts[("body", "受理")] == 1.0 and boosts[("body", "期限")] == THESAURUS_BOOST

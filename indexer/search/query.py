"""Answering a query: the public entry point, coordinating the parts within a time bound.

parsing.py reads the query, rewrite.py fits it to the index, scoring.py scores it (one BM25F, knobs in
ranking.py), facets.py counts the matches, hits.py and snippets.py present them, suggest.py offers a spelling.
Every failure a user can cause ends in results or a message, never an exception.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.filedb.filestore import FileStorage
from whoosh.query import And, Every, Query, Require, Term

from ..i18n import LANGUAGES, _, current_language, use_language
from .analysis import add_words, analyzer, full_segmenter, query_segmenter
from .facets import facet_counts
from .hits import Hit, SearchResult, hit_of
from .layout import CODE_FIELDS, SEGMENTER, TABLE, TEXT_FIELDS, THESAURUS, TITLES, WORDS
from .parsing import MAX_QUERY_CHARS, QueryError, QueryReader, filter_terms, is_plain, split_filters
from .postings import map_term_dictionaries
from .prior import TitlePrior
from .ranking import SEMANTIC_DEPTH, document_prior, fuse, semantic_order, semantic_scores, semantic_weight
from .register import Register
from .rewrite import colloquial_words_weaker, everyday_words_weaker, name_words_weaker, prune, with_article_lookup
from .scoring import Evaluator, top
from .semantic import SemanticVectors
from .suggest import Suggester
from .synonyms import Synonyms
from .table import DocTable, identity
from .thesaurus import Thesaurus, compiled

MAX_LIMIT = 100

__all__ = ["MAX_LIMIT", "MAX_QUERY_CHARS", "Hit", "QueryError", "SearchResult", "Searcher"]


@dataclass
class Plan:
    query: Query
    """The query to score, filters included (as a `Require`)."""
    prior: dict[str, float]
    """Item id -> factor for the laws the query names (the document prior)."""
    terms: set[str]
    """The text terms looked for, which the snippets mark."""
    text: str = ""
    """The words of the query, filters taken out (what the semantic signal reads)."""
    scope: Query | None = None
    """The filters alone (they bound the semantic signal's documents too)."""
    legal: tuple[str, ...] = ()
    """The thesaurus's legal terms for the everyday words of a plain query (none for query syntax: not for the
    words after NOT), read once for the rewrite and the semantic query."""


def _mask(q: Query, searcher, size: int) -> np.ndarray:
    """The documents a filter query admits, as a boolean array."""
    mask = np.zeros(size, dtype=bool)
    mask[np.fromiter(q.docs(searcher), dtype=np.int64)] = True
    return mask


class Searcher:
    """One open index. Thread-safe for searching; reopen (new instance) after a rebuild."""

    def __init__(
        self,
        index_dir: Path,
        synonyms: Synonyms | None = None,
        *,
        thesaurus: bool = True,
        prior: bool = True,
        semantic: bool = True,
    ) -> None:
        """`thesaurus`, `prior`, `semantic`: False leaves out the packaged legal thesaurus, the document prior or the
        semantic signal (to measure them). The semantic signal is used where the index carries its vectors."""
        self.dir = index_dir
        # without Whoosh's mmap, which copies every segment file it opens into a BytesIO (160 MB for laws-cn): read
        # through the file, a query touches only the blocks it needs (and the term dictionaries are mapped, see
        # postings.map_term_dictionaries)
        self.ix = FileStorage(str(index_dir), supports_mmap=False).open_index()
        self.synonyms = synonyms or Synonyms()
        self.thesaurus = Thesaurus.of(compiled(index_dir / THESAURUS) if thesaurus else {}, self.synonyms.expansions)
        self.prior = TitlePrior.load(index_dir / TITLES) if prior else None
        words = index_dir / WORDS
        self._own_words = words.read_text(encoding="utf-8").split("\n") if words.is_file() else []
        self._full_ready = False
        # plain queries are segmented with the index's own part of jieba's dictionary (quick to load); the parser,
        # for phrases and operators, uses the schema's analyzer and so jieba's full dictionary, loaded when needed
        segmenter = query_segmenter(index_dir / SEGMENTER)
        if segmenter is None:
            self._full_segmenter()
        self.register = Register.of(segmenter or full_segmenter(), self._own_words)
        self.analyzer = analyzer(segmenter)
        self.reader = QueryReader(self.ix.schema, self.analyzer, self.synonyms, self.thesaurus, self._full_segmenter)
        self.suggester = Suggester(index_dir, self.analyzer)
        self._local = threading.local()
        self._table: DocTable | None = None
        self._table_lock = threading.Lock()
        self._semantic_wanted = semantic
        self._vectors: SemanticVectors | None = None

    def _full_segmenter(self) -> None:
        if not self._full_ready:
            add_words(self._own_words)
            self._full_ready = True

    @staticmethod
    def is_plain(query: str) -> bool:
        """Words and filters only: answered in milliseconds (the server answers these without a thread)."""
        return is_plain(query)

    def parse(self, query: str) -> Query:
        """The Whoosh query for `query`'s text (filters split off); raises QueryError with what to do instead."""
        return self.reader.parse(query)

    def warm(self) -> None:
        """Open the index, read its per-document arrays and load jieba's dictionary now (1.5 s on laws-cn)."""
        self.table(self._searcher_for_thread())
        list(self.analyzer("预热 warm-up"))

    def table(self, searcher) -> DocTable:
        """The per-document arrays scoring reads, read once per open index."""
        with self._table_lock:
            if self._table is None:
                self._table = DocTable.of(searcher.reader(), TEXT_FIELDS, CODE_FIELDS, saved=self.dir / TABLE)
                if self._semantic_wanted:  # only an index built with `search.semantic` has vectors
                    self._vectors = SemanticVectors.load(self.dir, identity(searcher.reader()))
            return self._table

    @property
    def semantic(self) -> bool:
        """Whether answers fuse the semantic signal with BM25 (the index has vectors and they are wanted)."""
        self.table(self._searcher_for_thread())
        return self._vectors is not None

    def _searcher_for_thread(self):
        """Whoosh searchers are not safe to share between threads: one per thread, kept for reuse."""
        s = getattr(self._local, "s", None)
        if s is None:
            s = self._local.s = self.ix.searcher()
            map_term_dictionaries(s.reader())
        return s

    def search(
        self,
        query: str,
        *,
        type: str | None = None,
        post: str | None = None,
        department: str | None = None,
        status: str | None = None,
        limit: int = 10,
        offset: int = 0,
        time_limit: float = 2.0,
        facets: bool = True,
        lang: str | None = None,
    ) -> SearchResult:
        """`lang`: the reader's language; hits then carry that language's title, heading and page (where published),
        and messages are in it."""
        if lang in LANGUAGES and lang != current_language():
            with use_language(lang):
                return self.search(
                    query, type=type, post=post, department=department, status=status, limit=limit, offset=offset,
                    time_limit=time_limit, facets=facets, lang=lang,
                )  # fmt: skip
        started = time.perf_counter()
        result = SearchResult(query=query)
        if len(query) > MAX_QUERY_CHARS:
            query = query[:MAX_QUERY_CHARS]
            result.message = _("query cut to its first {limit} characters").format(limit=MAX_QUERY_CHARS)
        limit = max(1, min(int(limit), MAX_LIMIT))
        offset = max(0, int(offset))
        searcher = self._searcher_for_thread()
        plan = self.plan(query, searcher, {"type": type, "post": post, "department": department, "status": status}, result)
        if plan is None:
            return result
        table = self.table(searcher)
        evaluation = Evaluator(table, searcher, TEXT_FIELDS, started + time_limit).run(plan.query)
        for item_id, factor in plan.prior.items():
            docs = np.fromiter(Term("item_id", item_id).docs(searcher), dtype=np.int64)
            evaluation.scores[docs] *= factor
        ids = np.flatnonzero(evaluation.matched)
        ranked = top(evaluation.scores, ids, offset + limit)
        if self._vectors is not None and plan.text.strip():
            allowed = table.live if plan.scope is None else table.live & _mask(plan.scope, searcher, table.size)
            cos = self._vectors.scores(plan.text, " ".join([plan.text, *plan.legal]) if plan.legal else None)
            nearest = semantic_order(cos, allowed, table.rank)
            meaning = zip(nearest.tolist(), semantic_scores(cos[nearest], table.rank[nearest]).tolist(), strict=True)
            lexical = top(evaluation.scores, ids, SEMANTIC_DEPTH)
            ranked = fuse(lexical, list(meaning), weight=semantic_weight(plan.text))[: offset + limit]
            ids = np.union1d(ids, nearest)
        for docnum, score in ranked[offset:]:
            result.hits.append(hit_of(searcher.stored_fields(docnum), score, plan.terms, lang))
        result.total = len(ids)
        if facets:
            result.facets = facet_counts(table, ids, evaluation.matched)
        if evaluation.timed_out:
            result.timed_out = result.facets_partial = True
            result.message = _("the search took too long; these are the results found so far")
        if len(result.hits) < 3:
            result.did_you_mean = self.suggester.suggest(query, searcher.reader())
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def plan(self, query: str, searcher, filters: dict[str, str | None], result: SearchResult) -> Plan | None:
        """What will be scored for `query` (cut to MAX_QUERY_CHARS) with these filters; None with `result.message`
        saying why when there is nothing to search."""
        text, inline = split_filters(query)
        q = self._read(text, inline, query, result)
        if q is None:
            return None
        prior = self.prior_factors(text)
        names = self.prior.names_of(prior) if self.prior is not None and prior else []
        reader = searcher.reader()
        everyday, legal = self.thesaurus.read(text) if self.is_plain(text) else ([], [])
        # every word looked for: in the pruning budget of the words typed and of the legal terms alike, spoken
        # words come last (a legal term such as 休息 can be commoner in speech than in the laws); only those typed
        # weigh less (colloquial_words_weaker)
        colloquial = {t for f, t in q.iter_all_terms() if f == "body" and self.register.colloquial(t, reader)}
        rewritten = colloquial_words_weaker(everyday_words_weaker(prune(q, reader, colloquial), everyday, reader), colloquial)
        q = with_article_lookup(name_words_weaker(rewritten, names), q)
        terms = {t.decode() if isinstance(t, bytes) else t for f, t in q.iter_all_terms() if f in TEXT_FIELDS}
        scoped = filter_terms(filters, inline)
        scope = And(scoped) if scoped else None
        return Plan(Require(q, scope) if scope is not None else q, prior, terms, text, scope, tuple(legal))

    def _read(self, text: str, inline: list[tuple[str, str]], query: str, result: SearchResult) -> Query | None:
        """The query, or None with `result.message` saying why there is none."""
        try:
            return self.parse(text) if text or not inline else Every()
        except QueryError as exc:
            result.message = str(exc)
            return None
        except Exception:  # the parser met something it cannot read: fall back to the plain words
            try:
                return self.parse(" ".join(re.findall(r"[^\W_]+", query)))
            except Exception:
                result.message = _("could not read the query: try plain words")
                return None

    def prior_factors(self, text: str) -> dict[str, float]:
        """How much to raise the units of each law the query names (see prior.py): item id -> factor."""
        if self.prior is None or not text:
            return {}
        return {m.item_id: document_prior(m.share) for m in self.prior.match(text)}

    def suggest(self, query: str) -> str | None:
        """For English words the index has never seen, the closest known word; None when nothing changes."""
        return self.suggester.suggest(query, self._searcher_for_thread().reader())

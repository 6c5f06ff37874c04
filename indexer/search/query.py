"""Answering a query: parse safely, expand synonyms, filter, rank, highlight, all within a time bound.

Every failure a user can cause (quotes left open, a lone `AND`, 10,000
characters, a bare `*`) ends in results or a message, never an exception.
"""

from __future__ import annotations

import difflib
import html
import json
import os
import re
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from whoosh import qparser
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.filedb.filestore import FileStorage
from whoosh.query import And, Every, NullQuery, NumericRange, Or, Query, Require, Term

from ..errors import InputError
from ..i18n import _
from ..itemtypes import search_priors
from .analysis import add_words, analyzer, query_segmenter, strip_question_words
from .layout import CODE_FIELDS, SEGMENTER, TABLE, TEXT_FIELDS, TITLES, VOCAB, WORDS
from .prior import PRIOR_WEIGHT, TitlePrior
from .snippets import snippet as make_snippet
from .synonyms import Synonyms
from .thesaurus import Thesaurus, packaged
from .vectors import DocTable, Evaluator, UnsupportedQueryError, top

MAX_QUERY_CHARS = 500
SYNONYM_BOOST = 0.8
THESAURUS_BOOST = float(os.environ.get("RULEBOOK_THESAURUS_BOOST", "0.5"))
"""Legal terms found for everyday words weigh this much of a word typed."""
NAME_WORD_WEIGHT = float(os.environ.get("RULEBOOK_NAME_WORD_WEIGHT", "0.5"))
MAX_EXPANSION_TERMS = 6
"""Terms from the thesaurus kept in a query after pruning (the rarest), beside the MAX_TERMS words typed."""
_SYNTAX = re.compile(r'["()\[\]{}:^~*?]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\b')
COMMON_SHARE = 0.06
MAX_TERMS = int(os.environ.get("RULEBOOK_MAX_TERMS", "6"))
ARTICLE_BOOST = 3.0
_ARTICLE_TERM = re.compile(r"art\d+")
MAX_LIMIT = 100
FACETS = {"type": "type", "department": "department", "post": "posts", "status": "status"}


@dataclass
class Hit:
    id: str
    title: str
    type: str
    url: str
    anchor: str | None
    heading: str | None
    article: int | None
    origin: str | None
    score: float
    snippet: str
    status: str
    department: str | None
    posts: list[str]
    version: str | None


@dataclass
class SearchResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    facets_partial: bool = False
    """True when the match set was too large to count in full: `total` and the facets then count its first part."""
    did_you_mean: str | None = None
    message: str | None = None
    timed_out: bool = False
    elapsed_ms: float = 0.0

    def to_json(self) -> dict[str, object]:
        return asdict(self)


class QueryError(InputError):
    """A query that cannot be run; the message says what to do instead."""


def _parser(schema) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(TEXT_FIELDS, schema, group=qparser.OrGroup)
    parser.remove_plugin_class(qparser.WildcardPlugin)  # `*` and `?` are plain characters: no runaway expansions
    parser.remove_plugin_class(qparser.BoostPlugin)
    parser.add_plugin(qparser.FieldAliasPlugin({"posts": ["post"], "tags": ["tag"], "department": ["dept"]}))
    return parser


_FILTER_SYNTAX = re.compile(r"(?<![\w:])(type|post|posts|department|dept|status|tag|tags):(\"[^\"]*\"|\S+)", re.I)
_FILTER_FIELDS = {
    "type": "type",
    "post": "posts",
    "posts": "posts",
    "department": "department",
    "dept": "department",
    "status": "status",
    "tag": "tags",
    "tags": "tags",
}


def split_filters(query: str) -> tuple[str, list[tuple[str, str]]]:
    """`type:procedure post:window-clerk leave` -> ("leave", [("type", "procedure"), ("posts", "window-clerk")])."""
    found: list[tuple[str, str]] = []

    def take(m: re.Match[str]) -> str:
        value = m.group(2).strip('"')
        if value:
            field = _FILTER_FIELDS[m.group(1).lower()]
            found.append((field, value.lower() if field in ("posts", "tags") else value))
        return " "

    return _FILTER_SYNTAX.sub(take, query).strip(), found


def _clean(query: str) -> str:
    """Make any string parseable: balance quotes and brackets, drop dangling operators."""
    q = query.replace("\u3000", " ").strip()
    if q.count('"') % 2:
        q = q.replace('"', " ")
    depth = 0
    out = []
    for ch in q:
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    q = "".join(out) + ")" * depth
    q = re.sub(r"^\s*(AND|OR|NOT|ANDNOT|ANDMAYBE)\b|\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\s*$", " ", q)
    q = re.sub(r"\(\s*\)", " ", q)
    return q.strip()


FACET_DOCS = 5000


class Searcher:
    """One open index. Thread-safe for searching; reopen (new instance) after a rebuild."""

    def __init__(
        self,
        index_dir: Path,
        synonyms: Synonyms | None = None,
        *,
        scoring: str = "bm25f",
        thesaurus: bool = True,
        prior: bool = True,
    ) -> None:
        """`scoring`: "bm25f" (arrays, one score per word across fields: the default), "fields" (arrays, a BM25
        per field summed, as Whoosh scores) or "whoosh" (Whoosh's own matchers: the reference "fields" is tested
        against, and the path phrases and NOT always take)."""
        if scoring not in ("bm25f", "fields", "whoosh"):
            raise ValueError(f"unknown scoring {scoring!r}")
        self.dir = index_dir
        self.scoring = scoring
        # without mmap: whoosh-reloaded copies every memory-mapped segment file it opens into a BytesIO (160 MB
        # for laws-cn); read through the file, a query touches only the blocks it needs
        self.ix = FileStorage(str(index_dir), supports_mmap=os.environ.get("RULEBOOK_MMAP") == "1").open_index()
        self.synonyms = synonyms or Synonyms()
        self.thesaurus = Thesaurus.of(packaged() if thesaurus else {}, self.synonyms.expansions)
        self.prior = TitlePrior.load(index_dir / TITLES) if prior else None
        words = index_dir / WORDS
        self._own_words = words.read_text(encoding="utf-8").split("\n") if words.is_file() else []
        self._full_ready = False
        # plain queries are segmented with the index's own part of jieba's dictionary (quick to load); the parser,
        # for phrases and operators, uses the schema's analyzer and so jieba's full dictionary, loaded when needed
        segmenter = query_segmenter(index_dir / SEGMENTER)
        if segmenter is None:
            self._full_segmenter()
        self.parser = _parser(self.ix.schema)
        self.analyzer = analyzer(segmenter)
        self._local = threading.local()
        self._vocab: dict[str, list[str]] | None = None
        self._table: DocTable | None = None
        self._table_lock = threading.Lock()

    def _full_segmenter(self) -> None:
        if not self._full_ready:
            add_words(self._own_words)
            self._full_ready = True

    def is_plain(self, query: str) -> bool:
        """Words and filters only (no quotes, brackets, operators, text-field syntax): the fast array path."""
        text, _filters = split_filters(query[:MAX_QUERY_CHARS])
        return self.scoring != "whoosh" and not _SYNTAX.search(_clean(text))

    def warm(self) -> None:
        """Open the index, read its per-document arrays and load jieba's dictionary now (1.5 s on laws-cn)."""
        self.table(self._searcher_for_thread())
        list(self.analyzer("预热 warm-up"))

    def table(self, searcher) -> DocTable:
        """The per-document arrays the fast path scores with, read once per open index."""
        with self._table_lock:
            if self._table is None:
                self._table = DocTable.of(searcher.reader(), TEXT_FIELDS, CODE_FIELDS, search_priors(), saved=self.dir / TABLE)
            return self._table

    def _searcher_for_thread(self):
        """Whoosh searchers are not safe to share between threads: one per thread, kept for reuse."""
        s = getattr(self._local, "s", None)
        if s is None:
            s = self._local.s = self.ix.searcher()
        return s

    def parse(self, query: str) -> Query:
        cleaned = _clean(query)
        if not cleaned or not re.search(r"[^\W_]", cleaned):
            raise QueryError(_("type some words to search for (a bare * or punctuation finds nothing)"))
        if not _SYNTAX.search(cleaned):
            content = strip_question_words(cleaned)
            plain = self._plain(content, 1.0)
            if not plain:
                raise QueryError(_("nothing searchable in the query: try other words"))
            typed = {t.text for t in plain}
            legal = " ".join(self.thesaurus.expand(cleaned))
            plain += [t for t in self._plain(legal, THESAURUS_BOOST) if t.text not in typed]
            for variant in self.synonyms.variants(content):
                plain += self._plain(variant, SYNONYM_BOOST)
            return Or(plain)
        self._full_segmenter()
        parsed = self.parser.parse(cleaned)
        if parsed is NullQuery or isinstance(parsed, Every):
            raise QueryError(_("nothing searchable in the query: try other words"))
        variants = [self.parser.parse(_clean(v)) for v in self.synonyms.variants(cleaned)]
        if variants:
            parsed = Or([parsed, *[v.with_boost(SYNONYM_BOOST) for v in variants]])
        return parsed

    def _plain(self, text: str, boost: float) -> list[Query]:
        """Words without query syntax, as the parser would read them, without its cost (4 ms a query).

        Each whitespace-separated word is analysed on its own, as Whoosh's parser does, and every term is
        looked for in every text field; the parser's nested groups add up to the same flat sum.
        """
        texts = dict.fromkeys(t.text for word in text.split() for t in self.analyzer(word))
        return [Term(field, t, boost=boost) for t in texts for field in TEXT_FIELDS]

    def prune(self, q: Query, reader) -> Query:
        """Drop words that occur in a large share of all units (行政, 机关, "get") when rarer words remain.

        They barely change the ranking (their IDF is near zero) but make Whoosh score most of the index:
        dropping them is what keeps a natural-language question at interactive speed.
        """
        limit = max(50, int(reader.doc_count() * COMMON_SHARE))
        expanded = {
            t.text for t in q.leaves() if isinstance(t, Term) and t.fieldname in TEXT_FIELDS and t.boost == THESAURUS_BOOST
        }
        texts = {text for fieldname, text in q.iter_all_terms() if fieldname in TEXT_FIELDS}
        common: set[str] = set()
        # words typed and legal terms from the thesaurus each keep their own rarest few
        for group, budget in ((texts - expanded, MAX_TERMS), (expanded, MAX_EXPANSION_TERMS)):
            freq = {t: reader.doc_frequency("body", t) for t in group}
            common |= {t for t, n in freq.items() if n > limit}
            # beyond the rarest few words, the rest add little to the order and a lot to the work
            kept = sorted((n, t) for t, n in freq.items() if 0 < n <= limit)
            common |= {t for _, t in kept[budget:]}
            if group is not expanded and not any(0 < n <= limit for n in freq.values()):
                # only common words: keep the MAX_TERMS rarest of them, so a long run of them stays cheap
                occurring = sorted((n, t) for t, n in freq.items() if n > 0)
                common = {t for _, t in occurring[budget:]}
        if not common:
            return q

        if isinstance(q, Or) and all(isinstance(t, Term) for t in q.subqueries):  # a plain query: filter it directly
            return Or([t for t in q.subqueries if not (t.fieldname in TEXT_FIELDS and t.text in common)])

        def drop(node: Query) -> Query:
            if isinstance(node, Term) and node.fieldname in TEXT_FIELDS and node.text in common:
                return NullQuery
            return node

        return q.accept(drop).normalize()

    @staticmethod
    def with_article_lookup(q: Query, original: Query) -> Query:
        """ "行政许可法第42条" names a clause: add a lookup of article 42 in documents whose title has the other words.

        The general query still runs beside it, so a question that merely mentions an article is not narrowed.
        """
        texts = [str(t) for f, t in original.iter_all_terms() if f == "body"]
        # article numbers beyond any law (and beyond Whoosh's 32-bit numeric field) cannot name a clause
        numbers = [n for n in (int(t[3:]) for t in texts if _ARTICLE_TERM.fullmatch(t)) if 0 < n < 100_000]
        words = [t for t in texts if not _ARTICLE_TERM.fullmatch(t)]
        if not numbers or not words:
            return q
        lookups = [Require(Or([Term("doc", w) for w in words]), NumericRange("article", n, n)) for n in numbers[:3]]
        return Or([q, *[lookup.with_boost(ARTICLE_BOOST) for lookup in lookups]])

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
        """`lang`: the reader's language; hits then carry that language's title, heading and page (where published)."""
        started = time.perf_counter()
        result = SearchResult(query=query)
        if len(query) > MAX_QUERY_CHARS:
            query = query[:MAX_QUERY_CHARS]
            result.message = _("query cut to its first {limit} characters").format(limit=MAX_QUERY_CHARS)
        limit = max(1, min(int(limit), MAX_LIMIT))
        offset = max(0, int(offset))
        text, inline = split_filters(query)
        try:
            q = self.parse(text) if text or not inline else Every()
        except QueryError as exc:
            result.message = str(exc)
            return result
        except Exception:  # the parser met something it cannot read: fall back to the plain words
            words = " ".join(re.findall(r"[^\W_]+", query))
            try:
                q = self.parse(words)
            except Exception:
                result.message = _("could not read the query: try plain words")
                return result
        filters = [
            Term(_FILTER_FIELDS[name], value.lower() if name == "post" else value)
            for name, value in (("type", type), ("post", post), ("department", department), ("status", status))
            if value
        ] + [Term(field, value) for field, value in inline]
        searcher = self._searcher_for_thread()
        prior = self.prior_factors(text)
        q = self.with_article_lookup(self.name_words_weaker(self.prune(q, searcher.reader()), prior), q)
        flt = And(filters) if filters else None
        terms = {
            text.decode() if isinstance(text, bytes) else text
            for fieldname, text in q.iter_all_terms()
            if fieldname in TEXT_FIELDS
        }
        # Whoosh's TimeLimitCollector bypasses its child's `filter`, so the filter goes into the query itself
        scoped = Require(q, flt) if flt is not None else q
        try:
            if self.scoring == "whoosh":
                raise UnsupportedQueryError("Whoosh scoring asked for")
            evaluation = Evaluator(
                self.table(searcher), searcher, TEXT_FIELDS, started + time_limit, combined=self.scoring == "bm25f"
            ).run(scoped)
        except UnsupportedQueryError:  # phrases, NOT: Whoosh's own matchers
            self._search_whoosh(result, searcher, scoped, terms, offset, limit, time_limit, facets, started, prior, lang)
        else:
            for item_id, factor in prior.items():
                docs = np.fromiter(Term("item_id", item_id).docs(searcher), dtype=np.int64)
                evaluation.scores[docs] *= factor
            ids = np.flatnonzero(evaluation.matched)
            for docnum, score in top(evaluation.scores, ids, offset + limit)[offset:]:
                result.hits.append(self._hit(searcher.stored_fields(docnum), score, terms, lang))
            result.total = len(ids)
            if facets and self._table is not None:
                result.facets = self._table.counts(ids, evaluation.matched)
            if evaluation.timed_out:
                result.timed_out = True
                result.facets_partial = True
                result.message = _("the search took too long; these are the results found so far")
        if isinstance(q, Every):
            for h in result.hits:
                h.snippet = h.snippet or ""
        if len(result.hits) < 3:
            result.did_you_mean = self.suggest(query)
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def name_words_weaker(self, q: Query, prior: dict[str, float]) -> Query:
        """Words of a law's name weigh less once the prior has raised that law: 政府信息公开 is in nearly every
        article of 政府信息公开条例, so among them it is the other words (费用) that tell which article answers."""
        names = self.prior.names_of(prior) if self.prior is not None and prior else []
        if not names or NAME_WORD_WEIGHT == 1.0 or not (isinstance(q, Or) and all(isinstance(t, Term) for t in q.subqueries)):
            return q
        return Or(
            [
                Term(t.fieldname, t.text, boost=t.boost * NAME_WORD_WEIGHT)
                if t.fieldname in TEXT_FIELDS and any(t.text in name for name in names)
                else t
                for t in q.subqueries
            ]
        )

    def prior_factors(self, text: str) -> dict[str, float]:
        """How much to raise the units of each law the query names (see prior.py): item id -> factor."""
        if self.prior is None or not text:
            return {}
        return {m.item_id: 1.0 + PRIOR_WEIGHT * m.share for m in self.prior.match(text)}

    def _search_whoosh(
        self,
        result: SearchResult,
        searcher,
        scoped: Query,
        terms: set[str],
        offset: int,
        limit: int,
        time_limit: float,
        facets: bool,
        started: float,
        prior: dict[str, float],
        lang: str | None = None,
    ) -> None:
        """The general path, through Whoosh's matcher tree: every query the array path does not take."""
        k = max(30, (offset + limit) * 2)
        # whoosh-reloaded 2.7.5's block-quality skipping can loop forever on boosted disjunctions (and trips an
        # assertion inside Require); without it every match is scored, which the time bound can always stop
        results, timed_out = self._run(searcher, scoped, k, time_limit, optimize=False)
        if timed_out:
            result.timed_out = True
            result.message = _("the search took too long; these are the results found so far")
        # the same priors as the array path: status, version, type, source (all in the table's rank) and the law named
        rank = self.table(searcher).rank
        ranked = sorted(
            ((hit.score * float(rank[hit.docnum]) * prior.get(hit["item_id"], 1.0), hit) for hit in results),
            key=lambda sh: -sh[0],
        )
        for score, hit in ranked[offset : offset + limit]:
            result.hits.append(self._hit(hit, score, terms, lang))
        if facets and not result.timed_out:
            result.total, result.facets_partial, result.facets = self._facets(searcher, scoped, deadline=started + time_limit)
        else:
            result.total = len(results) if results.has_exact_length() else results.estimated_length()

    def _run(self, searcher, q: Query, k: int, time_limit: float, optimize: bool):
        """Top-k hits and whether the time bound cut the search short (then the hits are those found so far)."""
        collector = TimeLimitCollector(searcher.collector(limit=k, optimize=optimize), timelimit=time_limit, use_alarm=False)
        try:
            searcher.search_with_collector(q, collector)
        except TimeLimit:
            return collector.results(), True
        return collector.results(), False

    def _facets(self, searcher, q: Query, deadline: float) -> tuple[int, bool, dict[str, dict[str, int]]]:
        """Counts by type, department, post and status over the matches (filters included), read from columns."""
        reader = searcher.reader()
        columns = {name: reader.column_reader(field) for name, field in FACETS.items()}
        counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
        total = 0
        partial = False
        for n, docnum in enumerate(searcher.docs_for_query(q)):
            total += 1
            for name, column in columns.items():
                try:
                    value = column[docnum]
                except IndexError:  # whoosh leaves a segment's column short when its last documents lack the field
                    continue
                value = value.decode() if isinstance(value, bytes) else value
                if not value:
                    continue
                if name == "post":
                    counts[name].update(p for p in value.split(",") if p)
                else:
                    counts[name][value] += 1
            if total >= FACET_DOCS or (n % 1024 == 0 and time.perf_counter() > deadline):
                partial = True
                break  # counts so far; the hits themselves are complete
        return total, partial, {name: dict(c.most_common(50)) for name, c in counts.items()}

    def _hit(self, hit, score: float, terms: set[str], lang: str | None = None) -> Hit:
        body = hit.get("body") or ""
        snippet = make_snippet(body, terms) if terms else ""
        if not snippet:
            snippet = html.escape(body[:160] + ("…" if len(body) > 160 else ""))
        snippet = re.sub(r"\s+", " ", snippet).strip()
        posts = [p for p in (hit.get("posts") or "").split(",") if p]
        if lang and hit.get("i18n"):
            own = json.loads(hit["i18n"]).get(lang)
            if own:  # the reader's language: its title, its section heading, its page
                hit = {
                    **(hit.fields() if hasattr(hit, "fields") else hit),
                    "display": own["title"],
                    "url": own["url"],
                    "anchor": own.get("anchor", ""),
                    **({"heading": own["heading"]} if "heading" in own else {}),
                }
        return Hit(
            id=hit["item_id"],
            title=hit["display"],
            type=hit["type"],
            url=hit["url"] + (f"#{hit['anchor']}" if hit.get("anchor") else ""),
            anchor=hit.get("anchor"),
            heading=hit.get("heading") or hit.get("place"),
            article=hit.get("article"),
            origin=hit.get("origin"),
            score=round(score, 4),
            snippet=snippet,
            status=hit.get("status", ""),
            department=hit.get("department"),
            posts=posts,
            version=hit.get("version"),
        )

    def suggest(self, query: str) -> str | None:
        """For English words the index has never seen, the closest known word; None when nothing changes."""
        words = re.findall(r"[A-Za-z]{4,}", query)
        if not words:
            return None
        reader = self._searcher_for_thread().reader()
        vocab = self._vocabulary(reader)
        changed = query
        for word in words:
            stem = next(iter(t.text for t in self.analyzer(word)), word.lower())
            if any(reader.doc_frequency(f, stem) for f in ("title", "body")):
                continue
            candidates = vocab.get(word[0].lower(), [])
            match = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.75)
            if match:
                changed = re.sub(rf"\b{re.escape(word)}\b", match[0], changed)
        return changed if changed != query else None

    def _vocabulary(self, reader) -> dict[str, list[str]]:
        """Known English words (as written, not stemmed), grouped by first letter to keep difflib quick."""
        if self._vocab is None:
            vocab: dict[str, list[str]] = {}
            path = self.dir / VOCAB
            for word in path.read_text(encoding="utf-8").split() if path.is_file() else []:
                vocab.setdefault(word[0], []).append(word)
            self._vocab = vocab
        return self._vocab

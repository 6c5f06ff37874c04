"""Reading what a user typed: cleaning, field filters, plain words or query syntax, synonyms and thesaurus terms.

Every string a user can type (quotes left open, a lone `AND`, 10,000 characters, a bare `*`) becomes a query
or a `QueryError` whose message says what to do instead, never another exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh import qparser
from whoosh.query import Every, NullQuery, Or, Query, Term

from ..errors import InputError
from ..i18n import _
from .analysis import strip_question_words
from .layout import TEXT_FIELDS
from .ranking import SYNONYM_BOOST, THESAURUS_BOOST
from .synonyms import Synonyms
from .thesaurus import Thesaurus

MAX_QUERY_CHARS = 500
_OPERATOR = re.compile(r"\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\b")
SYNTAX = re.compile(r'["()\[\]{}:^~*?]|' + _OPERATOR.pattern)
"""What makes a query more than plain words: quotes, brackets, operators, field syntax."""
_FILTER_SYNTAX = re.compile(r"(?<![\w:])(type|post|posts|department|dept|status|tag|tags):(\"[^\"]*\"|\S+)", re.I)
FILTER_FIELDS = {
    "type": "type",
    "post": "posts",
    "posts": "posts",
    "department": "department",
    "dept": "department",
    "status": "status",
    "tag": "tags",
    "tags": "tags",
}
"""Filter names a user may type (`post:window-clerk`) or pass as options -> the index field they filter on."""


class QueryError(InputError):
    """A query that cannot be run; the message says what to do instead."""


def make_parser(schema) -> qparser.QueryParser:
    """Whoosh's parser for queries with syntax, without wildcards (no runaway expansions) or `^` boosts."""
    parser = qparser.MultifieldParser(TEXT_FIELDS, schema, group=qparser.OrGroup)
    parser.remove_plugin_class(qparser.WildcardPlugin)  # `*` and `?` are plain characters
    parser.remove_plugin_class(qparser.BoostPlugin)
    parser.add_plugin(qparser.FieldAliasPlugin({"posts": ["post"], "tags": ["tag"], "department": ["dept"]}))
    return parser


def split_filters(query: str) -> tuple[str, list[tuple[str, str]]]:
    """`type:procedure post:window-clerk leave` -> ("leave", [("type", "procedure"), ("posts", "window-clerk")])."""
    found: list[tuple[str, str]] = []

    def take(m: re.Match[str]) -> str:
        value = m.group(2).strip('"')
        if value:
            field = FILTER_FIELDS[m.group(1).lower()]
            found.append((field, value.lower() if field in ("posts", "tags") else value))
        return " "

    return _FILTER_SYNTAX.sub(take, query).strip(), found


def filter_terms(options: dict[str, str | None], inline: list[tuple[str, str]]) -> list[Term]:
    """The filters given as options (type=, post=, department=, status=) and typed in the query, as index terms."""
    terms = [Term(FILTER_FIELDS[name], value.lower() if name == "post" else value) for name, value in options.items() if value]
    return terms + [Term(field, value) for field, value in inline]


def clean(query: str) -> str:
    """Make any string parseable: balance quotes and brackets, drop dangling operators, and read brackets and
    question marks that are only punctuation as such.

    A question mark that ends a word ("能不能兼职?", "Do you have an upcoming trip?") ends a question: typed
    half-width, it read as Whoosh's one-letter wildcard, sent the question down the slow parser path without
    the thesaurus, and loaded jieba's whole dictionary (70 MB). Inside a word (te?t) it is still a wildcard."""
    q = re.sub(r"\?+(?=\s|$)", " ", query.replace("\u3000", " ")).strip()
    if not _OPERATOR.search(q) and not re.search(r":\s*[(\[{]", q):
        # brackets group only around operators or after a field (title:(年假 审批)): "…Act (PRA)" is words
        q = re.sub(r"[()\[\]{}]", " ", q).strip()
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


def is_plain(query: str) -> bool:
    """Words and filters only (no quotes, brackets, operators, text-field syntax): answered in milliseconds."""
    text, _filters = split_filters(query[:MAX_QUERY_CHARS])
    return not SYNTAX.search(clean(text))


class QueryReader:
    """Turns the text of a query (filters already split off) into a Whoosh query over the text fields."""

    def __init__(self, schema, analyzer, synonyms: Synonyms, thesaurus: Thesaurus, full_segmenter: Callable[[], None]) -> None:
        """`analyzer` reads plain words (the index's part of jieba's dictionary, quick to load); the parser, for
        phrases and operators, uses the schema's analyzer and so jieba's full dictionary: `full_segmenter` loads it."""
        self.parser = make_parser(schema)
        self.analyzer = analyzer
        self.synonyms = synonyms
        self.thesaurus = thesaurus
        self._full_segmenter = full_segmenter

    def parse(self, query: str) -> Query:
        cleaned = clean(query)
        if not cleaned or not re.search(r"[^\W_]", cleaned):
            raise QueryError(_("type some words to search for (a bare * or punctuation finds nothing)"))
        if not SYNTAX.search(cleaned):
            content = strip_question_words(cleaned)
            plain = self.words(content, 1.0)
            if not plain:
                raise QueryError(_("nothing searchable in the query: try other words"))
            typed = {t.text for t in plain}
            legal = " ".join(self.thesaurus.expand(cleaned))
            plain += [t for t in self.words(legal, THESAURUS_BOOST) if t.text not in typed]
            for variant in self.synonyms.variants(content):
                plain += self.words(variant, SYNONYM_BOOST)
            return Or(plain)
        self._full_segmenter()
        parsed = self.parser.parse(cleaned)
        if parsed is NullQuery or isinstance(parsed, Every):
            raise QueryError(_("nothing searchable in the query: try other words"))
        variants = [self.parser.parse(clean(v)) for v in self.synonyms.variants(cleaned)]
        if variants:
            parsed = Or([parsed, *[v.with_boost(SYNONYM_BOOST) for v in variants]])
        return parsed

    def words(self, text: str, boost: float) -> list[Query]:
        """Words without query syntax, as the parser would read them, without its cost (4 ms a query).

        Each whitespace-separated word is analysed on its own, as Whoosh's parser does, and every term is
        looked for in every text field; the parser's nested groups add up to the same flat sum.
        """
        texts = dict.fromkeys(t.text for word in text.split() for t in self.analyzer(word))
        return [Term(field, t, boost=boost) for t in texts for field in TEXT_FIELDS]

"""Mixed Chinese and English text to search terms.

Chinese runs are segmented with jieba (search mode, so 年休假 also yields 休假);
English words are lower-cased and stemmed; NFKC folds full-width letters and
digits. Article references (第42条, 第四十二条, Article 42) all become the
term `art42`, so either spelling finds the clause. Tokens are numbered one
by one: jieba's own Whoosh analyzer stores character offsets as positions,
which silently breaks phrase queries.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from whoosh.analysis import Composable, StemFilter, Token, Tokenizer

from ..lawtext import ARTICLE_RE, CJK_CHARS, article_of, has_cjk

_CJK = CJK_CHARS
_ARTICLE = ARTICLE_RE
_RUN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[0-9a-z\u00c0-\u024f]+(?:['’][a-z]+)*)")
_STOP = frozenset(
    (
        "a an and are as at be by for from has have in is it its of on or that the to was were will with "
        "i me my we our you your he she they them their this these those there here "
        "do does did doing done get got gets can could should would shall may might must "
        "how what when where who whom which why whether if then than so not no yes "
        "about into out up down over any all some much many more most very just also "
        "am been being having need needs want wants"
    ).split()
    + "的 了 和 与 及 或 是 在 对 等 之 其 该 我 你 吗 呢 吧 啊 怎么 什么 哪些 如何 多少 几 要 会 能 可以 应当 应该".split()
)

QUESTION_WORDS = (
    "能不能 可不可以 可以吗 能否 是不是 是否 有没有 要不要 会不会 需不需要 用不用 该不该 行不行 算不算 对不对 "
    "怎么办 怎么样 怎么 怎样 如何 咋办 为什么 为啥 什么情况下 什么时候 什么样的 什么 啥时候 "
    "哪些情况 哪些 哪个 哪里 哪儿 请问 想问 我想知道 到底 究竟"
).split()
"""How a question is asked, not what it is about (能不能, 什么情况下, 是否): the one list of them. They are taken
out of a query before it is segmented, so that 能不能 does not become the content word 不能. Single characters
(几, 吗) and 多少, 多久 are not in it: taken out, they leave their neighbours to be segmented alone (几岁 -> 岁);
jieba keeps them whole and the stop words drop them. The thesaurus sees the query first, so 多少天 still means
a time limit."""
_PARTICLES = "吗呢吧啊呀么"
"""Sentence-final particles, dropped only before punctuation or the end: 酒吧, 网吧 and 吗啡 are words."""
_QUESTION = re.compile(
    "|".join(re.escape(w) for w in sorted(QUESTION_WORDS, key=len, reverse=True)) + rf"|[{_PARTICLES}]+(?=[\s?？!！。，,；;]|$)"
)


QUESTION_SPAN = re.compile("|".join(re.escape(w) for w in sorted({*QUESTION_WORDS, "多少", "多久"}, key=len, reverse=True)))
"""The question words (能不能, 哪里) and 多少, 多久: an everyday word of the thesaurus no longer than one of them must
not be cut out of its middle (少年 in 多少年); a longer one written for the question (不能开除 in 能不能开除, 罚款交到哪
in 罚款交到哪里) may."""


def strip_question_words(text: str) -> str:
    """The content of a question: `公务员能不能兼职吗` -> `公务员 兼职`; all of it when nothing else is left."""
    content = _QUESTION.sub(" ", text)
    return content if content.strip(" ?？!！。，,") else text


_jieba = None


_import_lock = threading.Lock()


def _import_jieba():
    """jieba, imported without pkg_resources. jieba reaches for pkg_resources only to open its own data files,
    and opens the same files directly where it is missing (relative to the working folder's path, which must
    exist); importing pkg_resources costs a cold search 50 ms. Under a lock, so that no thread meets a half-imported
    jieba; another thread importing pkg_resources in those few milliseconds would fail, so callers import jieba
    before they start threads (the CLI and the server's index loader do)."""
    with _import_lock:
        if "jieba" not in sys.modules:
            had = "pkg_resources" in sys.modules
            if not had:
                sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import pkg_resources` raises ImportError
            try:
                import jieba
            finally:
                if not had:
                    sys.modules.pop("pkg_resources", None)
        import jieba

        return jieba


def _segmenter():
    """jieba with its full dictionary, loaded once per process and quietly (it logs its dictionary loading)."""
    global _jieba
    if _jieba is None:
        jieba = _import_jieba()
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba.dt


full_segmenter = _segmenter
"""jieba's own tokenizer, its whole dictionary loaded (0.6 s): for indexes written before the query dictionary."""


def _own_word(word: str) -> bool:
    return bool(word) and has_cjk(word) and len(word) <= 12


def add_words(words: Iterable[str]) -> None:
    """Teach the segmenter the organ's own terms (aliases such as 首问负责制) so they stay whole."""
    tokenizer = _segmenter()
    for word in words:
        if _own_word(word):
            tokenizer.add_word(word, freq=20000)


def write_query_dictionary(path: Path, index_terms: Iterable[str], own_words: Iterable[str]) -> None:
    """The part of jieba's dictionary a query can use: the words the index holds, every single character, and
    the organ's own words, with jieba's frequencies and total, so a query is segmented as the index was.

    A word the index never holds cannot match; left out, it is split into words the index does hold (医疗期 ->
    医疗 期), which only adds matches: on the relevance questions the answers are the same. Loading 40,000
    words instead of jieba's 350,000 (and their prefixes) makes a cold search quick (0.1 s instead of 0.6 s)
    and saves about 70 MB. Written as JSON with the prefixes jieba looks words up by already in it, so that
    reading it is one `json.loads` (10 ms instead of 33 ms line by line)."""
    full = _segmenter()
    freq = full.FREQ
    words = {w: freq[w] for w in index_terms if freq.get(w)}
    words.update((w, f) for w, f in freq.items() if f and len(w) == 1)
    words.update((w, 20000) for w in own_words if _own_word(w))
    table: dict[str, int] = {}
    for word in sorted(words):
        table[word] = words[word]
        for i in range(1, len(word)):  # jieba looks words up prefix by prefix
            table.setdefault(word[:i], 0)
    path.write_text(json.dumps({"total": full.total, "words": table}, ensure_ascii=False), encoding="utf-8")


def query_segmenter(path: Path):
    """A jieba tokenizer over the dictionary `write_query_dictionary` wrote; None when there is none or it cannot
    be read (the caller then uses jieba's own dictionary)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or type(data.get("total")) is not int or data["total"] <= 0:
        return None
    if not isinstance(data.get("words"), dict) or not all(type(n) is int and n >= 0 for n in data["words"].values()):
        return None  # jieba takes logarithms of these: a zero total or a negative count would fail every query
    jieba = _import_jieba()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = data["words"]
    tokenizer.total = data["total"]
    tokenizer.initialized = True
    return tokenizer


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def article_term(number: int) -> str:
    """The index term for "第42条" / "Article 42" (one term whatever the numeral), so the lookup is a term query."""
    return f"art{number}"


_ARTICLE_TERM = re.compile(r"art(\d+)")


def term_article(term: str) -> int | None:
    """42 for the term "art42" (`article_term`'s inverse); None for any other term."""
    m = _ARTICLE_TERM.fullmatch(term)
    return int(m.group(1)) if m else None


def terms(text: str, stopwords: bool = True, segmenter=None) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) in order; offsets index the folded text, which NFKC keeps aligned for CJK and ASCII.

    `segmenter`: a jieba tokenizer (the query-time one); jieba's full dictionary by default."""
    folded = fold(text)
    last = 0
    for m in _ARTICLE.finditer(folded):
        yield from _plain(folded, last, m.start(), stopwords, segmenter)
        value = article_of(m)
        if value:
            yield article_term(value), m.start(), m.end()
        last = m.end()
    yield from _plain(folded, last, len(folded), stopwords, segmenter)


def _plain(text: str, start: int, end: int, stopwords: bool, segmenter) -> Iterator[tuple[str, int, int]]:
    for m in _RUN.finditer(text, start, end):
        if m.lastgroup == "cjk":
            base = m.start()
            for word, s, e in (segmenter or _segmenter()).tokenize(m.group(0), mode="search"):
                if not (stopwords and word in _STOP):
                    yield word, base + s, base + e
        else:
            word = m.group(0)
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            if not (stopwords and word in _STOP):
                yield word, m.start(), m.end()


class MixedTokenizer(Tokenizer):
    segmenter = None  # indexes written before there was a segmenter unpickle without one

    def __init__(self, segmenter=None) -> None:
        self.segmenter = segmenter

    def __getstate__(self) -> dict[str, object]:
        return {}  # the schema is pickled into the index: the segmenter is never part of it

    def __setstate__(self, state: dict[str, object]) -> None:
        self.segmenter = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MixedTokenizer)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (text, start, end) in enumerate(terms(value, segmenter=self.segmenter)):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class _AsciiStem(StemFilter):
    """Stem English words only: Chinese words and article terms pass through untouched."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:  # type: ignore[override]
        stemfn = self._stem
        for t in tokens:
            if not t.stopped and t.text.isascii() and t.text.isalpha():
                t.text = stemfn(t.text)
            yield t


def analyzer(segmenter=None) -> Composable:
    return MixedTokenizer(segmenter) | _AsciiStem()

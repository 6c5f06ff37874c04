"""Citations of laws and regulations ("行政许可法 第四十二条"), parsed so they can be resolved to an article."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .errors import InputError
from .i18n import _
from .lawtext import LOOSE_TRAILING_ARTICLE, TRAILING_REFERENCE, ArticleRef, has_cjk, parse_article_ref, title_date, undated_title

_CN_PREFIX = "中华人民共和国"


@dataclass(frozen=True)
class Citation:
    """One legal-basis entry. `article` is None when the whole law is cited."""

    law: str
    article: int | None = None
    note: str | None = None
    paragraph: int | None = None
    """款 within the article (第四十二条第二款), if the citation names one; links still go to the article."""
    item: int | None = None
    """项 within the paragraph or article."""

    @property
    def version(self) -> date | None:
        """A version pinned in the title, as in '行政许可法(2019-04-23)': that text, not the newest one."""
        return title_date(self.law)

    @property
    def law_key(self) -> str:
        return law_key(self.law)

    @property
    def label(self) -> str:
        if self.article is None:
            return self.law
        ref = ArticleRef(self.article, self.paragraph, self.item)
        if has_cjk(self.law):
            return f"{self.law} {ref.label()}"
        return f"{self.law}, {ref.label(chinese=False)}"


def law_key(title: str) -> str:
    """The form under which a law title is matched: no 中华人民共和国 prefix, no brackets, spaces or quotes."""
    key = re.sub(r"[\s《》〈〉\"'“”]", "", title)
    key = key.removeprefix(_CN_PREFIX)
    key = undated_title(key)
    return key.lower()


class CitationError(InputError):
    pass


MAX_ARTICLE = 9_999
"""No law has more articles (the longest, 民法典, has 1,260): a bigger number is a typing mistake."""


def _article(number: int | None, what: str) -> int:
    if number is None or number <= 0:
        raise CitationError(_("cannot read the article in citation '{text}'").format(text=what))
    if number > MAX_ARTICLE:
        raise CitationError(
            _("article {number} in citation '{text}' is beyond any law (at most {limit})").format(
                number=number, text=what, limit=f"{MAX_ARTICLE:,}"
            )
        )
    return number


def _parts(ref: ArticleRef | None) -> tuple[int | None, int | None]:
    return (ref.paragraph, ref.item) if ref else (None, None)


def parse_citation(entry: object) -> Citation:
    """Read a string or a {law, article, note} mapping; raise CitationError quoting what is wrong."""
    if isinstance(entry, str):
        text = entry.strip()
        if not text:
            raise CitationError(_("empty citation"))
        m = TRAILING_REFERENCE.match(text)
        if m and m.group("law").strip(" ,，"):
            ref = parse_article_ref(m.group("ref"))
            law = m.group("law").strip(" ,，")
            return Citation(law, _article(ref.article if ref else None, text), None, *_parts(ref))
        if LOOSE_TRAILING_ARTICLE.search(text):
            raise CitationError(_("cannot read the article in citation '{text}'").format(text=text))
        return Citation(text)
    if isinstance(entry, dict):
        law = entry.get("law")
        if not isinstance(law, str) or not law.strip():
            raise CitationError(_("a citation mapping needs 'law': the title of the law"))
        unknown = set(entry) - {"law", "article", "note"}
        if unknown:
            raise CitationError(_("unknown key(s) in citation: {keys}").format(keys=", ".join(sorted(map(str, unknown)))))
        article = entry.get("article")
        number: int | None = None
        ref: ArticleRef | None = None
        if article is not None:
            if isinstance(article, int) and not isinstance(article, bool):
                number = article
            else:
                ref = parse_article_ref(str(article))
                number = ref.article if ref else None
            number = _article(number, f"{law} {article}")
        note = entry.get("note")
        return Citation(law.strip(), number, str(note) if note is not None else None, *_parts(ref))
    raise CitationError(
        _("a citation is text such as '行政许可法 第四十二条' or a mapping, not {value}").format(value=repr(entry))
    )

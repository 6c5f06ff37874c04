"""Citations of laws and regulations ("行政许可法 第四十二条"), parsed so they can be resolved to an article."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .cnnum import CN_NUMBER, int_to_cn, parse_article_number
from .i18n import _
from .lawtext import has_cjk

_VERSION = re.compile(r"[(（](\d{4})[-.年](\d{1,2})[-.月](\d{1,2})日?[)）]$")
_CN_PREFIX = "中华人民共和国"
_TRAILING_ARTICLE = re.compile(
    rf"^(?P<law>.+?)[\s,，、]*(?P<art>第\s*(?:{CN_NUMBER}|[0-9０-９]+)\s*条|(?i:article|art\.?|section|sec\.?|§)\s*\d+)$"
)


@dataclass(frozen=True)
class Citation:
    """One legal-basis entry. `article` is None when the whole law is cited."""

    law: str
    article: int | None = None
    note: str | None = None

    @property
    def version(self) -> date | None:
        """A version pinned in the title, as in '行政许可法(2019-04-23)': that text, not the newest one."""
        m = _VERSION.search(self.law.strip())
        if not m:
            return None
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None

    @property
    def law_key(self) -> str:
        return law_key(self.law)

    @property
    def label(self) -> str:
        if self.article is None:
            return self.law
        if has_cjk(self.law):
            return f"{self.law} 第{int_to_cn(self.article)}条"
        return f"{self.law}, Article {self.article}"


def law_key(title: str) -> str:
    """The form under which a law title is matched: no 中华人民共和国 prefix, no brackets, spaces or quotes."""
    key = re.sub(r"[\s《》〈〉\"'“”]", "", title)
    key = key.removeprefix(_CN_PREFIX)
    key = re.sub(r"[(（]\d{4}[-.年]\d{1,2}[-.月]\d{1,2}日?[)）]$", "", key)
    return key.lower()


class CitationError(ValueError):
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


def parse_citation(entry: object) -> Citation:
    """Read a string or a {law, article, note} mapping; raise CitationError quoting what is wrong."""
    if isinstance(entry, str):
        text = entry.strip()
        if not text:
            raise CitationError(_("empty citation"))
        m = _TRAILING_ARTICLE.match(text)
        if m and m.group("law").strip(" ,，"):
            article = parse_article_number(m.group("art").replace(" ", "") if "第" in m.group("art") else m.group("art"))
            return Citation(m.group("law").strip(" ,，"), _article(article, text))
        if re.search(r"第\s*\S+\s*条\s*$", text):
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
        if article is not None:
            number = article if isinstance(article, int) and not isinstance(article, bool) else parse_article_number(str(article))
            number = _article(number, f"{law} {article}")
        note = entry.get("note")
        return Citation(law.strip(), number, str(note) if note is not None else None)
    raise CitationError(
        _("a citation is text such as '行政许可法 第四十二条' or a mapping, not {value}").format(value=repr(entry))
    )

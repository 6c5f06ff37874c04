"""How Chinese law text is written: the one home of every pattern the package reads it with.

Copies of these patterns once drifted: "is this Chinese" had three Unicode ranges, one of eight 第N条 patterns
lacked 千 and 万 (so 第一千二百条 of 民法典 was not an article), and the dated-title pattern existed four times.
Here are: Chinese characters; Chinese numerals (laws number articles 第一百二十三条, people type 第123条);
article references (第N条, 第N条第N款第N项, Article N) and the article heads of a law's text; the date that ends a
dated title ("行政许可法(2019-04-23)"); and numbering a name until it is unique. Modules import these; none
writes its own regular expression for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import date

# --- Chinese characters -------------------------------------------------------------------------------------

CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""CJK Unified Ideographs, Extension A and the Compatibility Ideographs (every character of laws-cn and of the
organ's rules), for use inside a character class: f"[{CJK_CHARS}]"."""
CJK_RE = re.compile(f"[{CJK_CHARS}]")


def has_cjk(text: str) -> bool:
    """Whether `text` holds at least one Chinese character."""
    return CJK_RE.search(text) is not None


def is_cjk(ch: str) -> bool:
    return CJK_RE.fullmatch(ch) is not None


# --- Chinese numerals ---------------------------------------------------------------------------------------

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

CN_NUMBER = "[零〇一二两三四五六七八九十百千万亿]+"
"""A Chinese numeral, for use inside a pattern."""
NUMBER = f"(?:{CN_NUMBER}|[0-9０-９]+)"
"""A number as law text and people write it: Chinese, or Arabic in half- or full-width digits."""
_CN_DIGIT = "零〇一二两三四五六七八九"
_CN_UNIT = "十百千万亿零〇"


def same_token(a: str, b: str) -> bool:
    """Whether two neighbouring characters belong to one token that a word must not be cut out of: letters and
    digits of one word or number ("st" in "first", "12岁" in "112岁"), or one Chinese number ("十三岁" in
    "二十三岁"). Two bare Chinese digits side by side are two numbers (五一 | 三天), so a Chinese number holds
    together only where one of the two is a unit (十, 百 ...) or a zero."""
    if not (is_cjk(a) or is_cjk(b)):
        return a.isalnum() and b.isalnum()
    numeral = _CN_DIGIT + _CN_UNIT
    return a in numeral and b in numeral and (a in _CN_UNIT or b in _CN_UNIT)


def cn_to_int(text: str) -> int | None:
    """Return the value of a Chinese (or Arabic, half- or full-width) numeral, or None."""
    text = text.strip().translate(_FULLWIDTH)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total = section = number = 0
    for ch in text:
        if ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _UNITS:
            section += (number or 1) * _UNITS[ch]
            number = 0
        elif ch == "亿":  # multiplies everything before it (一万亿 is 10^12)
            total = (total + section + number) * _BIG[ch]
            section = number = 0
        elif ch in _BIG:
            total += (section + number) * _BIG[ch]
            section = number = 0
        else:
            return None
    return total + section + number


def int_to_cn(value: int) -> str:
    """Write a number the way article numbers are written in Chinese law (十二, 一百零五, 一千, 一万零一)."""
    if value < 0:
        raise ValueError("negative numbers have no article form")
    if value >= 10_000:  # groups of four digits: 万, then 亿 (which repeats for anything larger)
        big, name = (100_000_000, "亿") if value >= 100_000_000 else (10_000, "万")
        head, rest = divmod(value, big)
        text = int_to_cn(head) + name
        if rest:
            text += ("零" if rest < big // 10 else "") + _below_10000(rest, leading_one=True)
        return text
    return _below_10000(value, leading_one=False)


def _below_10000(value: int, leading_one: bool) -> str:
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    parts: list[str] = []
    rest = value
    zero_pending = False
    for size, name in ((1000, "千"), (100, "百"), (10, "十")):
        d, rest = divmod(rest, size)
        if d:
            if zero_pending:
                parts.append("零")
                zero_pending = False
            parts.append(digits[d] + name)
        elif parts:
            zero_pending = True
    if rest:
        if zero_pending:
            parts.append("零")
        parts.append(digits[rest])
    text = "".join(parts)
    if text.startswith("一十") and not leading_one:
        text = text[1:]
    return text


# --- Article references -------------------------------------------------------------------------------------

ARTICLE_CN = rf"第\s*(?P<cn>{NUMBER})\s*条"
"""第四十二条, 第42条, 第 42 条 (group `cn`: the number)."""
ARTICLE_EN = r"(?<![A-Za-z])(?:article|art\.?|section|sec\.?)\s*(?P<en>\d+)|§\s*(?P<sect>\d+)"
"""Article 42, art. 42, Section 4, § 4 (case-insensitive; group `en` or `sect`: the number). Not inside a word:
"start 5" is no article; Chinese may follow at once (依照Article 5的规定)."""
ARTICLE_RE = re.compile(f"{ARTICLE_CN}|{ARTICLE_EN}", re.IGNORECASE)
"""An article reference in running text, in either language; `article_of(match)` reads its number."""
_PARTS = rf"\s*(?:第\s*(?P<para>{NUMBER})\s*款|\((?P<epara>\d+)\))?\s*(?:第\s*(?P<item>{NUMBER})\s*项|\((?P<eitem>\d+)\)|,?\s*item\s*(?P<eitem2>\d+))?"
_REFERENCE = re.compile(f"(?:{ARTICLE_CN}|{ARTICLE_EN}){_PARTS}", re.IGNORECASE)
TRAILING_REFERENCE = re.compile(rf"^(?P<law>.+?)[\s,，、]*(?P<ref>(?:{ARTICLE_CN}|{ARTICLE_EN}){_PARTS})$", re.IGNORECASE)
"""A law's title followed by an article reference: "行政许可法 第四十二条第一款" (groups `law`, `ref`)."""
LOOSE_TRAILING_ARTICLE = re.compile(r"第\s*\S+\s*条(?:\s*第\s*\S+\s*[款项])*\s*$")
"""Something that ends like an article reference, readable or not ("第X条"): worth an error, not a guess."""

ARTICLE_HEAD_CN = re.compile(rf"^\s*第\s*({NUMBER})\s*条(?:之([一二三四五六七八九十]+))?[\s\u3000]*")
"""The head of an article in a law's text: 第四十二条 (and 第十条之一, an article inserted by an amendment)."""
ARTICLE_HEAD_EN = re.compile(r"^\s*(?:\*\*)?(Article|Section|Sec\.|§)\s+(\d+)([A-Za-z]?)\b\.?(?:\*\*)?[\s:.—-]*")
"""The head of an article in an English regulation: Article 5, **Section 4a.**"""
LEVEL_HEAD_CN = re.compile(rf"^第\s*({NUMBER})\s*(编|分编|章|节)")
"""The number and level of a part, chapter or section heading: 第三章, 第二节."""
LEVEL_HEAD_EN = re.compile(r"^(Part|Chapter|Subchapter|Title)\s+([0-9IVXLC]+)\b", re.I)


def article_of(match: re.Match[str]) -> int | None:
    """The article number of an `ARTICLE_RE` (or `_REFERENCE`) match."""
    return cn_to_int(match.group("cn") or match.group("en") or match.group("sect") or "")


@dataclass(frozen=True)
class ArticleRef:
    """第四十二条第二款第三项: article 42, paragraph (款) 2, item (项) 3."""

    article: int
    paragraph: int | None = None
    item: int | None = None

    def label(self, chinese: bool = True) -> str:
        """As the law writes it: 第四十二条第二款, or Article 42(2)(3) in English (Article 42, item 3 without a
        paragraph, since Article 42(3) would read as paragraph 3)."""
        if chinese:
            text = f"第{int_to_cn(self.article)}条"
            text += f"第{int_to_cn(self.paragraph)}款" if self.paragraph else ""
            return text + (f"第{int_to_cn(self.item)}项" if self.item else "")
        text = f"Article {self.article}"
        text += f"({self.paragraph})" if self.paragraph else ""
        if self.item:
            text += f"({self.item})" if self.paragraph else f", item {self.item}"
        return text


def parse_article_ref(text: str) -> ArticleRef | None:
    """Read 第四十二条第二款第三项, 第42条, 'Article 42(2)', 'art. 7', '§ 3', '42' or '四十二'; None if it is none."""
    text = text.strip()
    m = _REFERENCE.fullmatch(text)
    if m:
        article = article_of(m)
        if article is None:
            return None
        paragraph, item = m.group("para") or m.group("epara"), m.group("item") or m.group("eitem") or m.group("eitem2")
        return ArticleRef(article, cn_to_int(paragraph) if paragraph else None, cn_to_int(item) if item else None)
    number = cn_to_int(text)
    return ArticleRef(number) if number is not None else None


def article_number(text: str) -> int | None:
    """Read '第四十二条', '第42条', 'Article 42', 'art. 42', 'Section 4', '42' or '四十二' into 42."""
    ref = parse_article_ref(text)
    return ref.article if ref else None


def article_pattern(number: int) -> str:
    """A pattern that finds article `number` in running text however it is written (第四十二条, 第 42 条, Article 42)."""
    forms = [rf"第\s*{number}\s*条", rf"Article\s+{number}\b", rf"Section\s+{number}\b"]
    if number < 100_000:
        forms.insert(0, re.escape(f"第{int_to_cn(number)}条"))
    return "|".join(forms)


# --- Dated titles -------------------------------------------------------------------------------------------

_DATE = r"(\d{4})\s*[-.年]\s*(\d{1,2})\s*[-.月]\s*(\d{1,2})\s*日?"
DATED_TITLE = re.compile(rf"\s*[(（]{_DATE}[)）]\s*$")
"""A title or file name ending in the date of its version: 行政许可法(2019-04-23), 条例（2019年4月23日）."""
CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
"""A date written in Chinese inside running text: 2019年4月23日."""


def _date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def title_date(title: str) -> date | None:
    """The version date a title ends with, or None (also for an impossible date such as 2019-02-30)."""
    m = DATED_TITLE.search(title)
    return _date(*m.groups()) if m else None


def undated_title(title: str) -> str:
    """The title without the version date it ends with."""
    return DATED_TITLE.sub("", title).strip()


def cn_date(text: str) -> date | None:
    """The first date written 2019年4月23日 in `text`."""
    m = CN_DATE.search(text)
    return _date(*m.groups()) if m else None


# --- Unique names -------------------------------------------------------------------------------------------


def unique_name(base: str, taken: Container[str], numbered: Callable[[str, int], str] = "{}-{}".format) -> str:
    """`base`, or the first of base-2, base-3 … that is not taken: two sources that clean up to the same id,
    anchor or file name both keep one. The caller records the result as taken."""
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = numbered(base, n), n + 1
    return candidate

"""Chinese numerals, because laws number their articles 第一百二十三条 and people type 第123条."""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

CN_NUMBER = "[零〇一二两三四五六七八九十百千万亿]+"


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
    if value >= 10_000:
        return int_to_cn(value)
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


_ARTICLE_RE = re.compile(rf"第\s*({CN_NUMBER}|[0-9０-９]+)\s*条")


def parse_article_number(text: str) -> int | None:
    """Read '第四十二条', '第42条', 'Article 42', 'art. 42', 'Section 4' or '42' into 42."""
    text = text.strip()
    m = _ARTICLE_RE.fullmatch(text)
    if m:
        return cn_to_int(m.group(1))
    m = re.fullmatch(r"(?i)(?:article|art\.?|section|sec\.?|§)\s*(\d+)", text)
    if m:
        return int(m.group(1))
    if text.translate(_FULLWIDTH).isdigit():
        return int(text.translate(_FULLWIDTH))
    return None

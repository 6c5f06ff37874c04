"""What is Chinese text: the one definition every module uses.

Six modules once carried their own "is this Chinese" with three different
Unicode ranges, and they drifted. The ranges here are the CJK Unified
Ideographs, Extension A and the Compatibility Ideographs: every character of
laws-cn and of the organ's rules. Chinese numerals and article numbers
(第N条) live beside this in `cnnum.py`.
"""

from __future__ import annotations

import re

CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""For use inside a regular-expression character class: f"[{CJK_CHARS}]"."""
CJK_RE = re.compile(f"[{CJK_CHARS}]")


def has_cjk(text: str) -> bool:
    """Whether `text` holds at least one Chinese character."""
    return CJK_RE.search(text) is not None


def is_cjk(ch: str) -> bool:
    return CJK_RE.fullmatch(ch) is not None

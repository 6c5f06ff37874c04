"""What every converter returns, and the naming rules shared by all of them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml


class _PlainDumper(yaml.SafeDumper):
    """No `&id001` anchors when two fields share a value: people read these files."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


@dataclass
class Converted:
    meta: dict[str, Any]
    body: str
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        """The file as written into rules/library: stable key order so that re-imports compare equal."""
        front = yaml.dump(self.meta, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=1000)
        return f"---\n{front}---\n\n{self.body.strip()}\n"


def slug(text: str) -> str:
    """An id from a path or title: any script, lower case, runs of anything else become one '-'."""
    text = re.sub(r"[^\w]+|_", "-", text.lower())
    return re.sub(r"-{2,}", "-", text).strip("-") or "doc"


_NAME_DATE = re.compile(r"[(（](\d{4})-(\d{1,2})-(\d{1,2})[)）]\s*$")
_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def date_in_name(stem: str) -> date | None:
    m = _NAME_DATE.search(stem)
    return _date(*m.groups()) if m else None


def cn_date(text: str) -> date | None:
    m = _CN_DATE.search(text)
    return _date(*m.groups()) if m else None


def _date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None

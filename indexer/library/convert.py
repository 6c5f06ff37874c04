"""What every converter returns, and the naming rules shared by all of them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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

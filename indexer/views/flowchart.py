"""A procedure's flowchart as a graph: one lane per post, the steps in it, joined in order.

The site (a Mermaid fence in Markdown) and the print pack (a Mermaid <pre> in HTML) draw the same graph; both
write its Mermaid source with `templates/flowchart.mmd.j2`, so paper and screen agree without one cutting the
other's output apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import format_limit
from ..model import Procedure
from ..rulebook import Rulebook


@dataclass(frozen=True)
class FlowStep:
    number: int
    name: str
    limit: str


@dataclass(frozen=True)
class Lane:
    title: str
    steps: tuple[FlowStep, ...]


@dataclass(frozen=True)
class Flowchart:
    lanes: tuple[Lane, ...]
    steps: int
    """Steps are joined in order, s1 --> s2 --> ..., when there are two or more."""


def flowchart_of(book: Rulebook, item: Procedure) -> Flowchart:
    lanes: dict[str, list[FlowStep]] = {}
    for n, step in enumerate(item.steps, start=1):
        lanes.setdefault(step.post, []).append(FlowStep(n, step.name, format_limit(step.time_limit)))
    return Flowchart(tuple(Lane(book.title(post), tuple(steps)) for post, steps in lanes.items()), len(item.steps))


def mermaid_label(value: str) -> str:
    """Mermaid labels in double quotes: quotes and brackets become entities so no title can break the chart."""
    value = re.sub(r"\s+", " ", value)
    return value.replace("&", "&amp;").replace('"', "#quot;").replace("<", "&lt;").replace(">", "&gt;")

"""The onboarding page's checklist as facts: each line's words and the page it points to.

`training.onboarding_path` decides what a new holder of a post reads and ticks off; this resolves where each tick
leads (the quiz, an item's page, the laws section), so the template only writes links.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Post
from ..render.paths import page_of
from ..training import OnboardingPath
from .post import quiz_page

LAWS_SECTION = "#laws"


@dataclass(frozen=True)
class ChecklistLine:
    text: str
    target: str | None
    """A docs-relative page, `#laws` (on the same page), or None for a line without a link."""


def _post_of(path: OnboardingPath, post_id: str) -> Post | None:
    ob = path.obligations
    for post in [*ob.reporting_line, *([ob.backup] if ob.backup else []), *ob.backs_up, *ob.direct_reports]:
        if post.id == post_id:
            return post
    return None


def checklist_lines(path: OnboardingPath) -> list[ChecklistLine]:
    lines = []
    for entry in path.checklist:
        target = None
        if entry.quiz:
            target = quiz_page(path.post.id)
        elif entry.target:
            item = next((s.item for s in path.steps if s.item.id == entry.target), None) or _post_of(path, entry.target)
            target = page_of(item) if item else None
        elif entry.law:
            target = LAWS_SECTION
        lines.append(ChecklistLine(entry.text, target))
    return lines

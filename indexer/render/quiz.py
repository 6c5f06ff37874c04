"""Self-check questions as HTML that works without a server (scored in the page by `rulebook.js`)."""

from __future__ import annotations

import html
from collections.abc import Iterable

from ..i18n import _
from ..model import Question
from .markdown import button_class


def quiz_block(questions: Iterable[tuple[str, Question]], quiz_id: str) -> str:
    """`questions` pairs a source label (shown in gathered quizzes; empty on an item's own page) with a question."""
    parts = [f'<div class="rb-quiz" data-quiz="{html.escape(quiz_id)}">']
    for n, (source, q) in enumerate(questions, start=1):
        answer = q.choices.index(q.answer)
        parts.append(f'<div class="rb-q" data-answer="{answer}">')
        label = f' <span class="rb-q__source">{html.escape(source)}</span>' if source else ""
        parts.append(f'<p class="rb-q__text"><strong>{n}.</strong> {html.escape(q.question)}{label}</p>')
        parts.append('<ol class="rb-q__choices" type="A">')
        for i, choice in enumerate(q.choices):
            parts.append(f'<li><button type="button" class="rb-q__choice" data-choice="{i}">{html.escape(choice)}</button></li>')
        parts.append("</ol>")
        explain = html.escape(q.explain) if q.explain else ""
        parts.append(
            '<p class="rb-q__feedback" hidden><span class="rb-q__verdict"></span> '
            + _("Answer: {answer}.").format(answer=f"<strong>{html.escape(q.answer)}</strong>")
            + f" {explain}</p>"
        )
        parts.append("</div>")
    parts.append('<p class="rb-quiz__score" aria-live="polite"></p>')
    parts.append(f'<button type="button" class="rb-quiz__reset {button_class()}">{html.escape(_("Start again"))}</button>')
    parts.append("</div>")
    return "\n".join(parts)

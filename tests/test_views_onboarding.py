"""The onboarding page's checklist (`views.onboarding`): every tick leads to what it asks the reader to do."""

from __future__ import annotations

from indexer.i18n import use_language
from indexer.render.context import RenderContext
from indexer.render.training import onboarding_markdown
from indexer.rulebook import Rulebook
from indexer.training import onboarding_path
from indexer.views.onboarding import LAWS_SECTION, checklist_lines


def test_checklist_lines_point_to_the_quiz_the_items_and_the_laws(book: Rulebook) -> None:
    path = onboarding_path(book, book.get("window-clerk"))
    lines = checklist_lines(path)
    assert [line.text for line in lines] == [entry.text for entry in path.checklist]
    targets = {line.target for line in lines}
    assert "quizzes/window-clerk.md" in targets and LAWS_SECTION in targets
    assert {f"{s.item.type}" for s in path.steps} and any(t and t.startswith(("systems/", "procedures/")) for t in targets)


def test_the_onboarding_page_links_each_checklist_line(book: Rulebook) -> None:
    path = onboarding_path(book, book.get("window-clerk"))
    with use_language("en"):
        markdown = onboarding_markdown(RenderContext(book), path)
    checklist = markdown.split("{#checklist}", 1)[1]
    assert 'data-storage-key="rulebook-onboarding-window-clerk"' in checklist
    for line in checklist_lines(path):
        if line.target == LAWS_SECTION:
            assert "](#laws)" in checklist
        elif line.target:
            assert "](../" + line.target + ")" in checklist
    assert markdown.index("{#path}") < markdown.index("{#laws}") < markdown.index("{#checklist}")

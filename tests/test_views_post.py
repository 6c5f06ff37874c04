"""The post page from its view model (`views.post`) and template: obligations with the pointer to its training.

The pointer used to be patched into the rendered page by searching for a heading; now it is a fact of the view, so
these tests read the Markdown a renderer writes, no site needed.
"""

from __future__ import annotations

from indexer.i18n import _, use_language
from indexer.render.context import RenderContext
from indexer.render.items import render_item
from indexer.render.post import obligations_section
from indexer.rulebook import Rulebook
from indexer.views.post import onboarding_page, post_view, quiz_page


def test_the_post_view_names_its_training_pages(book: Rulebook) -> None:
    clerk = book.get("window-clerk")
    view = post_view(book, clerk)
    assert view.training and view.training.onboarding == onboarding_page(clerk) == "onboarding/window-clerk.md"
    assert view.training.quiz == quiz_page("window-clerk")
    assert view.obligations.post is clerk and view.obligations.duties
    assert post_view(book, clerk, with_training=False).training is None


def test_the_obligations_section_starts_with_the_training_pointer(book: Rulebook) -> None:
    clerk = book.get("window-clerk")
    with use_language("en"):
        markdown = obligations_section(RenderContext(book), post_view(book, clerk), "posts/window-clerk.md")
    head, _, rest = markdown.partition("\n\n")
    assert head == "## Obligations of this post {#obligations}"
    assert rest.startswith("New to this post? Follow its [onboarding path](../onboarding/window-clerk.md)")
    assert "[self-check](../quizzes/window-clerk.md)" in rest.split("\n", 1)[0]
    assert "### Duties of the post" in markdown and "| Duty | Time limit |" in markdown


def test_the_obligations_section_is_in_the_sites_language(book: Rulebook) -> None:
    clerk = book.get("window-clerk")
    with use_language("zh-Hans"):
        markdown = obligations_section(RenderContext(book), post_view(book, clerk), "posts/window-clerk.md")
        heading = _("Obligations of this post")
    assert heading != "Obligations of this post" and markdown.startswith(f"## {heading} {{#obligations}}\n")
    assert "New to this post" not in markdown and "Duties of the post" not in markdown


def test_an_earlier_version_has_no_training_pointer_no_last_change_and_stays_out_of_search(book: Rulebook) -> None:
    clerk = book.get("window-clerk")
    ctx = RenderContext(book)
    with use_language("en"):
        current = render_item(ctx, clerk)
        earlier = render_item(ctx, clerk, current=False, notice="NOTICE\n")
    assert "onboarding/window-clerk.md" in current and "**Last changed:**" in current
    assert "onboarding/window-clerk.md" not in earlier and "**Last changed:**" not in earlier
    assert "search:\n  exclude: true" in earlier.split("\n---\n", 1)[0] and "exclude" not in current.split("\n---\n", 1)[0]
    assert earlier.split("\n---\n", 1)[1].lstrip("\n").startswith("NOTICE\n")


def test_last_change_sits_in_the_change_history_section(book: Rulebook) -> None:
    item = next(i for i in book.own() if i.changes)
    with use_language("en"):
        markdown = render_item(RenderContext(book), item)
    section = markdown.split("## Change history {#change-history}", 1)[1].split("\n## ", 1)[0]
    assert "| Version | Date | Change |" in section and "**Last changed:**" in section

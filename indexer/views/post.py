"""The post page's facts: its obligations and where its training starts.

The training pointer used to be patched into the rendered page by searching for the obligations heading; here it
is a fact of the view (the post's onboarding and self-check pages), rendered by the post template with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Post
from ..obligations import PostObligations, obligations_for
from ..rulebook import Rulebook


@dataclass(frozen=True)
class TrainingLinks:
    """Docs-relative pages of the post's training: its onboarding path and its self-check quiz."""

    onboarding: str
    quiz: str


@dataclass(frozen=True)
class PostView:
    post: Post
    obligations: PostObligations
    training: TrainingLinks | None
    """None on pages that are not the current post (earlier versions)."""


def onboarding_page(post: Post) -> str:
    return f"onboarding/{post.id}.md"


def quiz_page(item_id: str) -> str:
    return f"quizzes/{item_id}.md"


def post_view(book: Rulebook, post: Post, *, with_training: bool = True) -> PostView:
    training = TrainingLinks(onboarding_page(post), quiz_page(post.id)) if with_training else None
    return PostView(post, obligations_for(book, post), training)

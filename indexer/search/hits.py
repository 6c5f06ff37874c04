"""What a search answers: hits (title, where to open, snippet) and the result around them, ready for JSON.

A hit's snippet is kept twice: `passages` as structured parts (text, match or not) for whoever renders it, and
`snippet` as escaped HTML with <mark>, rendered from them, which the browser search shows.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from .snippets import Part, lead, passages, to_html


@dataclass
class Hit:
    id: str
    title: str
    type: str
    url: str
    anchor: str | None
    heading: str | None
    article: int | None
    origin: str | None
    score: float
    snippet: str
    """HTML: escaped text, the query's words in <mark> (rendered from `passages`)."""
    status: str
    department: str | None
    posts: list[str]
    version: str | None
    passages: list[list[Part]] = field(default_factory=list)
    """The snippet as data: passages of parts, each {text, mark}."""


@dataclass
class SearchResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    facets_partial: bool = False
    """True when the time bound cut the search short: `total` and the facets then count what was found so far."""
    did_you_mean: str | None = None
    message: str | None = None
    timed_out: bool = False
    elapsed_ms: float = 0.0

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def hit_of(stored: dict[str, object], score: float, terms: set[str], lang: str | None = None) -> Hit:
    """A hit from a unit's stored fields; `lang`: the reader's language, whose title, heading and page it gets
    where that language is published."""
    body = str(stored.get("body") or "")
    snippet = (passages(body, terms) if terms else []) or lead(body)
    posts = [p for p in str(stored.get("posts") or "").split(",") if p]
    if lang and stored.get("i18n"):
        own = json.loads(str(stored["i18n"])).get(lang)
        if own:  # the reader's language: its title, its section heading, its page
            stored = {
                **stored,
                "display": own["title"],
                "url": own["url"],
                "anchor": own.get("anchor", ""),
                **({"heading": own["heading"]} if "heading" in own else {}),
            }
    return Hit(
        id=str(stored["item_id"]),
        title=str(stored["display"]),
        type=str(stored["type"]),
        url=str(stored["url"]) + (f"#{stored['anchor']}" if stored.get("anchor") else ""),
        anchor=stored.get("anchor"),  # type: ignore[arg-type]
        heading=stored.get("heading") or stored.get("place"),  # type: ignore[arg-type]
        article=stored.get("article"),  # type: ignore[arg-type]
        origin=stored.get("origin"),  # type: ignore[arg-type]
        score=round(score, 4),
        snippet=to_html(snippet),
        status=str(stored.get("status", "")),
        department=stored.get("department"),  # type: ignore[arg-type]
        posts=posts,
        version=stored.get("version"),  # type: ignore[arg-type]
        passages=snippet,
    )

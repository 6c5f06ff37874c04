"""The full search page, `search-results.md`: a form and an empty result list that `server-search.js` fills.

The page itself is static; results come from `/api/search` of `rulebook serve`.
Opened from plain files, it says so and points to the header search box,
which then runs Material's own search over this site's pages.
"""

from __future__ import annotations

import html
import json

from ..model import TYPE_LABELS
from .context import RenderContext
from .markdown import STATUS_LABELS

SEARCH_PAGE = "search-results.md"

# Material opens its own search dialog on any page whose URL carries `?q=` (its "deep linking"), and it reads
# the URL as soon as its bundle runs. This page keeps its own state in `?q=`, so before the bundle runs (this
# script sits in the page body, the bundle after it) the query string is set aside over http(s); the page
# script puts it back. From file:// nothing is touched and Material's search gets the query, a fair fallback.
_STASH = (
    "<script>(function(){if(/^https?:$/.test(location.protocol)&&location.search){"
    'window.__rbSearchState=location.search;history.replaceState(history.state,"",location.pathname+location.hash);'
    "}})();</script>"
)

_OFFLINE = "Full-text search of the library needs <code>rulebook serve</code>; the search box above searches this site's pages."


def _labels(ctx: RenderContext) -> str:
    """Readable names for the ids the API returns in hits and facets, as JSON safe inside a <script> element."""
    labels = {
        "type": {kind: singular for kind, (singular, _plural) in TYPE_LABELS.items()},
        "department": {d.id: d.title for d in ctx.book.departments},
        "post": {p.id: p.title for p in ctx.book.posts},
        "status": {s.value: label for s, label in STATUS_LABELS.items()},
    }
    return json.dumps(labels, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def _select(name: str, label: str) -> str:
    return (
        f'<label class="rb-results__filter"><span>{html.escape(label)}</span>'
        f'<select name="{name}"><option value="">Any</option></select></label>'
    )


def search_page(ctx: RenderContext) -> dict[str, str]:
    """The search page as {docs-relative path: Markdown}; it is left out of the navigation."""
    form = (
        '<form class="rb-results__form" role="search" action="" method="get" hidden>'
        '<div class="rb-results__query">'
        '<input type="search" name="q" maxlength="500" autocomplete="off" placeholder="年休假, one-time notification, 第四十二条"'
        ' aria-label="Search the rulebook and its library">'
        '<button type="submit" class="md-button md-button--primary">Search</button>'
        "</div>"
        '<div class="rb-results__filters">'
        + _select("type", "Type")
        + _select("department", "Department")
        + _select("post", "Post")
        + _select("status", "Status")
        + "</div></form>"
    )
    body = "\n".join(
        [
            "---",
            'title: "Search"',
            "hide: [navigation, toc]",
            "search:",
            "  exclude: true",
            "---",
            "",
            "# Search",
            "",
            # the form, its labels and the stash script are the site's own: put in after sanitising
            ctx.fragments.add(_STASH),
            "",
            ctx.fragments.add(
                "\n".join(
                    [
                        '<div class="rb-results" data-rb-search-page>',
                        f'<script type="application/json" class="rb-results__labels">{_labels(ctx)}</script>',
                        f'<noscript><p class="rb-results__offline">{_OFFLINE}</p></noscript>',
                        f'<p class="rb-results__offline" hidden>{_OFFLINE}</p>',
                        form,
                        '<p class="rb-results__status" role="status" aria-live="polite"></p>',
                        '<ol class="rb-results__list"></ol>',
                        '<nav class="rb-results__pages" aria-label="Result pages"></nav>',
                        "</div>",
                    ]
                )
            ),
            "",
        ]
    )
    return {SEARCH_PAGE: body}

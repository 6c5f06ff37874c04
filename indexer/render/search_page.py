"""The full search page, `search-results.md`: a form and an empty result list that `server-search.js` fills.

The page itself is static; results come from `/api/search` of `rulebook serve`.
Opened from plain files, it says so and points to the header search box,
which then runs Material's own search over this site's pages.
"""

from __future__ import annotations

import html
import json

from ..i18n import N_, _
from ..itemtypes import names, type_label
from .context import RenderContext
from .markdown import STATUS_LABELS, button_class, front_matter, status_label

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

_OFFLINE = N_("Full-text search of the library needs {serve}; the search box above searches this site's pages.")


def _offline() -> str:
    return html.escape(_(_OFFLINE)).format(serve="<code>rulebook serve</code>")


def _labels(ctx: RenderContext) -> str:
    """Readable names for the ids the API returns in hits and facets, as JSON safe inside a <script> element."""
    labels = {
        "type": {kind: type_label(kind) for kind in names()},
        "department": {d.id: d.title for d in ctx.book.departments},
        "post": {p.id: p.title for p in ctx.book.posts},
        "status": {s.value: status_label(s) for s in STATUS_LABELS},
    }
    return json.dumps(labels, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def _select(name: str, label: str) -> str:
    return (
        f'<label class="rb-results__filter"><span>{html.escape(label)}</span>'
        f'<select name="{name}"><option value="">{html.escape(_("Any"))}</option></select></label>'
    )


def search_page(ctx: RenderContext) -> dict[str, str]:
    """The search page as {docs-relative path: Markdown}; it is left out of the navigation."""
    form = (
        '<form class="rb-results__form" role="search" action="" method="get" hidden>'
        '<div class="rb-results__query">'
        '<input type="search" name="q" maxlength="500" autocomplete="off" placeholder="年休假, one-time notification, 第四十二条"'
        f' aria-label="{html.escape(_("Search the rulebook and its library"))}">'
        f'<button type="submit" class="{button_class(primary=True)}">{html.escape(_("Search"))}</button>'
        "</div>"
        '<div class="rb-results__filters">'
        + _select("type", _("Type"))
        + _select("department", _("Department"))
        + _select("post", _("Post"))
        + _select("status", _("Status"))
        + "</div></form>"
    )
    body = "\n".join(
        [
            front_matter(title=_("Search"), searchable=False, full_width=True),
            f"# {_('Search')}",
            "",
            # the form, its labels and the stash script are the site's own: put in after sanitising
            ctx.fragments.add(_STASH),
            "",
            ctx.fragments.add(
                "\n".join(
                    [
                        '<div class="rb-results" data-rb-search-page>',
                        f'<script type="application/json" class="rb-results__labels">{_labels(ctx)}</script>',
                        f'<noscript><p class="rb-results__offline">{_offline()}</p></noscript>',
                        f'<p class="rb-results__offline" hidden>{_offline()}</p>',
                        form,
                        '<p class="rb-results__status" role="status" aria-live="polite"></p>',
                        '<ol class="rb-results__list"></ol>',
                        f'<nav class="rb-results__pages" aria-label="{html.escape(_("Result pages"))}"></nav>',
                        "</div>",
                    ]
                )
            ),
            "",
        ]
    )
    return {SEARCH_PAGE: body}

"""The labels the browser scripts show (search box, results page, quizzes), per language, as JSON for the page.

The scripts (`docs/assets/server-search.js`, `rulebook.js`) read them from `<script id="rb-messages">` that the
theme override puts in every page; keeping them here puts them in the same catalogue as every other label.
"""

from __future__ import annotations

import json

from ..i18n import N_, _, current_language

SCRIPT_MESSAGES = {
    "typeToSearch": N_("Type to search the rules and the library"),
    "searching": N_("Searching…"),
    "searchFailed": N_("Search failed: {error}"),
    "serverAnswered": N_("the server answered {status}"),
    "noResultsFor": N_("No results for “{q}”"),
    "noResults": N_("No results"),
    "resultsFor": N_("{count} for “{q}”"),
    "oneResult": N_("1 result"),
    "manyResults": N_("{n} results"),
    "shown": N_(" ({from}–{to} shown)"),
    "didYouMean": N_("Did you mean {suggestion}?"),
    "allResults": N_("All {n} results →"),
    "searchResults": N_("Search results"),
    "any": N_("Any"),
    "posts": N_("Posts: {posts}"),
    "textOf": N_("Text of {version}"),
    "previous": N_("← Previous"),
    "next": N_("Next →"),
    "resultPages": N_("Result pages"),
    "searchHelp": N_("Type words in Chinese or English; filter by type, department, post or status."),
    "article": N_("Article {n}"),
    "score": N_("Score: {right} / {answered} answered ({total} questions)"),
    "correct": N_("Correct."),
    "notQuite": N_("Not quite."),
    "buildFailed": N_("The last build failed; this is the last good version of the site."),
}


def script_messages(prefix: str = "") -> dict[str, str]:
    """The messages in the active language, with the language tag under `lang` and, under `prefix`, where this
    language's pages are (its own search page) relative to the site root."""
    return {"lang": current_language(), "prefix": prefix, **{key: _(msg) for key, msg in SCRIPT_MESSAGES.items()}}


def script_messages_json(prefix: str = "") -> str:
    """JSON that is safe inside a `<script>` element: no `<`, `>` or `&` can close it or start markup."""
    data = json.dumps(script_messages(prefix), ensure_ascii=False, sort_keys=True)
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

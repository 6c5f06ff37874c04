"""The notice on every page of a site built `--as-of` a past date: this is not the rulebook in force today.

Kept apart from `indexer.asof` (which drives a whole build, so imports `indexer.build`) because the build calls it.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from .i18n import _
from .templating import dialect


def mark_past_version(docs_dir: Path, day: date, skip: tuple[Path, ...] = ()) -> None:
    """Put a notice at the top of every page, after its front matter: this is not the rulebook in force today.
    `skip`: folders marked separately (another language's pages, in its own words)."""
    title = _("Past version")
    message = _("This is the rulebook as it stood on {date}. It may no longer be in force; check the current site.").format(
        date=day.isoformat()
    )
    banner = dialect().admonition("danger", title, message)
    for page in docs_dir.rglob("*.md"):
        if any(page.is_relative_to(folder) for folder in skip):
            continue
        markdown = page.read_text(encoding="utf-8")
        if markdown.startswith("---\n") and "\n---\n" in markdown[3:]:
            end = markdown.index("\n---\n", 3) + 5
            markdown = markdown[:end] + banner + markdown[end:]
        else:
            markdown = banner + markdown
        page.write_text(markdown, encoding="utf-8")
    notice = f'<p class="rb-past-version" role="alert"><strong>{html.escape(title)}</strong> {html.escape(message)}</p>'
    for page in docs_dir.rglob("*.html"):  # standalone pages (print packs) the generator copies as they are
        if any(page.is_relative_to(folder) for folder in skip):
            continue
        markup = page.read_text(encoding="utf-8")
        match = re.search(r"<body[^>]*>", markup)
        at = match.end() if match else 0
        page.write_text(markup[:at] + notice + markup[at:], encoding="utf-8")

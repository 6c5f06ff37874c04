"""The notice on every page of a site built `--as-of` a past date: this is not the rulebook in force today.

Kept apart from `indexer.asof` (which drives a whole build, so imports `indexer.build`) because the build calls it.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from .frontmatter import SourceError, split_front_matter
from .i18n import _
from .templating import dialect, text


def mark_past_version(docs_dir: Path, day: date, skip: tuple[Path, ...] = ()) -> None:
    """Put a notice at the top of every page, after its front matter: this is not the rulebook in force today.
    `skip`: folders marked separately (another language's pages, in its own words)."""
    title = _("Past version")
    message = _("This is the rulebook as it stood on {date}. It may no longer be in force; check the current site.").format(
        date=day.isoformat()
    )
    banner = str(dialect().admonition("danger", title, text(message)))
    for page in docs_dir.rglob("*.md"):
        if any(page.is_relative_to(folder) for folder in skip):
            continue
        markdown = page.read_text(encoding="utf-8")
        page.write_text(_with_banner(markdown, banner), encoding="utf-8")
    notice = f'<p class="rb-past-version" role="alert"><strong>{html.escape(title)}</strong> {html.escape(message)}</p>'
    for page in docs_dir.rglob("*.html"):  # standalone pages (print packs) the generator copies as they are
        if any(page.is_relative_to(folder) for folder in skip):
            continue
        markup = page.read_text(encoding="utf-8")
        match = re.search(r"<body[^>]*>", markup)
        at = match.end() if match else 0
        page.write_text(markup[:at] + notice + markup[at:], encoding="utf-8")


def _with_banner(markdown: str, banner: str) -> str:
    """The banner as the first thing of the page's body, after its front matter (split as rule files are)."""
    try:
        yaml_text, body, _line = split_front_matter(markdown)
    except SourceError:
        yaml_text = None
    return banner + markdown if yaml_text is None else f"---\n{yaml_text}\n---\n{banner}{body}"

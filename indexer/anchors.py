"""The id of a heading on a site page: one function that writes it and that search units read it from.

The site's table of contents (Python-Markdown's `toc`, configured in mkdocs.yml and set again by mkdocs_site so
that an older mkdocs.yml cannot make them differ) calls `slugify` to write each heading's id; search/units.py
calls `heading_id`, which is `slugify` plus the same de-duplication `toc` does, so a hit opens the page at its
section. Chinese headings keep their characters (pymdownx's Unicode slugify, lower-cased).
"""

from __future__ import annotations

from markdown.extensions.toc import unique
from pymdownx.slugs import slugify as _unicode_slugify

_slug = _unicode_slugify(case="lower")


def slugify(value: str, separator: str) -> str:
    """A heading's text -> its id, as `toc`'s `slugify` option is called."""
    return _slug(value, separator)


SEPARATOR = "-"
"""`toc`'s default separator, which the site keeps."""


def heading_id(text: str, seen: set[str]) -> str:
    """The id of a heading with this (plain) text, after the headings whose ids are in `seen` (updated)."""
    return unique(slugify(text, SEPARATOR), seen)

"""The Jinja2 environment every page template renders in: one loader, one set of filters, one catalogue.

Templates live in `indexer/templates/`: `*.md.j2` write the site's Markdown (no autoescape; values go through
the `md` filter, which escapes Markdown and HTML), `*.html.j2` write HTML (autoescaped). Labels are written
`_('Steps')` in templates as in Python, so `python -m indexer.catalogue` extracts both into the same catalogue.

The site generator's own syntax (Material for MkDocs admonitions, attribute lists, card grids, buttons, front
matter for its search) is written in one template, `dialect.md.j2`; Python code reaches it through `dialect()`,
so moving to another generator means editing that template, not the renderers.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from .i18n import _, format_date, format_days, format_limit, join_list, ngettext, ordinal_step

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|{}])")


def text(value: object) -> str:
    """Escape content for Markdown so that it shows as typed, whatever characters it holds.

    `&`, `<` and `>` become entities (Markdown has no backslash escape for `<`); Markdown's own characters,
    table pipes and attr_list braces are backslash-escaped. The `md` filter of the Markdown templates.
    """
    escaped = html.escape(str(value), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped).replace("\n", " ")


def cell(value: object) -> str:
    """A table cell: the escaped value, or a dash when there is none (the `cell` filter)."""
    return text(value) if value not in (None, "") else "—"


def _mermaid(value: object) -> str:
    from .views.flowchart import mermaid_label

    return mermaid_label(str(value))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("indexer", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(_=_, ngettext=ngettext, join_list=join_list)
    env.filters.update(
        md=text,
        cell=cell,
        limit=format_limit,
        days=format_days,
        date=format_date,
        step=ordinal_step,
        html=lambda value: html.escape(str(value), quote=True),
        raw=Markup,
        mermaid=_mermaid,
    )
    return env


def render(name: str, **context: Any) -> str:
    """Render the template `name` (relative to indexer/templates) with `context`."""
    return environment().get_template(name).render(**context)


def dialect() -> Any:
    """The generator's syntax as macros (`dialect().admonition("warning", title, body)`): see `dialect.md.j2`."""
    return environment().get_template("dialect.md.j2").module

"""What HTML may reach a reader's browser: an allow-list, applied by nh3 (the Rust ammonia sanitiser).

Every reader's browser trusts the intranet site, and many staff write rules,
so the HTML that Markdown makes of a rule body is cleaned after conversion:
tables, details/summary, kbd, sup/sub, abbr, mark, images with relative or
http(s) sources and the like stay; scripts, event handlers, iframes, forms,
style tricks and `javascript:`/`data:` URLs go. The site's own widgets
(quizzes, checklists, the search form) are pre-rendered fragments put in after
cleaning, so the allow-list can stay narrow.

An organ that needs raw HTML sets `trust_html: true` in rulebook.yml;
`rulebook check` warns at file:line about HTML that will otherwise be removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3

from .i18n import _

TAGS = frozenset(
    """a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption figure
    h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub summary sup table tbody
    td tfoot th thead time tr u ul var svg path input""".split()
)
_COMMON = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-describedby"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _COMMON,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "col": {"span"},
    "details": {"open"},
    "input": {"checked", "disabled"},  # type is set to checkbox by clean()
    "time": {"datetime"},
    "abbr": {"title"},
    "svg": {"viewBox", "xmlns", "width", "height", "fill"},
    "path": {"d", "fill", "fill-rule", "clip-rule"},
}
# `input` only as a checkbox (task lists, the onboarding checklist): with no form allowed, it sends nothing.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
STYLE_PROPERTIES = frozenset({"text-align"})
"""Markdown tables align columns with `style="text-align: …"`; nothing else of an inline style survives."""


def clean(html: str) -> str:
    """The HTML with everything outside the allow-list removed. Comments stay: they carry fragment placeholders."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        generic_attribute_prefixes={"data-"},
        set_tag_attribute_values={"input": {"type": "checkbox"}},  # any input becomes a checkbox
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=False,
        link_rel=None,  # no target attribute is allowed, so links cannot open a window that could reach back
    )


@dataclass(frozen=True)
class Unsafe:
    line: int
    """1-based line within the text that was scanned."""
    what: str


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_ATTR = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_MD_LINK = re.compile(r"\]\(\s*<?\s*([a-zA-Z][\w+.-]*):", re.S)
_ATTR_LIST = re.compile(r"\{:?\s*([^}]*)\}")
_BAD_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data|file)\s*:", re.I)


def unsafe_html(markdown: str) -> list[Unsafe]:
    """Raw HTML in a Markdown body that `clean` would remove, line by line (code blocks and spans are text)."""
    found: list[Unsafe] = []
    fence: str | None = None
    for n, line in enumerate(markdown.split("\n"), start=1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if line.startswith(("    ", "\t")) and not line.strip().startswith("<"):
            continue  # an indented code block (or list continuation): text either way
        visible = _CODE_SPAN.sub("", line)
        for m in _TAG.finditer(visible):
            tag = m.group(2).lower()
            if m.group(1):  # a closing tag: its opening one was reported
                continue
            if tag not in TAGS:
                found.append(Unsafe(n, _("<{tag}> element").format(tag=tag)))
                continue
            allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
            found += [Unsafe(n, what) for what in _bad_attributes(tag, m.group(3), allowed)]
        for m in _MD_LINK.finditer(visible):
            if m.group(1).lower() not in URL_SCHEMES:
                found.append(Unsafe(n, _("link to a '{scheme}:' URL").format(scheme=m.group(1))))
        for m in _ATTR_LIST.finditer(visible):
            found += [Unsafe(n, what) for what in _bad_attributes("attribute list", m.group(1), _COMMON | {"href", "src"})]
    return found


def _bad_attributes(tag: str, text: str, allowed: set[str]) -> list[str]:
    bad = []
    for name, value in _ATTR.findall(text):
        key = name.lower()
        if key.startswith((".", "#")) or key.startswith("data-"):
            continue  # attr_list's .class and #id, and data attributes
        value = value.strip("\"'")
        if key not in allowed or (key == "style" and not re.fullmatch(r"\s*text-align\s*:[^;]*;?\s*", value)):
            bad.append(_("'{name}' attribute on <{tag}>").format(name=name, tag=tag))
        elif key in ("href", "src") and _BAD_SCHEME.match(value):
            bad.append(_("'{scheme}:' URL in '{name}' on <{tag}>").format(scheme=value.split(":")[0], name=name, tag=tag))
    return bad

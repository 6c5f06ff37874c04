"""The only module that knows MkDocs: it takes a folder of Markdown and a nav list and builds HTML.

Kept small on purpose: Material for MkDocs reaches end of life in 2027, and
replacing the generator should mean replacing this file only.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .render import NavEntry


class SiteBuildError(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _nav(entries: list[NavEntry]) -> list[Any]:
    return [{title: _nav(target) if isinstance(target, list) else target} for title, target in entries]


THEME_OVERRIDES = Path(__file__).resolve().parent / "theme"
"""Template overrides: hreflang links, the language switch, per-page chrome language and the scripts' labels."""


@dataclass(frozen=True)
class SiteLanguage:
    """One language of the site. `prefix` is "" for the organ's language (at the root) and e.g. "en/" for the others."""

    code: str
    """BCP 47 tag, as `hreflang` and `<html lang>` write it (zh-Hans, en)."""
    name: str
    """The language's own name, for the switch (简体中文, English)."""
    theme: str
    """Material's code for its labels (zh, en)."""
    prefix: str
    nav: list[NavEntry]
    messages_json: str = "{}"
    """The browser scripts' labels, JSON already safe inside <script>."""


_LANG_SECTION = "\x00rulebook-language:"


class _Languages:
    """A plugin in all but name: one MkDocs build, a nav and chrome language per language tree.

    MkDocs has one navigation; each translated tree's nav goes into it as a marked section, and every page
    is then rendered with the navigation of its own language only, links to itself in the other languages
    (the switch and hreflang) and its language's labels.
    """

    def __init__(self, languages: list[SiteLanguage]) -> None:
        self.languages = languages
        self.navs: dict[str, Any] = {}
        self.pages: set[str] = set()

    def language_of(self, src_uri: str) -> SiteLanguage:
        for lang in self.languages[1:]:
            if src_uri.startswith(lang.prefix):
                return lang
        return self.languages[0]

    def on_nav(self, nav: Any, config: Any, files: Any) -> Any:
        from mkdocs.structure.nav import Navigation

        self.pages = {f.src_uri for f in files.documentation_pages()}
        own = [i for i in nav.items if not str(getattr(i, "title", "")).startswith(_LANG_SECTION)]
        self.navs[self.languages[0].code] = Navigation(own, [p for p in nav.pages if not self._is_translated(p.file.src_uri)])
        for item in nav.items:
            title = str(getattr(item, "title", ""))
            if title.startswith(_LANG_SECTION):
                code = title.removeprefix(_LANG_SECTION)
                for child in item.children:
                    child.parent = None  # the language section is bookkeeping, not an ancestor readers see
                pages = [p for p in nav.pages if self.language_of(p.file.src_uri).code == code]
                self.navs[code] = Navigation(item.children, pages)
        return nav

    def _is_translated(self, src_uri: str) -> bool:
        return self.language_of(src_uri) is not self.languages[0]

    def counterpart(self, src_uri: str, lang: SiteLanguage) -> str:
        """The same page in `lang`, or that language's home page where it has no such page."""
        mine = self.language_of(src_uri)
        rest = src_uri.removeprefix(mine.prefix)
        target = lang.prefix + rest
        return target if target in self.pages else lang.prefix + "index.md"

    def on_page_context(self, context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
        src = page.file.src_uri
        mine = self.language_of(src)
        context["nav"] = self.navs.get(mine.code, nav)
        context["rb_theme_language"] = mine.theme
        context["rb_messages"] = mine.messages_json
        here = posixpath.dirname(page.file.dest_uri) or "."
        alternates = []
        if len(self.languages) > 1:
            for lang in self.languages:
                target = self.counterpart(src, lang)
                dest = target.removesuffix(".md") + ".html"
                alternates.append(
                    {"lang": lang.code, "name": lang.name, "href": posixpath.relpath(dest, here), "current": lang is mine}
                )
        context["rb_alternates"] = alternates
        return context


def _prefixed(prefix: str, target: str | list[NavEntry]) -> str | list[NavEntry]:
    """A translated tree's nav entries, with paths from the site root (`../library/…` becomes `library/…`)."""
    if isinstance(target, list):
        return [(title, _prefixed(prefix, t)) for title, t in target]
    return posixpath.normpath(prefix + target)


def site_name(config_file: Path) -> str:
    from mkdocs.config import load_config

    return str(load_config(config_file=str(config_file))["site_name"])


class _Expand:
    """A plugin in all but name: MkDocs calls `on_page_content` with each page's HTML before the theme wraps it."""

    def __init__(self, expand: Callable[[str], str]) -> None:
        self.expand = expand

    def on_page_content(self, html: str, **_kwargs: Any) -> str:
        return self.expand(html)


def build_html(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    nav: list[NavEntry],
    expand: Callable[[str], str] | None = None,
    strict: bool = True,
    languages: list[SiteLanguage] | None = None,
) -> None:
    """Run MkDocs on `docs_dir` into `site_dir`; any warning fails the build when strict.

    `expand` post-processes each page's converted HTML (the renderer's pre-rendered fragments).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logging.getLogger("jieba").setLevel(logging.WARNING)  # Material's search segments Chinese with jieba, noisily
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(config_file=str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=strict)
        if languages:
            config["theme"]["language"] = languages[0].theme
            config["theme"].dirs.insert(0, str(THEME_OVERRIDES))
            config["extra"]["alternate"] = True  # shows the header's switch; the links are per page (rb_alternates)
            for lang in languages[1:]:
                nav = [*nav, (_LANG_SECTION + lang.code, [(title, _prefixed(lang.prefix, target)) for title, target in lang.nav])]
            config["plugins"]["rulebook-languages"] = _Languages(languages)  # type: ignore[assignment]
        config["nav"] = _nav(nav)
        if expand is not None:
            config["plugins"]["rulebook-fragments"] = _Expand(expand)  # type: ignore[assignment]
        build(config)
    except (MkDocsException, SystemExit) as exc:
        raise SiteBuildError(collect.messages or [str(exc)]) from exc
    finally:
        logger.removeHandler(collect)
    if strict and collect.messages:
        raise SiteBuildError(collect.messages)

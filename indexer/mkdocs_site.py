"""The only module that knows MkDocs: it takes a folder of Markdown and a nav list and builds HTML.

Kept small on purpose: Material for MkDocs reaches end of life in 2027, and
replacing the generator should mean replacing this file only.
"""

from __future__ import annotations

import contextlib
import html
import logging
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import anchors
from .errors import RulebookError
from .headers import inline_script_hashes, meta_tag
from .render.site import NavEntry
from .sanitize import clean


class SiteBuildError(RulebookError):
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
    """The nav for MkDocs. Material prints nav titles as raw HTML, so they are escaped here, where they land."""
    return [{html.escape(title): _nav(target) if isinstance(target, list) else target} for title, target in entries]


def offline_emoji(
    index: str, shortname: str, alias: str, uc: str | None, alt: str, title: str, category: str, options: dict, md: Any
) -> Any:
    """`:material-…:` icons as Material's inline SVG; every other `:emoji:` as its Unicode character.

    Material's own generator makes `<img>` tags pointing at a CDN for emoji, which an offline intranet site
    cannot load (and which would tell an outside host who reads what).
    """
    from material.extensions.emoji import to_svg
    from pymdownx.emoji import to_alt

    if uc is None:  # an icon bundled with Material: inline SVG, no request
        return to_svg(index, shortname, alias, uc, alt, title, category, options, md)
    return to_alt(index, shortname, alias, uc, alt, title, category, options, md)


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


class _Glue:
    """A plugin in all but name, doing what Material's templates need done to pages built from rules.

    - Page titles and descriptions from front matter are escaped: Material prints `page.meta.title` and
      `page.meta.description` raw into `<title>`, the header and a `<meta>` attribute.
    - Each page's converted HTML is sanitised (unless the project trusts raw HTML), then the renderer's
      pre-rendered fragments are expanded, so the site's own widgets are not subject to the allow-list.
    - Each finished page gets a Content-Security-Policy `<meta>` allowing its own inline scripts by hash;
      the union of those hashes is kept for the server's header.
    """

    def __init__(self, expand: Callable[[str], str] | None, sanitize: bool) -> None:
        self.expand = expand
        self.sanitize = sanitize
        self.script_hashes: set[str] = set()

    def on_page_markdown(self, markdown: str, page: Any, **_kwargs: Any) -> str:
        for key in ("title", "description"):
            value = page.meta.get(key)
            if isinstance(value, str):
                page.meta[key] = html.escape(value)
        return markdown

    def on_page_content(self, html: str, **_kwargs: Any) -> str:
        if self.sanitize:
            html = clean(html)
        return self.expand(html) if self.expand else html

    def on_files(self, files: Any, **_kwargs: Any) -> Any:
        self.static_pages = [f.abs_dest_path for f in files if f.is_static_page()]
        return files

    def on_post_build(self, **_kwargs: Any) -> None:
        """Static .html pages (the print packs) are copied as they are: their inline scripts need hashes too."""
        for path in getattr(self, "static_pages", []):
            with contextlib.suppress(OSError):
                self.script_hashes |= inline_script_hashes(Path(path).read_text(encoding="utf-8"))

    def on_post_page(self, output: str, **_kwargs: Any) -> str:
        hashes = inline_script_hashes(output)
        self.script_hashes |= hashes
        head = output.find("<head>")
        if head < 0:
            return output
        at = head + len("<head>")
        return output[:at] + "\n" + meta_tag(hashes) + output[at:]


def build_html(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    nav: list[NavEntry],
    expand: Callable[[str], str] | None = None,
    strict: bool = True,
    languages: list[SiteLanguage] | None = None,
    sanitize: bool = True,
) -> set[str]:
    """Run MkDocs on `docs_dir` into `site_dir`; any warning fails the build when strict.

    `expand` post-processes each page's converted HTML (the renderer's pre-rendered fragments). Returns the
    CSP hash sources of every inline script the site's pages carry, for the server's header.
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
        # heading ids from the one function search units read their anchors from, whatever mkdocs.yml names
        config["mdx_configs"].setdefault("toc", {})["slugify"] = anchors.slugify
        glue = _Glue(expand, sanitize)
        config["plugins"]["rulebook-glue"] = glue  # type: ignore[assignment]
        build(config)
    except (MkDocsException, SystemExit) as exc:
        raise SiteBuildError(collect.messages or [str(exc)]) from exc
    finally:
        logger.removeHandler(collect)
    if strict and collect.messages:
        raise SiteBuildError(collect.messages)
    return glue.script_hashes


def zensical_config(config_file: Path, docs_dir: Path, site_dir: Path, nav: list[NavEntry]) -> str:
    """Our mkdocs.yml as Zensical reads it (Zensical runs no MkDocs plugins and no hooks).

    The navigation, which `_NavAndLanguages.on_nav` hands MkDocs, is written out; the `plugins:` block (Material's
    search and offline plugins) is left out, and `docs_dir`/`site_dir` point at the generated tree (relative to the
    written file: Zensical 0.0.57 panics on absolute ones). Everything else,
    the Markdown extensions with their Python-named slugify and emoji functions included, is ours unchanged.
    """
    import re

    import yaml

    text = config_file.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^plugins:\n(?:[ #].*\n|\n)*", "", text)
    text = re.sub(r"(?m)^(docs_dir|site_dir|nav):.*\n", "", text)
    folders = yaml.safe_dump({"docs_dir": str(docs_dir), "site_dir": str(site_dir)}, allow_unicode=True)
    return text.rstrip("\n") + "\n" + folders + yaml.safe_dump({"nav": _nav(nav)}, allow_unicode=True, sort_keys=False)

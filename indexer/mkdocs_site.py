"""The only module that knows MkDocs: it takes a folder of Markdown and a nav list and builds HTML.

Kept small on purpose: Material for MkDocs reaches end of life in 2027, and
replacing the generator should mean replacing this file only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
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

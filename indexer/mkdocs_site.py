"""The only module that knows MkDocs: it takes a folder of Markdown and a nav list and builds HTML.

Kept small on purpose: Material for MkDocs reaches end of life in 2027, and
replacing the generator should mean replacing this file only.
"""

from __future__ import annotations

import logging
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


def build_html(config_file: Path, docs_dir: Path, site_dir: Path, nav: list[NavEntry], strict: bool = True) -> None:
    """Run MkDocs on `docs_dir` into `site_dir`; any warning fails the build when strict."""
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
        build(config)
    except (MkDocsException, SystemExit) as exc:
        raise SiteBuildError(collect.messages or [str(exc)]) from exc
    finally:
        logger.removeHandler(collect)
    if strict and collect.messages:
        raise SiteBuildError(collect.messages)

"""Ordinary Markdown handbooks (Jekyll/Eleventy sites): keep what means something, neutralise the rest.

Foreign front matter is dropped except the title; Liquid/Nunjucks tags are
removed or turned into plain text; links between pages are rewritten to
relative links between the imported files so they keep working in the site.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from ..frontmatter import foreign_front_matter
from .convert import Converted, slug

_BLOCK_DROP = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S)
_PAGE_TAG = re.compile(r"\{%-?\s*page\s+[\"']([^\"']*)[\"']\s*-?%\}")
_LINK_TAG = re.compile(r"\{%-?\s*link\s+[\"']([^\"']*)[\"']\s*-?%\}")
_SLACK = re.compile(r"\{%-?\s*slack_channel\s+[\"']([^\"']*)[\"']\s*-?%\}")
_IMAGE_TAG = re.compile(r"\{%-?\s*image\s+[\"']([^\"']*)[\"'](?:\s+[\"']([^\"']*)[\"'])?[^%]*-?%\}")
_ANY_TAG = re.compile(r"\{%-?.*?-?%\}", re.S)
_EXPR = re.compile(r"\{\{-?.*?-?\}\}", re.S)
_MD_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_DEF = re.compile(r"^( {0,3}\[[^\]]+\]:[ \t]*)<?([^\s>]+)>?(.*)$", re.M)
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


@dataclass
class PageMap:
    """Permalinks and file paths of every page being imported, to resolve links between them."""

    by_permalink: dict[str, str] = field(default_factory=dict)
    by_origin: dict[str, str] = field(default_factory=dict)  # origin -> destination path

    @staticmethod
    def key(url: str) -> str:
        return url.strip().strip("/").lower().removesuffix(".html").removesuffix("/index")

    def add(self, origin: str, dest: str, meta: dict[str, object]) -> None:
        self.by_origin[origin] = dest
        stem = posixpath.splitext(origin)[0]
        parts = stem.split("/")
        candidates = ["/".join(parts[i:]) for i in range(len(parts))]  # pages/a/b, a/b, b
        permalink = meta.get("permalink")
        if isinstance(permalink, str):
            candidates.insert(0, permalink)
        redirects = meta.get("redirect_from")
        if isinstance(redirects, str):
            redirects = [redirects]
        if isinstance(redirects, list):
            candidates += [r for r in redirects if isinstance(r, str)]
        for url in candidates:
            self.by_permalink.setdefault(self.key(url), dest)

    def resolve(self, target: str, origin: str) -> str | None:
        """The destination path a link points to, or None when it points outside the imported pages."""
        path, _sep, _anchor = target.partition("#")
        if not path:
            return None
        if path.endswith(".md"):
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(origin), path))
            return self.by_origin.get(joined)
        if path.startswith("/"):
            return self.by_permalink.get(self.key(path))
        # relative to the page's own permalink, as a browser would resolve it
        own = "/" + posixpath.splitext(origin)[0] + "/"
        resolved = posixpath.normpath(posixpath.join(own, path))
        found = self.by_permalink.get(self.key(resolved))
        return found or self.by_permalink.get(self.key(path))


def _relative(dest_from: str, dest_to: str) -> str:
    return posixpath.relpath(dest_to, posixpath.dirname(dest_from) or ".")


def strip_templates(body: str) -> str:
    body = _BLOCK_DROP.sub("", body)
    body = _SLACK.sub(lambda m: f"`#{m.group(1).lstrip('#')}`", body)
    body = _IMAGE_TAG.sub(lambda m: f"*[image: {m.group(2) or m.group(1)}]*", body)
    body = _ANY_TAG.sub("", body)  # raw/endraw, alert/endalert, include...: keep what is between, drop the tag
    return _EXPR.sub("", body)


def convert_document(text: str, origin: str, dest: str, collection: str, pages: PageMap) -> Converted:
    meta_in, body, note = foreign_front_matter(text)
    notes = [note] if note else []
    body = _PAGE_TAG.sub(lambda m: m.group(1) or "/", body)
    body = _LINK_TAG.sub(lambda m: m.group(1), body)
    body = strip_templates(body)

    def link(m: re.Match[str]) -> str:
        bang, label, target = m.groups()
        if bang:  # images are not imported: show what they were
            return f"*[image: {label or posixpath.basename(target)}]*"
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            return m.group(0)
        found = pages.resolve(target, origin)
        if found is None:
            return label  # keep the words, drop a link that leads nowhere in the library
        anchor = target.partition("#")[2]
        return f"[{label}]({_relative(dest, found)}{'#' + anchor if anchor else ''})"

    body = _MD_LINK.sub(link, body)

    def reference(m: re.Match[str]) -> str:
        head, target, rest = m.groups()
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            return m.group(0)
        found = pages.resolve(target, origin)
        if found is None:
            return ""  # the reference text stays readable; only the dead target goes
        anchor = target.partition("#")[2]
        return f"{head}{_relative(dest, found)}{'#' + anchor if anchor else ''}{rest}"

    body = _REF_DEF.sub(reference, body)
    title = meta_in.get("title")
    if not isinstance(title, str) or not title.strip():
        h1 = _H1.search(body)
        title = h1.group(1) if h1 else posixpath.splitext(posixpath.basename(origin))[0].replace("-", " ").capitalize()
    meta: dict[str, object] = {
        "id": slug(f"{collection}-{posixpath.splitext(origin)[0]}"),
        "type": "document",
        "title": title.strip(),
        "collection": collection,
        "origin": origin,
    }
    parts = origin.split("/")
    if len(parts) > 1:
        meta["category"] = parts[-2]
    return Converted(meta, body, notes)


def destination(origin: str) -> str:
    """Where an imported file goes, relative to the collection folder: same folders, a clean file name."""
    folder, name = posixpath.split(origin)
    return posixpath.join(folder, slug(posixpath.splitext(name)[0]) + ".md")

"""laws-cn style regulations: `# title`, an optional `# subtitle`, history lines, `<!-- INFO END -->`, then the text."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..lawtext import ARTICLE_HEAD_CN, ARTICLE_HEAD_EN, cn_date, title_date, undated_title
from .convert import Converted, slug

INFO_END = "<!-- INFO END -->"
_H1 = re.compile(r"^#\s+(.+?)\s*$")
_REPEALED = re.compile(r"废止|失效")


def looks_like_regulation(text: str) -> bool:
    """A regulation numbers its provisions: laws-cn's info block, 第X条 articles, or several "Article N" / "Section N"."""
    lines = text.split("\n")
    if INFO_END in text or any(ARTICLE_HEAD_CN.match(line) for line in lines):
        return True
    return sum(1 for line in lines if ARTICLE_HEAD_EN.match(line)) >= 3


def convert_regulation(text: str, origin: str, collection: str) -> Converted:
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines) if line.strip() == INFO_END), None)
    head, body_lines = (lines[:end], lines[end + 1 :]) if end is not None else (lines[:0], lines)
    titles: list[str] = []
    history: list[str] = []
    if end is None:  # no info block: the title is the first H1, the body the rest
        for i, line in enumerate(body_lines):
            m = _H1.match(line)
            if m:
                titles.append(m.group(1))
                body_lines = body_lines[i + 1 :]
                break
    else:
        for line in head:
            m = _H1.match(line)
            if m:
                titles.append(m.group(1))
            elif line.strip():
                history.append(line.strip())
    path = PurePosixPath(origin)
    stem = path.stem
    title = titles[0] if titles else undated_title(stem)
    in_force = next((cn_date(h) for h in history if "施行" in h and cn_date(h)), None)
    meta: dict[str, object] = {
        "id": slug(f"{collection}-{path.with_suffix('')}"),
        "type": "law",
        "title": title,
    }
    if len(titles) > 1:
        meta["subtitle"] = titles[1]
    meta["collection"] = collection
    meta["origin"] = origin
    if len(path.parts) > 1:
        meta["category"] = path.parts[0]
    published = title_date(stem) or (cn_date(history[-1]) if history else None)
    if published:
        meta["published"] = published
    effective = in_force or published
    if effective:
        meta["effective"] = effective
    if history and any(_REPEALED.search(h) for h in history[-1:]):
        meta["status"] = "repealed"
    if history:
        meta["history"] = history
    return Converted(meta, "\n".join(body_lines).strip())

"""Word in: an organ's .docx files (规章制度汇编, 岗位职责说明书, 办事指南) as draft rule files.

Each readable .docx becomes a Markdown rule file: front matter with its title, a type guessed from the
title and marked as guessed (`draft:`, which `rulebook check` reports with what the draft still lacks),
`status: draft`; the body keeps 第N章/第N节 and 第N条 as headings (the patterns of
`indexer.library.structure`), Word tables as Markdown tables and numbered or bulleted lists as lists.

Read with python-docx, in document order (paragraphs and tables interleaved). Files that cannot be read
are skipped with a reason: legacy .doc/.wps (binary OLE files), encrypted .docx (also OLE containers),
damaged zips, Word's own lock files, and archives whose unpacked size is out of proportion (zip bombs).
WPS saves ordinary OOXML, sometimes with localised style names (标题 1); both are understood.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .i18n import _
from .lawtext import ARTICLE_HEAD_CN as ARTICLE_CN
from .lawtext import LEVEL_HEAD_CN as LEVEL_CN
from .lawtext import unique_name

WORD_SUFFIXES = (".docx", ".doc", ".wps", ".docm")
MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

TYPE_HINTS: list[tuple[str, tuple[str, ...]]] = [
    ("post", ("岗位职责", "职责说明", "岗位说明", "工作职责")),
    ("procedure", ("办事指南", "服务指南", "操作规程", "工作流程", "办理流程", "流程", "程序")),
    ("term", ("术语", "名词解释", "释义")),
    ("system", ("制度", "办法", "规定", "规则", "细则", "守则", "规范", "汇编", "准则", "意见")),
]
"""Keywords of each type, in the order tried; a title with none of them is guessed to be a system."""

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_LEVELS = {"编": 2, "分编": 2, "章": 2, "节": 3}


class WordError(InputError):
    """A Word file that cannot be imported; the message is the reason shown to the user."""


@dataclass
class WordImportResult:
    written: list[tuple[str, Path, str]] = field(default_factory=list)
    """(origin, draft file, guessed type)."""
    skipped: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Draft:
    title: str
    markdown: str
    kind: str
    reason: str


def guess_type(title: str) -> tuple[str, str]:
    """(type, why) from the title's keywords."""
    for kind, words in TYPE_HINTS:
        for word in words:
            if word in title:
                return kind, _("type guessed from the word '{word}' in the title").format(word=word)
    return "system", _("type guessed (no telling word in the title): check it")


def _refuse(path: Path) -> None:
    """Raise WordError for what python-docx must not be given, before it is given it."""
    if path.name.startswith("~$"):
        raise WordError(_("a Word lock file (the document was open when copied), not a document"))
    size = path.stat().st_size
    if size > MAX_DOCX_BYTES:
        raise WordError(_("file is {mb:.0f} MB; Word files are limited to {limit} MB").format(mb=size / 1_048_576, limit=50))
    with path.open("rb") as handle:
        head = handle.read(8)
        if head == OLE_MAGIC:
            handle.seek(0)
            data = handle.read(1_048_576)
            if "EncryptedPackage".encode("utf-16-le") in data:
                raise WordError(_("encrypted (password-protected): remove the password in Word or WPS and save again"))
            raise WordError(_("legacy Word 97-2003 file (.doc/.wps): open it in Word or WPS and save it as .docx"))
    if path.suffix.lower() in (".doc", ".wps"):
        raise WordError(_("not a Word 97-2003 file despite its name, and not read as .docx: save it as .docx"))
    if not zipfile.is_zipfile(path):
        raise WordError(_("not a readable .docx (damaged, or another kind of file)"))
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "word/document.xml" not in names:
            raise WordError(_("a zip file without word/document.xml: not a Word document"))
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise WordError(_("unpacks to {mb:.0f} MB: refused as a possible zip bomb").format(mb=unpacked / 1_048_576))


def _numbering_formats(document: Any) -> dict[tuple[str, str], str]:
    """(numId, ilvl) -> numFmt ('bullet', 'decimal', 'chineseCounting', ...) from the numbering part."""
    from docx.oxml.ns import qn

    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[str, str]] = {}
    for node in numbering.findall(qn("w:abstractNum")):
        levels = {}
        for lvl in node.findall(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            levels[lvl.get(qn("w:ilvl"))] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
        abstract[node.get(qn("w:abstractNumId"))] = levels
    formats = {}
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is None:
            continue
        for ilvl, fmt in abstract.get(ref.get(qn("w:val")), {}).items():
            formats[(num.get(qn("w:numId")), ilvl)] = fmt
    return formats


def _num_pr(paragraph: Any) -> tuple[str, str] | None:
    """(numId, ilvl) of a list paragraph, from the paragraph or its style (and the styles it is based on)."""
    from docx.oxml.ns import qn

    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for ppr in candidates:
        if ppr is None:
            continue
        num = ppr.find(qn("w:numPr"))
        if num is None:
            continue
        num_id = num.find(qn("w:numId"))
        ilvl = num.find(qn("w:ilvl"))
        if num_id is not None and num_id.get(qn("w:val")) != "0":
            return num_id.get(qn("w:val")), ilvl.get(qn("w:val")) if ilvl is not None else "0"
    return None


def _cell_text(text: str) -> str:
    return text.strip().replace("|", "\\|").replace("\n", "<br>") or " "


def _table(table: Any) -> list[str]:
    rows = []
    for row in table.rows:
        cells = []
        previous = None
        for cell in row.cells:  # a merged cell is returned once per grid column: keep it once
            if previous is not None and cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(_cell_text(cell.text))
        rows.append(cells)
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [" "] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---" for _ in range(width)) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return ["", *lines, ""]


def _escape_line(text: str) -> str:
    """A paragraph's text as Markdown that shows as typed (a leading '#', '-' or '1.' is not markup)."""
    text = re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)
    return re.sub(r"^(#+|[-+]|\d+\.)(\s)", r"\\\1\2", text)


def convert(path: Path) -> Draft:
    """One .docx as a draft: title, Markdown body, guessed type. WordError when it cannot be read."""
    _refuse(path)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors... on damaged parts
        raise WordError(_("unreadable .docx: {error}").format(error=str(exc)[:120] or type(exc).__name__)) from exc
    formats = _numbering_formats(document)
    blocks = list(document.iter_inner_content())
    has_sections = any(isinstance(b, Paragraph) and (m := LEVEL_CN.match(b.text.strip())) and m.group(2) == "节" for b in blocks)
    article_level = 4 if has_sections else 3
    title = ""
    lines: list[str] = []
    counters: dict[tuple[str, str], int] = {}
    for block in blocks:
        if isinstance(block, Table):
            lines += _table(block)
            continue
        text = block.text.strip()
        if not text:
            lines.append("")
            continue
        style = block.style.name if block.style is not None else ""
        heading = _HEADING_STYLE.match(style)
        if not title and (style in ("Title", "标题") or (heading and heading.group(1) == "1")):
            title = text
            continue
        if level := LEVEL_CN.match(text):
            lines += ["", "#" * _LEVELS.get(level.group(2), 2) + " " + _escape_line(text), ""]
            continue
        if article := ARTICLE_CN.match(text):
            label = text[: article.end()].strip()
            rest = text[article.end() :].strip()
            lines += ["", "#" * article_level + " " + label, ""]
            if rest:
                lines += [_escape_line(rest), ""]
            continue
        if heading:
            lines += ["", "#" * min(int(heading.group(1)) + 1, 6) + " " + _escape_line(text), ""]
            continue
        numbered = _num_pr(block)
        if numbered is not None or style.startswith(("List Number", "List Bullet", "列表编号", "项目符号")):
            fmt = (
                formats.get(numbered, "decimal")
                if numbered
                else ("bullet" if "Bullet" in style or "符号" in style else "decimal")
            )
            indent = "    " * int(numbered[1]) if numbered else ""
            if fmt == "bullet":
                lines.append(f"{indent}- {_escape_line(text)}")
            else:
                key = numbered or ("style", style)
                counters[key] = counters.get(key, 0) + 1
                lines.append(f"{indent}{counters[key]}. {_escape_line(text)}")
            continue
        lines += [_escape_line(text), ""]
    if not title:
        title = (document.core_properties.title or "").strip() or path.stem
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
    if not body.strip():
        raise WordError(_("the document has no text"))
    kind, reason = guess_type(title)
    return Draft(title, body, kind, reason)


def draft_id(stem: str) -> str:
    """An id from the file name: its ASCII words joined by '-' (the organ's ids are a-z, 0-9, '-'); a name without
    any (受理制度.docx) gets `draft-` and a short hash of the name, the same at every import, to rename later."""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    if not slug:
        slug = "draft-" + hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    return slug if slug[0].isalpha() else f"draft-{slug}"


def draft_file(draft: Draft, item_id: str) -> str:
    q = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731 - JSON strings are YAML double-quoted strings
    meta = [
        "---",
        f"id: {q(item_id)}",
        f"type: {draft.kind}",
        f"title: {q(draft.title)}",
        "status: draft",
        f"draft: {q(draft.reason)}",
        "---",
        "",
    ]
    return "\n".join(meta) + draft.markdown


def word_files(src: Path) -> list[Path]:
    return sorted(
        p
        for p in src.rglob("*")
        if p.suffix.lower() in WORD_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(src).parts)
    )


def import_word_folder(src: Path, into: Path, progress: Callable[[int, int, str], None] | None = None) -> WordImportResult:
    """Write a draft rule file into `into` for each readable Word file under `src`; never overwrite a file."""
    result = WordImportResult()
    files = word_files(src)
    into.mkdir(parents=True, exist_ok=True)
    root = src.resolve()
    taken: set[str] = set()
    for n, path in enumerate(files, start=1):
        origin = path.relative_to(src).as_posix()
        if progress:
            progress(n, len(files), origin)
        if path.is_symlink() or not path.resolve().is_relative_to(root):
            result.skipped.append((origin, _("a link to a file outside the folder")))
            continue
        try:
            draft = convert(path)
        except WordError as exc:
            result.skipped.append((origin, str(exc)))
            continue
        item_id = unique_name(draft_id(path.stem), taken)
        taken.add(item_id)
        target = into / f"{item_id}.md"
        if target.exists():
            result.skipped.append((origin, _("{file} exists already: delete it to import again").format(file=target.name)))
            continue
        target.write_text(draft_file(draft, item_id), encoding="utf-8")
        result.written.append((origin, target, draft.kind))
    return result

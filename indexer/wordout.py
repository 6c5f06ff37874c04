"""Word out: the training pack (or chosen items) as a .docx for official circulation.

Written with python-docx into its default template, so every style is a real Word style: item titles are
"Heading 1" (they make the navigation pane and a table of contents), steps and duties are real tables,
the footer holds a PAGE field. Fonts follow Chinese official documents: 仿宋 for text, 黑体 for headings,
宋体 for the title, set as East Asian fonts (w:eastAsia) so Latin text keeps a Latin font.

Bodies are the author's Markdown turned into Word blocks by a small line-based converter (headings,
lists, tables, paragraphs); inline marks are dropped rather than shown as asterisks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .i18n import _
from .itemtypes import type_label
from .links import replace_links
from .model import Item, Post, Procedure, System
from .render.markdown import STATUS_LABELS
from .rulebook import Rulebook

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from .acknowledge import AckSheet
    from .pack import Pack

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"

_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)、]\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"\s*\{[#.][^}]*\}\s*$"), ""),
    (re.compile(r"<[^>]+>"), ""),
]


def plain(text: str) -> str:
    """Markdown inline marks removed: Word shows the words, not the asterisks."""
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text.replace("\\", "")


def _set_font(style, east_asia: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = LATIN_FONT
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    rfonts.set(qn("w:eastAsia"), east_asia)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    if size_pt is not None:
        style.font.size = Pt(size_pt)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)


def _page_number_footer(document: DocxDocument) -> None:
    """A centred "— PAGE —" footer: a real field, so Word and LibreOffice number every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for section in document.sections:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("— ")
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                node = OxmlElement("w:fldChar")
                node.set(qn("w:fldCharType"), kind)
            elif text == "1":
                node = OxmlElement("w:t")
                node.text = text
            else:
                node = OxmlElement("w:instrText")
                node.set(qn("xml:space"), "preserve")
                node.text = text
            run._r.append(node)
        paragraph.add_run(" —")


def new_document() -> DocxDocument:
    from docx import Document
    from docx.shared import Cm

    document = Document()
    styles = document.styles
    _set_font(styles["Normal"], BODY_FONT, 12)
    _set_font(styles["Title"], TITLE_FONT, 22, True)
    for level, size in ((1, 16), (2, 14), (3, 12), (4, 12)):
        _set_font(styles[f"Heading {level}"], HEADING_FONT, size, True)
    for section in document.sections:
        section.top_margin = section.bottom_margin = Cm(2.5)
        section.left_margin = section.right_margin = Cm(2.6)
    _page_number_footer(document)
    return document


def add_table(document: DocxDocument, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            lines = str(value).split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    document.add_paragraph()


def _split_row(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [plain(c.strip()) for c in cells]


def add_markdown(document: DocxDocument, markdown: str, base_level: int = 1) -> None:
    """The author's Markdown as Word blocks; headings shifted below the item's own heading."""
    lines = markdown.split("\n")
    paragraph: list[str] = []
    i = 0

    def flush() -> None:
        if paragraph:
            document.add_paragraph(plain(" ".join(s.strip() for s in paragraph)))
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        if line.strip().startswith(("```", "~~~")):
            flush()
            fence = line.strip()[:3]
            kind = line.strip()[3:].strip()
            block = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                block.append(lines[i])
                i += 1
            if kind == "mermaid":
                document.add_paragraph(_("(Flowchart: see the rulebook site.)"))
            else:
                for code in block:
                    document.add_paragraph(code)
        elif not line.strip():
            flush()
        elif m := _HEADING.match(line):
            flush()
            level = min(len(m.group(1)) + base_level - 1, 4)
            document.add_heading(plain(m.group(2)), level=max(level, base_level + 1))
        elif _TABLE_ROW.match(line) and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]):
            flush()
            headers = _split_row(line)
            i += 2
            rows = []
            while i < len(lines) and _TABLE_ROW.match(lines[i]):
                rows.append(_split_row(lines[i]))
                i += 1
            add_table(document, headers, rows)
            continue
        elif m := _BULLET.match(line):
            flush()
            document.add_paragraph(plain(m.group(1)), style="List Bullet")
        elif m := _NUMBERED.match(line):
            flush()
            document.add_paragraph(plain(m.group(1)), style="List Number")
        elif line.startswith(("!!! ", "??? ")):
            flush()
            title = re.search(r'"([^"]*)"', line)
            if title:
                document.add_paragraph().add_run(title.group(1)).bold = True
        else:
            paragraph.append(line)
        i += 1
    flush()


def _body(book: Rulebook, item: Item) -> str:
    def short(link) -> str:
        target = book.get(link.target)
        return link.text or (target.title if target else link.target)

    return replace_links(item.body, short)


def add_item(document: DocxDocument, book: Rulebook, item: Item, reason: str = "") -> None:
    document.add_heading(item.title, level=1)
    rows = [[_("Type"), type_label(item.type)], [_("Status"), _(STATUS_LABELS[item.status])]]
    if item.version:
        rows.append([_("Version"), item.version])
    if item.effective:
        rows.append([_("Effective"), item.effective.isoformat()])
    if item.owner:
        rows.append([_("Owner"), book.title(item.owner)])
    if item.basis:
        rows.append([_("Legal basis"), "\n".join(c.label for c in item.basis)])
    if reason:
        rows.append([_("Why it is in this pack"), reason])
    add_table(document, [_("Field"), _("Value")], rows)
    if item.summary:
        document.add_paragraph(item.summary)
    if isinstance(item, Procedure):
        document.add_heading(_("Time limits"), level=2)
        add_table(
            document,
            [_("Statutory"), _("Committed")],
            [[item.statutory_limit.raw, item.committed_limit.raw]],
        )
        document.add_heading(_("Steps"), level=2)
        rows = [
            [str(n), s.name, book.title(s.post), s.action, s.time_limit.raw, s.output or "—"]
            for n, s in enumerate(item.steps, start=1)
        ]
        add_table(document, [_("No."), _("Step"), _("Post"), _("Action"), _("Time limit"), _("Output")], rows)
        if item.materials:
            document.add_heading(_("Materials"), level=2)
            for material in item.materials:
                document.add_paragraph(str(material), style="List Number")
    elif isinstance(item, Post) and item.duties:
        document.add_heading(_("Duties of the post"), level=2)
        add_table(
            document, [_("Duty"), _("Time limit")], [[d.duty, d.time_limit.raw if d.time_limit else "—"] for d in item.duties]
        )
    elif isinstance(item, System) and item.duties:
        document.add_heading(_("Duties by post"), level=2)
        rows = [[book.title(d.post), d.duty, d.time_limit.raw if d.time_limit else "—"] for d in item.duties]
        add_table(document, [_("Post"), _("Duty"), _("Time limit")], rows)
    add_markdown(document, _body(book, item), base_level=2)


def add_ack_sheet(document: DocxDocument, sheet: AckSheet) -> None:
    from docx.enum.text import WD_BREAK

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(sheet.title, level=1)
    document.add_paragraph(sheet.period)
    rows = [[item, change, version, day, ""] for item, change, version, day in sheet.rows()]
    if not rows:
        document.add_paragraph(_("Nothing changed for this post in this period."))
    else:
        add_table(document, [_("Item"), _("Change"), _("Version"), _("Date"), _("Signature")], rows)
    document.add_paragraph(_("I have read the changes above and understand what they mean for my work."))
    document.add_paragraph(f"{_('Name')}: ________________    {_('Signature')}: ________________    {_('Date')}: ____________")


def write_pack_docx(book: Rulebook, pack: Pack, out: Path, sheet: AckSheet | None = None) -> None:
    """The pack as Word: title page facts, contents, each item, the laws, the questions, the acknowledgement sheet."""
    document = new_document()
    if pack.organ:
        document.add_paragraph(pack.organ)
    document.add_paragraph(pack.title, style="Title")
    if pack.aliases:
        document.add_paragraph(" · ".join(pack.aliases))
    document.add_heading(_("Contents"), level=1)
    for item in pack.items:
        document.add_paragraph(item.title, style="List Number")
    for item in pack.items:
        add_item(document, book, item, pack.reasons.get(item.id, ""))
    if pack.laws:
        document.add_heading(_("Laws they rest on"), level=1)
        rows = [[law.law, "、".join(law.article_labels()), ", ".join(book.title(i) for i in law.cited_by)] for law in pack.laws]
        add_table(document, [_("Law"), _("Articles"), _("Cited by")], rows)
    if pack.questions:
        document.add_heading(_("Self-check questions"), level=1)
        for entry in pack.questions:
            document.add_paragraph(entry.question.question, style="List Number")
            for choice in entry.question.choices:
                document.add_paragraph(f"□ {choice}")
        document.add_heading(_("Answers"), level=2)
        for n, entry in enumerate(pack.questions, start=1):
            document.add_paragraph(f"{n}. {entry.question.answer}")
    if sheet is not None:
        add_ack_sheet(document, sheet)
    document.core_properties.title = pack.title
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))

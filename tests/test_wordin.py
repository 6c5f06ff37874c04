"""`rulebook import` of Word files: drafts from .docx made by python-docx, by LibreOffice and as WPS saves them;
unreadable, encrypted and legacy files skipped with a reason; `check` lists what the drafts lack."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from indexer.cli import app
from indexer.i18n import use_language
from indexer.load import load_rulebook
from indexer.wordin import convert, draft_id, import_word_folder

runner = CliRunner()


def regulation(path: Path, title: str = "行政许可受理工作制度") -> Path:
    d = Document()
    d.add_paragraph(title, style="Title")
    d.add_paragraph("第一章 总则")
    d.add_paragraph("第一条 为了规范行政许可受理工作，制定本制度。")
    d.add_paragraph("第二条 窗口人员应当做到：")
    for t in ("核对申请材料；", "出具受理通知书；", "登记台账。"):
        d.add_paragraph(t, style="List Number")
    d.add_paragraph("注意事项", style="Heading 2")
    d.add_paragraph("材料齐全的当场受理", style="List Bullet")
    d.add_paragraph("# 这不是标题 <script>alert(1)</script>")
    table = d.add_table(rows=3, cols=2)
    for r, row in enumerate([("事项", "时限"), ("受理", "即办"), ("审查|复核", "5个工作日")]):
        for c, v in enumerate(row):
            table.cell(r, c).text = v
    d.add_paragraph("第二章 附则")
    d.add_paragraph("第三条 本制度自印发之日起施行。")
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


def test_docx_becomes_a_draft_with_articles_chapters_lists_and_tables(tmp_path: Path) -> None:
    draft = convert(regulation(tmp_path / "受理制度.docx"))
    assert draft.title == "行政许可受理工作制度" and draft.kind == "system" and "制度" in draft.reason
    body = draft.markdown
    assert "## 第一章 总则" in body and "## 第二章 附则" in body
    assert "### 第一条\n\n为了规范行政许可受理工作，制定本制度。" in body
    assert "1. 核对申请材料；\n2. 出具受理通知书；\n3. 登记台账。" in body
    assert "- 材料齐全的当场受理" in body and "### 注意事项" in body
    assert "| 事项 | 时限 |\n|---|---|\n| 受理 | 即办 |\n| 审查\\|复核 | 5个工作日 |" in body
    assert "\\# 这不是标题 \\<script\\>" in body  # text stays text: no heading, no HTML


def test_import_writes_drafts_that_load_and_check_lists_what_they_lack(tmp_path: Path) -> None:
    src = tmp_path / "word"
    regulation(src / "受理制度.docx")
    regulation(src / "办事指南.docx", "食品经营许可办事指南")
    project = tmp_path / "project"
    (project / "rules").mkdir(parents=True)
    result = runner.invoke(app, ["import", str(src), "-C", str(project)])
    assert result.exit_code == 0, result.output
    drafts = project / "rules" / "drafts"
    item_id = draft_id("受理制度")
    assert re.fullmatch(r"draft-[0-9a-f]{8}", item_id) and draft_id("Leave Policy 2024") == "leave-policy-2024"
    text = (drafts / f"{item_id}.md").read_text(encoding="utf-8")
    assert text.startswith(f'---\nid: "{item_id}"\ntype: system\ntitle: "行政许可受理工作制度"\nstatus: draft\ndraft: ')
    book, _report = load_rulebook(project / "rules")
    assert book.get(item_id).status.value == "draft"
    check = runner.invoke(app, ["check", "-C", str(project)])
    assert "尚缺：summary, owner, effective, version, basis（完成后请删除“draft”）" in check.output  # the project's language
    assert f"{draft_id('办事指南')}.md:1: [schema] 缺少必填字段“steps”" in check.output  # guessed a procedure
    with use_language("en"):  # the check command above switched to the project's language for this process
        again = import_word_folder(src, drafts)
    assert again.written == [] and all("exists already" in reason for _, reason in again.skipped)


def test_a_docx_made_by_libreoffice_imports(tmp_path: Path, soffice) -> None:
    html = tmp_path / "指南.html"
    html.write_text(
        '<html><head><meta charset="utf-8"></head><body><h1>食品经营许可办事指南</h1>'
        "<p>第一条 申请人应当提交下列材料：</p><ol><li>申请书</li><li>营业执照复印件</li></ol>"
        "<table border=1><tr><th>环节</th><th>时限</th></tr><tr><td>受理</td><td>即办</td></tr></table>"
        "<p>第二条 本指南自发布之日起施行。</p></body></html>",
        encoding="utf-8",
    )
    made = soffice(html, "docx:MS Word 2007 XML", tmp_path / "lo")
    draft = convert(made)
    assert draft.title == "食品经营许可办事指南" and draft.kind == "procedure"
    assert "### 第一条" in draft.markdown and "1. 申请书\n2. 营业执照复印件" in draft.markdown
    assert "| 环节 | 时限 |" in draft.markdown and "| 受理 | 即办 |" in draft.markdown


def _as_wps(src: Path, dest: Path) -> Path:
    """What WPS Office writes: its custom properties part, its name as the application, Chinese style names."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/styles.xml":
                data = data.replace(b'w:val="heading 2"', 'w:val="标题 2"'.encode())
            elif info.filename == "docProps/app.xml":
                data = re.sub(rb"<Application>[^<]*</Application>", b"<Application>WPS Office</Application>", data)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/docProps/custom.xml" '
                    b'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
                )
            zout.writestr(info, data)
        zout.writestr(
            "docProps/custom.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties '
            'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
            "<vt:lpwstr>2052-12.1.0.16120</vt:lpwstr></property></Properties>",
        )
    return dest


def test_a_wps_saved_docx_imports_with_its_chinese_style_names(tmp_path: Path) -> None:
    wps = _as_wps(regulation(tmp_path / "plain.docx"), tmp_path / "wps.docx")
    assert Document(str(wps)).paragraphs[7].style.name == "标题 2"
    draft = convert(wps)
    assert "### 注意事项" in draft.markdown and "## 第一章 总则" in draft.markdown


def test_unreadable_encrypted_and_legacy_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    src = tmp_path / "word"
    regulation(src / "good.docx")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    (src / "old.doc").write_bytes(ole + b"WordDocument".decode().encode("utf-16-le"))
    (src / "secret.docx").write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100)
    (src / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    shutil.copy(src / "good.docx", src / "~$good.docx")
    with zipfile.ZipFile(src / "nodoc.docx", "w") as z:
        z.writestr("hello.txt", "hi")
    result = import_word_folder(src, tmp_path / "drafts")
    assert [o for o, _, _ in result.written] == ["good.docx"]
    reasons = dict(result.skipped)
    assert "legacy Word 97-2003" in reasons["old.doc"]
    assert "encrypted" in reasons["secret.docx"]
    assert "not a readable .docx" in reasons["broken.docx"]
    assert "lock file" in reasons["~$good.docx"]
    assert "word/document.xml" in reasons["nodoc.docx"]


@pytest.mark.parametrize(
    ("title", "kind"),
    [("窗口受理岗岗位职责说明书", "post"), ("请休假审批流程", "procedure"), ("常用术语", "term"), ("会议纪要", "system")],
)
def test_type_is_guessed_from_the_title(tmp_path: Path, title: str, kind: str) -> None:
    assert convert(regulation(tmp_path / "x.docx", title)).kind == kind

"""`rulebook pack --docx`: Word files with real headings, tables, a page-number field and Chinese fonts, checked
by reading them back with python-docx and by opening them in LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from gitbook import make_history
from typer.testing import CliRunner

from indexer.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("wordout") / "project"
    make_history(root)
    out = root / "out"
    post = runner.invoke(
        app, ["pack", "--post", "clerk", "--changes-since", "2024-01-01", "--docx", str(out / "clerk.docx"), "-C", str(root)]
    )
    assert post.exit_code == 0, post.output
    item = runner.invoke(app, ["pack", "--items", "licence", "--docx", str(out / "licence.docx"), "-C", str(root)])
    assert item.exit_code == 0, item.output
    return {"post": out / "clerk.docx", "item": out / "licence.docx"}


def test_items_are_real_headings_and_steps_a_real_table(packs: dict[str, Path]) -> None:
    document = Document(str(packs["item"]))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert ("Title", "食品经营许可") in headings and ("Heading 1", "食品经营许可") in headings
    steps = next(t for t in document.tables if len(t.columns) == 6)
    assert [c.text for c in steps.rows[3].cells[:3]] == ["3", "审核", "法规审核岗"]
    assert steps.rows[2].cells[4].text == "5个工作日"


def test_fonts_are_chinese_east_asian_fonts(packs: dict[str, Path]) -> None:
    styles = zipfile.ZipFile(packs["item"]).read("word/styles.xml").decode("utf-8")
    for font in ("仿宋", "黑体", "宋体"):
        assert f'w:eastAsia="{font}"' in styles


def test_footer_has_a_page_number_field(packs: dict[str, Path]) -> None:
    archive = zipfile.ZipFile(packs["item"])
    footers = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("word/footer")]
    assert any('w:fldCharType="begin"' in f and "PAGE" in f for f in footers)


def test_post_pack_ends_with_the_acknowledgement_sheet(packs: dict[str, Path]) -> None:
    document = Document(str(packs["post"]))
    sheet = document.tables[-1]
    assert [c.text for c in sheet.rows[0].cells] == ["条目", "修订内容", "版本", "日期", "签名"]
    changes = "\n".join(row.cells[1].text for row in sheet.rows[1:])
    assert "一次性告知需补正的材料。" in changes and "审批科员 → 法规审核岗" in changes
    assert all(row.cells[4].text == "" for row in sheet.rows[1:])  # left blank to sign


def test_libreoffice_opens_the_pack_and_reads_its_text(packs: dict[str, Path], soffice, tmp_path: Path) -> None:
    text = soffice(packs["post"], "txt:Text", tmp_path).read_text(encoding="utf-8-sig")
    for expected in ("审批科员", "首次接待来访群众并在一个工作日内回复。", "核对申请材料，当场受理。", "签名"):
        assert expected in text
    pdf = soffice(packs["post"], "pdf", tmp_path)
    if shutil.which("pdftotext"):
        pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "—1—" in pages.replace(" ", "") and "—2—" in pages.replace(" ", "")  # the PAGE field, numbered


def test_docx_needs_somewhere_to_write_and_a_post_for_the_sheet(tmp_path: Path) -> None:
    root = tmp_path / "p"
    make_history(root)
    result = runner.invoke(
        app, ["pack", "--items", "licence", "--changes-since", "2024-01-01", "--docx", "x.docx", "-C", str(root)]
    )
    assert result.exit_code == 2 and "--changes-since needs --post" in result.output


def test_materials_with_details_are_listed_by_name(book, tmp_path: Path) -> None:
    """A material with a form, copies and source (the service-guide fields) is a model, not a string: listed by name."""
    from indexer.pack import pack_for_items
    from indexer.wordout import write_pack_docx

    proc = next(p for p in book.procedures if any(m.model_fields_set - {"name"} for m in p.materials))
    write_pack_docx(book, pack_for_items(book, [proc.id]), tmp_path / "p.docx")
    listed = [p.text for p in Document(str(tmp_path / "p.docx")).paragraphs if p.style.name == "List Number"]
    assert all(m.name in listed for m in proc.materials)

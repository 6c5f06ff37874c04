"""The organ's lists in and out: `rulebook export` (xlsx, json) with the standard element names and `rulebook import`
of a workbook into draft procedures; export -> import -> export gives the same workbook."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project
from openpyxl import Workbook, load_workbook
from test_check import CHIEF, CLERK, DEPT, write
from test_service_items import SERVICE, with_service

from indexer.load import load_rulebook


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "indexer.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def sheets(path: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The sample project plus one procedure that uses every service element."""
    root = copy_project(tmp_path / "project")
    rules = root / "rules"
    for name, text in [("office.md", DEPT), ("clerk.md", CLERK), ("chief.md", CHIEF)]:
        write(rules / "extra", name, text)
    write(rules / "extra", "registering.md", with_service(SERVICE))
    return root


def test_workbook_has_standard_names_one_row_per_item_and_sheets_for_the_rest(project: Path) -> None:
    result = cli("export", "--format", "xlsx", "-o", "list.xlsx", cwd=project)
    assert result.returncode == 0, result.stderr
    book, _ = load_rulebook(project / "rules")
    data = sheets(project / "list.xlsx")
    assert list(data) == ["事项", "申请材料", "办理流程", "特殊环节", "常见问题"]
    header = data["事项"][0]
    for name in (
        "实施编码",
        "事项名称",
        "事项类型",
        "设定依据",
        "实施依据",
        "实施主体",
        "受理条件",
        "办理形式",
        "法定办结时限",
        "承诺办结时限",
        "到办事现场次数",
        "办理地点",
        "办理时间",
        "咨询方式",
        "监督投诉方式",
        "是否收费",
        "收费标准",
        "收费依据",
    ):
        assert name in header, name
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in data["事项"][1:]}
    assert set(rows) == {p.id for p in book.procedures}
    reg = rows["registering"]
    assert reg["事项类型"] == "行政许可" and reg["到办事现场次数"] == 0 and reg["是否收费"] == "否"
    assert reg["办理形式"] == "窗口办理\n网上办理" and reg["设定依据"] == "食品安全法 第三十五条"
    assert rows["food-production-licence"]["承诺办结时限"] == "10个工作日"  # as the Chinese original writes it
    materials = [dict(zip(data["申请材料"][0], r, strict=True)) for r in data["申请材料"][1:] if r[0] == "registering"]
    assert (
        materials[1]["材料名称"] == "食品生产许可申请书"
        and materials[1]["材料形式"] == "原件\n电子"
        and materials[1]["份数"] == 1
    )
    steps = [r for r in data["办理流程"][1:] if r[0] == "food-production-licence"]
    assert len(steps) == 7 and steps[2][2] == "现场核查"  # the Chinese original's step name
    assert ("registering", "专家评审", "10日", "否") in [r[:4] for r in data["特殊环节"][1:]]


def test_json_export_uses_the_same_names(project: Path) -> None:
    assert cli("export", "-f", "json", "-o", "list.json", cwd=project).returncode == 0
    data = json.loads((project / "list.json").read_text(encoding="utf-8"))
    reg = next(r for r in data["sheets"]["事项"] if r["实施编码"] == "registering")
    assert reg["办理形式"] == ["窗口办理", "网上办理"] and reg["到办事现场次数"] == 0
    assert {"key": "visits", "name": "到办事现场次数", "label": "Visits in person"} in data["elements"]["事项"]


def test_round_trip_export_import_export_is_stable(project: Path, tmp_path: Path) -> None:
    assert cli("export", "-o", "first.xlsx", cwd=project).returncode == 0
    fresh = copy_project(tmp_path / "fresh")  # everything but the procedures, which come from the workbook
    shutil.rmtree(fresh / "rules" / "procedures")
    for name in ("office.md", "clerk.md", "chief.md"):
        shutil.copy(project / "rules" / "extra" / name, fresh / "rules" / name)
    result = cli("import", str(project / "first.xlsx"), cwd=fresh)
    assert result.returncode == 0, result.stdout + result.stderr
    drafts = sorted((fresh / "rules" / "procedures").glob("*.md"))
    assert len(drafts) == 11
    check = cli("check", cwd=fresh)
    assert check.returncode == 0, check.stdout
    book, _ = load_rulebook(fresh / "rules")
    assert all(p.status.value == "draft" for p in book.procedures)
    assert cli("export", "-o", "second.xlsx", cwd=fresh).returncode == 0
    assert sheets(fresh / "second.xlsx") == sheets(project / "first.xlsx")
    again = cli("import", str(project / "first.xlsx"), cwd=fresh)
    assert "保留" in again.stdout and "写入0个流程草稿，保留11个" in "".join(again.stderr.split())  # the project's language


def test_import_reports_bad_rows_by_sheet_and_row_and_writes_the_good_ones(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "事项"
    ws.append(["事项名称", "实施编码", "法定办结时限", "承诺办结时限", "到办事现场次数"])  # any column order
    ws.append(["好的事项", "good-item", "20个工作日", "10个工作日", 1])
    ws.append(["坏的事项", "bad-item", "soon", "10个工作日", 7])
    steps = wb.create_sheet("办理流程")
    steps.append(["实施编码", "序号", "环节名称", "办理岗位", "办理内容", "办理时限"])
    steps.append(["good-item", 1, "受理", "window-clerk", "受理申请", "即办"])
    steps.append(["bad-item", 1, "受理", "window-clerk", "受理申请", "即办"])
    steps.append(["ghost", 1, "受理", "window-clerk", "受理申请", "即办"])
    wb.save(tmp_path / "list.xlsx")
    result = cli("import", "list.xlsx", "--into", "out", cwd=tmp_path)
    assert result.returncode == 1
    # in the project's language (Chinese), with the sheet, row, item and field of each problem
    assert "list.xlsx：“事项”工作表第3行（bad-item）：字段“statutory_limit”：" in result.stdout
    assert "list.xlsx：“事项”工作表第3行（bad-item）：字段“visits”：" in result.stdout
    assert "其他工作表中有事项“ghost”的行，但“事项”工作表中没有该事项" in result.stdout
    assert [p.name for p in (tmp_path / "out").glob("*.md")] == ["good-item.md"]
    text = (tmp_path / "out" / "good-item.md").read_text(encoding="utf-8")
    assert "status: draft" in text and "visits: 1" in text


def test_import_of_something_that_is_not_a_workbook_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "list.xlsx").write_text("not a zip", encoding="utf-8")
    result = cli("import", "list.xlsx", cwd=tmp_path)
    assert (
        result.returncode == 2 and "list.xlsx：不是可以读取的 .xlsx 工作簿" in result.stderr and "Traceback" not in result.stderr
    )


def test_text_that_looks_like_a_formula_stays_text(project: Path, tmp_path: Path) -> None:
    proc = project / "rules" / "extra" / "registering.md"
    proc.write_text(proc.read_text(encoding="utf-8").replace("action: Log the document.", 'action: "=HYPERLINK(\\"http://x\\")"'))
    assert cli("export", "-o", "list.xlsx", cwd=project).returncode == 0
    ws = load_workbook(project / "list.xlsx")["办理流程"]
    (cell,) = [row[4] for row in ws.iter_rows(min_row=2) if row[0].value == "registering" and row[1].value == 1]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'
    result = cli("import", "list.xlsx", "--into", str(tmp_path / "out"), cwd=project)
    assert "action: =HYPERLINK" in (tmp_path / "out" / "registering.md").read_text(encoding="utf-8"), result.stdout


def test_visits_and_copies_written_as_text_are_read_as_numbers(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "事项"
    ws.append(["实施编码", "事项名称", "法定办结时限", "承诺办结时限", "到办事现场次数"])
    ws.append(["item", "事项", "20个工作日", "10个工作日", "1次"])
    steps = wb.create_sheet("办理流程")
    steps.append(["实施编码", "序号", "环节名称", "办理岗位", "办理内容", "办理时限"])
    steps.append(["item", "1", "受理", "window-clerk", "受理申请", "即办"])
    wb.save(tmp_path / "list.xlsx")
    result = cli("import", "list.xlsx", "--into", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "visits: 1\n" in (tmp_path / "out" / "item.md").read_text(encoding="utf-8")

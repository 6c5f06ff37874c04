"""Service-item elements on procedures: validated when present, required on public service items, rendered escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check import CHIEF, CLERK, DEPT, PROC, run, write

from indexer.load import load_rulebook
from indexer.render.context import RenderContext
from indexer.render.items import render_item

SERVICE = """
public_service: true
item_type: 行政许可
item_code: "000132001000"
setting_basis: [食品安全法 第三十五条]
basis: [食品生产许可管理办法 第二十条]
implementing_body: 省市场监督管理局
service_objects: [企业法人]
acceptance_conditions: [已取得营业执照]
handling_forms: [window, 网上办理]
visits: 0
location: 省政务服务中心 3 号窗口
office_hours: 工作日 9:00-17:00
consultation: ["0571-12345 <b>hot</b>"]
complaints: [12315]
fees:
  charged: false
materials:
  - 营业执照复印件
  - name: 食品生产许可申请书
    need: 必要
    form: [原件, electronic]
    copies: 1
    source: 申请人自备
    blank_form: forms/application.docx
    sample: https://example.gov.cn/sample.pdf?a=1&b=2
special_stages:
  - name: 专家评审
    time_limit: 10日
    basis: [行政许可法 第四十五条]
faq:
  - question: "Can I apply online? <script>"
    answer: Yes, through the portal.
"""


def with_service(extra: str) -> str:
    return PROC.replace("statutory_limit: 5 working days", "statutory_limit: 5 working days" + extra.rstrip("\n"), 1)


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    for name, text in [("office.md", DEPT), ("clerk.md", CLERK), ("chief.md", CHIEF)]:
        write(folder, name, text)
    return folder


def test_full_service_item_is_valid_and_normalised(rules: Path) -> None:
    write(rules, "registering.md", with_service(SERVICE))
    report, _ = run(rules)
    assert report.errors == [], [str(d) for d in report.errors]
    book, _ = load_rulebook(rules)
    item = book.get("registering")
    assert item.handling_forms == ["window", "online"]
    plain, full = item.materials
    assert plain.name == "营业执照复印件" and plain.need is None
    assert full.form == ["原件", "电子"] and full.copies == 1
    assert item.setting_basis[0].article == 35


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ("item_type: 行政审批", "item_type"),
        ("visits: 3", "visits"),
        ("handling_forms: [fax]", "handling_forms[0]"),
        ("fees:\n  charged: true", "fees"),
        ("materials:\n  - name: 表\n    blank_form: javascript:alert(1)", "materials[0].blank_form"),
        ("materials:\n  - name: 表\n    form: [扫描件]", "materials[0].form[0]"),
        ("special_stages:\n  - name: 听证\n    time_limit: soon", "special_stages[0].time_limit"),
        ("setting_basis: [行政许可法 第X条]", "setting_basis[0]"),
    ],
)
def test_bad_element_is_an_error_naming_its_field_and_line(rules: Path, bad: str, field: str) -> None:
    write(rules, "registering.md", with_service("\n" + bad))
    report, _ = run(rules)
    errors = [d for d in report.errors if d.path == "registering.md"]
    assert errors and f"'{field}'" in errors[0].message, [str(d) for d in errors]
    assert errors[0].line >= 7


def test_public_service_item_must_publish_the_core_elements(rules: Path) -> None:
    write(rules, "registering.md", with_service("\npublic_service: true\nlocation: 3 号窗口\nvisits: 1"))
    report, _ = run(rules)
    (missing,) = [d for d in report.errors if d.code == "missing-service-elements"]
    assert missing.line == 7  # the public_service line
    assert "item_type (事项类型)" in missing.message and "materials (申请材料)" in missing.message
    assert "location" not in missing.message and "visits" not in missing.message


def test_stages_that_count_are_added_to_the_steps(rules: Path) -> None:
    stage = "\nspecial_stages:\n  - name: 公示\n    time_limit: 3 working days\n    counts_toward_limit: true\n    after_step: 5"
    write(rules, "registering.md", with_service(stage))
    report, _ = run(rules)
    codes = {d.code: d for d in report.diagnostics}
    assert "with the special stages that count (公示) add up to 4" in codes["steps-exceed-limit"].message
    assert "there is no step 5" in codes["unknown-step"].message
    write(rules, "registering.md", with_service(stage.replace("counts_toward_limit: true", "counts_toward_limit: false")))
    report, _ = run(rules)
    assert "steps-exceed-limit" not in {d.code for d in report.diagnostics}
    assert "stage-without-basis" in {d.code for d in report.warnings}


def test_procedure_page_shows_every_element_escaped(rules: Path) -> None:
    write(rules, "registering.md", with_service(SERVICE))
    book, _ = load_rulebook(rules)
    page = render_item(RenderContext(book), book.get("registering"))
    for shown in (
        "Item type (事项类型) | 行政许可",
        "Establishing basis (设定依据)",
        "Implementing basis (实施依据)",
        "Window (窗口办理), Online (网上办理)",
        "No visit (零跑动)",
        "省政务服务中心 3 号窗口",
        "No, free of charge",
        "## Special stages (特殊环节)",
        "## Frequently asked questions (常见问题)",
    ):
        assert shown in page, shown
    assert "0571-12345 &lt;b&gt;hot&lt;/b&gt;" in page and "<b>hot</b>" not in page
    assert "Can I apply online? &lt;script&gt;" in page
    assert '<a href="../forms/application.docx">Blank form</a>' in page
    assert 'href="https://example.gov.cn/sample.pdf?a=1&amp;b=2"' in page
    assert "| 1 | 营业执照复印件 | — |" in page  # a plain-string material keeps its row


def test_a_chinese_page_names_the_standard_elements_once(rules: Path) -> None:
    from indexer.i18n import use_language

    write(rules, "registering.md", with_service(SERVICE))
    book, _ = load_rulebook(rules)
    with use_language("zh-Hans"):
        page = render_item(RenderContext(book), book.get("registering"))
    assert "## 特殊环节 {#special-stages}" in page and "## 常见问题 {#faq}" in page
    assert "(特殊环节)" not in page and "(常见问题)" not in page
    assert "| 事项类型 | 行政许可" in page and "Item type" not in page and "Establishing basis" not in page

"""Powers and responsibilities (权责清单): a power's stages by post, its risks, and where they show up."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check import CHIEF, CLERK, DEPT, PROC, run, write

from indexer.load import load_rulebook
from indexer.obligations import obligations_for
from indexer.render.context import RenderContext
from indexer.render.items import render_item
from indexer.render.site import render_site

POWER = """---
id: licensing-power
type: power
title: Registering documents <i>power</i>
aliases: [文件登记权]
power_type: 行政确认
code: QR-001
department: office
procedure: registering
basis: [行政许可法 第三十二条]
stages:
  - stage: 受理责任
    post: clerk
    duty: Check the materials and accept or refuse on the spot.
    time_limit: 即办
  - stage: 决定责任
    post: chief
    duty: Decide within the limit.
    time_limit: 1 working day
    basis: [行政许可法 第三十八条]
accountability:
  - case: Refusing a complete application without reason
    basis: [行政许可法 第七十二条]
risks:
  - risk: Favouring an applicant at acceptance
    level: high
    stage: 受理责任
    controls: [Random assignment, Recorded acceptance]
  - risk: Deciding outside the limit
    level: 中
    post: chief
    controls: 12345 hotline follow-up
---
The power to register documents.
"""


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    for name, text in [
        ("office.md", DEPT),
        ("clerk.md", CLERK),
        ("chief.md", CHIEF),
        ("registering.md", PROC),
        ("power.md", POWER),
    ]:
        write(folder, name, text)
    return folder


def test_power_loads_and_checks_clean(rules: Path) -> None:
    report, _loaded = run(rules)
    assert report.errors == [], [str(d) for d in report.errors]
    book, _ = load_rulebook(rules)
    power = book.get("licensing-power")
    assert power.type == "power" and power.risks[0].level == "高" and power.risks[1].controls == ["12345 hotline follow-up"]


def test_power_references_are_checked_with_lines(rules: Path) -> None:
    write(
        rules,
        "power.md",
        POWER.replace("post: chief\n    duty", "post: chef\n    duty").replace("procedure: registering", "procedure: office"),
    )
    report, _ = run(rules)
    found = {(d.code, d.line) for d in report.errors}
    assert ("unknown-post", 17) in found and ("wrong-type", 9) in found


def test_power_without_stages_is_a_schema_error(rules: Path) -> None:
    start, end = POWER.index("stages:"), POWER.index("accountability:")
    write(rules, "power.md", POWER[:start] + "stages: []\n" + POWER[end:])
    report, _ = run(rules)
    assert any(d.path == "power.md" and "'stages'" in d.message for d in report.errors)


def test_power_feeds_the_obligations_of_its_posts(rules: Path) -> None:
    book, _ = load_rulebook(rules)
    clerk = obligations_for(book, book.get("clerk"))
    (power,) = clerk.powers
    assert [o.step_name for o in power.stages] == ["受理责任"]
    assert [r.risk for r in power.risks] == ["Favouring an applicant at acceptance"]  # by its stage
    chief = obligations_for(book, book.get("chief")).to_json()
    assert chief["powers"][0]["stages"][0]["text"] == "Decide within the limit."
    assert chief["powers"][0]["risks"][0]["level"] == "中"  # named by post


def test_power_page_post_page_department_page_and_index(rules: Path) -> None:
    book, _ = load_rulebook(rules)
    site = render_site(RenderContext(book))
    power = site.pages["powers/licensing-power.md"]
    assert "| 受理责任 | [Clerk](../posts/clerk.md) | Check the materials" in power
    assert "## Integrity risk points (廉政风险点)" in power and "Random assignment<br>Recorded acceptance" in power
    assert "## Accountability (追责情形)" in power and "[Registering a document](../procedures/registering.md)" in power
    assert "Registering documents &lt;i&gt;power&lt;/i&gt;" in power
    assert "Responsibilities in the powers list" in site.pages["posts/clerk.md"]
    assert "(../powers/licensing-power.md)" in site.pages["posts/chief.md"]
    assert "(../powers/licensing-power.md)" in site.pages["departments/office.md"]
    assert "[General Office](../departments/office.md)" in site.pages["powers/index.md"]
    assert any(title == "Powers and responsibilities" for title, _ in site.nav)
    assert render_item(RenderContext(book), book.get("licensing-power")) == power


def test_search_finds_a_power_by_its_risk_points_and_stages(built_sample: Path) -> None:
    from indexer.search.query import Searcher

    searcher = Searcher(built_sample.parent / "index")
    hits = searcher.search("lowering the standard on-site check benefits", type="power", limit=3).hits
    assert hits and hits[0].id == "food-production-licensing"
    hits = searcher.search("complainant identity leaking", type="power", limit=3).hits
    assert hits and hits[0].id == "efficiency-complaint-power"

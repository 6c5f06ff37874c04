"""Due dates: `rulebook due`, `/api/due` and the page calculator agree, on real holiday arrangements."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, needs_chromium
from test_check import CHIEF, CLERK, DEPT, write

from indexer.calendar import package_calendar
from indexer.due import due_dates
from indexer.load import load_rulebook
from indexer.render.context import RenderContext
from indexer.render.service import due_calculator

LICENCE = """---
id: licensing
type: procedure
title: "Licensing </script><script>window.__xss=1</script>"
owner: office
statutory_limit: 20个工作日
committed_limit: 10个工作日
steps:
  - name: "Accept <img src=x onerror=window.__xss=2>"
    post: clerk
    action: Check the materials.
    time_limit: 即办
  - name: Review
    post: clerk
    action: Review.
    time_limit: 3个工作日
  - name: Decide
    post: chief
    action: Decide.
    time_limit: 2个工作日
special_stages:
  - name: 专家评审
    time_limit: 10日
    after_step: 2
    basis: 行政许可法 第四十五条
  - name: 现场核查
    time_limit: 1个工作日
    counts_toward_limit: true
    after_step: 1
---
Body.
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    for name, text in [("office.md", DEPT), ("clerk.md", CLERK), ("chief.md", CHIEF), ("licensing.md", LICENCE)]:
        write(folder, name, text)
    return folder


def test_steps_chain_and_deadlines_across_national_day() -> None:
    book, _ = load_rulebook(ROOT / "rules")
    result = due_dates(book.get("food-production-licence"), date(2026, 9, 28), package_calendar())
    dues = [s.due for s in result.steps]
    assert dues[0] == date(2026, 9, 28)  # on the spot
    assert dues[1] == date(2026, 9, 30)  # 2 working days: 29th, 30th
    assert dues[2] == date(2026, 10, 12)  # 4 working days: 8th, 9th, Saturday 10th (make-up), 12th
    assert result.committed == date(2026, 10, 16) and result.statutory == date(2026, 10, 30)
    # testing (20 working days) and a hearing (20日) are not counted: if both take place, 16 October + 20
    # working days = 13 November, + 20 days = 3 December
    assert result.committed_with_stages == date(2026, 12, 3) and result.statutory_with_stages == date(2026, 12, 17)


def test_special_stages_not_counted_move_the_deadlines_on(small: Path) -> None:
    book, report = load_rulebook(small)
    assert report.errors == []
    result = due_dates(book.get("licensing"), date(2026, 9, 1), book.calendar)
    expert, site = result.stages
    assert not expert.counts_toward_limit and expert.start == result.steps[1].due
    assert site.counts_toward_limit and site.start == result.steps[0].due
    assert result.committed == date(2026, 9, 15)
    # 10日 of expert review after the committed deadline: 25 September, the Mid-Autumn holiday -> 28 September
    assert result.committed_with_stages == date(2026, 9, 28)
    assert result.statutory == date(2026, 9, 29)
    assert result.statutory_with_stages == date(2026, 10, 9)  # 10日 after 29 September: 9 October, a Friday


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "indexer.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_cli_prints_the_same_dates_as_json_and_as_a_table() -> None:
    as_json = cli("due", "food-production-licence", "--accepted", "2026-09-28", "--json")
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["committed"] == {"time_limit": "10个工作日", "due": "2026-10-16"}  # as the Chinese original writes it
    assert [s["due"] for s in data["steps"]][:3] == ["2026-09-28", "2026-09-30", "2026-10-12"]
    table = cli("due", "food-production-licence", "--accepted", "2026-09-28")
    assert "2026-10-12" in table.stdout and "2026-10-30" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["food-licence", "--accepted", "2026-09-28"],
            "没有 id 为 'food-licence' 的流程；是否应为 'food-production-licence'？",  # the project's language
        ),
        (["food-production-licence", "--accepted", "2026-09-31"], "“2026-09-31”不是日期：请按 YYYY-MM-DD 格式填写"),
        (["food-production-licence", "--accepted", "2031-03-02"], "工作日历中没有2031年"),
    ],
)
def test_cli_bad_input_is_a_clear_message(args: list[str], message: str) -> None:
    result = cli("due", *args)
    assert result.returncode == 2
    assert message in " ".join(result.stderr.split()) and "Traceback" not in result.stderr


def test_cli_special_stage_shown_as_not_counted(small: Path) -> None:
    result = cli("due", "licensing", "--accepted", "2026-09-01", "-C", str(small.parent))
    assert result.returncode == 0, result.stderr
    assert "专家评审 (10日, 不计入法定时限): 到期" in result.stdout
    assert "加上不计入时限的特殊环节后: 承诺 2026-09-28, 法定 2026-10-09" in result.stdout


@pytest.fixture(scope="module")
def client(built_sample: Path):
    from starlette.testclient import TestClient

    from indexer.serve import create_app

    project = built_sample.parents[3]
    return TestClient(create_app(project / "build", project / "rules" / "synonyms.yml"))


def test_api_due_matches_the_cli(client) -> None:
    r = client.get("/api/due", params={"procedure": "food-production-licence", "accepted": "2026-09-28"})
    assert r.status_code == 200
    assert r.json() == json.loads(cli("due", "food-production-licence", "--accepted", "2026-09-28", "--json").stdout)


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"procedure": "nope", "accepted": "2026-09-28"}, 404, "no procedure with id 'nope'"),
        ({"procedure": "food-production-licence", "accepted": "28/09/2026"}, 400, "is not a date"),
        ({"procedure": "food-production-licence", "accepted": "2031-01-05"}, 400, "2031 is not in the working-day calendar"),
        ({"procedure": "food-production-licence"}, 400, "give 'procedure'"),
    ],
)
def test_api_due_bad_input_is_a_json_error(client, params: dict, status: int, message: str) -> None:
    r = client.get("/api/due", params=params)
    assert r.status_code == status
    assert message in r.json()["error"] and r.json()["status"] == status


def test_calculator_data_cannot_break_out_of_its_script_element(small: Path) -> None:
    book, _ = load_rulebook(small)
    ctx = RenderContext(book)
    due_calculator(ctx, book.get("licensing"), "procedures/licensing.md")
    fragment = ctx.fragments.html[-1]
    data = fragment.split('class="rb-due__data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and json.loads(data)["schedule"]["title"].startswith("Licensing </script>")
    assert "<img src=x" not in fragment and "&lt;img src=x" in fragment


def _page(tmp_path: Path, small: Path) -> Path:
    """The calculator alone in a page with the site's own script, opened from disk."""
    book, _ = load_rulebook(small)
    ctx = RenderContext(book)
    due_calculator(ctx, book.get("licensing"), "procedures/licensing.md")
    (tmp_path / "due.js").write_text((ROOT / "docs" / "assets" / "due.js").read_text(encoding="utf-8"), encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(
        f'<!doctype html><meta charset="utf-8"><body>{ctx.fragments.html[-1]}<script src="due.js"></script></body>',
        encoding="utf-8",
    )
    return page


def _fill(web, accepted: str) -> dict[str, str]:
    web.fill("input[name=accepted]", accepted)
    web.click("button[type=submit]")
    return web.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.rb-due__table tbody tr')].map(
             tr => [tr.dataset.step ? 'step' + tr.dataset.step : tr.dataset.stage ? 'stage' + tr.dataset.stage
                    : tr.dataset.deadline, tr.querySelector('.rb-due__date').textContent]))"""
    )


@pytest.mark.browser
@needs_chromium
def test_calculator_in_a_file_page_agrees_with_python(browser, tmp_path: Path, small: Path) -> None:
    book, _ = load_rulebook(small)
    web = browser.new_page()
    web.goto(_page(tmp_path, small).as_uri())
    for accepted in ("2026-09-01", "2026-09-28", "2026-01-30", "2025-12-24"):
        shown = _fill(web, accepted)
        expected = due_dates(book.get("licensing"), date.fromisoformat(accepted), book.calendar)
        assert [shown[f"step{n}"] for n in (1, 2, 3)] == [s.due.isoformat() for s in expected.steps], accepted
        assert [shown["stage0"], shown["stage1"]] == [s.due.isoformat() for s in expected.stages]
        assert shown["committed"] == expected.committed.isoformat() and shown["statutory"] == expected.statutory.isoformat()
        assert shown["statutory_with_stages"] == expected.statutory_with_stages.isoformat()
    _fill(web, "2026-12-24")
    assert web.is_visible(".rb-due__error") and not web.is_visible(".rb-due__table")
    assert "2027 is not in the working-day calendar (it covers 2004 to 2026)" in web.text_content(".rb-due__error")
    assert web.evaluate("window.__xss") is None
    web.close()


@pytest.mark.browser
@needs_chromium
def test_calculator_on_the_built_site_from_disk(browser, built_sample: Path) -> None:
    web = browser.new_page()
    errors: list[str] = []
    web.on("pageerror", lambda e: errors.append(str(e)))
    web.goto((built_sample / "procedures" / "food-production-licence.html").as_uri())
    shown = _fill(web, "2026-09-30")
    # document review 2 working days after 30 September: 8 and 9 October; the on-site check's 4: 10 (a Saturday
    # worked to make up for the holiday), 12, 13, 14 October
    assert shown["step2"] == "2026-10-09" and shown["step3"] == "2026-10-14"
    assert shown["committed"] == "2026-10-20" and errors == []
    web.close()


@pytest.fixture(scope="module")
def served(built_sample: Path):
    """`serve`'s app (with its Content-Security-Policy header) on a free port, in a thread."""
    import socket
    import threading
    import time

    import uvicorn

    from indexer.serve import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    project = built_sample.parents[3]
    server = uvicorn.Server(uvicorn.Config(create_app(project / "build"), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.mark.browser
@needs_chromium
def test_calculator_served_under_the_content_security_policy(browser, served: str) -> None:
    web = browser.new_page()
    blocked: list[str] = []
    web.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    response = web.goto(served + "/procedures/information-disclosure-request.html")
    assert "script-src" in response.headers["content-security-policy"]
    shown = _fill(web, "2026-09-25")  # a Friday in the Mid-Autumn holiday: counting starts on the 28th
    assert shown["step1"] == "2026-09-25" and shown["step2"] == "2026-09-30"  # 3 working days: 28, 29, 30
    assert shown["statutory"] == "2026-10-29" and blocked == []
    web.close()


def test_cli_says_why_a_year_of_the_project_calendar_was_left_out(small: Path) -> None:
    (small / "calendar.yml").write_text("years:\n  2027:\n    holidays: [2027-02-30]\n", encoding="utf-8")
    result = cli("due", "licensing", "--accepted", "2026-12-24", "-C", str(small.parent))
    assert result.returncode == 2
    text = " ".join(result.stderr.split())
    assert "calendar.yml:3: [calendar] YAML 有误：“2027-02-30”不是有效日期" in text
    assert "工作日历中没有2027年" in text

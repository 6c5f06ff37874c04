"""`rulebook check`: every kind of bad input is a diagnostic naming file, line and field; the rest still loads."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from indexer.check import check_rulebook
from indexer.diagnostics import Report
from indexer.i18n import use_language
from indexer.load import load_rulebook

DEPT = """---
id: office
type: department
title: General Office
aliases: [办公室]
---
Runs the organ's paperwork.
"""

CLERK = """---
id: clerk
type: post
title: Clerk
department: office
backup: chief
reports_to: chief
---
Receives documents.
"""

CHIEF = """---
id: chief
type: post
title: Chief
department: office
---
Leads the office.
"""

PROC = """---
id: registering
type: procedure
title: Registering a document
owner: office
statutory_limit: 5 working days
committed_limit: 3 working days
steps:
  - name: Receive
    post: clerk
    action: Log the document.
    time_limit: on the spot
  - name: Sign
    post: chief
    action: Sign the register.
    time_limit: 1 working day
---
See [[clerk]] and [[chief|the chief]].
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """An English-speaking organ's rules (its rulebook.yml says so), so diagnostics come in English."""
    folder = tmp_path / "rules"
    for name, text in [("office.md", DEPT), ("clerk.md", CLERK), ("chief.md", CHIEF), ("registering.md", PROC)]:
        write(folder, name, text)
    write(tmp_path, "rulebook.yml", "language: en\nlanguages: [en, zh-Hans]\n")
    return folder


@pytest.fixture(autouse=True)
def english():
    with use_language("en"):
        yield


def run(folder: Path, today: date = date(2026, 1, 1), language: str = "en") -> tuple[Report, int]:
    book, report = load_rulebook(folder, display_base=folder, language=language)
    report.extend(check_rulebook(book, today))
    return report, len(book)


def only(report: Report, code: str):
    found = [d for d in report.diagnostics if d.code == code]
    assert found, f"no [{code}] in {[str(d) for d in report.diagnostics]}"
    return found


def test_valid_rulebook_is_clean(rules: Path) -> None:
    report, loaded = run(rules)
    assert report.diagnostics == []
    assert loaded == 4


@pytest.mark.parametrize(
    ("name", "content", "code", "line", "words"),
    [
        ("yaml.md", "---\nid: x\ntype: term\ntitle: [unclosed\n---\nbody\n", "yaml", 4, "invalid YAML"),
        ("dupkey.md", "---\nid: x\ntype: term\ntitle: A\ntitle: B\n---\nbody\n", "yaml", 5, "appears twice"),
        ("types.md", "---\nid: x\ntype: term\ntitle: T\ntags: {a: 1}\n---\nbody\n", "schema", 5, "tags"),
        ("date.md", "---\nid: x\ntype: term\ntitle: T\neffective: someday\n---\nbody\n", "schema", 5, "effective"),
        ("latin1.md", "---\nid: x\ntype: term\ntitle: Caf\xe9\n---\nbody\n".encode("latin-1"), "encoding", 4, "not UTF-8"),
        ("empty.md", b"", "empty", 1, "empty"),
        ("blank.md", b"  \n\n", "empty", 1, "empty"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary", 1, "binary"),
        ("nobody.md", "---\nid: x\ntype: term\ntitle: T\n---\n", "no-body", 5, "no body"),
        ("nofm.md", "# Just a heading\n\nText.\n", "front-matter", 1, "no front matter"),
        ("open.md", "---\nid: x\ntype: term\n", "front-matter", 1, "never closed"),
        ("list.md", "---\n- a\n- b\n---\nbody\n", "front-matter", 2, "mapping"),
        ("notype.md", "---\nid: x\ntitle: T\n---\nbody\n", "schema", 2, "type"),
        ("badtype.md", "---\nid: x\ntype: sistem\ntitle: T\n---\nbody\n", "schema", 3, "did you mean 'system'"),
        (
            "unknown.md",
            "---\nid: x\ntype: term\ntitle: T\nreviw_by: 2027-01-01\n---\nbody\n",
            "schema",
            5,
            "did you mean 'review_by'",
        ),
        ("badid.md", "---\nid: Bad Id\ntype: term\ntitle: T\n---\nbody\n", "schema", 2, "malformed id 'Bad Id'"),
        (
            "cyrillic.md",
            "---\nid: w\u0456ndow-clerk\ntype: term\ntitle: T\n---\nb\n",
            "schema",
            2,
            "U+0456 CYRILLIC SMALL LETTER",
        ),
        ("fullwidth.md", "---\nid: \uff57indow-clerk\ntype: term\ntitle: T\n---\nb\n", "schema", 2, "U+FF57 FULLWIDTH LATIN"),
        ("hanid.md", "---\nid: 首问\ntype: term\ntitle: T\n---\nb\n", "schema", 2, "a-z, 0-9 and '-' only"),
        ("art.md", "---\nid: x\ntype: term\ntitle: T\nbasis: [行政许可法 第10000条]\n---\nb\n", "schema", 5, "beyond any law"),
        (
            "art2.md",
            "---\nid: x\ntype: term\ntitle: T\nbasis: [{law: 行政许可法, article: 123456}]\n---\nb\n",
            "schema",
            5,
            "beyond",
        ),
        (
            "long.md",
            PROC.replace("id: registering", "id: r3").replace("1 working day", "99999999 months"),
            "schema",
            16,
            "ten years",
        ),
        (
            "huge.md",
            PROC.replace("id: registering", "id: r4").replace("1 working day", "9" * 400 + " days"),
            "schema",
            16,
            "ten years",
        ),
        ("limit.md", PROC.replace("id: registering", "id: r2").replace("1 working day", "soonish"), "schema", 16, "soonish"),
        (
            "missing.md",
            "---\nid: x\ntype: procedure\ntitle: T\nstatutory_limit: 5 days\ncommitted_limit: 3 days\n---\nb\n",
            "schema",
            1,
            "steps",
        ),
    ],
)
def test_bad_file_is_reported_and_the_rest_still_loads(
    rules: Path, name: str, content: str | bytes, code: str, line: int, words: str
) -> None:
    write(rules, name, content)
    report, loaded = run(rules)
    found = only(report, code)
    assert any(d.path == name and d.line == line and words in d.message for d in found), [str(d) for d in found]
    assert loaded >= 4  # the good files still load and are checked


def test_fifty_megabyte_file_is_refused_without_reading_it_all(rules: Path) -> None:
    big = rules / "huge.md"
    with big.open("wb") as fh:
        fh.write(b"---\nid: huge\ntype: term\ntitle: Huge\n---\n")
        fh.truncate(50 * 1024 * 1024)
    report, loaded = run(rules)
    (diag,) = only(report, "too-large")
    assert diag.path == "huge.md" and "50.0 MB" in diag.message
    assert loaded == 4


def test_duplicate_id_names_both_files(rules: Path) -> None:
    write(rules, "zz-copy.md", CHIEF)
    report, _ = run(rules)
    (diag,) = only(report, "duplicate-id")
    assert diag.path == "zz-copy.md" and diag.line == 2 and "chief.md" in diag.message


def test_step_assigned_to_missing_post(rules: Path) -> None:
    write(rules, "registering.md", PROC.replace("post: chief", "post: cheif"))
    report, _ = run(rules)
    (diag,) = only(report, "unknown-post")
    assert diag.line == 14 and "steps[1].post" in diag.message and "did you mean 'chief'" in diag.message


def test_step_assigned_to_an_item_that_is_not_a_post(rules: Path) -> None:
    write(rules, "registering.md", PROC.replace("post: chief", "post: office"))
    report, _ = run(rules)
    assert "is a department, not a post" in only(report, "wrong-type")[0].message


def test_committed_above_statutory(rules: Path) -> None:
    write(rules, "registering.md", PROC.replace("committed_limit: 3 working days", "committed_limit: 1 month"))
    report, _ = run(rules)
    diag = only(report, "limit-order")[0]
    assert diag.line == 7 and "'1 month'" in diag.message and "'5 working days'" in diag.message


def test_steps_add_up_to_more_than_committed(rules: Path) -> None:
    write(rules, "registering.md", PROC.replace("time_limit: 1 working day", "time_limit: 4 working days"))
    report, _ = run(rules)
    diag = only(report, "steps-exceed-limit")[0]
    assert diag.line == 8 and "4 working days" in diag.message


def test_superseded_without_successor(rules: Path) -> None:
    write(rules, "old.md", "---\nid: old\ntype: term\ntitle: Old\nstatus: superseded\n---\nGone.\n")
    report, _ = run(rules)
    assert only(report, "missing-successor")[0].line == 5


def test_supersession_cycle(rules: Path) -> None:
    write(rules, "a.md", "---\nid: a\ntype: term\ntitle: A\nstatus: superseded\nsuperseded_by: b\n---\nA.\n")
    write(rules, "b.md", "---\nid: b\ntype: term\ntitle: B\nstatus: superseded\nsuperseded_by: a\n---\nB.\n")
    report, _ = run(rules)
    (diag,) = only(report, "supersession-cycle")
    assert "a -> b -> a" in diag.message and diag.path == "a.md" and diag.line == 6


def test_reporting_cycle(rules: Path) -> None:
    write(rules, "chief.md", CHIEF.replace("department: office", "department: office\nreports_to: clerk"))
    report, _ = run(rules)
    (diag,) = only(report, "reporting-cycle")
    assert "chief -> clerk -> chief" in diag.message


def test_broken_body_link_has_the_body_line(rules: Path) -> None:
    write(rules, "registering.md", PROC + "\nAsk [[cleark]] first.\n```\n[[in-code-is-fine]]\n```\n")
    report, _ = run(rules)
    (diag,) = only(report, "broken-link")
    assert diag.line == 20 and "[[cleark]]" in diag.message and "did you mean 'clerk'" in diag.message


def test_unknown_references(rules: Path) -> None:
    write(rules, "t.md", "---\nid: t\ntype: term\ntitle: T\nowner: nobody\nrelated: [clerk, ghost]\n---\nT.\n")
    report, _ = run(rules)
    assert only(report, "unknown-department")[0].line == 5
    assert "related[1]" in only(report, "unknown-item")[0].message


def test_review_overdue_is_a_warning_not_an_error(rules: Path) -> None:
    write(rules, "t.md", "---\nid: t\ntype: term\ntitle: T\nreview_by: 2025-06-30\n---\nT.\n")
    report, _ = run(rules, today=date(2026, 1, 1))
    (diag,) = only(report, "review-overdue")
    assert diag.severity.value == "warning" and diag.line == 5 and report.errors == []


def test_indicator_weights_must_add_up(rules: Path) -> None:
    write(
        rules,
        "s.md",
        "---\nid: s\ntype: system\ntitle: S\nindicators:\n  - {name: A, weight: 60}\n  - {name: B, weight: 30}\n---\nS.\n",
    )
    report, _ = run(rules)
    assert "90" in only(report, "indicator-weights")[0].message


def test_question_answer_must_be_a_choice(rules: Path) -> None:
    write(
        rules,
        "q.md",
        "---\nid: q\ntype: term\ntitle: Q\nquestions:\n  - question: Why?\n    choices: [A, B]\n    answer: C\n---\nQ.\n",
    )
    report, _ = run(rules)
    assert any("answer 'C' is not one of the choices" in d.message and d.line == 6 for d in only(report, "schema"))


def test_yaml_alias_bomb_is_harmless(rules: Path) -> None:
    bomb = "---\nid: bomb\ntype: term\ntitle: B\na: &a [x, x, x, x, x, x, x, x, x]\n"
    for n in "bcdefgh":
        bomb += f"{n}: &{n} [*{chr(ord(n) - 1)}, *{chr(ord(n) - 1)}, *{chr(ord(n) - 1)}, *{chr(ord(n) - 1)}]\n"
    write(rules, "bomb.md", bomb + "---\nBoom.\n")
    report, _ = run(rules)
    assert any(d.path == "bomb.md" and "unknown field" in d.message for d in report.diagnostics)


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "indexer.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_cli_on_broken_folder_lists_each_file_with_line_and_exits_1(rules: Path) -> None:
    write(rules, "yaml.md", "---\nid: x\ntype: term\ntitle: [unclosed\n---\nbody\n")
    write(rules, "latin1.md", "---\nid: y\ntype: term\ntitle: Caf\xe9\n---\nbody\n".encode("latin-1"))
    write(rules, "empty.md", b"")
    write(rules, "binary.md", b"\x00\x01\x02" * 100)
    write(rules, "registering.md", PROC.replace("post: chief", "post: nobody"))
    result = cli("check", "rules", cwd=rules.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    # the calendar-coverage warning depends on today's date (tested in test_calendar.py)
    lines = [line for line in result.stdout.strip().splitlines() if "[calendar-coverage]" not in line]
    assert all(re.match(r"^rules/[\w.-]+\.md:\d+: \[[a-z-]+\] ", line) for line in lines), lines
    assert {line.split(":")[0] for line in lines} == {
        f"rules/{n}" for n in ["yaml.md", "latin1.md", "empty.md", "binary.md", "registering.md"]
    }
    assert "5 errors" in result.stderr


def test_cli_json_format(rules: Path) -> None:
    write(rules, "registering.md", PROC.replace("post: chief", "post: nobody"))
    result = cli("check", "rules", "--format", "json", cwd=rules.parent)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["errors"] == 1 and data["files"] == 4
    (diag,) = [d for d in data["diagnostics"] if d["code"] != "calendar-coverage"]
    assert diag == {
        "path": "rules/registering.md",
        "line": 14,
        "code": "unknown-post",
        "severity": "error",
        "message": diag["message"],
    }


def test_cli_clean_exits_0(rules: Path) -> None:
    result = cli("check", "rules", cwd=rules.parent)
    assert result.returncode == 0, result.stdout
    assert "0 errors" in result.stderr


def test_cli_check_takes_the_project_folder_like_the_other_commands(rules: Path) -> None:
    result = cli("check", "-C", str(rules.parent), cwd=rules.parent.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stderr


def test_diagnostics_come_in_the_organs_language(rules: Path) -> None:
    write(rules, "registering.md", PROC.replace("post: chief", "post: nobody"))
    (rules.parent / "rulebook.yml").write_text("language: zh-Hans\n", encoding="utf-8")
    result = cli("check", "rules", cwd=rules.parent)
    assert result.returncode == 1
    assert "steps[1].post：没有 id 为“nobody”的岗位" in result.stdout
    assert "1个错误" in result.stderr
    with use_language("zh-Hans"):
        report, _n = run(rules, language="zh-Hans")
    assert "没有 id 为“nobody”的岗位" in only(report, "unknown-post")[0].message


CLERK_ZH = """---
title: 文书
summary: 收发文件。
---
收发文件。
"""

PROC_ZH = """---
title: 文件登记
steps:
  - name: 接收
    action: 登记文件。
  - name: 签字
    action: 在登记簿上签字。
---
见 [[clerk]]。
"""


def test_translation_with_words_only_is_clean_and_merges_with_the_original_facts(rules: Path) -> None:
    write(rules, "clerk.zh-Hans.md", CLERK_ZH)
    write(rules, "registering.zh-Hans.md", PROC_ZH)
    book, report = load_rulebook(rules, display_base=rules, language="en")
    report.extend(check_rulebook(book, date(2026, 1, 1)))
    assert report.diagnostics == []
    view = book.localized("zh-Hans")
    proc = view.get("registering")
    assert proc.title == "文件登记" and proc.steps[1].name == "签字" and proc.steps[1].action == "在登记簿上签字。"
    assert proc.steps[1].post == "chief" and proc.steps[1].time_limit.raw == "1 working day"  # facts from the original
    assert proc.body.strip() == "见 [[clerk]]。" and proc.translation is not None
    assert view.get("office").title == "General Office" and view.get("office").translation is None  # falls back
    assert book.get("registering").title == "Registering a document"  # the original is untouched


def test_translation_that_adds_or_contradicts_a_fact_is_an_error_with_its_line(rules: Path) -> None:
    bad = PROC_ZH.replace("title: 文件登记\n", "title: 文件登记\nowner: office\nreview: soon\n").replace(
        "  - name: 签字\n    action: 在登记簿上签字。\n", "  - name: 签字\n    post: clerk\n    action: 签字。\n"
    )
    write(rules, "registering.zh-Hans.md", bad)
    write(rules, "clerk.zh-Hans.md", CLERK_ZH.replace("summary: 收发文件。\n", "duties:\n  - duty: 收文\n"))
    write(rules, "chief.zh-Hans.md", "---\ntitle: 主任\n---\n正文\n")
    write(rules, "office.zh-Hans.md", "---\ntitle: 办公室\nquestions:\n  - question: 问？\n---\n正文\n")
    report, _n = run(rules)
    facts = only(report, "translation-fact")
    where = {(d.path, d.line) for d in facts}
    assert ("registering.zh-Hans.md", 3) in where  # owner: a fact, given once in the original
    assert ("registering.zh-Hans.md", 4) in where  # review: no such field
    assert ("registering.zh-Hans.md", 9) in where  # steps[1].post: a fact
    assert any("registering.md" in d.message for d in facts)
    mismatch = only(report, "translation-mismatch")
    assert [(d.path, d.line) for d in mismatch] == [("clerk.zh-Hans.md", 3), ("office.zh-Hans.md", 3)]
    assert "0" in mismatch[0].message and "1" in mismatch[0].message
    assert not [d for d in report.errors if d.path == "chief.zh-Hans.md"]


def test_translation_without_original_is_an_error(rules: Path) -> None:
    write(rules, "nobody.zh-Hans.md", CLERK_ZH)
    report, _n = run(rules)
    assert only(report, "translation-orphan")[0].path == "nobody.zh-Hans.md"


def test_translation_older_than_its_original_is_a_warning_naming_both(rules: Path) -> None:
    import os

    tr = write(rules, "clerk.zh-Hans.md", CLERK_ZH)
    os.utime(tr, (1_000_000, 1_000_000))
    report, _n = run(rules)
    (stale,) = only(report, "stale-translation")
    assert stale.path == "clerk.zh-Hans.md" and "clerk.md" in stale.message and not report.errors
    os.utime(tr, None)  # edited now: newer than its original
    report, _n = run(rules)
    assert not [d for d in report.diagnostics if d.code == "stale-translation"]


def test_stale_translation_uses_commit_dates_in_git(rules: Path) -> None:
    """A checkout gives every file the same mtime; the last commits say which was edited later."""
    import os

    def git(*args: str, when: str) -> None:
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        subprocess.run(["git", *args], cwd=rules, check=True, capture_output=True, env=env)

    write(rules, "clerk.zh-Hans.md", CLERK_ZH)
    git("init", "-q", when="2024-01-01T00:00:00")
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", ".", when="2024-01-01T00:00:00")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "all", when="2024-01-01T00:00:00")
    write(rules, "clerk.md", CLERK.replace("Receives documents.", "Receives and files documents."))
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "edit", when="2024-02-01T00:00:00")
    os.utime(rules / "clerk.md", (1_000_000, 1_000_000))  # mtimes say otherwise; git wins
    report, _n = run(rules)
    assert only(report, "stale-translation")[0].path == "clerk.zh-Hans.md"


@pytest.mark.parametrize(
    ("name", "field_line", "field"),
    [
        ("chief.md", "reports_to: chief", "reports_to"),
        ("office.md", "parent: office", "parent"),
        ("chief.md", "related: [chief]", "related"),
    ],
)
def test_an_item_that_names_itself_is_an_error(rules: Path, name: str, field_line: str, field: str) -> None:
    path = rules / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\n{field_line}\n", 1), encoding="utf-8")
    report, _ = run(rules)
    (found,) = only(report, "self-reference")
    assert found.path == name and found.line == 2 and f"'{field}' names the item itself" in found.message


def test_text_nested_deeper_than_a_reader_needs_is_an_error_at_its_line(rules: Path) -> None:
    deep = "\n".join("  " * i + "- level" for i in range(1000))
    write(rules, "deep.md", f"---\nid: deep\ntype: term\ntitle: Deep\n---\nIntro.\n\n{deep}\n")
    write(rules, "quotes.md", "---\nid: quotes\ntype: term\ntitle: Q\n---\n" + ">" * 200 + " quoted\n")
    report, _ = run(rules)
    found = {d.path: d for d in only(report, "too-deep")}
    assert found["deep.md"].line == 8 + 31 and "nested up to 999 levels" in found["deep.md"].message  # the first line over 30
    assert found["quotes.md"].line == 6
    shallow = "\n".join("  " * i + "- level" for i in range(10))
    write(rules, "deep.md", f"---\nid: deep\ntype: term\ntitle: Deep\n---\n{shallow}\n")
    (rules / "quotes.md").unlink()
    assert not [d for d in run(rules)[0].diagnostics if d.code == "too-deep"]


def test_html_that_the_sanitiser_will_remove_is_a_warning_at_its_line(rules: Path) -> None:
    body = "Fine <kbd>Ctrl</kbd> and `<script>` in code.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n"
    write(rules, "html.md", f"---\nid: html\ntype: term\ntitle: H\n---\n{body}")
    report, _ = run(rules)
    found = only(report, "unsafe-html")
    assert [(d.line, d.severity.value) for d in found] == [(8, "warning"), (10, "warning")]
    assert "<script> element" in found[0].message and "trust_html" in found[0].message
    book, _ = load_rulebook(rules, display_base=rules)
    assert not [d for d in check_rulebook(book, date(2026, 1, 1), trust_html=True).diagnostics if d.code == "unsafe-html"]


def _check_project(tmp_path: Path, synonyms: str | None = None, settings: str | None = None) -> list[str]:
    from indexer.check import check_project_files

    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    if synonyms is not None:
        (rules / "synonyms.yml").write_text(synonyms, encoding="utf-8")
    if settings is not None:
        (tmp_path / "rulebook.yml").write_text(settings, encoding="utf-8")
    return [str(d) for d in check_project_files(rules, tmp_path, tmp_path).diagnostics]


def test_synonyms_file_is_checked_with_lines_and_limits(tmp_path: Path) -> None:
    assert _check_project(tmp_path, "- [年假, 年休假]\n- [辞退, 解除劳动合同]\n") == []
    assert _check_project(tmp_path, "- [年假, 年休假\n- [a, b]\n") == [
        "rules/synonyms.yml:2: [synonyms] not valid YAML: expected ',' or ']', but got '['"
    ]
    found = _check_project(tmp_path, "- [年假, 年休假]\n- [only]\n- [a, [b, c]]\n- [" + ", ".join(["w"] * 60) + "]\n")
    assert [f.split(":")[1] for f in found] == ["2", "3", "4"]
    assert "at least two words" in found[0] and "not a list" in found[1] and "at most 50" in found[2]
    with use_language("zh-Hans"):  # a Chinese organ's check
        found = _check_project(tmp_path, "- [only]\n- 跑断腿: [一次性告知一次性告知一次性告知]\n")
    assert found[0] == "rules/synonyms.yml:1: [synonyms] 每组应为至少包含两个词的列表，例如 [年假, 年休假]"
    assert found[1] == "rules/synonyms.yml:2: [synonyms] 单向条目：“跑断腿”：法律术语“一次性告知一次性告知一次性告知”超过12个字符"


def test_an_alias_bomb_in_synonyms_is_refused_without_being_expanded(tmp_path: Path) -> None:
    from indexer.search.synonyms import Synonyms, SynonymsError

    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8)
    )
    found = _check_project(tmp_path, bomb)
    assert len(found) == 1 and "anchors and aliases" in found[0]
    with pytest.raises(SynonymsError, match="anchors and aliases"):
        Synonyms.load(tmp_path / "rules" / "synonyms.yml")


def test_invalid_settings_file_is_reported(tmp_path: Path) -> None:
    found = _check_project(tmp_path, settings="trust_html: perhaps\nkeep_relases: 2\n")
    assert len(found) == 1 and found[0].startswith("rulebook.yml:1: [settings]")
    assert "trust_html" in found[0] and "keep_relases" in found[0]


def test_hand_written_pages_are_checked_like_rules(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "guide.md").write_text("# Guide\n\n" + "\n".join("  " * i + "- x" for i in range(40)) + "\n", encoding="utf-8")
    (docs / "page.md").write_text("# Page\n\n<iframe src=x></iframe>\n", encoding="utf-8")
    (tmp_path / "secret.md").write_text("secret", encoding="utf-8")
    (docs / "link.md").symlink_to(tmp_path.parent)  # a folder outside the project
    found = _check_project(tmp_path)
    assert "docs/guide.md:34: [too-deep]" in " ".join(found)
    assert "docs/page.md:3: [unsafe-html] warning: <iframe> element will be removed from the page" in found
    assert any(f.startswith("docs/link.md:1: [skipped-file] warning:") and "outside" in f for f in found)

"""The printable training pack: its HTML, and the PDF printed by headless Chromium, checked with poppler."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import ARTIFACTS, ROOT, needs_chromium
from typer.testing import CliRunner

from indexer.cli import app
from indexer.i18n import use_language
from indexer.model import Post, Procedure
from indexer.pack import PackError, pack_for_items, pack_for_post, pack_html, write_pdf
from indexer.rulebook import Rulebook
from indexer.training import onboarding_path

runner = CliRunner()


@pytest.fixture(scope="module")
def clerk(book: Rulebook) -> Post:
    post = book.get("window-clerk")
    assert isinstance(post, Post)
    return post


def flat(text: str) -> str:
    return " ".join(text.split())


def test_pack_html_has_cover_contents_rules_flowcharts_questions_and_answers(book: Rulebook, clerk: Post) -> None:
    pack = pack_for_post(book, clerk, "Test Organ")
    path = onboarding_path(book, clerk)
    markup = pack_html(book, pack)
    assert markup.index('class="cover"') < markup.index('id="contents"') < markup.index('id="item-window-clerk"')
    assert "Test Organ" in markup and "窗口受理岗" in markup
    positions = [markup.index(f'<section class="item" id="item-{s.item.id}"') for s in path.steps]
    assert positions == sorted(positions)  # the onboarding order
    procedures = [i for i in path.items if isinstance(i, Procedure)]
    assert markup.count('<pre class="mermaid">') == len(procedures) > 0
    assert markup.count('<li class="question">') == len(path.questions)
    assert markup.index('id="laws"') < markup.index('id="questions"') < markup.index('id="answers"')
    assert '<a href="#item-food-production-licence">' in markup  # [[links]] to items in the pack jump within it


def test_pack_of_chosen_items_keeps_their_order_and_rejects_unknown_ids(book: Rulebook) -> None:
    pack = pack_for_items(book, ["one-time-notification", "first-inquiry"])
    assert [i.id for i in pack.items] == ["one-time-notification", "first-inquiry"]
    assert len(pack.questions) == sum(len(i.questions) for i in pack.items)
    markup = pack_html(book, pack)
    assert markup.index('id="item-one-time-notification"') < markup.index('id="item-first-inquiry"')
    assert 'id="item-food-production-licence"' not in markup
    with pytest.raises(PackError, match="no-such-item"):
        pack_for_items(book, ["first-inquiry", "no-such-item"])


def test_missing_chromium_is_a_clear_error(tmp_path: Path, book: Rulebook, clerk: Post) -> None:
    markup = pack_html(book, pack_for_post(book, clerk))
    mermaid = ROOT / "docs/assets/mermaid/mermaid.min.js"
    with pytest.raises(PackError, match=r"Chromium not found at .*apt-get install chromium"):
        write_pdf(markup, tmp_path / "out.pdf", mermaid_js=mermaid, chromium=tmp_path / "no-chromium")
    assert not (tmp_path / "out.pdf").exists()


def test_pack_command_explains_a_missing_chromium(project: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["pack", "--post", "window-clerk", "--pdf", str(tmp_path / "out.pdf"), "-C", str(project)],
        env={"RULEBOOK_CHROMIUM": str(tmp_path / "no-chromium")},
    )
    said = "".join(result.stderr.split())  # in the project's language (the terminal wraps it anywhere)
    assert result.exit_code == 1 and "no-chromium未找到Chromium" in said and "RULEBOOK_CHROMIUM" in said


def test_pack_command_needs_a_choice_and_a_target(project: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["pack", "--pdf", str(tmp_path / "x.pdf"), "-C", str(project)]).exit_code == 2
    assert runner.invoke(app, ["pack", "--post", "window-clerk", "-C", str(project)]).exit_code == 2
    unknown = runner.invoke(
        app, ["pack", "--items", "first-inquiry,nope", "--html", str(tmp_path / "x.html"), "-C", str(project)]
    )
    assert unknown.exit_code == 1 and "nope" in unknown.stderr


def test_pack_command_writes_a_self_contained_print_page(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    result = runner.invoke(
        app, ["pack", "--items", "first-inquiry,food-production-licence", "--html", str(out), "-C", str(project)]
    )
    assert result.exit_code == 0, result.output
    markup = out.read_text(encoding="utf-8")
    assert 'id="item-first-inquiry"' in markup and 'id="item-food-production-licence"' in markup
    assert "<script src=" not in markup and "mermaid" in markup and len(markup) > 1_000_000  # Mermaid inlined: works offline


def pdf_pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for n in range(1, count + 1)
    ]


@pytest.mark.browser
@needs_chromium
def test_pdf_of_a_post_pack_has_the_expected_pages_and_text(project: Path, book: Rulebook, clerk: Post) -> None:
    """A Chinese pack (the project's language): Chinese labels, titles, flowchart and questions, CJK glyphs drawn."""
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "pack-window-clerk.pdf"
    for old in [pdf, *ARTIFACTS.glob("pack-*.png")]:
        old.unlink(missing_ok=True)
    result = runner.invoke(app, ["pack", "--post", "window-clerk", "--pdf", str(pdf), "-C", str(project)])
    assert result.exit_code == 0, result.output
    path = onboarding_path(book, clerk)
    pages = pdf_pages(pdf)
    plain = [flat(p) for p in pages]

    # cover, contents, one page or more per item, laws, questions, answers
    assert len(pages) >= 2 + len(path.steps) + 3
    assert "培训材料" in plain[0] and "窗口受理岗" in plain[0] and "前台受理" in plain[0]
    assert f"1 / {len(pages)}" in plain[0]  # the footer numbers pages
    assert plain[1].startswith("目录")
    toc = [plain[1].index(s.item.title) for s in path.steps]
    assert toc == sorted(toc)
    for n, step in enumerate(path.steps, start=1):  # every item starts a page with its numbered title
        assert any(p.startswith(f"{n}. {step.item.title}") for p in plain), step.item.id

    licence = next(i for i, p in enumerate(plain) if p.startswith(f"{len(path.steps)}. 食品生产许可办理"))
    chart = next(i for i in range(licence, licence + 3) if "7. 发证" in plain[i])  # step labels drawn by Mermaid
    assert "1. 受理" in plain[chart] and "分管副局长" in plain[chart] and "当场办结" in plain[chart]
    assert not any("flowchart TD" in p or "subgraph" in p for p in plain)  # no raw Mermaid source printed

    everything = " ".join(plain)
    assert "自测题" in everything and "答案" in everything and "办理环节" in everything
    for entry in path.questions:
        assert flat(entry.question.question)[:40] in everything

    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / "pack-window-clerk")], check=True
    )
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", str(chart + 1), "-l", str(chart + 1), str(pdf), str(ARTIFACTS / "pack-flowchart")],
        check=True,
    )
    images = sorted(ARTIFACTS.glob("pack-window-clerk-*.png"))
    assert len(images) == 2 and all(i.stat().st_size > 10_000 for i in images)
    assert next(ARTIFACTS.glob("pack-flowchart-*.png")).stat().st_size > 10_000


@pytest.mark.browser
@needs_chromium
def test_pdf_of_chosen_items(project: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "induction.pdf"
    args = [
        "pack",
        "--items",
        "first-inquiry,one-time-notification",
        "--title",
        "Induction",
        "--lang",
        "en",
        "--pdf",
        str(pdf),
        "-C",
        str(project),
    ]
    assert runner.invoke(app, args).exit_code == 0
    plain = [flat(p) for p in pdf_pages(pdf)]
    assert "Induction" in plain[0] and "TRAINING PACK" in plain[0] and plain[1].startswith("Contents")
    assert any(p.startswith("1. First-Inquiry Responsibility System") for p in plain)
    assert any(p.startswith("2. One-Time Notification System") for p in plain)
    assert "Food Production Licence" not in plain[1]  # contents: only what was chosen
    assert "首问负责制" not in " ".join(plain)  # the English translation's words throughout


def test_pack_command_takes_the_language(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    result = runner.invoke(app, ["pack", "--post", "window-clerk", "--lang", "en", "--html", str(out), "-C", str(project)])
    assert result.exit_code == 0, result.output
    markup = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in markup and "Window Clerk" in markup and "Training pack" in markup
    result = runner.invoke(app, ["pack", "--post", "window-clerk", "--html", str(out), "-C", str(project)])
    markup = out.read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in markup and "窗口受理岗" in markup and "培训材料" in markup and "办理环节" in markup
    bad = runner.invoke(app, ["pack", "--post", "window-clerk", "--lang", "fr", "--html", str(out), "-C", str(project)])
    assert bad.exit_code == 2 and "zh-Hans, en" in bad.stderr


def test_onboarding_command_takes_the_language(project: Path) -> None:
    result = runner.invoke(app, ["onboarding", "window-clerk", "--lang", "en", "-C", str(project)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Onboarding: Window Clerk") and "Read, in this order:" in result.stdout
    assert "Checklist:" in result.stdout and "Meet Approval Officer" in result.stdout


@pytest.mark.browser
@needs_chromium
def test_a_hostile_rule_in_a_pdf_pack_runs_no_script_and_reaches_no_service(project: Path, tmp_path: Path) -> None:
    """An iframe of a local web service, an image beacon and a script in a rule: none of them reaches the PDF."""
    import http.server
    import threading

    hits: list[str] = []

    class Service(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<p>INTERNAL-SERVICE-SECRET</p>")

        def log_message(self, *args: object) -> None:
            pass

    service = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Service)
    threading.Thread(target=service.serve_forever, daemon=True).start()
    port = service.server_address[1]
    (project / "rules" / "glossary" / "hostile.md").write_text(
        "---\nid: hostile\ntype: term\ntitle: Hostile\n---\nVisible text.\n\n"
        f'<iframe src="http://127.0.0.1:{port}/frame"></iframe>\n\n'
        f'<img src="http://127.0.0.1:{port}/beacon.png">\n\n'
        "<script>document.body.insertAdjacentHTML('beforeend', '<p>SCRIPT-RAN</p>')</script>\n\n"
        "<p onmouseover=\"document.title='x'\">hover</p>\n",
        encoding="utf-8",
    )
    pdf = tmp_path / "hostile.pdf"
    try:
        result = runner.invoke(app, ["pack", "--items", "hostile,first-inquiry", "--pdf", str(pdf), "-C", str(project)])
        assert result.exit_code == 0, result.output
    finally:
        service.shutdown()
    text = flat(" ".join(pdf_pages(pdf)))
    assert "Visible text." in text
    assert "INTERNAL-SERVICE-SECRET" not in text and "SCRIPT-RAN" not in text
    assert hits == []


def test_pack_lists_the_posts_stages_and_risk_points_in_the_powers_list(book: Rulebook) -> None:
    english = book.localized("en")  # the English words over the Chinese original's facts
    markup = pack_html(english, pack_for_post(english, english.get("window-clerk")))
    assert "Responsibilities in the powers list (权责清单)" in markup
    assert "受理责任 (acceptance)" in markup and "Making things difficult at acceptance" in markup
    powers = markup.split("Responsibilities in the powers list", 1)[1].split("<h3>", 1)[0]
    assert "<th>Stage</th>" in powers and "on the spot" in powers and "当场" not in powers  # the limit, read in English
    with use_language("zh-Hans"):
        markup = pack_html(book, pack_for_post(book, book.get("window-clerk")))
    assert "受理责任" in markup and "受理时故意刁难" in markup
    powers = markup.split("权责清单中的责任", 1)[1].split("<h3>", 1)[0]
    assert "权责清单中的责任 (权责清单)" not in markup  # the standard term is not repeated on a Chinese page
    assert "<th>环节</th>" in powers and "当场办结" in powers
    assert "需防控的廉政风险点" in markup and "Integrity risk points" not in markup

"""What a hostile or careless author can put in a rule never runs in a reader's browser or leaves the intranet.

One hostile project is built once (no search index); the tests read its pages. Values from front matter are
escaped where they land, bodies are sanitised by allow-list, every page carries a Content-Security-Policy, and
nothing loads from another host. The browser test opens the pages through `rulebook serve` and from disk.
"""

from __future__ import annotations

import base64
import hashlib
import re
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import copy_project, needs_chromium, wait_until

from indexer.build import build
from indexer.project import Project

HOSTILE_TERM = """---
id: hostile-term
type: term
title: "X <img src=x onerror=alert('title')>"
aliases: ["<script>alert('alias')</script>", '"><b onmouseover=alert(1)>']
summary: '"><img src=x onerror=alert("summary")>'
---
Plain <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O, x<sup>2</sup>, <mark>marked</mark>, <abbr title="AB post">AB</abbr>.

<details open ontoggle="alert('toggle')"><summary>More</summary>Hidden text.</details>

<script>alert('script')</script>

<img src="x" onerror="alert('img')"> <img src="../assets/ok.png" alt="fine">

<img src="http://127.0.0.1:9/beacon.png" alt="beacon">

<iframe srcdoc="<script>alert('iframe')</script>"></iframe>

<form action="http://127.0.0.1:9/steal"><input type="password" name="p"><button>Go</button></form>

<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:url(http://127.0.0.1:9/x)">cover</div>

[click me](javascript:alert('link')) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
and [fine](https://example.org/page).

Attribute list {: onclick="alert('attr')" }

A cross :x: and a thumbs up :thumbsup:.

<svg onload="alert('svg')"><circle r="5"/></svg>

| a | b |
|:--|--:|
| 1 | 2 |
"""

HOSTILE_PROCEDURE = """---
id: hostile-procedure
type: procedure
title: "Proc </title><script>alert('p')</script>"
summary: "x\\" onmouseover=\\"alert(1)"
statutory_limit: 5 working days
committed_limit: 3 working days
steps:
  - name: 'Step"] --> evil["<img src=x onerror=alert(1)>'
    post: window-clerk
    action: "<script>alert('action')</script>"
    time_limit: 1 working day
    output: "<img src=x onerror=alert('output')>"
questions:
  - question: "<img src=x onerror=alert('q')>?"
    choices: ["<b>a</b>", "<script>b</script>"]
    answer: "<b>a</b>"
    explain: "<svg onload=alert(1)>"
---
Body.
"""

SITE_FORMS = {"md-search__form", "rb-results__form", "rb-due__form"}
"""The theme's search box, the site's own search page and the due-date calculator: forms of the site, not of an author."""
RUNNABLE_TAGS = {"iframe", "form", "object", "embed", "frame", "base", "meta-refresh"}


class _Scan(HTMLParser):
    """Everything in a page that could run script or send a reader elsewhere, as parsed by a browser would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in RUNNABLE_TAGS and dict(attrs).get("class") not in SITE_FORMS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name} on <{tag}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                if re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                    self.found.append(f"{value[:20]} in {name}")
        if tag == "script" and not dict(attrs).get("src") and dict(attrs).get("type") != "application/json":
            self.script = ""

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            if "alert(" in self.script:
                self.found.append("inline script with alert(")
            self.script = None


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plus two hostile items, built once; returns the site folder."""
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (root / "rules" / "glossary" / "hostile-term.md").write_text(HOSTILE_TERM, encoding="utf-8")
    (root / "rules" / "procedures" / "hostile-procedure.md").write_text(HOSTILE_PROCEDURE, encoding="utf-8")
    result = build(Project(root), with_index=False)
    assert result.ok, result.errors + [str(d) for d in result.report.errors]
    return result.release / "site"


def page_of(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def executable_markup(page: str) -> list[str]:
    scan = _Scan()
    scan.feed(page)
    return scan.found


def test_front_matter_values_are_escaped_in_title_meta_nav_and_page(hostile: Path) -> None:
    page = page_of(hostile, "glossary/hostile-term.html")
    assert executable_markup(page) == []
    assert "<title>X &lt;img src=x onerror=alert(&#x27;title&#x27;)&gt; - " in page
    assert (
        '<meta name="description" content="&#34;&gt;&lt;img' in page
        or '<meta name="description" content="&quot;&gt;&lt;img' in page
    )
    assert "&lt;script&gt;alert('alias')&lt;/script&gt;" in page  # the alias, shown as typed
    proc = page_of(hostile, "procedures/hostile-procedure.html")
    assert executable_markup(proc) == []
    assert "<title>Proc &lt;/title&gt;&lt;script&gt;" in proc
    index = page_of(hostile, "procedures/index.html")  # the navigation lists the procedure by its title
    assert executable_markup(index) == [] and "Proc &lt;/title&gt;" in index


def test_body_html_keeps_what_authors_need_and_loses_what_runs(hostile: Path) -> None:
    page = page_of(hostile, "glossary/hostile-term.html")
    for kept in ("<kbd>Ctrl</kbd>", "<sub>2</sub>", "<sup>2</sup>", "<mark>marked</mark>", '<abbr title="AB post">AB</abbr>'):
        assert kept in page
    assert re.search(r"<details open[^>]*><summary>More</summary>", page)
    assert '<img alt="fine" src="../assets/ok.png">' in page or '<img src="../assets/ok.png" alt="fine">' in page
    assert 'href="https://example.org/page"' in page
    assert '<th style="text-align:left">' in page  # Markdown table alignment survives the style filter
    article = re.search(r"<article.*?</article>", page, re.S).group(0)
    for gone in ("<iframe", "<form", 'type="password"', "position:fixed", "data:text/html", "<button", "<svg onload"):
        assert gone not in article


def test_emoji_are_characters_and_nothing_loads_from_another_host(hostile: Path) -> None:
    page = page_of(hostile, "glossary/hostile-term.html")
    assert "❌" in page and "👍" in page
    for html_file in [hostile / "index.html", hostile / "glossary" / "hostile-term.html"]:
        text = html_file.read_text(encoding="utf-8")
        site_urls = re.findall(r'<(?:script|link|img class="twemoji|iframe)[^>]*?(?:src|href)="((?:https?:)?//[^"]+)"', text)
        assert site_urls == [], site_urls  # the author's own <img src="http://…"> is the CSP's to stop (below)


def test_every_page_has_a_csp_allowing_only_its_own_inline_scripts(hostile: Path) -> None:
    for rel in ("index.html", "glossary/hostile-term.html", "procedures/hostile-procedure.html", "search-results.html"):
        page = page_of(hostile, rel)
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
        assert meta, rel
        assert page.index(meta.group(0)) < page.index("<script"), "the policy must come before any script"
        policy = meta.group(1).replace("&#x27;", "'")
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        for body in re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", page, re.S):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy, rel
    header = (hostile.parent / "headers.json").read_text(encoding="utf-8")
    assert "frame-ancestors 'self'" in header


def test_mermaid_labels_cannot_break_out_of_the_chart(hostile: Path) -> None:
    page = page_of(hostile, "procedures/hostile-procedure.html")
    chart = re.search(r'<pre class="mermaid"><code>(.*?)</code></pre>', page, re.S).group(1)
    assert "--> evil[" not in chart.replace("&quot;", '"').replace("#quot;", "'")
    assert "<img" not in chart


def test_trusted_html_is_kept_when_the_project_says_so(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", rules=False)
    (root / "rules" / "t.md").write_text(
        '---\nid: t\ntype: term\ntitle: T\n---\n<div onclick="go()" class="x">raw</div>\n', encoding="utf-8"
    )
    result = build(Project(root), with_index=False)
    assert result.ok, result.errors
    assert 'onclick="go()"' not in (result.release / "site" / "glossary" / "t.html").read_text(encoding="utf-8")
    (root / "rulebook.yml").write_text("trust_html: true\n", encoding="utf-8")
    result = build(Project(root), with_index=False)
    assert result.ok, result.errors
    assert 'onclick="go()"' in (result.release / "site" / "glossary" / "t.html").read_text(encoding="utf-8")


# ---- in a browser: no dialog, no request off the origin ----


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@needs_chromium
@pytest.mark.browser
def test_hostile_pages_fire_no_dialog_and_send_nothing_off_origin(browser, hostile: Path) -> None:
    project = hostile.parents[3]
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", "serve", "-C", str(project), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(base + "/api/health", timeout=1) as r:
                    headers = {k.lower(): v for k, v in r.headers.items()}
                    break
            except OSError:
                time.sleep(0.1)
        assert "frame-ancestors 'self'" in headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        pages = [
            base + "/glossary/hostile-term.html",
            base + "/procedures/hostile-procedure.html",
            (hostile / "glossary" / "hostile-term.html").as_uri(),
            (hostile / "procedures" / "hostile-procedure.html").as_uri(),
        ]
        for url in pages:
            context = browser.new_context()
            web = context.new_page()
            dialogs: list[str] = []
            requests: list[str] = []
            web.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))

            # what reaches the network layer (a request the CSP blocks never gets here), recorded and let through
            def record(route, request, seen=requests) -> None:
                seen.append(request.url)
                route.continue_()

            context.route("**/*", record)
            web.goto(url)
            web.wait_for_timeout(300)
            for element in web.locator("article summary, article a, article div").all():  # clicks must not run script either
                href = element.get_attribute("href")
                if href is None or not href.startswith(("http", "#", "../", "file:")):
                    element.click(force=True, no_wait_after=True, timeout=2000)
            web.wait_for_timeout(200)
            origin = base if url.startswith("http") else "file://"
            off = [r for r in requests if not r.startswith((origin, "data:", "blob:", "about:"))]
            assert dialogs == [] and off == [], (url, dialogs, off)
            web.wait_for_load_state()  # a click may have opened another page of the site: let it load
            wait_until(web, "typeof window.__md_scope !== 'undefined'")  # Material's own inline scripts did run
            context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_rule_text_in_a_table_cannot_become_an_attribute_even_when_html_is_trusted() -> None:
    """`text()` escapes attr_list braces too, so escaping does not lean on the sanitiser."""
    import markdown

    from indexer.render.markdown import table, text

    cell = text("x {: onclick=alert(1) } <b>")
    html = markdown.markdown(table(["a"], [[cell]]), extensions=["tables", "attr_list", "md_in_html"])
    assert "onclick" not in html.split("<td")[1].split(">")[0]  # (index 1: the first body cell)
    assert "x {: onclick=alert(1) } &lt;b&gt;</td>" in html  # shown as typed: no stray backslash

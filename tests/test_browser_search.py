"""Search in the site, in a real Chromium: the header box and the search page against `rulebook serve`,
and Material's own search where there is no server (file://, a plain static server)."""

from __future__ import annotations

import functools
import http.server
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import ARTIFACTS, needs_chromium, wait_until

pytestmark = [pytest.mark.browser, needs_chromium]
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=window.__xss=1>"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read().decode("utf-8"))


@pytest.fixture(scope="module")
def server(built_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`rulebook serve` in a subprocess over the built sample project; its base URL."""
    project = built_sample.parents[3]  # site -> release -> releases -> build -> project
    port = free_port()
    log = (tmp_path_factory.mktemp("serve") / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", "serve", "-C", str(project), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if get_json(base + "/api/health")["search"]:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"`rulebook serve` did not come up; see {log.name}")
        time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def static_server(built_sample: Path) -> Iterator[str]:
    """The same site from a plain static file server: no /api at all."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_sample))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def page(browser):
    """A fresh page; any uncaught script error or dialog (alert) fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    web = context.new_page()
    errors: list[str] = []
    web.on("pageerror", lambda exc: errors.append(f"page error: {exc} {getattr(exc, 'stack', '')}"))
    web.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield web
    context.close()
    assert errors == []


def server_mode(web, url: str) -> None:
    web.goto(url)
    wait_until(web, "document.documentElement.classList.contains('rb-server-search')")


def type_in_header(web, text: str) -> None:
    box = web.locator(".md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(text, delay=15)
    if web.evaluate("document.querySelector('.md-search__input').dataset.rbServer === '1'"):
        # the answer to the whole text: answers to its first letters come first, and the next one resets the list
        wait_until(web, f"document.querySelector('.md-search__input').dataset.rbAnswered === {json.dumps(text.strip()[:500])}")


def results_url(base: str, tree: str = "/en", **params: str) -> str:
    """The search page of a language tree: English (/en) unless told; the Chinese one is at the root ("")."""
    return base + tree + "/search-results.html?" + "&".join(f"{k}={quote(v)}" for k, v in params.items())


def wait_for_results(web) -> None:
    wait_until(web, "!!document.querySelector('.rb-results__count')")


# ---- the header search box ----


def test_header_box_shows_server_results_as_you_type_and_hides_materials(page, server: str) -> None:
    server_mode(page, server + "/en/")
    type_in_header(page, "one-time notification")
    items = page.locator(".rb-ss__item")
    items.first.wait_for()
    assert "One-Time Notification" in items.first.locator(".rb-hit__name").inner_text()
    assert items.first.locator(".rb-type").inner_text().strip() != ""
    assert page.locator(".rb-ss .rb-hit__snippet mark").count() > 0
    # Material's own result list and suggestion are not shown next to ours
    assert not page.locator('[data-md-component="search-result"]').is_visible()
    assert not page.locator(".md-search__suggest").is_visible()
    all_link = page.locator(".rb-ss__all")
    assert all_link.is_visible() and re.fullmatch(r"All \d+ results →", all_link.inner_text())
    assert parse_qs(urlsplit(all_link.get_attribute("href")).query) == {"q": ["one-time notification"]}
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-dropdown.png"))


def test_header_box_keyboard_selects_and_opens_a_hit(page, server: str) -> None:
    server_mode(page, server + "/en/")
    box = page.locator(".md-search__input")
    box.click()
    box.fill("one-time notification")  # one input event: no answer to the first letters can replace the list later
    page.locator(".rb-ss__item").first.wait_for()
    box.press("ArrowDown")
    box.press("ArrowDown")
    second = page.locator(".rb-ss__item").nth(1)
    assert "is-selected" in second.get_attribute("class")
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    box.press("ArrowUp")
    assert "is-selected" in page.locator(".rb-ss__item").first.get_attribute("class")
    target = page.locator(".rb-ss__item").first.locator("a").get_attribute("href")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url == target


def test_header_box_enter_without_a_choice_opens_the_results_page(page, server: str) -> None:
    server_mode(page, server + "/en/")
    type_in_header(page, "leave")
    page.locator(".rb-ss__item").first.wait_for()
    with page.expect_navigation():
        page.locator(".md-search__input").press("Enter")
    assert urlsplit(page.url).path == "/en/search-results.html"  # the search page of the reader's language
    assert parse_qs(urlsplit(page.url).query) == {"q": ["leave"]}
    wait_for_results(page)
    assert page.locator(".rb-results__item").count() > 0
    # Material's deep link (?q=) did not open its own search dialog over the page
    assert not page.locator("#__search").is_checked()


@pytest.mark.parametrize(
    ("tree", "query", "expected"),
    [
        ("/", "首问负责制", "首问负责制"),
        ("/", "年假", "年休假"),
        ("/en/", "首问负责制", "First-Inquiry"),
        ("/en/", "年假", "Annual Leave"),
    ],
)
def test_header_box_answers_chinese(page, server: str, tree: str, query: str, expected: str) -> None:
    """A Chinese query finds the item from either tree; the hit shows and opens the reader's language."""
    server_mode(page, server + tree)
    type_in_header(page, query)
    page.locator(".rb-ss__item").first.wait_for()
    titles = page.locator(".rb-ss__item .rb-hit__name").all_inner_texts()
    assert any(expected in t for t in titles), titles
    assert page.locator(".rb-ss .rb-hit__snippet mark").count() > 0
    hrefs = page.locator(".rb-ss__item a").evaluate_all("els => els.map(a => new URL(a.href).pathname)")
    assert all(h.startswith("/en/") == (tree == "/en/") for h in hrefs), hrefs


def test_search_from_the_chinese_page_in_chinese(page, server: str) -> None:
    """The Chinese reader: Chinese labels in the box and on the results page, filters with Chinese names."""
    server_mode(page, server + "/")
    type_in_header(page, "一次性告知")
    page.locator(".rb-ss__item").first.wait_for()
    assert "一次性告知制" in page.locator(".rb-ss__item .rb-hit__name").all_inner_texts()
    assert re.fullmatch(r"全部\d+条结果 →", page.locator(".rb-ss__all").inner_text())
    with page.expect_navigation():
        page.locator(".md-search__input").press("Enter")
    assert urlsplit(page.url).path == "/search-results.html"
    wait_for_results(page)
    assert re.fullmatch(r"“一次性告知”：\d+条结果.*", page.locator(".rb-results__count").inner_text())
    assert page.locator("select[name=post] option").first.inner_text() == "全部"
    assert re.fullmatch(r"窗口受理岗 \(\d+\)", page.locator("select[name=post] option[value=window-clerk]").inner_text())
    assert page.locator(".rb-results__item .rb-type").first.inner_text().strip() in {"制度", "流程", "岗位", "部门", "术语"}
    assert page.locator(".rb-results__form button[type=submit]").inner_text() == "搜索"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-results-zh.png"), full_page=True)


def test_header_box_waits_for_the_input_method_to_finish(page, server: str) -> None:
    queries: list[str] = []
    page.on("request", lambda r: queries.extend(parse_qs(urlsplit(r.url).query).get("q", [])) if "/api/search" in r.url else None)
    server_mode(page, server + "/")
    page.locator(".md-search__input").click()
    cdp = page.context.new_cdp_session(page)
    for typed in ("n", "nian", "nianjia"):  # pinyin being composed in the box
        cdp.send("Input.imeSetComposition", {"text": typed, "selectionStart": len(typed), "selectionEnd": len(typed)})
        page.wait_for_timeout(150)
    cdp.send("Input.insertText", {"text": "年假"})
    page.locator(".rb-ss__item").first.wait_for()
    assert page.locator(".md-search__input").input_value() == "年假"
    assert queries == ["年假"]


def test_header_box_escape_closes_and_reset_clears(page, server: str) -> None:
    server_mode(page, server + "/en/")
    type_in_header(page, "leave")
    page.locator(".rb-ss__item").first.wait_for()
    page.locator(".md-search__input").press("Escape")
    assert not page.locator("#__search").is_checked()
    type_in_header(page, "leave")
    page.locator(".md-search__options button[type=reset]").click()
    wait_until(page, "document.querySelectorAll('.rb-ss__item').length === 0")


# ---- the results page ----


def test_results_page_filters_by_post_and_keeps_its_state_in_the_url(page, server: str) -> None:
    page.goto(results_url(server, q="one-time notification"))
    wait_for_results(page)
    unfiltered = get_json(server + "/api/search?q=one-time%20notification")["total"]
    assert page.locator(".rb-results__count").inner_text().startswith(f"{unfiltered} results for “one-time notification”")
    clerk = page.locator("select[name=post] option[value=window-clerk]").inner_text()
    assert re.fullmatch(r"Window Clerk \(\d+\)", clerk)
    page.select_option("select[name=post]", "window-clerk")
    page.wait_for_url(re.compile(r"post=window-clerk"))
    wait_for_results(page)
    expected = get_json(server + "/api/search?q=one-time%20notification&post=window-clerk&limit=100")
    assert 0 < expected["total"] < unfiltered
    assert page.locator(".rb-results__count").inner_text().startswith(f"{expected['total']} results")
    items = page.locator(".rb-results__item")
    assert items.count() == min(20, expected["total"])
    for posts in items.evaluate_all("els => els.map(e => e.dataset.posts)"):
        assert "window-clerk" in posts.split()
    assert "Window Clerk" in items.first.locator(".rb-hit__meta").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)
    # the URL alone gives the same page (linkable), and Back undoes the filter
    page.reload()
    wait_for_results(page)
    assert page.locator("select[name=post]").input_value() == "window-clerk"
    assert page.locator(".rb-results__item").count() == items.count()
    page.go_back()
    wait_until(page, "!location.search.includes('post=')")
    wait_for_results(page)
    assert page.locator("select[name=post]").input_value() == ""


def test_results_page_pages_through_results(page, server: str) -> None:
    total = get_json(server + "/api/search?q=time%20limit")["total"]
    assert total > 20, "the sample needs more than a page of results for this test"
    page.goto(results_url(server, q="time limit"))
    wait_for_results(page)
    first = page.locator(".rb-results__item a").first.get_attribute("href")
    assert page.locator(".rb-results__page.is-current").inner_text() == "1"
    page.locator(".rb-results__page", has_text="Next →").click()
    page.wait_for_url(re.compile(r"offset=20"))
    wait_until(page, "(document.querySelector('.rb-results__count') || {textContent: ''}).textContent.includes('(21–')")
    assert page.locator(".rb-results__page.is-current").inner_text() == "2"
    assert page.locator(".rb-results__item a").first.get_attribute("href") != first


def test_results_page_keyboard_walks_the_results(page, server: str) -> None:
    page.goto(results_url(server, q="leave"))
    wait_for_results(page)
    box = page.locator(".rb-results__form input[name=q]")
    box.focus()
    box.press("ArrowDown")
    links = page.locator(".rb-results__item a.rb-hit")
    assert page.evaluate("document.activeElement === document.querySelector('.rb-results__item a.rb-hit')")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement === document.querySelectorAll('.rb-results__item a.rb-hit')[1]")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.name") == "q"
    box.press("ArrowDown")
    target = links.first.get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == target


def test_results_page_offers_did_you_mean(page, server: str) -> None:
    answer = get_json(server + "/api/search?q=notificaton")
    assert answer["did_you_mean"]
    page.goto(results_url(server, q="notificaton"))
    wait_for_results(page)
    fix = page.locator(".rb-results__dym a")
    assert fix.inner_text() == answer["did_you_mean"]
    fix.click()
    page.wait_for_url(re.compile(r"q=" + re.escape(quote(answer["did_you_mean"]))))
    wait_until(page, "document.querySelectorAll('.rb-results__item').length > 0")


def test_clicking_a_clause_hit_opens_the_page_at_the_clause(page, server: str) -> None:
    page.goto(results_url(server, q="one-time notification"))
    wait_for_results(page)
    hit = page.locator(".rb-results__item a.rb-hit[href*='#']").first
    href = hit.get_attribute("href")
    anchor = urlsplit(href).fragment
    hit.scroll_into_view_if_needed()
    with page.expect_navigation():
        hit.click()
    assert page.evaluate("location.hash") == "#" + anchor
    page.wait_for_timeout(300)  # let the browser finish scrolling to the target
    box = page.evaluate(
        """id => { const r = document.getElementById(decodeURIComponent(id)).getBoundingClientRect();
                   return {top: r.top, bottom: r.bottom, height: innerHeight}; }""",
        anchor,
    )
    assert 0 <= box["top"] < box["height"], box


def test_post_page_lists_the_obligations_of_the_post(page, server: str) -> None:
    page.goto(server + "/posts/window-clerk.html#obligations")
    heading = page.locator("h2#obligations")
    assert heading.inner_text().startswith("本岗位的职责")
    # the section runs from its heading to the next h2
    section = page.evaluate(
        """() => { let text = "", n = document.getElementById("obligations").nextElementSibling;
                   while (n && n.tagName !== "H2") { text += n.innerText + "\\n"; n = n.nextElementSibling; }
                   return text; }"""
    )
    data = get_json(server + "/api/obligations/window-clerk")
    assert data["duties"], "the window clerk has duties"
    for duty in data["duties"]:
        assert duty["text"] in section
    for item in data["procedures"] + data["systems"]:
        assert item["title"] in section
    assert data["backup"]["title"] in section
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "post-window-clerk.png"))


# ---- markup typed by a user or sent by a server is shown as text ----


@pytest.mark.parametrize("query", HOSTILE)
def test_markup_in_the_query_is_shown_as_text(page, server: str, query: str) -> None:
    server_mode(page, server + "/en/")
    type_in_header(page, query)
    # the answer to the whole query (answers to the first few characters typed may come first)
    meta = "(document.querySelector('.rb-ss__meta') || {textContent: ''}).textContent.trim()"
    wait_until(page, f"{meta}.includes({json.dumps(query)}) || /^\\d+ results?$/.test({meta})")
    assert page.locator(".rb-ss__meta").inner_text().strip()
    assert page.locator(".md-search img, .md-search script").count() == 0
    page.goto(results_url(server, q=query))
    wait_for_results(page)
    assert query in page.locator(".rb-results__count").inner_text()
    assert page.locator(".rb-results__form input[name=q]").input_value() == query
    assert page.locator("main img[src='x'], .md-search img[src='x']").count() == 0
    assert page.locator("main script:not([type]):has-text('alert(1)')").count() == 0
    assert page.evaluate("window.__xss") is None


def test_hostile_api_answer_is_shown_as_text(page, server: str) -> None:
    hit = {
        "id": "x",
        "title": "<img src=x onerror=window.__xss=1>Title",
        "type": "<b>system</b>",
        "url": "/systems/first-inquiry.html#rules",
        "anchor": "rules",
        "heading": "<script>alert(1)</script>",
        "article": 42,
        "origin": None,
        "score": 1.0,
        "snippet": 'a <mark>match</mark> <img src=x onerror="window.__xss=2"> &lt;b&gt;',
        "status": "in-force",
        "department": "<i>dept</i>",
        "posts": ["<u>post</u>"],
        "version": None,
    }
    answer = {
        "query": "q",
        "hits": [hit],
        "total": 1,
        "facets": {"post": {"<u>post</u>": 1}},
        "did_you_mean": "<img src=x onerror=window.__xss=3>",
        "message": None,
        "timed_out": False,
        "elapsed_ms": 1,
    }
    page.route("**/api/search?*", lambda route: route.fulfill(json=answer))
    server_mode(page, server + "/")
    type_in_header(page, "anything")
    item = page.locator(".rb-ss__item").first
    item.wait_for()
    assert item.locator(".rb-hit__name").inner_text() == hit["title"]
    assert item.locator(".rb-hit__where").inner_text() == "第42条 · <script>alert(1)</script>"
    assert page.locator(".rb-ss__dym a").inner_text() == answer["did_you_mean"]
    page.goto(results_url(server, tree="", q="anything"))
    page.locator(".rb-results__item").first.wait_for()
    entry = page.locator(".rb-results__item").first
    assert entry.locator(".rb-type").text_content() == "<b>system</b>"
    assert "<i>dept</i>" in entry.locator(".rb-hit__meta").inner_text()
    snippet = entry.locator(".rb-hit__snippet")
    assert snippet.locator("mark").inner_text() == "match"
    assert snippet.text_content() == "a match  <b>"
    for scope in (".md-search", "main"):
        assert page.locator(f"{scope} img, {scope} b, {scope} i, {scope} u").count() == 0
    assert page.evaluate("window.__xss") is None


# ---- live reload with `serve --watch` ----


def test_reload_event_reloads_the_page(page, server: str) -> None:
    sent: list[int] = []

    def health(route) -> None:
        route.fulfill(json={"release": "r", "search": True, "watch": True})

    def events(route) -> None:
        sent.append(1)
        if len(sent) == 1:
            route.fulfill(status=200, headers={"Content-Type": "text/event-stream"}, body="event: reload\ndata: {}\n\n")
        else:
            route.fulfill(status=204)  # EventSource stops reconnecting on 204

    page.route("**/api/health", health)
    page.route("**/api/events", events)
    loads: list[str] = []
    page.on("load", lambda _page: loads.append(page.url))
    page.goto(server + "/")
    for _ in range(100):  # the first answer of /api/events says `reload`: the page loads a second time
        if len(loads) >= 2:
            break
        page.wait_for_timeout(100)
    assert len(loads) >= 2 and len(sent) >= 1


def test_a_failed_rebuild_is_shown_over_the_page_as_text_until_fixed(page, server: str) -> None:
    sent: list[int] = []
    problem = ["rules/bad.md:4: [yaml] invalid YAML <img src=x onerror=window.__xss=1>"]

    def health(route) -> None:
        route.fulfill(json={"release": "r", "search": True, "watch": True, "problem": problem})

    def events(route) -> None:
        sent.append(1)
        if len(sent) == 1:  # the save that fixes it: from now on the server reports no problem
            problem.clear()
            route.fulfill(status=200, headers={"Content-Type": "text/event-stream"}, body="event: fixed\ndata: {}\n\n")
        else:
            route.fulfill(status=204)

    page.route("**/api/health", health)
    page.goto(server + "/")
    banner = page.locator(".rb-build-problem")
    banner.wait_for()
    assert "最近一次构建失败" in banner.inner_text() and "bad.md:4" in banner.inner_text()  # the page's language
    assert banner.locator("img").count() == 0 and page.evaluate("window.__xss") is None
    page.goto(server + "/en/")
    page.locator(".rb-build-problem").wait_for()
    assert "The last build failed" in page.locator(".rb-build-problem").inner_text()
    page.route("**/api/events", events)
    page.reload()
    page.wait_for_load_state()
    for _ in range(100):  # the page asks for events once its health check is answered: wait for that, not a guess
        if sent:
            break
        page.wait_for_timeout(100)
    wait_until(page, "document.readyState === 'complete' && document.querySelector('.rb-build-problem') === null")
    assert sent and page.locator(".rb-build-problem").count() == 0


# ---- without the server, Material's own search ----


def materials_search_finds(web, word: str) -> list[str]:
    box = web.locator(".md-search__input")
    box.click()
    box.press_sequentially(word, delay=15)
    results = web.locator('[data-md-component="search-result"] .md-search-result__item')
    results.first.wait_for(timeout=15000)
    return results.all_inner_texts()


def test_from_files_materials_search_still_works(page, built_sample: Path) -> None:
    page.goto((built_sample / "index.html").as_uri())
    found = materials_search_finds(page, "notification")
    assert any("Notification" in text for text in found)
    assert page.locator(".rb-ss").count() == 0
    page.goto((built_sample / "search-results.html").as_uri())
    assert page.locator(".rb-results__offline").is_visible()
    assert "需要运行 rulebook serve" in page.locator(".rb-results__offline").inner_text()
    page.goto((built_sample / "en/search-results.html").as_uri())
    assert "needs rulebook serve" in page.locator(".rb-results__offline").inner_text()
    assert not page.locator(".rb-results__form").is_visible()


def test_from_a_plain_static_server_materials_search_still_works(page, static_server: str) -> None:
    page.goto(static_server + "/index.html")
    found = materials_search_finds(page, "notification")
    assert any("Notification" in text for text in found)
    assert page.locator(".rb-ss").count() == 0
    assert page.evaluate("document.documentElement.classList.contains('rb-server-search')") is False
    page.goto(static_server + "/search-results.html?q=notification")
    page.locator(".rb-results__offline").wait_for()
    # the query in the URL goes to Material's search box instead
    page.locator('[data-md-component="search-result"] .md-search-result__item').first.wait_for(timeout=15000)
    assert page.locator(".md-search__input").input_value() == "notification"


# ---- the two languages ----


def test_language_switch_leads_to_the_same_page_in_the_other_language(page, server: str) -> None:
    page.goto(server + "/procedures/food-production-licence.html")
    assert page.locator("html").get_attribute("lang") == "zh"
    assert page.locator("h1").inner_text().startswith("食品生产许可办理")
    assert page.locator(".md-search__input").get_attribute("placeholder") == "搜索"
    page.locator(".rb-lang-switch button").hover()
    english = page.locator(".rb-lang-switch a[hreflang=en]")
    english.wait_for()
    with page.expect_navigation():
        english.click()
    assert urlsplit(page.url).path == "/en/procedures/food-production-licence.html"
    assert page.locator("h1").inner_text().startswith("Food Production Licence")
    assert page.locator(".md-search__input").get_attribute("placeholder") == "Search"
    assert (
        page.locator("link[rel=alternate][hreflang=zh-Hans]").get_attribute("href")
        == "../../procedures/food-production-licence.html"
    )
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert "Procedures" in [t.strip() for t in tabs] and not any("办事流程" in t for t in tabs)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "procedure-en.png"), full_page=True)
    page.locator(".rb-lang-switch button").hover()
    with page.expect_navigation():
        page.locator(".rb-lang-switch a[hreflang=zh-Hans]").click()
    assert urlsplit(page.url).path == "/procedures/food-production-licence.html"
    page.screenshot(path=str(ARTIFACTS / "procedure-zh.png"), full_page=True)


def test_procedure_steps_table_gives_the_action_the_room(page, server: str) -> None:
    """The steps table: a narrow "#" column, and "Action" the widest, so it does not wrap every few words."""
    for tree in ("/", "/en/"):
        page.goto(server + tree + "procedures/food-production-licence.html")
        widths = page.locator(".rb-steps table thead th").evaluate_all("ths => ths.map(th => th.getBoundingClientRect().width)")
        assert len(widths) == 6
        number, action = widths[0], widths[3]
        assert number < 50 and action == max(widths) and action > 2.5 * number, widths

"""The search and obligations API: same hits as the CLI, bounded inputs, JSON errors, no traversal, escaping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from indexer.serve import create_app


@pytest.fixture(scope="module")
def client(built_sample: Path) -> TestClient:
    project = built_sample.parent.parent.parent.parent
    return TestClient(create_app(project / "build", project / "rules" / "synonyms.yml"))


def test_search_returns_hits_facets_and_did_you_mean(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "one-time notification", "limit": 5})
    assert r.status_code == 200
    data = r.json()
    assert "one-time-notification" in [h["id"] for h in data["hits"]]
    assert {"type", "department", "post", "status"} == set(data["facets"])
    assert sum(data["facets"]["type"].values()) == data["total"]
    typo = client.get("/api/search", params={"q": "notificaton"}).json()
    assert typo["did_you_mean"] == "notification"


def test_same_hits_as_the_cli(client: TestClient, built_sample: Path) -> None:
    import subprocess
    import sys

    project = built_sample.parent.parent.parent.parent
    cli = subprocess.run(
        [sys.executable, "-m", "indexer.cli", "search", "年假", "--json", "-n", "5"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    api = client.get("/api/search", params={"q": "年假", "limit": 5}).json()["hits"]
    assert [h["url"] for h in json.loads(cli.stdout)] == [h["url"] for h in api]


def test_filters_and_paging(client: TestClient) -> None:
    page1 = client.get("/api/search", params={"q": "time limit", "post": "window-clerk", "limit": 3}).json()
    page2 = client.get("/api/search", params={"q": "time limit", "post": "window-clerk", "limit": 3, "offset": 3}).json()
    assert all("window-clerk" in h["posts"] for h in page1["hits"] + page2["hits"])
    assert not {h["url"] for h in page1["hits"]} & {h["url"] for h in page2["hits"]}


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"q": "x" * 10_000}, 400),
        ({"q": "leave", "limit": "1000"}, 400),
        ({"q": "leave", "limit": "abc"}, 400),
        ({"q": "leave", "offset": "-1"}, 400),
        ({"q": "leave", "type": "t" * 500}, 400),
    ],
)
def test_bounds_are_json_errors(client: TestClient, params: dict, status: int) -> None:
    r = client.get("/api/search", params=params)
    assert r.status_code == status and r.json()["status"] == status and r.json()["error"]
    assert "Traceback" not in r.text


@pytest.mark.parametrize("q", ['"unbalanced', "(((", "*", "AND", "第X条", "<script>alert(1)</script>"])
def test_malformed_queries_never_500(client: TestClient, q: str) -> None:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 200
    assert r.json()["hits"] or r.json()["message"] or r.json()["total"] == 0


def test_snippets_escape_content(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "script alert <b>leave</b>"}).json()
    for hit in r["hits"]:
        stripped = hit["snippet"].replace("<mark>", "").replace("</mark>", "")
        assert "<" not in stripped and ">" not in stripped


def test_obligations_api(client: TestClient) -> None:
    data = client.get("/api/obligations/window-clerk").json()
    assert data["post"]["id"] == "window-clerk"
    assert any(p["id"] == "food-production-licence" for p in data["procedures"])
    assert any(s["id"] == "first-inquiry" and s["specific"] for s in data["systems"])
    missing = client.get("/api/obligations/nobody")
    assert missing.status_code == 404 and missing.json()["error"]


@pytest.mark.parametrize(
    "path",
    [
        "/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/posts/../../build.json",
        "/../index/MAIN_WRITELOCK",
        "/api/../../build.json",
        "/index%00.html",
        "/posts/%00",
        "/" + "a" * 300 + ".html",
        "/" + "长" * 200,
    ],
)
def test_path_traversal_is_not_found(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404 and "root:" not in r.text


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/search?q=leave", "/no-such-page.html", "/api/nothing"):
        r = client.get(path)
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["referrer-policy"] == "same-origin"
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'self'" in csp and "script-src 'self'" in csp and "'sha256-" in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


def test_slow_searches_beyond_the_queue_are_told_to_retry(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import indexer.serve as serve

    monkeypatch.setattr(serve, "SLOW_QUEUE", -serve.SEARCH_THREADS)  # no room at all: the next slow search is shed
    slow = client.get("/api/search", params={"q": '"time limit" -notice'})
    assert slow.status_code == 503 and slow.headers["retry-after"] == "1" and "busy" in slow.json()["error"]
    plain = client.get("/api/search", params={"q": "leave"})  # plain words never queue: answered in the event loop
    assert plain.status_code == 200


def test_unknown_api_is_json_404(client: TestClient) -> None:
    r = client.get("/api/nothing")
    assert r.status_code == 404 and r.json()["status"] == 404


def test_a_new_release_is_picked_up_without_failing_a_request(small) -> None:
    """After a publish the old release keeps answering while the new one opens in the background."""
    import time

    from indexer.build import build

    assert build(small).ok
    app = TestClient(create_app(small.out, small.rules / "synonyms.yml"))
    probe = "zebracrossingprobe"
    assert app.get("/api/search", params={"q": probe}).json()["total"] == 0
    term = small.rules / "t1.md"
    term.write_text(term.read_text(encoding="utf-8") + f"\n\nA {probe} is not a working day.\n", encoding="utf-8")
    assert build(small).ok
    deadline = time.monotonic() + 30
    while True:
        r = app.get("/api/search", params={"q": probe})
        assert r.status_code == 200
        if r.json()["total"]:
            break
        assert time.monotonic() < deadline, "the new release was never picked up"
        time.sleep(0.05)
    assert r.json()["hits"][0]["id"] == "t1"

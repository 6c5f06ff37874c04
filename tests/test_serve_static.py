"""The HTTP server serves the published site and nothing outside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from indexer.serve import create_app


@pytest.fixture(scope="module")
def client(built_sample: Path) -> TestClient:
    out = built_sample.parent.parent.parent  # site -> release -> releases -> build
    return TestClient(create_app(out))


def test_serves_pages(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "办理事项" in r.text
    r = client.get("/posts/window-clerk.html")
    assert r.status_code == 200 and "本岗位的职责" in r.text
    r = client.get("/en/posts/window-clerk.html")
    assert r.status_code == 200 and "Obligations of this post" in r.text


@pytest.mark.parametrize(
    "path", ["/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/posts/../../build.json"]
)
def test_path_traversal_is_not_found(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert "root:" not in r.text


def test_before_any_build_answers_503_as_json(tmp_path: Path) -> None:
    r = TestClient(create_app(tmp_path)).get("/")
    assert r.status_code == 503 and r.json()["status"] == 503

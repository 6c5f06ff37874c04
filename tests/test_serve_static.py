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


@pytest.fixture
def small_site(tmp_path: Path) -> tuple[TestClient, Path]:
    """A release folder written by hand: a page, a folder page, a 404 page, and links that lead out of the site."""
    site = tmp_path / "build" / "current" / "site"
    (site / "posts").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (site / "posts" / "index.html").write_text("<p>posts</p>", encoding="utf-8")
    (site / "404.html").write_text("<p>no such page</p>", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0", encoding="utf-8")
    (site / "leak.html").symlink_to(secret)
    (site / "leaks").symlink_to(tmp_path, target_is_directory=True)
    (site / "loop-a").symlink_to(site / "loop-b")
    (site / "loop-b").symlink_to(site / "loop-a")
    return TestClient(create_app(tmp_path / "build")), site


def test_a_link_inside_the_site_to_a_file_outside_is_not_served(small_site: tuple[TestClient, Path]) -> None:
    client, _site = small_site
    for path in ("/leak.html", "/leaks/secret.txt", "/leaks/build/current/site/index.html/../../../../secret.txt"):
        r = client.get(path)
        assert r.status_code == 404 and "root:" not in r.text, path


def test_a_loop_of_links_is_not_found_not_an_error(small_site: tuple[TestClient, Path]) -> None:
    client, _site = small_site
    r = client.get("/loop-a")
    assert r.status_code == 404 and "no such page" in r.text


def test_folders_get_their_index_page_after_a_redirect_and_missing_pages_the_404_page(
    small_site: tuple[TestClient, Path],
) -> None:
    client, _site = small_site
    r = client.get("/posts", follow_redirects=False)
    assert r.status_code in (301, 302, 307, 308) and r.headers["location"].endswith("/posts/")
    assert client.get("/posts/").text == "<p>posts</p>"
    r = client.get("/no-such-page.html")
    assert r.status_code == 404 and "no such page" in r.text
    assert r.headers["x-content-type-options"] == "nosniff"


def test_a_new_release_is_served_from_its_own_folder(small_site: tuple[TestClient, Path], tmp_path: Path) -> None:
    client, site = small_site
    assert client.get("/").text == "<p>home</p>"
    newer = tmp_path / "build" / "releases" / "2"
    (newer / "site").mkdir(parents=True)
    (newer / "site" / "index.html").write_text("<p>new home</p>", encoding="utf-8")
    site.parent.rename(tmp_path / "old")
    (tmp_path / "build" / "current").symlink_to(newer, target_is_directory=True)
    assert client.get("/").text == "<p>new home</p>"

"""`rulebook serve` stays up: a failed start-up build or rebuild leaves the last good release serving (with the
problem shown to open pages), only no release at all stops it, and slow sockets are closed."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_project

from indexer.build import BuildResult, build
from indexer.diagnostics import Report
from indexer.project import Project

TERM = "---\nid: t1\ntype: term\ntitle: Term\n---\nText.\n"
BAD = "---\nid: bad\ntype: term\ntitle: [unclosed\n---\nText.\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _small(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project", rules=False)
    (root / "rules" / "t1.md").write_text(TERM, encoding="utf-8")
    return root


def _health(base: str, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=2) as r:
                return json.loads(r.read())
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not answer")


def test_serve_keeps_the_last_good_release_when_the_start_up_build_fails(tmp_path: Path) -> None:
    root = _small(tmp_path)
    assert build(Project(root)).ok
    (root / "rules" / "bad.md").write_text(BAD, encoding="utf-8")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", "serve", "-C", str(root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        health = _health(f"http://127.0.0.1:{port}")
        assert health["search"] is True
        assert any("bad.md:4" in line for line in health["problem"]), health["problem"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/glossary/t1.html") as page:
            assert page.status == 200
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert "继续提供最近一次成功构建的版本" in out  # the project's language


def test_serve_with_no_good_release_says_why_and_exits_non_zero(tmp_path: Path) -> None:
    root = _small(tmp_path)
    (root / "rules" / "bad.md").write_text(BAD, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "indexer.cli", "serve", "-C", str(root), "--port", str(_free_port())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "没有可提供的网站：尚未成功构建过任何版本" in run.stderr  # the project's language
    assert "Traceback" not in run.stderr + run.stdout


def test_watch_survives_a_rebuild_that_raises_and_reports_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import indexer.watch as watch_module

    project = Project(_small(tmp_path))
    calls: list[int] = []

    def flaky_build(_project: Project, **_kwargs) -> BuildResult:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("numeral code exploded")
        return BuildResult(True, Report())

    monkeypatch.setattr(watch_module, "build", flaky_build)
    reports: list[BuildResult] = []

    async def run() -> None:
        changed = asyncio.Event()
        task = asyncio.create_task(watch_module.watch(project, changed, reports.append, debounce_ms=50))
        for n in range(2):
            await asyncio.sleep(0.3)
            (project.rules / f"new{n}.md").write_text(TERM.replace("t1", f"n{n}"), encoding="utf-8")
            for _ in range(100):
                await asyncio.sleep(0.05)
                if len(reports) > n:
                    break
        task.cancel()

    asyncio.run(run())
    assert [r.ok for r in reports] == [False, True]
    assert "numeral code exploded" in reports[0].errors[0]


def test_watch_survives_files_that_vanish_while_it_looks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import indexer.watch as watch_module

    project = Project(_small(tmp_path))
    stop = threading.Event()

    def churn() -> None:  # an editor's temp files, created and deleted as fast as possible
        n = 0
        while not stop.is_set():
            tmp = project.rules / f".#t1.md.{n}"
            tmp.write_text("x", encoding="utf-8")
            (project.rules / f"t1.md~{n}").write_text("x", encoding="utf-8")
            tmp.unlink()
            (project.rules / f"t1.md~{n}").unlink()
            n += 1

    monkeypatch.setattr(watch_module, "build", lambda _p, **_k: BuildResult(True, Report()))
    thread = threading.Thread(target=churn)
    thread.start()

    async def run() -> None:
        task = asyncio.create_task(watch_module.watch(project, asyncio.Event(), lambda _r: None, debounce_ms=10))
        await asyncio.sleep(1.5)
        assert not task.done(), task.exception() if task.done() else None
        task.cancel()

    try:
        asyncio.run(run())
    finally:
        stop.set()
        thread.join()


def test_a_connection_that_never_finishes_its_headers_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    import indexer.serve_protocol as protocol

    monkeypatch.setattr(protocol, "HEADER_SECONDS", 0.5)
    app = Starlette(routes=[Route("/", lambda r: PlainTextResponse("ok"))])
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", http=protocol.HeaderTimeoutProtocol))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.05)
        with socket.create_connection(("127.0.0.1", port)) as slow:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # and never the rest
            slow.settimeout(5)  # far beyond the deadline: a timeout here would raise, not return
            assert slow.recv(100) == b""  # closed by the server
        with socket.create_connection(("127.0.0.1", port)) as fine:  # a whole request is still answered
            fine.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            fine.settimeout(5)
            assert b"200 OK" in fine.recv(200)
    finally:
        server.should_exit = True
        thread.join(timeout=5)

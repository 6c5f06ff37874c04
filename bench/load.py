"""Load and faults: `rulebook serve` on loopback with laws-cn indexed, many concurrent clients, then a rebuild.

    .venv/bin/python bench/load.py --project /tmp/rb-bench-search/project [--clients 50] [--seconds 60]

The project must already be built (`rulebook build`); bench/search.py leaves one at that path. Phase 1:
N clients search for the whole duration, each query drawn from the relevance questions and corpus
headings (answers are cached per release, so phase 1 is run with the cache on and off). Phase 2: the
same load while one rule file changes and `rulebook build` publishes a new release: every request must
succeed, and a word that only the new release contains must start being found. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import yaml
from common import ROOT, table


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(project: Path, port: int, workers: int, cache: bool) -> subprocess.Popen:
    env = {**os.environ, "RULEBOOK_CACHE_SIZE": "2048" if cache else "0"}
    cmd = [
        str(Path(sys.executable).with_name("rulebook")),
        "serve",
        "-C",
        str(project),
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    sys.exit("server did not start")


async def load(
    port: int,
    queries: list[str],
    clients: int,
    seconds: float,
    probe: str | None = None,
    until: asyncio.Event | None = None,
    rate: float | None = None,
) -> dict:
    """Each client searches in a loop; with `until`, the run lasts at least until that event plus 10 s.

    Without `rate` each client sends its next search as soon as the last is answered (closed loop: the
    server's top speed, and latency is mostly waiting behind the other 49). With `rate` the clients
    together send that many searches a second on a fixed schedule, and latency counts from the time a
    search was due, so a slow server cannot hide its queue (no coordinated omission).
    """
    latencies: list[float] = []
    errors = 0
    kinds: dict[str, int] = {}
    found_at: float | None = None
    started = time.perf_counter()
    stop = started + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=10) as client:

        async def worker(n: int) -> None:
            nonlocal errors, found_at
            rng = random.Random(n)
            interval = clients / rate if rate else 0.0
            due = started + rng.random() * interval
            while time.perf_counter() < stop or (until is not None and not until.is_set()):
                q = probe if probe and rng.random() < 0.05 else rng.choice(queries)
                if rate:
                    await asyncio.sleep(max(0.0, due - time.perf_counter()))
                    t = due
                    due += interval
                else:
                    t = time.perf_counter()
                try:
                    r = await client.get("/api/search", params={"q": q, "limit": 10})
                    ok = r.status_code == 200
                    if not ok:
                        kinds[f"HTTP {r.status_code}"] = kinds.get(f"HTTP {r.status_code}", 0) + 1
                    if ok and probe and q == probe and r.json()["hits"] and found_at is None:
                        found_at = time.perf_counter() - started
                except httpx.HTTPError as exc:
                    ok = False
                    kinds[type(exc).__name__] = kinds.get(type(exc).__name__, 0) + 1
                latencies.append((time.perf_counter() - t) * 1000)
                errors += 0 if ok else 1

        await asyncio.gather(*(worker(n) for n in range(clients)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "errors": errors,
        "found_at": found_at,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project", type=Path, default=Path("/tmp/rb-bench-search/project"))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=float, default=250, help="searches a second for the paced phase")
    args = parser.parse_args()
    project = args.project.resolve()
    if not (project / "build" / "current" / "index").is_dir():
        sys.exit(f"build {project} first: rulebook build -C {project}")
    questions = [q["q"] for q in yaml.safe_load((ROOT / "tests/relevance/queries.yaml").read_text(encoding="utf-8"))]
    rng = random.Random(3)
    words = ["年假", "行政许可", "处分", "投诉", "期限", "公开", "leave", "badge", "travel", "laptop", "training", "复议"]
    queries = questions + [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(200)]

    rows = []
    for cache, rate in ((False, None), (True, None), (False, args.rate)):
        port = free_port()
        server = start_server(project, port, args.workers, cache)
        try:
            result = asyncio.run(load(port, queries, args.clients, args.seconds, rate=rate))
        finally:
            server.terminate()
            server.wait()
        rows.append(
            [
                f"search, cache {'on' if cache else 'off'}, " + (f"paced {rate:.0f}/s" if rate else "flat out"),
                f"{result['requests']}",
                f"{result['rps']:.0f}",
                f"{result['p50']:.0f}",
                f"{result['p99']:.0f}",
                str(result["errors"]),
            ]
        )

    # phase 2: rebuild under load
    port = free_port()
    server = start_server(project, port, args.workers, cache=True)
    probe = "zebracrossingprobe"
    rule = project / "rules" / "glossary" / "working-day.md"
    original = rule.read_text(encoding="utf-8")
    try:

        async def scenario() -> tuple[dict, float]:
            done = asyncio.Event()
            task = asyncio.create_task(load(port, queries, args.clients, args.seconds, probe=probe, until=done))
            await asyncio.sleep(5)
            rule.write_text(original + f"\n\nA {probe} is not a working day.\n", encoding="utf-8")
            t = time.perf_counter()
            build = await asyncio.create_subprocess_exec(
                str(Path(sys.executable).with_name("rulebook")),
                "build",
                "-C",
                str(project),
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
            await build.wait()
            took = time.perf_counter() - t
            await asyncio.sleep(10)
            done.set()
            return await task, took

        result, build_seconds = asyncio.run(scenario())
    finally:
        rule.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait()
    rows.append(
        [
            "search while rebuilding",
            f"{result['requests']}",
            f"{result['rps']:.0f}",
            f"{result['p50']:.0f}",
            f"{result['p99']:.0f}",
            str(result["errors"]),
        ]
    )
    print(f"\n{args.clients} clients x {args.seconds:.0f} s against rulebook serve --workers {args.workers} on 127.0.0.1")
    print(table(["phase", "requests", "searches/s", "p50 ms", "p99 ms", "errors"], rows))
    switched = result["found_at"]
    print(
        f"rebuild under load took {build_seconds:.0f} s; new word first found {switched:.0f} s into the run"
        if switched
        else "the new release was NOT seen during the run"
    )


if __name__ == "__main__":
    main()

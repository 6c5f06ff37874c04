"""The semantic signal's cost, next to BM25 alone on the same index, in one run.

    .venv/bin/python bench/semantic.py --index PATH/TO/index [--queries 300] [--sample 256]

PATH/TO/index is an index built with `search: {semantic: true}` (it holds semantic.npz), e.g. the bench
project's after `bench/search.py` and one semantic build. Each step runs in its own process so that its
peak memory is its own:

- embedding throughput: a sample of the index's unit texts through the model, and the same texts again
  through the cache (what a rebuild with nothing changed costs);
- query latency p50/p99 and peak memory: the same questions answered with BM25 alone and with BM25 fused
  with the semantic order.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, measure, table


def child(phase: str, index: Path, extra: str) -> None:
    if phase == "embed":
        from whoosh import index as wi

        from indexer.search.semantic import EmbeddingCache, embed_texts, stored_text

        n = int(extra)
        with wi.open_dir(str(index)).reader() as reader:
            units = reader.doc_count()
            step = max(1, units // n)
            texts = [stored_text(f) for i, (_d, f) in enumerate(reader.iter_docs()) if i % step == 0][:n]
        with tempfile.TemporaryDirectory() as tmp:
            cache = EmbeddingCache(Path(tmp) / "e.sqlite")
            t = time.perf_counter()
            embed_texts(texts, cache)
            cold = time.perf_counter() - t
            t = time.perf_counter()
            _m, made = embed_texts(texts, cache)
            warm = time.perf_counter() - t
            assert made == 0
        chars = sum(len(x) for x in texts) / len(texts)
        print(json.dumps({"n": len(texts), "cold": cold, "warm": warm, "chars": chars, "units": units}))
        return
    from indexer.search.query import Searcher

    queries = json.loads(Path(extra).read_text(encoding="utf-8"))
    s = Searcher(index, semantic=phase == "fused")
    s.warm()
    assert s.semantic == (phase == "fused"), "the index has no semantic vectors"
    for q in queries[:20]:
        s.search(q, limit=10)
    times = []
    for q in queries:
        t = time.perf_counter()
        s.search(q, limit=10)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(json.dumps({"p50": statistics.median(times), "p99": times[int(len(times) * 0.99) - 1], "n": len(times)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path, help="An index built with search.semantic on (holds semantic.npz).")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--sample", type=int, default=256)
    parser.add_argument("--child", nargs=3, metavar=("PHASE", "INDEX", "EXTRA"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.child[2])
        return
    if args.index is None:
        parser.error("--index is required")
    import yaml

    me = [sys.executable, str(Path(__file__).resolve()), "--child"]

    def step(phase: str, extra: str):
        run = measure([*me, phase, str(args.index), extra], ROOT / "bench")
        if run.returncode:
            sys.exit(f"{phase} failed:\n{run.output[-3000:]}")
        return run, json.loads(run.output.strip().splitlines()[-1])

    questions = [q["q"] for q in yaml.safe_load((ROOT / "tests" / "relevance" / "cadres.yaml").read_text("utf-8"))]
    queries = (questions * (args.queries // len(questions) + 1))[: args.queries]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(queries, fh, ensure_ascii=False)
    print(f"embedding {args.sample} units, then again from the cache…", flush=True)
    _e_run, e = step("embed", str(args.sample))
    print(f"answering {len(queries)} questions with BM25 alone, then fused…", flush=True)
    b_run, b = step("bm25", fh.name)
    f_run, f = step("fused", fh.name)
    Path(fh.name).unlink()
    per_unit = e["cold"] / e["n"] * 1000
    units = e["units"]
    rows = [
        ["embed one unit, model (ms)", f"{per_unit:.1f}", f"{e['warm'] / e['n'] * 1000:.3f}", f"{e['cold'] / e['warm']:.0f}x"],
        [f"embed all {units} units, estimate", f"{per_unit * units / 60000:.0f} min", f"{e['warm'] / e['n'] * units:.1f} s", ""],
    ]
    print(f"\nembedding: {e['n']} units of ~{e['chars']:.0f} characters; model vs cache (a rebuild with nothing changed)")
    print(table(["embedding", "model", "cache", "ratio"], rows))
    rows = [
        ["query p50 (ms)", f"{f['p50']:.1f}", f"{b['p50']:.1f}", f"{f['p50'] / b['p50']:.1f}x"],
        ["query p99 (ms)", f"{f['p99']:.1f}", f"{b['p99']:.1f}", f"{f['p99'] / b['p99']:.1f}x"],
        ["peak memory, queries (MB)", f"{f_run.peak_mb:.0f}", f"{b_run.peak_mb:.0f}", f"{f_run.peak_mb / b_run.peak_mb:.2f}x"],
    ]
    print(f"\n{len(queries)} questions, 10 hits each with snippets and facets")
    print(table(["queries", "BM25 + semantic (fused)", "BM25 alone", "ratio"], rows))


if __name__ == "__main__":
    main()

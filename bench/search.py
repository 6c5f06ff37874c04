"""Search at national scale: Rulebook's Whoosh index vs SQLite FTS5 over the same units, in one run.

    .venv/bin/python bench/search.py [--workdir /tmp/rb-bench-search] [--queries 300]

Sets up a project with the sample rulebook plus laws-cn and handbook-18f imported, then measures, each
step in its own process so that peak memory is its own: full index build, re-index after one changed
file, index size, and query latency (p50, p99, with highlighted snippets) over the relevance questions
plus article-style and heading queries drawn from the corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

from common import ROOT, folder_mb, fresh, measure, require_corpora, table


def setup(work: Path, corpora: Path) -> Path:
    proj = fresh(work / "project")
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", proj / "docs")
    shutil.copytree(ROOT / "rules", proj / "rules")
    from indexer.library.importer import import_folder

    import_folder(corpora / "laws-cn", proj / "rules" / "library" / "laws-cn")
    import_folder(corpora / "handbook-18f", proj / "rules" / "library" / "18f")
    return proj


def child(phase: str, proj: Path, out: Path, extra: str) -> None:
    """Runs in a subprocess: one measured step."""
    if phase in ("whoosh-cold", "fts-cold"):
        # what a cold `rulebook search` does: start, open the index, answer one question, exit
        if phase == "whoosh-cold":
            from indexer.search.query import Searcher

            Searcher(out).search(extra, limit=10)
        else:
            from indexer.search.baseline import Fts5Baseline

            Fts5Baseline(out).search(extra, limit=10, snippets=True)
        print(json.dumps({"ok": True}))
        return
    if phase in ("whoosh-full", "whoosh-update", "fts-full"):
        from indexer.load import load_rulebook

        book, _ = load_rulebook(proj / "rules", display_base=proj)  # the query phases never load the rulebook
    if phase == "whoosh-full":
        from indexer.search.index import build_index

        t = time.perf_counter()
        stats = build_index(book, proj, out)
        print(json.dumps({"units": stats.units, "seconds": time.perf_counter() - t}))
    elif phase == "whoosh-update":
        from indexer.search.index import build_index

        t = time.perf_counter()
        stats = build_index(book, proj, out, previous=Path(extra))
        seconds = time.perf_counter() - t
        print(
            json.dumps({"units": stats.units, "files": stats.files_indexed, "incremental": stats.incremental, "seconds": seconds})
        )
    elif phase == "fts-full":
        from indexer.search.baseline import Fts5Baseline

        out.parent.mkdir(parents=True, exist_ok=True)
        n = Fts5Baseline(out).add_rulebook(book, proj)
        print(json.dumps({"units": n}))
    elif phase in ("whoosh-query", "matchers-query", "fts-query"):
        queries = json.loads(Path(extra).read_text(encoding="utf-8"))
        if phase == "whoosh-query":
            from indexer.search.query import Searcher
            from indexer.search.synonyms import Synonyms

            synonyms = Synonyms.load(proj / "rules" / "synonyms.yml")
            t = time.perf_counter()
            s = Searcher(out, synonyms)
            s.warm()
            opened = time.perf_counter() - t

            def run(q: str) -> None:
                s.search(q, limit=10)  # highlights and facets included, as the API answers
        elif phase == "matchers-query":
            # the obvious way to use Whoosh: its parser over the same fields, its matchers, its highlighter
            from whoosh import index as whoosh_index
            from whoosh.qparser import MultifieldParser, OrGroup

            from indexer.search.layout import TEXT_FIELDS

            t = time.perf_counter()
            wsearcher = whoosh_index.open_dir(str(out)).searcher()
            parser = MultifieldParser(TEXT_FIELDS, wsearcher.schema, group=OrGroup)
            opened = time.perf_counter() - t

            def run(q: str) -> None:
                for hit in wsearcher.search(parser.parse(q), limit=10):
                    hit.highlights("body", text=hit.get("body", ""))  # a unit without text (a bare title) stores none
        else:
            from indexer.search.baseline import Fts5Baseline

            t = time.perf_counter()
            fts = Fts5Baseline(out)
            opened = time.perf_counter() - t

            def run(q: str) -> None:
                fts.search(q, limit=10, snippets=True)

        for q in queries[:20]:  # warm caches, as a running server would be
            run(q)
        times = []
        for q in queries:
            t = time.perf_counter()
            run(q)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p99 = times[int(len(times) * 0.99) - 1]
        print(json.dumps({"p50": statistics.median(times), "p99": p99, "n": len(times), "open": opened}))


def make_queries(proj: Path, n: int) -> list[str]:
    import yaml

    rng = random.Random(7)
    questions = [
        q["q"]
        for name in ("queries.yaml", "cadres.yaml")
        for q in yaml.safe_load((ROOT / "tests" / "relevance" / name).read_text("utf-8"))
    ]
    laws = sorted((proj / "rules" / "library" / "laws-cn").rglob("*.md"))
    docs = sorted((proj / "rules" / "library" / "18f").rglob("*.md"))
    extra = []
    for path in rng.sample(laws, min(len(laws), n)):
        title = re.search(r"^title: (.+)$", path.read_text(encoding="utf-8"), re.M)
        if title:
            short = title.group(1).removeprefix("中华人民共和国")
            extra.append(rng.choice([f"{short} 第{rng.randint(1, 30)}条", short[:6], f"{short[:4]} 期限"]))
    for path in rng.sample(docs, min(len(docs), n // 3)):
        heads = re.findall(r"^#{2,3} (.+)$", path.read_text(encoding="utf-8"), re.M)
        if heads:
            extra.append(rng.choice(heads)[:40])
    queries = questions + extra
    rng.shuffle(queries)
    return queries[: max(n, 200)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rb-bench-search"))
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--reuse", action="store_true", help="Reuse the project and indexes of a previous run in --workdir (query figures only)."
    )
    parser.add_argument("--child", nargs=4, metavar=("PHASE", "PROJECT", "OUT", "EXTRA"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        phase, proj, out, extra = args.child
        child(phase, Path(proj), Path(out), extra)
        return
    corpora = require_corpora()
    me = [sys.executable, str(Path(__file__).resolve()), "--child"]
    work = args.workdir
    proj = work / "project"

    def step(phase: str, out: Path, extra: str = "-") -> tuple[object, dict]:
        run = measure([*me, phase, str(proj), str(out), extra], ROOT / "bench")
        if run.returncode:
            sys.exit(f"{phase} failed:\n{run.output[-3000:]}")
        return run, json.loads(run.output.strip().splitlines()[-1])

    builds: list[list[str]] = []
    if not args.reuse:
        work = fresh(args.workdir)
        print("importing laws-cn and handbook-18f…", flush=True)
        proj = setup(work, corpora)
        print("whoosh: full index…", flush=True)
        w_full, w_info = step("whoosh-full", work / "whoosh")
        print("fts5: full index…", flush=True)
        f_full, f_info = step("fts-full", work / "fts" / "units.db")
        # one law changes
        changed = sorted((proj / "rules" / "library" / "laws-cn").rglob("*.md"))[100]
        changed.write_text(changed.read_text(encoding="utf-8") + "\n第九百九十九条 本条为基准测试添加。\n", encoding="utf-8")
        print("whoosh: re-index after one changed file…", flush=True)
        w_upd, u_info = step("whoosh-update", work / "whoosh-2", str(work / "whoosh"))
        builds = [
            ["units", str(w_info["units"]), str(f_info["units"]), "", ""],
            [
                "full build (s)",
                f"{w_info['seconds']:.1f}",
                f"{f_full.seconds:.1f}",
                f"{w_info['seconds'] / f_full.seconds:.1f}x slower",
                "",
            ],
            [
                "re-index 1 changed file (s)",
                f"{u_info['seconds']:.2f}",
                "—",
                f"{u_info['files']} file, {u_info['units']} units",
                "",
            ],
            ["index size (MB)", f"{folder_mb(work / 'whoosh'):.0f}", f"{folder_mb(work / 'fts'):.0f}", "", ""],
            ["peak memory, build (MB)", f"{w_full.peak_mb:.0f}", f"{f_full.peak_mb:.0f}", "", ""],
        ]
        print(
            f"build times are in-process (the child also loads the rulebook: full {w_full.seconds:.1f} s, "
            f"re-index {w_upd.seconds:.1f} s with process start); the FTS5 build includes it"
        )

    queries = make_queries(proj, args.queries)
    qfile = work / "queries.json"
    qfile.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    print(f"querying ({len(queries)} queries)…", flush=True)
    w_q_run, w_q = step("whoosh-query", work / "whoosh-2", str(qfile))
    f_q_run, f_q = step("fts-query", work / "fts" / "units.db", str(qfile))
    print("querying through Whoosh's own matchers, for comparison…", flush=True)
    m_q_run, m_q = step("matchers-query", work / "whoosh-2", str(qfile))

    print("cold searches (a new process each: start, open, one question)…", flush=True)
    cold_q = "行政许可受理后多少天内作出决定"
    w_cold = [step("whoosh-cold", work / "whoosh-2", cold_q)[0] for _ in range(3)]
    f_cold = [step("fts-cold", work / "fts" / "units.db", cold_q)[0] for _ in range(3)]
    w_cold_s = statistics.median(r.seconds for r in w_cold)
    f_cold_s = statistics.median(r.seconds for r in f_cold)
    rows = [
        *builds,
        ["open index (s)", f"{w_q['open']:.2f}", f"{f_q['open']:.2f}", "", f"{m_q['open']:.2f}"],
        ["cold search, new process (s)", f"{w_cold_s:.2f}", f"{f_cold_s:.2f}", f"{w_cold_s / f_cold_s:.1f}x", ""],
        ["query p50 (ms)", f"{w_q['p50']:.1f}", f"{f_q['p50']:.1f}", f"{w_q['p50'] / f_q['p50']:.1f}x", f"{m_q['p50']:.1f}"],
        ["query p99 (ms)", f"{w_q['p99']:.1f}", f"{f_q['p99']:.1f}", f"{w_q['p99'] / f_q['p99']:.1f}x", f"{m_q['p99']:.1f}"],
        ["peak memory, queries (MB)", f"{w_q_run.peak_mb:.0f}", f"{f_q_run.peak_mb:.0f}", "", f"{m_q_run.peak_mb:.0f}"],
        ["peak memory, cold search (MB)", f"{w_cold[0].peak_mb:.0f}", f"{f_cold[0].peak_mb:.0f}", "", ""],
    ]
    print(f"\n{len(queries)} queries with highlighted snippets (Whoosh: exact facet counts too), 10 hits each")
    headers = ["laws-cn + handbook-18f + sample", "Rulebook (Whoosh + arrays)", "SQLite FTS5", "ratio", "Whoosh matchers"]
    print(table(headers, rows))
    met = [w_cold_s <= 0.4, w_q_run.peak_mb <= 250, w_q["p50"] <= 5, w_q["p99"] <= 30]
    verdict = "met" if all(met) else f"NOT met {met}"
    print(f"targets (cold search <= 0.4 s, query memory <= 250 MB, p50 <= 5 ms, p99 <= 30 ms): {verdict}")


if __name__ == "__main__":
    main()

"""Chinese word segmenters on laws-cn: throughput and agreement with jieba, in one run.

    python bench/segment.py [--mb 4]

jieba is what Rulebook uses (indexer/search/analysis.py). The faster drop-in candidates are
measured if they are installed, each on the same text, in search mode (what the index uses):
jieba_fast (C extension), jieba-next and rjieba (Rust). Agreement is the share of jieba's
tokens each one produces for the same text: a segmenter that splits differently would change
what a query matches, so speed alone does not decide.

Install the candidates in a scratch environment, not the project's, for example
`python -m venv /tmp/seg && /tmp/seg/bin/pip install jieba jieba_fast jieba-next rjieba`.
"""

from __future__ import annotations

import argparse
import importlib
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from common import require_corpora, table

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def sample_text(corpora: Path, megabytes: float) -> list[str]:
    """Runs of Chinese characters from the first laws (by path), up to about `megabytes` of UTF-8."""
    runs: list[str] = []
    size = 0
    for path in sorted((corpora / "laws-cn").rglob("*.md")):
        for run in _CJK_RUN.findall(path.read_text(encoding="utf-8")):
            runs.append(run)
            size += len(run.encode("utf-8"))
        if size >= megabytes * 1_000_000:
            break
    return runs


def candidates() -> dict[str, Callable[[str], Iterable[str]]]:
    found: dict[str, Callable[[str], Iterable[str]]] = {}
    for name, module, call in (
        ("jieba 0.42", "jieba", lambda m: lambda t: (w for w, _s, _e in m.tokenize(t, mode="search"))),
        ("jieba_fast", "jieba_fast", lambda m: lambda t: (w for w, _s, _e in m.tokenize(t, mode="search"))),
        ("jieba-next", "jieba_next", lambda m: lambda t: (w for w, _s, _e in m.tokenize(t, mode="search"))),
        ("rjieba", "rjieba", lambda m: lambda t: (w for w, _s, _e in m.tokenize(t, mode="search"))),
    ):
        try:
            mod = importlib.import_module(module)
        except ImportError:
            print(f"{name}: not installed, skipped")
            continue
        if hasattr(mod, "initialize"):
            mod.initialize()
        found[name] = call(mod)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=4.0, help="megabytes of Chinese text to segment")
    args = parser.parse_args()
    runs = sample_text(require_corpora(), args.mb)
    mb = sum(len(r.encode("utf-8")) for r in runs) / 1_000_000
    found = candidates()
    if "jieba 0.42" not in found:
        raise SystemExit("jieba itself is needed as the reference")
    reference: Counter[str] | None = None
    rows = []
    base_speed = 0.0
    for name, segment in found.items():
        t = time.perf_counter()
        tokens: Counter[str] = Counter()
        for run in runs:
            tokens.update(segment(run))
        seconds = time.perf_counter() - t
        speed = mb / seconds
        if reference is None:
            reference, base_speed = tokens, speed
        agree = sum((tokens & reference).values()) / max(1, sum(reference.values()))
        rows.append([name, f"{seconds:.1f}", f"{speed:.2f}", f"{speed / base_speed:.1f}x", f"{agree:.1%}"])
    print(f"\n{mb:.1f} MB of Chinese text from laws-cn, search mode")
    print(table(["segmenter", "seconds", "MB/s", "vs jieba", "same tokens as jieba"], rows))


if __name__ == "__main__":
    main()

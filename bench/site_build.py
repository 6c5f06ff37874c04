"""Site build at national scale: plain Material for MkDocs vs Rulebook over laws-cn, in the same run.

    .venv/bin/python bench/site_build.py [--workdir /tmp/rb-bench-site]

Plain: the raw laws-cn Markdown in a docs folder, Material with its built-in
search (Chinese segmentation, as NOTES.md describes), navigation generated
from the folders: what a team would do first. Rulebook: a fresh project with
the sample rulebook and laws-cn imported, built with `rulebook build --no-index` (the static site with its
own small search over the organ's pages; the server's full-text index is measured by bench/search.py).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from common import ROOT, folder_mb, fresh, measure, require_corpora, table

PLAIN_CONFIG = """site_name: laws-cn (plain Material)
theme:
  name: material
plugins:
  - search:
      lang: [en, zh]
      separator: '[\\s\\u200b\\-_,:!=\\[\\]()"`/]+|\\.(?!\\d)|&[lg]t;|(?!\\b)(?=[A-Z][a-z])'
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rb-bench-site"))
    args = parser.parse_args()
    corpora = require_corpora()
    work = fresh(args.workdir)
    py = sys.executable
    rulebook = str(Path(py).with_name("rulebook"))

    plain = fresh(work / "plain")
    shutil.copytree(corpora / "laws-cn", plain / "docs")
    (plain / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    print("plain Material: building…", flush=True)
    p = measure([py, "-m", "mkdocs", "build", "-q"], plain)
    if p.returncode:
        print(p.output[-2000:])

    proj = fresh(work / "rulebook")
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", proj / "docs")
    shutil.copytree(ROOT / "rules", proj / "rules")
    print("rulebook: importing laws-cn…", flush=True)
    imp = measure([rulebook, "import", str(corpora / "laws-cn")], proj)
    print("rulebook: building…", flush=True)
    r = measure([rulebook, "build", "--no-index"], proj)  # the site; bench/search.py measures the index
    if r.returncode:
        print(r.output[-3000:])
        sys.exit(1)
    site = (proj / "build" / "current" / "site").resolve()

    def search_mb(site_dir: Path) -> float:
        # what a browser downloads for search: the index (JSON, or the JS copy the offline plugin makes, not both)
        files = [site_dir / "search" / "search_index.json", site_dir / "search" / "search_index.js"]
        return max((f.stat().st_size for f in files if f.is_file()), default=0) / 1_048_576

    plain_site = plain / "site"
    rows = [
        ["build time (s)", f"{p.seconds:.1f}", f"{r.seconds:.1f}", f"{p.seconds / r.seconds:.1f}x faster"],
        ["peak memory (MB)", f"{p.peak_mb:.0f}", f"{r.peak_mb:.0f}", f"{p.peak_mb / r.peak_mb:.1f}x less"],
        [
            "site size (MB)",
            f"{folder_mb(plain_site):.0f}",
            f"{folder_mb(site):.0f}",
            f"{folder_mb(plain_site) / folder_mb(site):.1f}x smaller",
        ],
        [
            "search download (MB)",
            f"{search_mb(plain_site):.1f}",
            f"{search_mb(site):.2f}",
            f"{search_mb(plain_site) / max(search_mb(site), 1e-9):.0f}x smaller",
        ],
        ["pages", str(sum(1 for _ in plain_site.rglob("*.html"))), str(sum(1 for _ in site.rglob("*.html"))), ""],
    ]
    print(f"\nlaws-cn import: {imp.seconds:.1f} s, peak {imp.peak_mb:.0f} MB")
    print(table(["laws-cn site build", "plain Material", "Rulebook", "ratio"], rows))
    targets = [p.seconds / r.seconds >= 4, folder_mb(site) < 200, search_mb(site) < 5, r.peak_mb < 1024]
    print("targets (>=4x faster, <200 MB site, <5 MB search, <1 GB peak):", "met" if all(targets) else f"NOT met {targets}")


if __name__ == "__main__":
    main()

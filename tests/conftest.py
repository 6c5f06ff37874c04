"""Shared fixtures: copies of the project in temp folders, the real corpora, a built sample site."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest

from indexer.pack import CHROMIUM_ARGS
from indexer.pack import DEFAULT_CHROMIUM as CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
ARTIFACTS = ROOT / "test-artifacts"
"""Screenshots, PDFs and page PNGs the browser tests leave for a person to look at (gitignored)."""
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)")


def copy_project(dest: Path, rules: bool = True) -> Path:
    """A throwaway project: the real mkdocs.yml and docs/, and the sample rules unless told otherwise."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copy(ROOT / "rulebook.yml", dest / "rulebook.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    if rules:
        shutil.copytree(ROOT / "rules", dest / "rules")
    else:
        (dest / "rules").mkdir()
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


SMALL_TERM = "---\nid: t{n}\ntype: term\ntitle: Term {n}\n---\nText {n}.\n"


@pytest.fixture
def small(tmp_path: Path):
    """A project with the sample's docs and one term: builds in a couple of seconds, for tests of how builds
    publish, fail and swap (where the sample's 600 pages add nothing but time)."""
    from indexer.project import Project

    root = copy_project(tmp_path / "project", rules=False)
    (root / "rules" / "t1.md").write_text(SMALL_TERM.format(n=1), encoding="utf-8")
    return Project(root)


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample rulebook built once for the whole session; returns the published site folder."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        root = copy_project(tmp_path_factory.mktemp("built") / "project")
    else:  # the workers of one run share one build (the first to take the lock builds it; read-only after)
        shared = tmp_path_factory.getbasetemp().parent / f"built-{run}"
        shared.mkdir(exist_ok=True)
        root = shared / "project"
        with (shared / "lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if (root / "build" / "current").exists():
                return (root / "build" / "current").resolve() / "site"
            root = copy_project(root)
            return _build_sample(root)
    return _build_sample(root)


def _build_sample(root: Path) -> Path:
    from indexer.build import build
    from indexer.project import Project

    result = build(Project(root))
    assert result.ok, result.errors + [str(d) for d in result.report.errors]
    assert result.release is not None
    return result.release / "site"


@pytest.fixture(scope="session")
def corpora() -> Path:
    """The shared real corpora; skipped with the reason where absent, but never skipped in CI."""
    if not CORPORA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the corpora are missing at {CORPORA}")
        pytest.skip(f"real corpora not found at {CORPORA} (they sit beside the project in ../shared/corpora)")
    return CORPORA


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium, launched with the same flags as `rulebook pack`. Per module, not per session:
    a live Playwright loop would stop `rulebook pack` from starting its own in the same thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def book():
    """The bundled sample rulebook, loaded once."""
    from indexer.load import load_rulebook

    return load_rulebook(ROOT / "rules")[0]


@pytest.fixture(scope="session")
def soffice(tmp_path_factory: pytest.TempPathFactory):
    """LibreOffice's `soffice --headless --convert-to`, as a function (src, format, outdir) -> output path; skipped
    with the reason where it is not installed, a failure under CI=true (CI installs libreoffice-writer)."""
    import subprocess

    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but soffice is missing (apt-get install libreoffice-writer)")
        pytest.skip("LibreOffice not installed (apt-get install --no-install-recommends libreoffice-writer)")
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(src: Path, fmt: str, outdir: Path) -> Path:
        outdir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                binary,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
        assert out.is_file(), f"soffice did not write {out}"
        return out

    return convert


def wait_until(page, expression: str, timeout_ms: int = 15000) -> None:
    """Poll a JavaScript expression until it is truthy. Playwright's own wait_for_function compiles its predicate
    with eval, which the site's Content-Security-Policy forbids (as it should); evaluate() is not subject to it."""
    for _ in range(max(timeout_ms // 50, 1)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"still false after {timeout_ms} ms: {expression}")


@pytest.fixture(autouse=True)
def interface_language():
    """In-process calls speak English unless a test says otherwise (`use_language`); builds and commands set the
    project's own language themselves. Also keeps a command's language (set for the process) out of later tests."""
    from indexer.i18n import use_language

    with use_language("en"):
        yield


@pytest.fixture(scope="session")
def sample_searcher(built_sample: Path):
    """A searcher over the built sample's index, with the sample's synonyms (shared by the search tests)."""
    from indexer.search.query import Searcher
    from indexer.search.synonyms import Synonyms

    release = built_sample.parent
    return Searcher(release / "index", Synonyms.load(release.parent.parent.parent / "rules" / "synonyms.yml"))


class FakeReader:
    """The two things query rewriting asks an index reader: how many units, and in how many a word occurs."""

    def __init__(self, df: dict[str, int], units: int = 10_000) -> None:
        self.df = df
        self.units = units

    def doc_count(self) -> int:
        return self.units

    def doc_frequency(self, field: str, text: str) -> int:
        return self.df.get(text, 0)

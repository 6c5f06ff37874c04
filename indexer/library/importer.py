"""`rulebook import`: a folder of Markdown into `rules/library/NAME/`, idempotently, reporting every file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..frontmatter import MAX_FILE_BYTES, SourceError, foreign_front_matter, read_text
from ..i18n import _
from ..lawtext import unique_name
from ..safepath import MAX_NAME_BYTES, walk
from .convert import Converted, slug
from .handbook import PageMap, convert_document, destination, strip_templates
from .laws_cn import convert_regulation, looks_like_regulation

MAX_IMPORT_BYTES = MAX_FILE_BYTES
"""The limit `rulebook check` puts on a rule file: a file imported over it would only break the next build."""


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)


Progress = Callable[[int, int, str], None]


def source_files(src: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """The Markdown files of `src`, never through a link that leaves it (such links are skipped, with the reason)."""
    files, skipped = [], []
    walked = walk(src, src)
    for s in walked.skipped:
        skipped.append((_rel(s.path, src), s.reason))
    for path in walked.files:
        rel = path.relative_to(src)
        if path.suffix.lower() not in (".md", ".markdown"):
            skipped.append((rel.as_posix(), "not a Markdown file"))
            continue
        files.append(path)
    return files, skipped


def import_folder(src: Path, into: Path, collection: str | None = None, progress: Progress | None = None) -> ImportResult:
    """Convert every Markdown file under `src` and write it under `into`; unreadable files are skipped with the reason."""
    name = slug(collection or into.name)
    result = ImportResult()
    files, result.skipped = source_files(src)
    texts: dict[str, str] = {}
    dests: dict[str, str] = {}
    claimed: set[str] = set()
    pages = PageMap()
    for path in files:  # first pass: read everything, learn every page's address for link rewriting
        origin = path.relative_to(src).as_posix()
        try:
            text = read_text(path, MAX_IMPORT_BYTES)
        except SourceError as exc:
            result.skipped.append((origin, exc.message))
            continue
        if not looks_like_regulation(text):
            meta, body, _note = foreign_front_matter(text)
            if not strip_templates(body).strip():  # decided now, so that no other page links to it
                result.skipped.append((origin, _("no content after its header (a folder index or an empty page)")))
                continue
            texts[origin] = text
            dests[origin] = _unique_destination(destination(origin), claimed)
            pages.add(origin, dests[origin], meta)
        else:
            texts[origin] = text
            dests[origin] = _unique_destination(destination(origin), claimed)

    ids: dict[str, str] = {}
    total = len(texts)
    for n, (origin, text) in enumerate(texts.items(), start=1):
        if progress:
            progress(n, total, origin)
        try:
            _import_one(origin, text, dests[origin], into, name, pages, ids, result)
        except OSError as exc:  # a full disk or a name the file system refuses: say so, go on, end with the summary
            result.skipped.append((origin, f"cannot write: {exc.strerror or exc}"))
        except (ValueError, RecursionError) as exc:  # a document our converters cannot make sense of
            result.skipped.append((origin, f"cannot convert: {exc}"))
    return result


def _import_one(
    origin: str, text: str, dest_rel: str, into: Path, name: str, pages: PageMap, ids: dict[str, str], result: ImportResult
) -> None:
    if _name_too_long(dest_rel):
        result.skipped.append((origin, _("its file name would be longer than {limit} bytes").format(limit=MAX_NAME_BYTES)))
        return
    if looks_like_regulation(text):
        converted = convert_regulation(text, origin, name)
    else:
        converted = convert_document(text, origin, dest_rel, name, pages)
    if not converted.body.strip():
        result.skipped.append((origin, _("no content after its header (a folder index or an empty page)")))
        return
    _unique_id(converted, ids, origin)
    for note in converted.notes:
        result.notes.append((origin, note))
    target = into / dest_rel
    rendered = converted.render()
    if len(rendered.encode("utf-8")) > MAX_FILE_BYTES:
        result.skipped.append(
            (
                origin,
                _("converted, it would be over the {limit} MB a rule file may have").format(limit=MAX_FILE_BYTES // 1_048_576),
            )
        )
        return
    if target.is_file():
        if target.read_text(encoding="utf-8") == rendered:
            result.unchanged.append(origin)
            return
        result.updated.append(origin)
    else:
        result.added.append(origin)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(rendered, encoding="utf-8")
    tmp.replace(target)


def _rel(path: Path, src: Path) -> str:
    try:
        return path.relative_to(src).as_posix()
    except ValueError:
        return str(path)


def _name_too_long(dest_rel: str) -> bool:
    return any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in dest_rel.split("/"))


def _unique_destination(dest: str, claimed: set[str]) -> str:
    """Two names can clean up to the same file name (two spaces vs. a comma): number the later one."""
    candidate = unique_name(dest, claimed, lambda base, n: f"{base.removesuffix('.md')}-{n}.md")
    claimed.add(candidate)
    return candidate


def _unique_id(converted: Converted, ids: dict[str, str], origin: str) -> None:
    """Two origins can slug to the same id (`a b.md`, `a-b.md`): the later one gets a numbered id."""
    candidate = unique_name(str(converted.meta["id"]), ids)
    ids[candidate] = origin
    converted.meta["id"] = candidate

"""Stage 1, load: files under `rules/` to typed items, every failure a diagnostic, never an exception."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .diagnostics import Report
from .frontmatter import MAX_FILE_BYTES, Source, SourceError, read_source
from .model import ITEM_TYPES, AnyItem, Item, LibraryDocument
from .rulebook import Rulebook
from .safepath import Skipped, Walk, inside, walk

_ADAPTER: TypeAdapter[Item] = TypeAdapter(AnyItem)


def rule_walk(root: Path, allowed: Path | None = None) -> Walk:
    """Markdown files under root (hidden ones left out, sorted), never leaving `allowed`; skipped links with reasons."""
    if root.is_file():
        walked = Walk()
        if allowed is None or inside(root, allowed):
            walked.files.append(root)
        else:
            walked.skipped.append(Skipped(root, f"symbolic link outside {allowed}: not read"))
        return walked
    walked = walk(root, allowed or root)
    walked.files = [p for p in walked.files if p.suffix == ".md"]
    return walked


def rule_files(root: Path, allowed: Path | None = None) -> list[Path]:
    return rule_walk(root, allowed).files


def _where(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _message(error: dict[str, Any], model: type[Item] | None) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    where = _where(loc)
    if kind == "missing":
        return f"missing required field '{where}'"
    if kind == "extra_forbidden":
        known = list(model.model_fields) if model and len(loc) == 1 else []
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        return f"unknown field '{where}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")
    msg = error["msg"].removeprefix("Value error, ")
    value = error.get("input")
    shown = ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value) not in msg:
        text = str(value)
        shown = f" (got '{text[:60]}{'…' if len(text) > 60 else ''}')"
    return f"field '{where}': {msg}{shown}" if where else f"{msg}{shown}"


def parse_item(source: Source, report: Report, display: str, root: Path | None = None) -> Item | None:
    """Validate one source's front matter into a model; report every field error with its line."""
    kind = source.meta.get("type")
    model = ITEM_TYPES.get(kind) if isinstance(kind, str) else None
    if "type" not in source.meta:
        report.add(display, 2, "schema", f"missing required field 'type' (one of: {', '.join(ITEM_TYPES)})")
        return None
    if model is None:
        hint = difflib.get_close_matches(str(kind), list(ITEM_TYPES), n=1)
        report.add(
            display,
            source.line_of(("type",)),
            "schema",
            f"unknown type '{kind}' (one of: {', '.join(ITEM_TYPES)})" + (f"; did you mean '{hint[0]}'?" if hint else ""),
        )
        return None
    try:
        item = _ADAPTER.validate_python(source.meta)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if p != kind)
            error = {**error, "loc": loc}
            report.add(display, source.line_of(loc), "schema", _message(error, model))
        return None
    item._path = source.path
    item._body = source.body
    item._body_line = source.body_line
    item._key_lines = source.key_lines
    item._display = display
    if isinstance(item, LibraryDocument) and root is not None:
        try:
            item._page = source.path.relative_to(root).as_posix()
        except ValueError:
            pass
    return item


def load_rulebook(
    root: Path,
    *,
    display_base: Path | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    on_file: Callable[[Path], None] | None = None,
    files: Iterable[Path] | None = None,
    allowed: Path | None = None,
) -> tuple[Rulebook, Report]:
    """Load every rule file under root. Returns what loaded and what went wrong; the rest always loads.

    Files are read only where their real path is inside `allowed` (the project; default `display_base`, else
    `root`): a symbolic link to anywhere else is reported and skipped, never read.
    """
    report = Report()
    base = display_base or Path.cwd()
    book = Rulebook(root, display_base=base)
    if not root.exists():
        report.add(str(root), 1, "missing", "rules folder does not exist")
        return book, report
    if files is None:
        walked = rule_walk(root, allowed or display_base or root)
        for skipped in walked.skipped:
            report.warn(_display(skipped.path, base, resolve=False), 1, "skipped-file", skipped.reason)
        files = walked.files
    first_seen: dict[str, str] = {}
    for path in files:
        display = _display(path, base)
        if on_file:
            on_file(path)
        try:
            source = read_source(path, max_bytes)
        except SourceError as exc:
            report.add(display, exc.line, exc.code, exc.message)
            continue
        item = parse_item(source, report, display, root)
        if item is None:
            continue
        if not source.body.strip():
            report.add(
                display,
                max(source.body_line - 1, 1),
                "no-body",
                "front matter has no body: write the text of the item below the closing '---'",
            )
        if item.id in book.items:
            report.add(display, item.line_of("id"), "duplicate-id", f"id '{item.id}' is already used by {first_seen[item.id]}")
            continue
        book.items[item.id] = item
        first_seen[item.id] = display
    return book, report


def _display(path: Path, base: Path, resolve: bool = True) -> str:
    try:
        return str((path.resolve() if resolve else path.absolute()).relative_to(base.resolve()))
    except ValueError:
        return str(path)

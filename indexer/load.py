"""Stage 1, load: files under `rules/` to typed items, every failure a diagnostic, never an exception."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .diagnostics import Report
from .frontmatter import MAX_FILE_BYTES, Source, SourceError, read_source
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, _
from .model import ITEM_TYPES, AnyItem, Item, LibraryDocument
from .rulebook import Rulebook
from .safepath import Skipped, Walk, inside, walk
from .translations import Translation, check_translations, translation_of

_ADAPTER: TypeAdapter[Item] = TypeAdapter(AnyItem)


def rule_walk(root: Path, allowed: Path | None = None) -> Walk:
    """Markdown files under root (hidden ones left out, sorted), never leaving `allowed`; skipped links with reasons."""
    if root.is_file():
        walked = Walk()
        if allowed is None or inside(root, allowed):
            walked.files.append(root)
        else:
            walked.skipped.append(Skipped(root, _("symbolic link outside {allowed}: not read").format(allowed=allowed)))
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


_PYDANTIC = {
    "string_type": N_("must be text"),
    "list_type": N_("must be a list"),
    "dict_type": N_("must be a mapping of keys to values"),
    "model_type": N_("must be a mapping of keys to values"),
    "date_type": N_("must be a date such as 2024-03-01"),
    "date_parsing": N_("must be a date such as 2024-03-01"),
    "date_from_datetime_parsing": N_("must be a date such as 2024-03-01"),
    "date_from_datetime_inexact": N_("must be a date such as 2024-03-01"),
    "float_parsing": N_("must be a number"),
    "float_type": N_("must be a number"),
    "int_parsing": N_("must be a whole number"),
    "bool_parsing": N_("must be true or false"),
    "greater_than": N_("must be greater than {gt}"),
    "less_than_equal": N_("must be at most {le}"),
    "too_short": N_("needs at least {min_length} entries"),
    "enum": N_("must be one of: {expected}"),
    "literal_error": N_("must be one of: {expected}"),
}
"""Pydantic's own messages for the errors authors make, in the project's language; any other keeps pydantic's text."""


def pydantic_message(error: dict[str, Any], model: type[Item] | None) -> str:
    """One validation error in the project's language (also for `rulebook.yml`, whose model is not an item)."""
    loc = tuple(error["loc"])
    kind = error["type"]
    where = _where(loc)
    if kind == "missing":
        return _("missing required field '{field}'").format(field=where)
    if kind == "extra_forbidden":
        known = list(model.model_fields) if model and len(loc) == 1 else []
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        if hint:
            return _("unknown field '{field}' (did you mean '{hint}'?)").format(field=where, hint=hint[0])
        return _("unknown field '{field}'").format(field=where)
    if kind in _PYDANTIC:
        try:
            msg = _(_PYDANTIC[kind]).format(**{k: str(v) for k, v in (error.get("ctx") or {}).items()})
        except (KeyError, IndexError):
            msg = error["msg"]
    else:
        msg = error["msg"].removeprefix("Value error, ")
    value = error.get("input")
    shown = ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value) not in msg:
        text = str(value)
        shown = _(" (got '{value}')").format(value=f"{text[:60]}{'…' if len(text) > 60 else ''}")
    return _("field '{field}': {problem}").format(field=where, problem=msg) + shown if where else f"{msg}{shown}"


def parse_item(source: Source, report: Report, display: str, root: Path | None = None) -> Item | None:
    """Validate one source's front matter into a model; report every field error with its line."""
    kind = source.meta.get("type")
    model = ITEM_TYPES.get(kind) if isinstance(kind, str) else None
    if "type" not in source.meta:
        report.add(display, 2, "schema", _("missing required field 'type' (one of: {types})").format(types=", ".join(ITEM_TYPES)))
        return None
    if model is None:
        hint = difflib.get_close_matches(str(kind), list(ITEM_TYPES), n=1)
        report.add(
            display,
            source.line_of(("type",)),
            "schema",
            _("unknown type '{kind}' (one of: {types})").format(kind=kind, types=", ".join(ITEM_TYPES))
            + (_("; did you mean '{hint}'?").format(hint=hint[0]) if hint else ""),
        )
        return None
    try:
        item = _ADAPTER.validate_python(source.meta)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if p != kind)
            error = {**error, "loc": loc}
            report.add(display, source.line_of(loc), "schema", pydantic_message(error, model))
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
    language: str | None = None,
    languages: Iterable[str] | None = None,
) -> tuple[Rulebook, Report]:
    """Load every rule file under root. Returns what loaded and what went wrong; the rest always loads.

    Files are read only where their real path is inside `allowed` (the project; default `display_base`, else
    `root`): a symbolic link to anywhere else is reported and skipped, never read.

    `language` is the originals' language (the project's); translations (`<id>.<lang>.md`) are read for every
    language in `languages` and checked against their originals here, since only this stage sees both files.
    """
    report = Report()
    base = display_base or Path.cwd()
    book = Rulebook(root, display_base=base, language=language or DEFAULT_LANGUAGE)
    wanted = set(languages) if languages is not None else set(LANGUAGES) - {book.language}
    book.published = [lang for lang in LANGUAGES if lang in wanted and lang != book.language]
    translation_files: list[tuple[Path, str, Path, str]] = []
    if not root.exists():
        report.add(str(root), 1, "missing", _("rules folder does not exist"))
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
        pair = translation_of(path)
        if pair is not None and pair[1] != book.language:
            if pair[1] in wanted:
                translation_files.append((path, display, *pair))
            else:
                report.warn(
                    display,
                    1,
                    "translation-language",
                    _("a translation into {lang}, which this rulebook does not publish (languages in rulebook.yml)").format(
                        lang=pair[1]
                    ),
                )
            continue
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
                _("front matter has no body: write the text of the item below the closing '---'"),
            )
        if item.id in book.items:
            report.add(
                display,
                item.line_of("id"),
                "duplicate-id",
                _("id '{id}' is already used by {path}").format(id=item.id, path=first_seen[item.id]),
            )
            continue
        book.items[item.id] = item
        first_seen[item.id] = display
    _load_translations(book, report, translation_files, max_bytes)
    return book, report


def _load_translations(book: Rulebook, report: Report, files: list[tuple[Path, str, Path, str]], max_bytes: int) -> None:
    by_path = {item.path.resolve(): item for item in book}
    for path, display, original, lang in files:
        try:
            source = read_source(path, max_bytes)
        except SourceError as exc:
            report.add(display, exc.line, exc.code, exc.message)
            continue
        if original.resolve() not in by_path:
            report.add(
                display,
                1,
                "translation-orphan",
                _("translation of {original}, which is not a rule file that loaded: name it after its original").format(
                    original=original.name
                ),
            )
            continue
        book.translations.append(
            Translation(lang, path, display, original, source.meta, source.body, source.body_line, source.key_lines)
        )
    check_translations(by_path, book.translations, report)


def _display(path: Path, base: Path, resolve: bool = True) -> str:
    try:
        return str((path.resolve() if resolve else path.absolute()).relative_to(base.resolve()))
    except ValueError:
        return str(path)

"""Translations: `<id>.en.md` beside `<id>.md` carries the item's words in another language, never its facts.

Facts once, words twice. The original (in the organ's language) holds every fact: posts, limits, dates, basis,
references. A translation gives only the fields the model marks as words (`model.WORDS`): title, summary, body,
step names and actions, duties, questions… Lists are translated entry by entry, same number and order, so the
translated step 3 is the original's step 3 with its post and time limit.

`check_translations` reports a translation that adds or contradicts a fact (an error naming file and line) and one
older than its original (a warning naming both); `localize` merges a translation with its original's facts into
one item in that language, which renders like any other.
"""

from __future__ import annotations

import re
import subprocess
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .diagnostics import Report
from .frontmatter import KeyPath, line_in
from .i18n import LANGUAGES, _, current_language
from .model import Item, Question

_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>" + "|".join(re.escape(lang) for lang in LANGUAGES) + r")\.md$")


@dataclass
class Translation:
    lang: str
    path: Path
    display: str
    original: Path
    """The original's file (`<id>.md` beside this one)."""
    meta: dict[str, Any]
    body: str
    body_line: int
    key_lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, *loc: str | int) -> int:
        return line_in(self.key_lines, loc)


def translation_of(path: Path) -> tuple[Path, str] | None:
    """(the original's path, language) if `path` is a translation file such as `first-inquiry.en.md`, else None."""
    m = _SUFFIX.match(path.name)
    if not m:
        return None
    return path.with_name(m.group("stem") + ".md"), m.group("lang")


# ---- which fields are words ----


def _word_fields(model: type[BaseModel]) -> dict[str, dict[str, Any]]:
    """Field name -> its marker, for the fields `model` marks as words."""
    out = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get("words"):
            out[name] = extra
    return out


def _entry_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model of each entry when the field is a list of models (steps: list[Step] -> Step), else None."""
    annotation = model.model_fields[name].annotation
    for arg in typing.get_args(annotation):
        while typing.get_origin(arg) is typing.Annotated:
            arg = typing.get_args(arg)[0]
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


# ---- checking ----


def _text_ok(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_fields(
    tr: Translation, report: Report, model: type[BaseModel], original: BaseModel, data: Any, loc: tuple[str | int, ...]
) -> None:
    where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
    if not isinstance(data, dict):
        report.add(
            tr.display,
            tr.line_of(*loc),
            "translation",
            _("{field}: must be a mapping of keys to values").format(field=where or "front matter"),
        )
        return
    words = _word_fields(model)
    for key, value in data.items():
        path = (*loc, key)
        name = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
        if key not in words:
            if key in model.model_fields:
                message = _("'{field}' is a fact, not words: it is given once, in the original {original}")
            else:
                message = _("unknown field '{field}' (a translation gives only words: {words})")
            report.add(
                tr.display,
                tr.line_of(*path),
                "translation-fact",
                message.format(field=name, original=tr.original.name, words=", ".join(words)),
            )
            continue
        theirs = getattr(original, key)
        entry = _entry_model(model, key)
        if isinstance(theirs, BaseModel):  # one nested model (fees): its own word fields
            _check_fields(tr, report, type(theirs), theirs, value, path)
            continue
        if entry is not None or isinstance(theirs, list):
            if not isinstance(value, list):
                report.add(tr.display, tr.line_of(*path), "translation", _("{field}: must be a list").format(field=name))
                continue
            if not words[key].get("any_length") and len(value) != len(theirs):
                report.add(
                    tr.display,
                    tr.line_of(*path),
                    "translation-mismatch",
                    _(
                        "{field}: {theirs} entries in the original {original}, {ours} here: translate each entry, in the same order"
                    ).format(field=name, theirs=len(theirs), ours=len(value), original=tr.original.name),
                )
                continue
            for n, sub in enumerate(value):
                if entry is not None and isinstance(sub, str) and "name" in _word_fields(entry):
                    sub = {"name": sub}  # `- Business licence`: a material with just its name, as in originals
                if entry is not None:
                    _check_fields(tr, report, entry, theirs[n], sub, (*path, n))
                elif not _text_ok(sub):
                    report.add(
                        tr.display, tr.line_of(*path, n), "translation", _("{field}[{n}]: must be text").format(field=name, n=n)
                    )
        elif value is not None and not _text_ok(value):
            report.add(tr.display, tr.line_of(*path), "translation", _("{field}: must be text").format(field=name))
    if isinstance(original, Question) and ("answer" in data or "choices" in data):
        choices = data.get("choices", original.choices)
        answer = data.get("answer", original.answer)
        index = original.choices.index(original.answer)
        if isinstance(choices, list) and len(choices) == len(original.choices) and choices[index] != answer:
            report.add(
                tr.display,
                tr.line_of(*loc, "answer"),
                "translation-mismatch",
                _("{field}: the answer must be the translation of choice {n}, as in the original").format(
                    field=f"{where}.answer", n=index + 1
                ),
            )


def check_translations(items: dict[Path, Item], translations: list[Translation], report: Report) -> None:
    """Facts added or contradicted are errors; a translation older than its original is a warning."""
    times = _last_changed([p for tr in translations for p in (tr.path, tr.original)])
    for tr in translations:
        item = items.get(tr.original.resolve())
        if item is None:
            continue
        _check_fields(tr, report, type(item), item, tr.meta, ())
        mine, theirs = times.get(tr.path.resolve()), times.get(tr.original.resolve())
        if mine is not None and theirs is not None and mine < theirs:
            report.warn(
                tr.display,
                1,
                "stale-translation",
                _("translation is older than its original {original}: check it against the original's changes").format(
                    original=item.display_path
                ),
            )


def _last_changed(paths: list[Path]) -> dict[Path, float]:
    """When each file last changed: its last commit where git knows it (a checkout resets mtimes), else its mtime."""
    out: dict[Path, float] = {}
    folders = {p.resolve().parent for p in paths}
    for folder in folders:
        out.update(_git_times(folder))
    for path in paths:
        key = path.resolve()
        if key not in out:
            try:
                out[key] = path.stat().st_mtime
            except OSError:
                pass
    return out


def _git_times(folder: Path) -> dict[Path, float]:
    """Commit time of the last commit touching each file directly in `folder` (one `git log` per folder)."""
    try:
        top = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=30
        )
        if top.returncode != 0:
            return {}
        log = subprocess.run(
            # -m --first-parent: a merge that changed a file counts as changing it (plain `log` lists no files for merges)
            [
                "git",
                "-C",
                str(folder),
                "-c",
                "core.quotePath=false",
                "log",
                "-m",
                "--first-parent",
                "--format=@@%ct",
                "--name-only",
                "--",
                ".",
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    root = Path(top.stdout.strip())
    times: dict[Path, float] = {}
    current: float | None = None
    for line in log.stdout.splitlines():
        if line.startswith("@@"):
            current = float(line[2:]) if line[2:].strip().isdigit() else None
        elif line.strip() and current is not None:
            times.setdefault((root / line.strip()).resolve(), current)
    dirty = subprocess.run(
        ["git", "-C", str(folder), "-c", "core.quotePath=false", "status", "--porcelain", "--", "."],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    for line in dirty.stdout.splitlines():  # edited since the last commit: the file's own time is newer
        times.pop((root / line[3:].strip().strip('"')).resolve(), None)
    return times


# ---- the per-language view ----


def _merge(model: type[BaseModel], original: BaseModel, data: dict[str, Any]) -> BaseModel:
    words = _word_fields(model)
    update: dict[str, Any] = {}
    for key, value in data.items():
        if key not in words or value is None:
            continue
        entry = _entry_model(model, key)
        theirs = getattr(original, key)
        if isinstance(theirs, BaseModel) and isinstance(value, dict):
            update[key] = _merge(type(theirs), theirs, value)
        elif entry is not None:
            update[key] = [
                _merge(entry, o, {"name": d} if isinstance(d, str) else d) if isinstance(d, (dict, str)) else o
                for o, d in zip(theirs, value, strict=False)
            ]
        elif isinstance(value, list):
            update[key] = [str(v).strip() for v in value]
        else:
            update[key] = str(value).strip()
    return original.model_copy(update=update)


def localize(item: Item, translation: Translation | None, lang: str) -> Item:
    """The item with the translation's words over the original's facts; without a translation, the original's words.

    Either way the copy knows its language (`lang`) and whether it is translated (`translation`), so a page can
    say when it falls back to the original.
    """
    view = _merge(type(item), item, translation.meta) if translation is not None else item.model_copy()
    assert isinstance(view, Item)
    if translation is not None:
        view._body = translation.body
        view._body_line = translation.body_line
    view._lang = lang
    view._translation = translation
    return view


def is_fallback(item: Item) -> bool:
    """True when the item is shown in another language's view without a translation of its own."""
    return item.lang is not None and item.lang == current_language() and item.translation is None

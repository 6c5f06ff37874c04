"""Reading one source file: bytes to text to (front matter, body), keeping the line of every YAML key.

Bad input must never crash the pipeline, so every failure here is a
`SourceError` carrying the line it happened on; the loader turns it into a
diagnostic and goes on with the next file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .i18n import _

MAX_FILE_BYTES = 5 * 1024 * 1024
"""A rule is a page a person reads; anything this big is a mistake, not a rule."""

KeyPath = tuple[str | int, ...]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml when PyYAML was built with it: ten times faster on a 1,500-law library, same nodes and line marks."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """`2027-13-01` looks like a date to YAML and raised a bare ValueError: make it an error with its line."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, _("'{value}' is not a valid date ({error})").format(value=node.value, error=exc), node.start_mark
        ) from exc


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class SourceError(InputError):
    def __init__(self, code: str, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


def line_in(key_lines: dict[KeyPath, int], loc: KeyPath) -> int:
    """The line of the deepest key of `loc` that exists; line 1 when nothing matches."""
    for end in range(len(loc), 0, -1):
        line = key_lines.get(tuple(loc[:end]))
        if line is not None:
            return line
    return 1


@dataclass
class Source:
    """A file split into its parts; `key_lines` maps a path into the front matter to its file line."""

    path: Path
    text: str
    meta: dict[str, Any]
    body: str
    body_line: int
    key_lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, loc: KeyPath) -> int:
        return line_in(self.key_lines, loc)


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a file as UTF-8 text, refusing binaries, huge files and other encodings with a clear reason."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError("unreadable", _("cannot read file: {reason}").format(reason=exc.strerror or exc)) from exc
    if size > max_bytes:
        raise SourceError(
            "too-large",
            _("file is {size} MB; rule files are limited to {limit} MB").format(
                size=f"{size / 1_048_576:.1f}", limit=f"{max_bytes / 1_048_576:.0f}"
            ),
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError("unreadable", _("cannot read file: {reason}").format(reason=exc.strerror or exc)) from exc
    if not data.strip():
        raise SourceError("empty", _("file is empty"))
    if b"\x00" in data[:8192]:
        raise SourceError("binary", _("file is binary, not Markdown text"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            "encoding",
            _("file is not UTF-8 (byte {byte} at offset {offset}); save it as UTF-8").format(
                byte=f"0x{data[exc.start]:02x}", offset=exc.start
            ),
            line,
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (yaml text or None, body, line where the body starts)."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return None, text, 1
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    raise SourceError("front-matter", _("front matter starts with '---' but is never closed by another '---' line"), 1)


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], offset: int, seen: set[int]) -> None:
    if id(node) in seen:  # aliases: a shared node is walked once, so a YAML bomb stays cheap
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: dict[object, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            line = key_node.start_mark.line + offset
            if key in keys:
                raise SourceError(
                    "yaml", _("key '{key}' appears twice (first on line {line})").format(key=key, line=keys[key]), line
                )
            keys[key] = line
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, offset, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*path, i)] = item.start_mark.line + offset
            _walk(item, (*path, i), lines, offset, seen)


def parse_yaml(text: str, first_line: int) -> tuple[Any, dict[KeyPath, int]]:
    """Parse YAML and map each key path to its line in the file (the YAML starts at `first_line`)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[KeyPath, int] = {}
        _walk(node, (), lines, first_line, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and exc.context_mark is not None and mark.line >= text.rstrip("\n").count("\n") + 1:
            mark = exc.context_mark  # "unexpected end": the line that opened the unclosed thing says more
        line = (mark.line + first_line) if mark else first_line
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError("yaml", _("invalid YAML in front matter: {problem}").format(problem=problem), line) from exc
    except yaml.YAMLError as exc:
        raise SourceError("yaml", _("invalid YAML in front matter: {problem}").format(problem=exc), first_line) from exc
    except RecursionError as exc:
        raise SourceError("yaml", _("front matter is nested too deeply"), first_line) from exc
    finally:
        loader.dispose()
    return data, lines


def read_source(path: Path, max_bytes: int = MAX_FILE_BYTES) -> Source:
    return source_from_text(path, read_text(path, max_bytes))


def source_from_text(path: Path, text: str) -> Source:
    """Split text already read (from a file, or from an old git revision) into front matter and body."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    yaml_text, body, body_line = split_front_matter(text)
    if yaml_text is None:
        raise SourceError("front-matter", _("no front matter: a rule file starts with a '---' line, then YAML, then '---'"))
    data, key_lines = parse_yaml(yaml_text, first_line=2)
    if data is None:
        raise SourceError("front-matter", _("front matter is empty: it needs at least id, type and title"), 2)
    if not isinstance(data, dict):
        raise SourceError(
            "front-matter",
            _("front matter must be a mapping of keys to values, not a {kind}").format(kind=type(data).__name__),
            2,
        )
    return Source(path, text, data, body, body_line, key_lines)


def foreign_front_matter(text: str) -> tuple[dict[str, object], str, str | None]:
    """Front matter of a page written for another tool (a Jekyll handbook): its mapping if it parses, else none,
    and the body; the note says why it was ignored. The page still imports: unlike a rule file, nothing in it is
    required. Same split as `split_front_matter`, so both kinds of file agree on where front matter ends."""
    try:
        yaml_text, body, _line = split_front_matter(text)
    except SourceError:
        return {}, text, None
    if yaml_text is None:
        return {}, text, None
    try:
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        return {}, body, _("front matter ignored: invalid YAML ({error})").format(error=str(exc).splitlines()[0])
    return (data if isinstance(data, dict) else {}), body, None

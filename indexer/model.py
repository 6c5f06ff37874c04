"""The typed content model: what a rule file may say, as pydantic models.

Validation of one file's own fields lives here; anything that needs other
files (does this post exist? do the steps fit the limit?) lives in `check`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    field_validator,
    model_validator,
)

from .citations import Citation, parse_citation
from .timelimits import TimeLimit, parse_time_limit

ID_RE = re.compile(r"^[^\W_A-Z][\w-]*$")
ASCII_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _odd_character(value: str) -> str | None:
    """The first character that makes an id a look-alike: anything but a-z, 0-9, '-' and Chinese characters.

    Imported laws keep ids made from their Chinese titles; everything else is ASCII, so a Cyrillic 'і' or a
    full-width 'ｗ' that looks like a Latin letter cannot make a second 'window-clerk'.
    """
    for ch in value:
        if ch.isascii() or unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH"):
            continue
        return ch
    return None


def _describe(ch: str) -> str:
    return f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})"


def _check_id(value: str) -> str:
    odd = _odd_character(value)
    if odd is not None:
        raise ValueError(f"id '{value}' contains {_describe(odd)}: ids use a-z, 0-9 and '-' (e.g. 'window-clerk')")
    if not ID_RE.match(value) or value != value.lower() or "_" in value:
        raise ValueError(f"malformed id '{value}': use lower-case letters, digits and '-' (e.g. 'window-clerk')")
    return value


def _as_list(value: Any) -> Any:
    """Authors write `aliases: 首问负责制` for a single value; accept it as a list of one."""
    if value is None:
        return []
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [value]
    return value


def _as_text(value: Any) -> Any:
    """`version: 2.0` arrives from YAML as a float; keep what the author meant."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


Id = Annotated[str, AfterValidator(_check_id)]
Text = Annotated[str, AfterValidator(_non_empty)]
Version = Annotated[str, BeforeValidator(_as_text)]
TimeLimitField = Annotated[TimeLimit, PlainValidator(parse_time_limit)]
CitationField = Annotated[Citation, PlainValidator(parse_citation)]


def ListOf(inner: Any) -> Any:  # noqa: N802 - reads like a type
    return Annotated[list[inner], BeforeValidator(_as_list)]


class Status(StrEnum):
    DRAFT = "draft"
    IN_FORCE = "in-force"
    REPEALED = "repealed"
    SUPERSEDED = "superseded"


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt `reviw_by` must not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Change(Strict):
    version: Version | None = None
    date: date
    summary: Text


class Question(Strict):
    question: Text
    choices: Annotated[list[Text], Field(min_length=2)]
    answer: Text
    explain: str | None = None

    @model_validator(mode="after")
    def _answer_is_a_choice(self) -> Question:
        if self.answer not in self.choices:
            raise ValueError(f"answer '{self.answer}' is not one of the choices")
        return self


class Item(Strict):
    id: Id
    type: str
    title: Text
    aliases: ListOf(Text) = []
    summary: str | None = None
    status: Status = Status.IN_FORCE
    superseded_by: Id | None = None
    effective: date | None = None
    version: Version | None = None
    owner: Id | None = None
    review_by: date | None = None
    basis: ListOf(CitationField) = []
    related: ListOf(Id) = []
    tags: ListOf(Text) = []
    changes: list[Change] = []
    questions: list[Question] = []

    _path: Path = PrivateAttr(default=Path("?"))
    _body: str = PrivateAttr(default="")
    _body_line: int = PrivateAttr(default=1)
    _key_lines: dict = PrivateAttr(default_factory=dict)
    _display: str = PrivateAttr(default="")

    @property
    def display_path(self) -> str:
        """The path as diagnostics show it (relative to where the command runs)."""
        return self._display or str(self._path)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def body(self) -> str:
        return self._body

    @property
    def body_line(self) -> int:
        return self._body_line

    def line_of(self, *loc: str | int) -> int:
        for end in range(len(loc), 0, -1):
            line = self._key_lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1

    @field_validator("id")
    @classmethod
    def _own_rules_have_ascii_ids(cls, value: str) -> str:
        """Imported laws keep ids made from their Chinese titles; the organ's own ids are typed by people: ASCII."""
        if not issubclass(cls, LibraryDocument) and not ASCII_ID_RE.match(value):
            raise ValueError(f"id '{value}': the organ's own items use a-z, 0-9 and '-' only (e.g. 'window-clerk')")
        return value


class Step(Strict):
    name: Text
    post: Id
    action: Text
    time_limit: TimeLimitField
    output: str | None = None


class PostDuty(Strict):
    duty: Text
    time_limit: TimeLimitField | None = None


class SystemDuty(Strict):
    post: Id
    duty: Text
    time_limit: TimeLimitField | None = None


class Indicator(Strict):
    name: Text
    weight: Annotated[float, Field(gt=0, le=100)]


class System(Item):
    type: Literal["system"]
    applies_to: ListOf(Id) = []
    duties: list[SystemDuty] = []
    indicators: list[Indicator] = []


class Procedure(Item):
    type: Literal["procedure"]
    statutory_limit: TimeLimitField
    committed_limit: TimeLimitField
    materials: ListOf(Text) = []
    steps: Annotated[list[Step], Field(min_length=1)]


class Post(Item):
    type: Literal["post"]
    department: Id
    reports_to: Id | None = None
    backup: Id | None = None
    duties: list[PostDuty] = []


class Department(Item):
    type: Literal["department"]
    parent: Id | None = None
    head: Id | None = None


class Term(Item):
    type: Literal["term"]


class LibraryDocument(Item):
    """An imported document. `origin` is its path inside the imported folder, so a re-import finds it again."""

    collection: Id
    origin: Text
    category: str | None = None
    subtitle: str | None = None
    published: date | None = None
    history: ListOf(Text) = []
    _page: str = PrivateAttr(default="")

    @property
    def page(self) -> str:
        """Its page in the site mirrors its file under rules/, so links between imported pages keep working."""
        return self._page or f"library/{self.collection}/{self.id}.md"


class Law(LibraryDocument):
    type: Literal["law"]


class Document(LibraryDocument):
    type: Literal["document"]


AnyItem = Annotated[System | Procedure | Post | Department | Term | Law | Document, Field(discriminator="type")]
ITEM_TYPES: dict[str, type[Item]] = {
    "system": System,
    "procedure": Procedure,
    "post": Post,
    "department": Department,
    "term": Term,
    "law": Law,
    "document": Document,
}
TYPE_LABELS = {
    "system": ("System", "Systems"),
    "procedure": ("Procedure", "Procedures"),
    "post": ("Post", "Posts"),
    "department": ("Department", "Departments"),
    "term": ("Term", "Glossary"),
    "law": ("Law", "Laws and regulations"),
    "document": ("Document", "Documents"),
}
ALL_POSTS = "all"

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
from .i18n import _
from .itemtypes import type_label  # noqa: F401 - the name callers import with the model
from .lawtext import is_cjk
from .timelimits import TimeLimit, parse_time_limit

ID_RE = re.compile(r"^[^\W_A-Z][\w-]*$")
ASCII_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _odd_character(value: str) -> str | None:
    """The first character that makes an id a look-alike: anything but a-z, 0-9, '-' and Chinese characters.

    Imported laws keep ids made from their Chinese titles; everything else is ASCII, so a Cyrillic 'і' or a
    full-width 'ｗ' that looks like a Latin letter cannot make a second 'window-clerk'.
    """
    for ch in value:
        if ch.isascii() or is_cjk(ch):
            continue
        return ch
    return None


def _describe(ch: str) -> str:
    return f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})"


def _check_id(value: str) -> str:
    odd = _odd_character(value)
    if odd is not None:
        raise ValueError(
            _("id '{value}' contains {what}: ids use a-z, 0-9 and '-' (e.g. 'window-clerk')").format(
                value=value, what=_describe(odd)
            )
        )
    if not ID_RE.match(value) or value != value.lower() or "_" in value:
        raise ValueError(
            _("malformed id '{value}': use lower-case letters, digits and '-' (e.g. 'window-clerk')").format(value=value)
        )
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
        raise ValueError(_("must not be empty"))
    return value.strip()


Id = Annotated[str, AfterValidator(_check_id)]
Text = Annotated[str, AfterValidator(_non_empty)]
Version = Annotated[str, BeforeValidator(_as_text)]
TimeLimitField = Annotated[TimeLimit, PlainValidator(parse_time_limit)]
CitationField = Annotated[Citation, PlainValidator(parse_citation)]


WORDS: dict[str, Any] = {"words": True}
"""Marks a field as words, not facts: a translation (`<id>.en.md`) may give it in its language, and nothing else.

A list of models marked so (steps, duties, questions…) is translated entry by entry, same number and order, each
entry giving only its own word fields. Mark a new field with `Field(json_schema_extra=WORDS)` and the translation
loader, `check` and the per-language view pick it up; see `indexer/translations.py`.
"""
NAMES: dict[str, Any] = {"words": True, "any_length": True}
"""Words whose list may differ in length in a translation (other names: a translation has its own, or none)."""


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
    summary: Text = Field(json_schema_extra=WORDS)


class Question(Strict):
    question: Text = Field(json_schema_extra=WORDS)
    choices: Annotated[list[Text], Field(min_length=2, json_schema_extra=WORDS)]
    answer: Text = Field(json_schema_extra=WORDS)
    explain: str | None = Field(default=None, json_schema_extra=WORDS)

    @model_validator(mode="after")
    def _answer_is_a_choice(self) -> Question:
        if self.answer not in self.choices:
            raise ValueError(_("answer '{answer}' is not one of the choices").format(answer=self.answer))
        return self


class Item(Strict):
    id: Id
    type: str
    title: Text = Field(json_schema_extra=WORDS)
    aliases: ListOf(Text) = Field(default=[], json_schema_extra=NAMES)
    summary: str | None = Field(default=None, json_schema_extra=WORDS)
    status: Status = Status.IN_FORCE
    superseded_by: Id | None = None
    effective: date | None = None
    version: Version | None = None
    owner: Id | None = None
    review_by: date | None = None
    basis: ListOf(CitationField) = []
    related: ListOf(Id) = []
    tags: ListOf(Text) = []
    changes: list[Change] = Field(default=[], json_schema_extra=WORDS)
    questions: list[Question] = Field(default=[], json_schema_extra=WORDS)
    draft: str | None = None
    """A note left by `rulebook import` of a Word file (e.g. which type it guessed); `check` lists what such a draft
    still lacks until the author deletes the note."""

    _path: Path = PrivateAttr(default=Path("?"))
    _body: str = PrivateAttr(default="")
    _body_line: int = PrivateAttr(default=1)
    _key_lines: dict = PrivateAttr(default_factory=dict)
    _display: str = PrivateAttr(default="")
    _lang: str | None = PrivateAttr(default=None)
    _translation: Any = PrivateAttr(default=None)

    @property
    def display_path(self) -> str:
        """The path as diagnostics show it (relative to where the command runs)."""
        return self._display or str(self._path)

    @property
    def lang(self) -> str | None:
        """The language of this view's words: None for the original, a tag for a translated (or fallback) view."""
        return self._lang

    @property
    def translation(self) -> Any:
        """The translation file behind this view's words (a `translations.Translation`), None if it shows the original."""
        return self._translation

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
        from .frontmatter import line_in

        return line_in(self._key_lines, loc)

    @field_validator("id")
    @classmethod
    def _own_rules_have_ascii_ids(cls, value: str) -> str:
        """Imported laws keep ids made from their Chinese titles; the organ's own ids are typed by people: ASCII."""
        if not issubclass(cls, LibraryDocument) and not ASCII_ID_RE.match(value):
            raise ValueError(
                _("id '{value}': the organ's own items use a-z, 0-9 and '-' only (e.g. 'window-clerk')").format(value=value)
            )
        return value


class Step(Strict):
    name: Text = Field(json_schema_extra=WORDS)
    post: Id
    action: Text = Field(json_schema_extra=WORDS)
    time_limit: TimeLimitField
    output: str | None = Field(default=None, json_schema_extra=WORDS)


class PostDuty(Strict):
    duty: Text = Field(json_schema_extra=WORDS)
    time_limit: TimeLimitField | None = None


class SystemDuty(Strict):
    post: Id
    duty: Text = Field(json_schema_extra=WORDS)
    time_limit: TimeLimitField | None = None


class Indicator(Strict):
    name: Text = Field(json_schema_extra=WORDS)
    weight: Annotated[float, Field(gt=0, le=100)]


class System(Item):
    type: Literal["system"]
    applies_to: ListOf(Id) = []
    duties: list[SystemDuty] = Field(default=[], json_schema_extra=WORDS)
    indicators: list[Indicator] = Field(default=[], json_schema_extra=WORDS)


# --- Service items (政务服务事项) as the national basic catalogue and implementation lists describe them.
# Every element is optional; `check` requires the core ones of a procedure marked `public_service`.
# Element names (Chinese, English, key) have one home: indexer/service_items.py.

SERVICE_TYPES = (
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政检查",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他行政权力",
    "公共服务",
    "内部管理",
)
"""事项类型 / 职权类型: the national catalogue's types, plus 内部管理 for the organ's internal procedures."""


def _one_of(choices: tuple[str, ...], aliases: dict[str, str] | None = None) -> Any:
    def check(value: str) -> str:
        value = (aliases or {}).get(value.strip().lower(), value.strip())
        if value not in choices:
            raise ValueError(_("'{value}' is not one of: {choices}").format(value=value, choices=", ".join(choices)))
        return value

    return AfterValidator(check)


ServiceType = Annotated[str, _one_of(SERVICE_TYPES)]
HANDLING_FORMS = ("window", "online", "post")
HandlingForm = Annotated[
    str,
    _one_of(
        HANDLING_FORMS,
        {"窗口办理": "window", "窗口": "window", "网上办理": "online", "网办": "online", "快递申请": "post", "邮寄": "post"},
    ),
]
MATERIAL_NEEDS = ("必要", "非必要", "容缺后补")
MaterialNeed = Annotated[str, _one_of(MATERIAL_NEEDS, {"required": "必要", "optional": "非必要", "deferrable": "容缺后补"})]
MATERIAL_FORMS = ("原件", "复印件", "电子")
MaterialForm = Annotated[
    str, _one_of(MATERIAL_FORMS, {"original": "原件", "copy": "复印件", "electronic": "电子", "电子证照": "电子"})
]
_URL = re.compile(r"^(?:https?://[^\s<>\"']+|[\w./-]+(?:#[\w-]+)?)$")


def _link(value: str) -> str:
    """A form or sample: an http(s) address or a path inside the site; no other scheme (javascript:, data:)."""
    value = value.strip()
    if (
        not _URL.match(value)
        or value.startswith("/")
        or (":" in value.split("/")[0] and not value.startswith(("http://", "https://")))
        or ".." in value
    ):
        raise ValueError(_("'{value}' is not an http(s) address or a relative path inside the site").format(value=value))
    return value


LinkField = Annotated[str, AfterValidator(_link)]
Words = Annotated[str, BeforeValidator(_as_text), AfterValidator(_non_empty)]
"""Text that YAML may hand over as a number: a hotline written `12315`."""


class Material(Strict):
    """申请材料. A plain string in `materials` is a material with just its name."""

    name: Text = Field(json_schema_extra=WORDS)
    need: MaterialNeed | None = None
    form: ListOf(MaterialForm) = []
    copies: Annotated[int, Field(ge=1, le=99)] | None = None
    source: str | None = Field(default=None, json_schema_extra=WORDS)
    blank_form: LinkField | None = None
    sample: LinkField | None = None
    note: str | None = Field(default=None, json_schema_extra=WORDS)

    def __str__(self) -> str:
        return self.name


def _material(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


class Fee(Strict):
    """收费: whether the item is charged, and if so the standard and its basis."""

    charged: bool
    name: str | None = Field(default=None, json_schema_extra=WORDS)
    standard: str | None = Field(default=None, json_schema_extra=WORDS)
    basis: ListOf(CitationField) = []
    reduction: str | None = Field(default=None, json_schema_extra=WORDS)

    @model_validator(mode="after")
    def _charged_needs_standard(self) -> Fee:
        if self.charged and (not self.standard or not self.basis):
            raise ValueError(_("a charged item needs 'standard' and 'basis'"))
        return self


class FaqEntry(Strict):
    """常见问题."""

    question: Text = Field(json_schema_extra=WORDS)
    answer: Text = Field(json_schema_extra=WORDS)


class SpecialStage(Strict):
    """特殊环节: a hearing, testing, expert review or public notice, with its own limit.

    `counts_toward_limit: false` (the default, 行政许可法 第四十五条) means its time is added to the
    deadlines when it takes place; `after_step` says which step it follows (for the due-date chain).
    """

    name: Text = Field(json_schema_extra=WORDS)
    time_limit: TimeLimitField
    counts_toward_limit: bool = False
    after_step: Annotated[int, Field(ge=1)] | None = None
    basis: ListOf(CitationField) = []
    note: str | None = Field(default=None, json_schema_extra=WORDS)


class Procedure(Item):
    type: Literal["procedure"]
    statutory_limit: TimeLimitField
    committed_limit: TimeLimitField
    materials: Annotated[
        list[Annotated[Material, BeforeValidator(_material)]], BeforeValidator(_as_list), Field(json_schema_extra=WORDS)
    ] = []
    steps: Annotated[list[Step], Field(min_length=1, json_schema_extra=WORDS)]
    # service-item elements (see indexer/service_items.py for their standard names)
    public_service: bool = False
    item_type: ServiceType | None = None
    item_code: str | None = None
    setting_basis: ListOf(CitationField) = []
    implementing_body: str | None = Field(default=None, json_schema_extra=WORDS)
    service_objects: ListOf(Words) = Field(default=[], json_schema_extra=WORDS)
    acceptance_conditions: ListOf(Words) = Field(default=[], json_schema_extra=WORDS)
    handling_forms: ListOf(HandlingForm) = []
    visits: Literal[0, 1, 2] | None = None
    location: str | None = Field(default=None, json_schema_extra=WORDS)
    office_hours: str | None = Field(default=None, json_schema_extra=WORDS)
    consultation: ListOf(Words) = Field(default=[], json_schema_extra=WORDS)
    complaints: ListOf(Words) = Field(default=[], json_schema_extra=WORDS)
    fees: Fee | None = Field(default=None, json_schema_extra=WORDS)
    result: str | None = Field(default=None, json_schema_extra=WORDS)
    special_stages: list[SpecialStage] = Field(default=[], json_schema_extra=WORDS)
    faq: list[FaqEntry] = Field(default=[], json_schema_extra=WORDS)


# --- Powers and responsibilities (权责清单): what the organ may do, who answers for each stage, and the risks.

RISK_LEVELS = ("高", "中", "低")
RiskLevel = Annotated[str, _one_of(RISK_LEVELS, {"high": "高", "medium": "中", "low": "低"})]


class ResponsibilityStage(Strict):
    """责任事项 by stage (受理责任, 审查责任, 决定责任, 送达责任, 事后监管责任 …): which post answers for what."""

    stage: Text = Field(json_schema_extra=WORDS)
    post: Id
    duty: Text = Field(json_schema_extra=WORDS)
    time_limit: TimeLimitField | None = None
    basis: ListOf(CitationField) = []


class AccountabilityCase(Strict):
    """追责情形: when a cadre is held to account, and on what basis."""

    case: Text = Field(json_schema_extra=WORDS)
    basis: ListOf(CitationField) = []


class IntegrityRisk(Strict):
    """廉政风险点: a risk point, its level and the measures that control it."""

    risk: Text = Field(json_schema_extra=WORDS)
    level: RiskLevel
    controls: Annotated[list[Words], BeforeValidator(_as_list), Field(min_length=1, json_schema_extra=WORDS)]
    stage: str | None = Field(default=None, json_schema_extra=WORDS)
    post: Id | None = None


class Power(Item):
    """职权: one power of the organ with its responsibility stages; `basis` is its 实施依据."""

    type: Literal["power"]
    power_type: ServiceType
    code: str | None = None
    department: Id
    implementing_body: str | None = Field(default=None, json_schema_extra=WORDS)
    procedure: Id | None = None
    stages: Annotated[list[ResponsibilityStage], Field(min_length=1, json_schema_extra=WORDS)]
    accountability: list[AccountabilityCase] = Field(default=[], json_schema_extra=WORDS)
    risks: list[IntegrityRisk] = Field(default=[], json_schema_extra=WORDS)


class Post(Item):
    type: Literal["post"]
    department: Id
    reports_to: Id | None = None
    backup: Id | None = None
    duties: list[PostDuty] = Field(default=[], json_schema_extra=WORDS)


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


AnyItem = Annotated[System | Procedure | Post | Department | Term | Law | Document | Power, Field(discriminator="type")]
ITEM_TYPES: dict[str, type[Item]] = {
    "system": System,
    "procedure": Procedure,
    "post": Post,
    "department": Department,
    "term": Term,
    "law": Law,
    "document": Document,
    "power": Power,
}
# Labels, folders, icons, order and search weight of each type: indexer/itemtypes.py (type_label re-exported here).


ALL_POSTS = "all"

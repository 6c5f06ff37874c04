"""Two versions of an item compared fact by fact, and their texts word by word.

A cadre wants "承诺时限 20个工作日 → 15个工作日", not a diff of YAML lines: each front-matter
fact is compared through the typed model (so a re-indented list is no change) and named in words,
posts and items by their titles. Bodies and summaries are compared as words, Chinese segmented by
jieba (the same segmenter as search), so a changed phrase shows as that phrase, not character soup.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .i18n import _
from .model import Item, Post, Procedure, System

TitleOf = Callable[[str], str]


@dataclass(frozen=True)
class FactChange:
    """One changed fact. `key` is stable for programs ("committed_limit", "steps[3].post", "basis");
    `label` names it for people ("Step 3 responsible post")."""

    key: str
    kind: str  # "changed" | "added" | "removed"
    label: str
    old: str | None = None
    new: str | None = None

    @property
    def text(self) -> str:
        if self.kind == "added":
            return _("New {what}: {value}").format(what=self.label, value=self.new)
        if self.kind == "removed":
            return _("Removed {what}: {value}").format(what=self.label, value=self.old)
        return f"{self.label} {self.old or '—'} → {self.new or '—'}"

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind, "label": self.label, "old": self.old, "new": self.new, "text": self.text}


Segment = tuple[str, str]
"""(op, text): op is ' ' (kept), '-' (removed) or '+' (added)."""


@dataclass(frozen=True)
class TextChange:
    """A changed text (body or summary) as hunks of word-level segments, unchanged paragraphs left out."""

    key: str
    label: str
    hunks: list[list[Segment]]

    def plain(self) -> str:
        """git's word-diff notation: [-removed-]{+added+}, one hunk per paragraph."""
        marks = {" ": ("", ""), "-": ("[-", "-]"), "+": ("{+", "+}")}
        return "\n".join("".join(marks[op][0] + t + marks[op][1] for op, t in hunk) for hunk in self.hunks)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "hunks": [[list(s) for s in h] for h in self.hunks], "text": self.plain()}


@dataclass
class Comparison:
    facts: list[FactChange] = field(default_factory=list)
    texts: list[TextChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.facts or self.texts)

    def lines(self) -> list[str]:
        return [f.text for f in self.facts] + [_("{what} changed").format(what=t.label) for t in self.texts]

    def to_json(self) -> dict[str, Any]:
        return {"facts": [f.to_json() for f in self.facts], "texts": [t.to_json() for t in self.texts]}


# -- words --------------------------------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Text as words: Chinese by jieba (precise mode, no HMM guesses, so the same text always splits the same),
    English words, spaces and punctuation as their own tokens."""
    from .search.analysis import _segmenter

    return list(_segmenter().cut(text, HMM=False))


def word_diff(old: str, new: str) -> list[Segment]:
    a, b = words(old), words(new)
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append((" ", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(b[j1:j2])))
    return _merge(out)


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for op, text in segments:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def text_diff(old: str, new: str) -> list[list[Segment]]:
    """Paragraph by paragraph: unchanged paragraphs are skipped, changed ones diffed by word."""
    a = [p for p in (old or "").strip().split("\n") if p.strip()]
    b = [p for p in (new or "").strip().split("\n") if p.strip()]
    hunks: list[list[Segment]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace":
            hunks.append(word_diff("\n".join(a[i1:i2]), "\n".join(b[j1:j2])))
        elif op == "delete":
            hunks.append([("-", "\n".join(a[i1:i2]))])
        else:
            hunks.append([("+", "\n".join(b[j1:j2]))])
    return hunks


# -- facts --------------------------------------------------------------------------------------------------------


def _align(old: Sequence[Any], new: Sequence[Any], key: Callable[[Any], Any]) -> Iterator[tuple[int | None, int | None]]:
    """Pairs (old index, new index) of list entries: equal keys pair up, replaced runs pair in order, the rest
    are additions (None, j) or removals (i, None)."""
    matcher = difflib.SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("equal", "replace"):
            pairs = min(i2 - i1, j2 - j1)
            for k in range(pairs):
                yield i1 + k, j1 + k
            for i in range(i1 + pairs, i2):
                yield i, None
            for j in range(j1 + pairs, j2):
                yield None, j
        elif op == "delete":
            for i in range(i1, i2):
                yield i, None
        else:
            for j in range(j1, j2):
                yield None, j


def _show(value: Any) -> str | None:
    if value is None or value == "" or value == []:
        return None
    if hasattr(value, "raw"):  # a time limit: as the author wrote it
        return str(value.raw)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "label") and hasattr(value, "law"):  # a citation
        return str(value.label)
    if hasattr(value, "value") and isinstance(value.value, str):  # an enum
        return str(value.value)
    return str(value)


def _scalar(out: list[FactChange], key: str, label: str, old: Any, new: Any, show: Callable[[Any], str | None] = _show) -> None:
    a, b = show(old), show(new)
    if a != b:
        out.append(FactChange(key, "changed" if a and b else ("added" if b else "removed"), label, a, b))


def _members(out: list[FactChange], key: str, label: str, old: Sequence[Any], new: Sequence[Any], show=_show) -> None:
    a = [show(x) for x in old]
    b = [show(x) for x in new]
    for value in b:
        if value not in a:
            out.append(FactChange(key, "added", label, None, value))
    for value in a:
        if value not in b:
            out.append(FactChange(key, "removed", label, value, None))


def _compare_common(old: Item, new: Item, title_of: TitleOf, out: list[FactChange]) -> None:
    title = lambda v: title_of(v) if v else None  # noqa: E731
    _scalar(out, "title", _("Title"), old.title, new.title)
    _members(out, "aliases", _("other name"), old.aliases, new.aliases)
    _scalar(out, "status", _("Status"), old.status, new.status)
    _scalar(out, "superseded_by", _("Superseded by"), old.superseded_by, new.superseded_by, title)
    _scalar(out, "effective", _("Effective"), old.effective, new.effective)
    _scalar(out, "version", _("Version"), old.version, new.version)
    _scalar(out, "owner", _("Owner"), old.owner, new.owner, title)
    _scalar(out, "review_by", _("Review by"), old.review_by, new.review_by)
    _members(out, "basis", _("legal basis"), old.basis, new.basis)
    _members(out, "related", _("related item"), old.related, new.related, title)
    _members(out, "tags", _("tag"), old.tags, new.tags)
    if len(old.questions) != len(new.questions):
        _scalar(out, "questions", _("Self-check questions"), len(old.questions), len(new.questions))
    known = {(c.date, c.summary) for c in old.changes}
    for c in new.changes:
        if (c.date, c.summary) not in known:
            out.append(FactChange("changes", "added", _("change-log entry"), None, f"{c.date.isoformat()} {c.summary}"))


def _step_label(n: int) -> str:
    return _("Step {n}").format(n=n)


def _compare_procedure(old: Procedure, new: Procedure, title_of: TitleOf, out: list[FactChange]) -> None:
    _scalar(out, "statutory_limit", _("Statutory time limit"), old.statutory_limit, new.statutory_limit)
    _scalar(out, "committed_limit", _("Committed time limit"), old.committed_limit, new.committed_limit)
    _members(out, "materials", _("required material"), old.materials, new.materials)
    for i, j in _align(old.steps, new.steps, lambda s: s.name):
        if j is None:
            s = old.steps[i]
            out.append(FactChange(f"steps[{i + 1}]", "removed", _("step"), f"{_step_label(i + 1)} {s.name}", None))
        elif i is None:
            s = new.steps[j]
            out.append(FactChange(f"steps[{j + 1}]", "added", _("step"), None, f"{_step_label(j + 1)} {s.name}"))
        else:
            a, b = old.steps[i], new.steps[j]
            where = _step_label(j + 1)
            _scalar(out, f"steps[{j + 1}].name", f"{where} {_('name')}", a.name, b.name)
            _scalar(out, f"steps[{j + 1}].post", f"{where} {_('responsible post')}", a.post, b.post, title_of)
            _scalar(out, f"steps[{j + 1}].action", f"{where} {_('action')}", a.action, b.action)
            _scalar(out, f"steps[{j + 1}].time_limit", f"{where} {_('time limit')}", a.time_limit, b.time_limit)
            _scalar(out, f"steps[{j + 1}].output", f"{where} {_('output')}", a.output, b.output)


def _compare_duties(old: Sequence[Any], new: Sequence[Any], title_of: TitleOf, out: list[FactChange]) -> None:
    """Post duties and system duties; a system duty names its post, so it is shown with the post's title."""

    def who(d: Any) -> str:
        return f"{title_of(d.post)}: " if hasattr(d, "post") else ""

    for i, j in _align(old, new, lambda d: (getattr(d, "post", None), d.duty)):
        if j is None:
            out.append(FactChange("duties", "removed", _("duty"), who(old[i]) + old[i].duty, None))
        elif i is None:
            out.append(FactChange("duties", "added", _("duty"), None, who(new[j]) + new[j].duty))
        else:
            a, b = old[i], new[j]
            where = _("Duty {n}").format(n=j + 1) + (f" ({title_of(b.post)})" if hasattr(b, "post") else "")
            if getattr(a, "post", None) != getattr(b, "post", None):
                _scalar(out, f"duties[{j + 1}].post", f"{where} {_('post')}", a.post, b.post, title_of)
            _scalar(out, f"duties[{j + 1}].duty", where, a.duty, b.duty)
            _scalar(out, f"duties[{j + 1}].time_limit", f"{where} {_('time limit')}", a.time_limit, b.time_limit)


def compare_items(old: Item | None, new: Item | None, title_of: TitleOf) -> Comparison:
    """What changed from `old` to `new` (either may be None: the item was created or deleted)."""
    result = Comparison()
    if old is None and new is None:
        return result
    if old is None:
        result.facts.append(FactChange("item", "added", _("item"), None, new.title))  # type: ignore[union-attr]
        return result
    if new is None:
        result.facts.append(FactChange("item", "removed", _("item"), old.title, None))
        return result
    out = result.facts
    if old.type != new.type:
        _scalar(out, "type", _("Type"), old.type, new.type)
    _compare_common(old, new, title_of, out)
    if isinstance(old, Procedure) and isinstance(new, Procedure):
        _compare_procedure(old, new, title_of, out)
    elif isinstance(old, Post) and isinstance(new, Post):
        _scalar(out, "department", _("Department"), old.department, new.department, title_of)
        _scalar(out, "reports_to", _("Reports to"), old.reports_to, new.reports_to, lambda v: title_of(v) if v else None)
        _scalar(out, "backup", _("Backup post"), old.backup, new.backup, lambda v: title_of(v) if v else None)
        _compare_duties(old.duties, new.duties, title_of, out)
    elif isinstance(old, System) and isinstance(new, System):
        _members(
            out,
            "applies_to",
            _("applies to"),
            old.applies_to,
            new.applies_to,
            lambda v: _("every post") if v == "all" else title_of(v),
        )
        _compare_duties(old.duties, new.duties, title_of, out)
        for i, j in _align(old.indicators, new.indicators, lambda x: x.name):
            if j is None:
                out.append(FactChange("indicators", "removed", _("indicator"), old.indicators[i].name, None))
            elif i is None:
                out.append(FactChange("indicators", "added", _("indicator"), None, new.indicators[j].name))
            else:
                a, b = old.indicators[i], new.indicators[j]
                _scalar(out, "indicators.name", _("Indicator"), a.name, b.name)
                _scalar(out, "indicators.weight", _("Weight of {name}").format(name=b.name), f"{a.weight:g}%", f"{b.weight:g}%")
    for key, label, a, b in (("summary", _("Summary"), old.summary, new.summary), ("body", _("Text"), old.body, new.body)):
        hunks = text_diff(a or "", b or "")
        if hunks:
            result.texts.append(TextChange(key, label, hunks))
    return result

"""The organ's service-item list (实施清单) in and out: a workbook or JSON with the standard element names.

`export_tables` turns procedures into tables (one row per item; materials, steps, special stages and
FAQ on their own sheets); `write_xlsx` / `write_json` write them; `read_xlsx` reads a workbook (ours,
or an organ's own with the same headers) and `draft_files` turns its rows back into draft procedure
files. Export -> import -> export gives the same workbook: every exported cell is read back into the
field it came from. What the list has no column for (tags, self-check questions …) is not exported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

import yaml
from pydantic import ValidationError

from .errors import InputError
from .i18n import _
from .load import pydantic_message
from .model import Procedure
from .rulebook import Rulebook
from .service_items import (
    FAQ_ELEMENTS,
    HANDLING_FORM_LABELS,
    ITEM_ELEMENTS,
    MATERIAL_ELEMENTS,
    STAGE_ELEMENTS,
    STEP_ELEMENTS,
    Element,
)

BODY = Element("body", "办事指南正文", "Guide text (Markdown)")
SHEETS: dict[str, list[Element]] = {
    "事项": [*ITEM_ELEMENTS, BODY],
    "申请材料": MATERIAL_ELEMENTS,
    "办理流程": STEP_ELEMENTS,
    "特殊环节": STAGE_ELEMENTS,
    "常见问题": FAQ_ELEMENTS,
}
"""Sheet name -> its columns, in order. The headers are the elements' standard names."""

YES, NO = "是", "否"
_FORM_NAMES = {key: chinese for key, (_english, chinese) in HANDLING_FORM_LABELS.items()}
Row = dict[str, Any]


def _cites(citations: list) -> list[str]:
    return [c.label for c in citations]


def _item_row(p: Procedure) -> Row:
    fee = p.fees
    return {
        "id": p.id,
        "title": p.title,
        "item_code": p.item_code,
        "item_type": p.item_type,
        "setting_basis": _cites(p.setting_basis),
        "basis": _cites(p.basis),
        "implementing_body": p.implementing_body,
        "owner": p.owner,
        "service_objects": list(p.service_objects),
        "acceptance_conditions": list(p.acceptance_conditions),
        "handling_forms": [_FORM_NAMES[f] for f in p.handling_forms],
        "statutory_limit": p.statutory_limit.raw,
        "committed_limit": p.committed_limit.raw,
        "visits": p.visits,
        "location": p.location,
        "office_hours": p.office_hours,
        "consultation": list(p.consultation),
        "complaints": list(p.complaints),
        "fees": None if fee is None else (YES if fee.charged else NO),
        "fee_standard": fee.standard if fee else None,
        "fee_basis": _cites(fee.basis) if fee else [],
        "result": p.result,
        "summary": p.summary,
        "body": p.body.strip() or None,
    }


def export_tables(book: Rulebook) -> dict[str, list[Row]]:
    """Every procedure of the rulebook as rows keyed by element key, sheet by sheet."""
    tables: dict[str, list[Row]] = {name: [] for name in SHEETS}
    for p in book.procedures:
        tables["事项"].append(_item_row(p))
        for m in p.materials:
            tables["申请材料"].append(
                {
                    "item": p.id,
                    "name": m.name,
                    "need": m.need,
                    "form": list(m.form),
                    "copies": m.copies,
                    "source": m.source,
                    "blank_form": m.blank_form,
                    "sample": m.sample,
                    "note": m.note,
                }
            )
        for n, s in enumerate(p.steps, start=1):
            tables["办理流程"].append(
                {
                    "item": p.id,
                    "n": n,
                    "name": s.name,
                    "post": s.post,
                    "action": s.action,
                    "time_limit": s.time_limit.raw,
                    "output": s.output,
                }
            )
        for s in p.special_stages:
            tables["特殊环节"].append(
                {
                    "item": p.id,
                    "name": s.name,
                    "time_limit": s.time_limit.raw,
                    "counts_toward_limit": YES if s.counts_toward_limit else NO,
                    "after_step": s.after_step,
                    "basis": _cites(s.basis),
                    "note": s.note,
                }
            )
        for q in p.faq:
            tables["常见问题"].append({"item": p.id, "question": q.question, "answer": q.answer})
    return tables


def _cell(value: Any) -> Any:
    """Lists are one value a line in their cell, as organs' own workbooks write them."""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value) or None
    return value


def write_xlsx(tables: dict[str, list[Row]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for sheet, elements in SHEETS.items():
        ws = wb.create_sheet(sheet)
        ws.append([e.name for e in elements])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in tables[sheet]:
            ws.append([_cell(row.get(e.key)) for e in elements])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula: "=HYPERLINK(…)" in a rule must not run in Excel
        for column in ws.iter_cols(min_row=2):
            for cell in column:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
    wb.save(path)


def write_json(tables: dict[str, list[Row]], path: Path) -> None:
    """The same tables with the standard names as keys (lists stay lists), and the legend of the names."""
    data = {
        "format": "rulebook-service-items",
        "version": 1,
        "elements": {sheet: [{"key": e.key, "name": e.name, "label": e.label} for e in els] for sheet, els in SHEETS.items()},
        "sheets": {sheet: [{e.name: row.get(e.key) for e in SHEETS[sheet]} for row in rows] for sheet, rows in tables.items()},
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


class ListError(InputError):
    """A workbook that cannot be read as a service-item list; the message names the sheet and row."""


def read_xlsx(path: Path) -> dict[str, list[tuple[int, Row]]]:
    """Rows by sheet, keyed by element key, with their row number. Columns are found by their standard name
    (or our key or English label), in any order; unknown columns are ignored; missing sheets are empty."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ListError(_("{path}: not a readable .xlsx workbook ({error})").format(path=path, error=exc)) from exc
    tables: dict[str, list[tuple[int, Row]]] = {name: [] for name in SHEETS}
    try:
        for sheet, elements in SHEETS.items():
            if sheet not in wb.sheetnames:
                continue
            names = {alias: e.key for e in elements for alias in (e.name, e.key, e.label)}
            rows = wb[sheet].iter_rows(values_only=True)
            header = next(rows, None) or ()
            keys = [names.get(str(h).strip()) if h is not None else None for h in header]
            if "事项" == sheet and "id" not in keys:
                raise ListError(_("{path}: sheet 事项 has no 实施编码 column").format(path=path))
            for n, values in enumerate(rows, start=2):
                row = {k: v for k, v in zip(keys, values, strict=False) if k is not None and v not in (None, "")}
                if row:
                    tables[sheet].append((n, row))
    finally:
        wb.close()
    return tables


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [line.strip() for line in str(value).splitlines() if line.strip()]


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def _yes(value: Any) -> bool | None:
    text = _text(value)
    if text is None:
        return None
    return text in (YES, "yes", "true", "True", "1", "Y", "y")


def _whole(value: Any) -> Any:
    """Excel gives numbers as floats (1.0 copies is 1); organs write "1次" or "2份" as text."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        m = re.match(r"^\s*(\d+)\s*[次份个]?\s*$", value)
        if m:
            return int(m.group(1))
    return value


@dataclass
class Draft:
    id: str
    meta: dict[str, Any]
    body: str
    row: int

    def text(self) -> str:
        front = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=False, width=1000)
        return f"---\n{front}---\n{self.body.strip() or self.meta['title']}\n"


@dataclass
class ImportResult:
    drafts: list[Draft] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def drafts_from(tables: dict[str, list[tuple[int, Row]]], source: str = "workbook") -> ImportResult:
    """Each row of 事项, with its materials, steps, stages and FAQ, as a draft procedure validated by the model."""
    result = ImportResult()
    by_item: dict[str, dict[str, list[Row]]] = {}
    for sheet in ("申请材料", "办理流程", "特殊环节", "常见问题"):
        for n, row in tables[sheet]:
            item = _text(row.get("item"))
            if item is None:
                result.errors.append(
                    _("{path}: sheet {sheet} row {row}: no 实施编码 says which item the row belongs to").format(
                        path=source, sheet=sheet, row=n
                    )
                )
                continue
            by_item.setdefault(item, {}).setdefault(sheet, []).append(row)
    for n, row in tables["事项"]:
        item_id = _text(row.get("id")) or ""
        parts = by_item.get(item_id, {})
        meta = _meta(row, parts)
        try:
            Procedure.model_validate(meta)
        except ValidationError as exc:
            for error in exc.errors():
                result.errors.append(
                    _("{path}: sheet {sheet} row {row} ({id}): {problem}").format(
                        path=source, sheet="事项", row=n, id=item_id or "?", problem=pydantic_message(error, Procedure)
                    )
                )
            continue
        result.drafts.append(Draft(item_id, meta, _text(row.get("body")) or "", n))
    known = {d.id for d in result.drafts} | {_text(r.get("id")) for _n, r in tables["事项"]}
    for item in sorted(set(by_item) - known):
        result.errors.append(
            _("{path}: rows for item '{id}' on other sheets, but no such row in sheet 事项").format(path=source, id=item)
        )
    return result


def _meta(row: Row, parts: dict[str, list[Row]]) -> dict[str, Any]:
    """Front matter in the order an author would write it; empty elements left out."""
    forms = {chinese: key for key, chinese in _FORM_NAMES.items()}
    meta: dict[str, Any] = {
        "id": _text(row.get("id")),
        "type": "procedure",
        "title": _text(row.get("title")),
        "status": "draft",
        "summary": _text(row.get("summary")),
        "owner": _text(row.get("owner")),
        "item_type": _text(row.get("item_type")),
        "item_code": _text(row.get("item_code")),
        "setting_basis": _lines(row.get("setting_basis")),
        "basis": _lines(row.get("basis")),
        "implementing_body": _text(row.get("implementing_body")),
        "service_objects": _lines(row.get("service_objects")),
        "acceptance_conditions": _lines(row.get("acceptance_conditions")),
        "handling_forms": [forms.get(f, f) for f in _lines(row.get("handling_forms"))],
        "statutory_limit": _text(row.get("statutory_limit")),
        "committed_limit": _text(row.get("committed_limit")),
        "visits": _whole(row.get("visits")),
        "location": _text(row.get("location")),
        "office_hours": _text(row.get("office_hours")),
        "consultation": _lines(row.get("consultation")),
        "complaints": _lines(row.get("complaints")),
        "result": _text(row.get("result")),
    }
    charged = _yes(row.get("fees"))
    if charged is not None:
        meta["fees"] = {
            "charged": charged,
            "standard": _text(row.get("fee_standard")),
            "basis": _lines(row.get("fee_basis")),
        }
    meta["materials"] = [
        {
            "name": _text(m.get("name")),
            "need": _text(m.get("need")),
            "form": _lines(m.get("form")),
            "copies": _whole(m.get("copies")),
            "source": _text(m.get("source")),
            "blank_form": _text(m.get("blank_form")),
            "sample": _text(m.get("sample")),
            "note": _text(m.get("note")),
        }
        for m in parts.get("申请材料", [])
    ]
    steps = sorted(parts.get("办理流程", []), key=lambda s: _whole(s.get("n")) or 0)
    meta["steps"] = [
        {
            "name": _text(s.get("name")),
            "post": _text(s.get("post")),
            "action": _text(s.get("action")),
            "time_limit": _text(s.get("time_limit")),
            "output": _text(s.get("output")),
        }
        for s in steps
    ]
    meta["special_stages"] = [
        {
            "name": _text(s.get("name")),
            "time_limit": _text(s.get("time_limit")),
            "counts_toward_limit": bool(_yes(s.get("counts_toward_limit"))),
            "after_step": _whole(s.get("after_step")),
            "basis": _lines(s.get("basis")),
            "note": _text(s.get("note")),
        }
        for s in parts.get("特殊环节", [])
    ]
    meta["faq"] = [{"question": _text(q.get("question")), "answer": _text(q.get("answer"))} for q in parts.get("常见问题", [])]
    return _prune(meta)


def _prune(value: Any) -> Any:
    """Leave out empty elements, and a material that is only a name becomes a plain string again."""
    if isinstance(value, dict):
        kept = {k: _prune(v) for k, v in value.items() if v not in (None, [], "")}
        kept = {k: v for k, v in kept.items() if v not in (None, [], "", {})}
        if set(kept) == {"name"} and "name" in value and "need" in value:
            return kept["name"]
        return kept
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def write_drafts(result: ImportResult, folder: Path, overwrite: bool = False) -> tuple[list[Path], list[Path]]:
    """Write each draft as `<id>.md`; an existing file is kept (and listed) unless `overwrite`."""
    folder.mkdir(parents=True, exist_ok=True)
    written, kept = [], []
    for draft in result.drafts:
        target = folder / f"{draft.id}.md"
        if target.exists() and not overwrite:
            kept.append(target)
            continue
        target.write_text(draft.text(), encoding="utf-8")
        written.append(target)
    return written, kept

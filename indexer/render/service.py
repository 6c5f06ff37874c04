"""A procedure as a published service item: the service guide (办事指南), materials, fees, FAQ, special stages,
and the due-date calculator that works on the static site with the calendar embedded in the page."""

from __future__ import annotations

import html
import json

from ..due import Schedule
from ..i18n import _, with_standard_term
from ..model import Material, Procedure
from ..service_items import ELEMENTS, handling_form_label, visits_label
from .context import RenderContext
from .markdown import button_class, cell, heading, table, text
from .paths import relative, shared


def _row(key: str, value: str) -> tuple[str, str]:
    return (ELEMENTS[key].shown, value)


def _lines(values: list[str]) -> str:
    return "<br>".join(text(v) for v in values)


def service_sections(ctx: RenderContext, item: Procedure, page: str) -> str:
    return "\n".join(part for part in (service_guide(ctx, item, page), materials(item, page), faq(item)) if part)


def service_guide(ctx: RenderContext, item: Procedure, page: str) -> str:
    """The elements a service guide publishes, in the national schema's order; only those the item gives."""
    rows: list[tuple[str, str]] = []
    if item.item_type:
        rows.append(_row("item_type", text(item.item_type)))
    if item.item_code:
        rows.append(_row("item_code", text(item.item_code)))
    if item.setting_basis:
        rows.append(_row("setting_basis", "<br>".join(ctx.cite(c, page) for c in item.setting_basis)))
    if item.setting_basis and item.basis:
        rows.append(_row("basis", "<br>".join(ctx.cite(c, page) for c in item.basis)))
    if item.implementing_body:
        rows.append(_row("implementing_body", text(item.implementing_body)))
    if item.service_objects:
        rows.append(_row("service_objects", text("、".join(item.service_objects))))
    if item.acceptance_conditions:
        rows.append(_row("acceptance_conditions", _lines(item.acceptance_conditions)))
    if item.handling_forms:
        rows.append(_row("handling_forms", text(", ".join(handling_form_label(f) for f in item.handling_forms))))
    if item.visits is not None:
        rows.append(_row("visits", text(visits_label(item.visits))))
    if item.location:
        rows.append(_row("location", text(item.location)))
    if item.office_hours:
        rows.append(_row("office_hours", text(item.office_hours)))
    if item.consultation:
        rows.append(_row("consultation", _lines(item.consultation)))
    if item.complaints:
        rows.append(_row("complaints", _lines(item.complaints)))
    if item.fees is not None:
        fee = item.fees
        rows.append(
            _row(
                "fees",
                text(with_standard_term(_("Yes"), "是") if fee.charged else with_standard_term(_("No, free of charge"), "否")),
            )
        )
        if fee.standard:
            rows.append(_row("fee_standard", text(fee.standard)))
        if fee.basis:
            rows.append(_row("fee_basis", "<br>".join(ctx.cite(c, page) for c in fee.basis)))
        if fee.reduction:
            rows.append((f"{_('Reduction')} (减免)", text(fee.reduction)))
    if item.result:
        rows.append(_row("result", text(item.result)))
    if not rows:
        return ""
    badge = with_standard_term(_("Public service item"), "政务服务事项") if item.public_service else _("Service details")
    return heading(2, _("Service guide"), "service-guide") + f"\n_{text(badge)}_\n\n" + table([_("Element"), ""], rows) + "\n"


def _link(value: str, label: str, page: str) -> str:
    """A form's link: forms are hand-written pages of the root docs tree, which a translated tree links up to."""
    href = value if value.startswith(("http://", "https://")) else relative(page, shared(value))
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(label)}</a>'


def materials(item: Procedure, page: str) -> str:
    if not item.materials:
        return ""
    detailed = any(m.model_fields_set - {"name"} for m in item.materials)
    title = f"## {_('Materials required')}\n\n"
    if not detailed:  # plain names: a numbered list, as before
        return title + "\n".join(f"1. {text(m.name)}" for m in item.materials) + "\n"
    rows = [_material_row(n, m, page) for n, m in enumerate(item.materials, start=1)]
    headers = ["#", _("Material"), _("Required"), _("Form"), _("Copies"), _("Source"), _("Forms")]
    return title + table(headers, rows) + "\n"


def _material_row(n: int, m: Material, page: str) -> tuple[str, ...]:
    links = []
    if m.blank_form:
        links.append(_link(m.blank_form, _("Blank form"), page))
    if m.sample:
        links.append(_link(m.sample, _("Sample"), page))
    name = text(m.name) + (f"<br><small>{text(m.note)}</small>" if m.note else "")
    return (str(n), name, cell(m.need), cell("、".join(m.form)), cell(m.copies), cell(m.source), " · ".join(links) or "—")


def faq(item: Procedure) -> str:
    if not item.faq:
        return ""
    parts = [heading(2, with_standard_term(_("Frequently asked questions"), "常见问题"), "faq")]
    for entry in item.faq:
        parts.append(f"**{text(entry.question)}**\n\n{text(entry.answer)}\n")
    return "\n".join(parts)


def special_stages(ctx: RenderContext, item: Procedure, page: str) -> str:
    if not item.special_stages:
        return ""
    rows = [
        (
            text(s.name),
            text(s.time_limit.raw),
            text(_("Yes")) if s.counts_toward_limit else f"**{text(_('No'))}**",
            str(s.after_step) if s.after_step else "—",
            "<br>".join(ctx.cite(c, page) for c in s.basis) or "—",
            cell(s.note),
        )
        for s in item.special_stages
    ]
    headers = [
        _("Special stage"),
        _("Time limit"),
        _("Counts toward the statutory limit"),
        _("After step"),
        _("Basis"),
        _("Note"),
    ]
    return heading(2, with_standard_term(_("Special stages"), "特殊环节"), "special-stages") + "\n" + table(headers, rows) + "\n"


def _json_for_script(data: object) -> str:
    """JSON that cannot end its <script> element or open a comment: <, > and & as \\u escapes."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def due_calculator(ctx: RenderContext, item: Procedure, page: str) -> str:
    """A form and a table whose date cells docs/assets/due.js fills in; the calendar travels in the page, so it
    works from file:// with no server. Labels are rendered here (through `_()`); the script only writes dates."""
    e = html.escape
    data = {"calendar": ctx.book.calendar.to_json(), "schedule": Schedule.of(item).to_json()}
    rows = []
    for n, step in enumerate(item.steps, start=1):
        rows.append(
            f'<tr data-step="{n}"><td>{n}</td><td>{e(step.name)}</td><td>{e(step.time_limit.raw)}</td>'
            '<td class="rb-due__date"></td></tr>'
        )
    for n, stage in enumerate(item.special_stages):
        note = _("counts toward the statutory limit") if stage.counts_toward_limit else _("not counted in the statutory limit")
        rows.append(
            f'<tr data-stage="{n}" class="rb-due__stage"><td>—</td><td>{e(stage.name)} <small>({e(_("special stage"))}, '
            f"{e(note)})</small></td><td>{e(stage.time_limit.raw)}</td>"
            '<td class="rb-due__date"></td></tr>'
        )
    deadlines = [
        ("committed", _("Committed deadline"), item.committed_limit.raw),
        ("statutory", _("Statutory deadline"), item.statutory_limit.raw),
    ]
    if any(not s.counts_toward_limit for s in item.special_stages):
        deadlines += [
            ("committed_with_stages", _("Committed deadline if the special stages take place"), ""),
            ("statutory_with_stages", _("Statutory deadline if the special stages take place"), ""),
        ]
    for key, label, limit in deadlines:
        rows.append(
            f'<tr data-deadline="{key}" class="rb-due__deadline"><td></td><th scope="row">{e(label)}</th>'
            f'<td>{e(limit)}</td><td class="rb-due__date"></td></tr>'
        )
    messages = {
        "invalid": _("Enter the date of acceptance as YYYY-MM-DD."),
        "outside": _(
            "{year} is not in the working-day calendar (it covers {first} to {last}): "
            "add the State Council's holiday arrangement for {year} to rules/calendar.yml"
        ),
    }
    attrs = " ".join(f'data-msg-{k}="{e(v, quote=True)}"' for k, v in messages.items())
    form = (
        f'<div class="rb-due" {attrs}>\n'
        f'<script type="application/json" class="rb-due__data">{_json_for_script(data)}</script>\n'
        f'<form class="rb-due__form"><label>{e(_("Date of acceptance"))} (受理日期) '
        f'<input type="date" name="accepted" required></label> <button type="submit" class="{button_class()}">{e(_("Compute due dates"))}</button></form>\n'
        '<p class="rb-due__error" role="alert" hidden></p>\n'
        f'<table class="rb-due__table" hidden><thead><tr><th>#</th><th>{e(_("Step"))}</th><th>{e(_("Time limit"))}</th>'
        f"<th>{e(_('Due'))}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>\n"
        f'<p class="rb-due__note"><small>{e(_("The day of acceptance is not counted; working days skip statutory holidays and count make-up working days; a natural-day limit ending on a rest day moves to the next working day."))}</small></p>\n'
        "</div>"
    )
    intro = _(
        "Pick the date the application was accepted: the calculator counts on China's working-day calendar (holidays and make-up working days)."
    )
    return heading(2, _("Due dates"), "due-dates") + f"\n{text(intro)}\n" + ctx.fragments.add(form)

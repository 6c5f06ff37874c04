"""Power pages (职权, 权责清单): responsibility stages by post, accountability cases and integrity risk points."""

from __future__ import annotations

from ..i18n import _, with_standard_term
from ..model import Power
from ..obligations import PowerObligations
from .context import RenderContext
from .markdown import cell, heading, link, table, text


def _cites(ctx: RenderContext, citations: list, page: str) -> str:
    return "<br>".join(ctx.cite(c, page) for c in citations) or "—"


def power_sections(ctx: RenderContext, item: Power, page: str) -> str:
    facts = [
        (f"{_('Power type')} (职权类型)", text(item.power_type)),
        (f"{_('Handling unit')} (承办机构)", ctx.item_link(page, item.department)),
    ]
    if item.code:
        facts.append((f"{_('Power code')} (职权编码)", text(item.code)))
    if item.implementing_body:
        facts.append((f"{_('Implementing body')} (实施主体)", text(item.implementing_body)))
    if item.procedure:
        facts.append((f"{_('Procedure')} (办理流程)", ctx.item_link(page, item.procedure)))
    parts = [table([_("Element"), ""], facts) + "\n"]
    rows = [
        (text(s.stage), ctx.item_link(page, s.post), text(s.duty), cell(s.time_limit), _cites(ctx, s.basis, page))
        for s in item.stages
    ]
    parts.append(
        heading(2, f"{_('Responsibility stages')} (责任事项)", "stages")
        + "\n"
        + table([_("Stage"), _("Post"), _("Duty"), _("Time limit"), _("Basis")], rows)
        + "\n"
    )
    if item.accountability:
        rows = [(text(a.case), _cites(ctx, a.basis, page)) for a in item.accountability]
        parts.append(
            heading(2, f"{_('Accountability')} (追责情形)", "accountability") + "\n" + table([_("Case"), _("Basis")], rows) + "\n"
        )
    if item.risks:
        parts.append(
            heading(2, f"{_('Integrity risk points')} (廉政风险点)", "risks") + "\n" + risks_table(ctx, item, page) + "\n"
        )
    return "\n".join(parts)


def risks_table(ctx: RenderContext, item: Power, page: str, risks: list | None = None) -> str:
    rows = [
        (
            text(r.risk),
            text(r.level),
            cell(r.stage),
            ctx.item_link(page, r.post) if r.post else "—",
            "<br>".join(text(c) for c in r.controls),
        )
        for r in (item.risks if risks is None else risks)
    ]
    return table([_("Risk point"), _("Level"), _("Stage"), _("Post"), _("Controls")], rows)


def powers_of_department(ctx: RenderContext, department_id: str, page: str) -> str:
    powers = [p for p in ctx.book.powers if p.department == department_id]
    if not powers:
        return ""
    rows = [
        (link(page, p), text(p.power_type), text(", ".join(dict.fromkeys(s.stage for s in p.stages))), str(len(p.risks)))
        for p in powers
    ]
    return (
        f"## {with_standard_term(_('Powers and responsibilities'), '权责清单')}\n\n"
        + table([_("Power"), _("Type"), _("Stages"), _("Risk points")], rows)
        + "\n"
    )


def powers_for_post(ctx: RenderContext, powers: list[PowerObligations], page: str) -> str:
    """On the post page: the stages of each power this post answers for, then the risk points it must control."""
    if not powers:
        return ""
    rows = [
        (ctx.item_link(page, p.power.id), text(o.step_name or ""), text(o.text), cell(o.time_limit))
        for p in powers
        for o in p.stages
    ]
    parts = [
        f"### {with_standard_term(_('Responsibilities in the powers list'), '权责清单')}\n\n"
        + table([_("Power"), _("Stage"), _("Duty"), _("Time limit")], rows)
        + "\n"
    ]
    risky = [p for p in powers if p.risks]
    if risky:
        rows = [
            (ctx.item_link(page, p.power.id), text(r.risk), text(r.level), "<br>".join(text(c) for c in r.controls))
            for p in risky
            for r in p.risks
        ]
        parts.append(
            f"### {_('Integrity risk points to control')} (廉政风险点)\n\n"
            + table([_("Power"), _("Risk point"), _("Level"), _("Controls")], rows)
            + "\n"
        )
    return "\n".join(parts)


def powers_index(ctx: RenderContext, items: list[Power], page: str) -> str:
    """The organ's powers list, by department."""
    parts = []
    for dept in sorted({p.department for p in items}, key=lambda d: ctx.book.title(d).casefold()):
        parts.append(f"## {ctx.item_link(page, dept)}\n")
        rows = [
            (
                link(page, p),
                text(" · ".join(p.aliases)) or "—",
                text(p.power_type),
                text(", ".join(dict.fromkeys(ctx.book.title(s.post) for s in p.stages))),
            )
            for p in items
            if p.department == dept
        ]
        parts.append(table([_("Power"), _("Chinese name"), _("Type"), _("Posts")], rows) + "\n")
    return "\n".join(parts)

"""Procedure sections: the time-limit summary, the steps table and a swimlane flowchart by post."""

from __future__ import annotations

from ..i18n import _, format_days, format_limit
from ..model import Procedure
from ..templating import render
from ..views.flowchart import flowchart_of
from .context import RenderContext
from .markdown import admonition, cell, table, text


def procedure_sections(ctx: RenderContext, item: Procedure, page: str) -> str:
    from .service import due_calculator, service_sections, special_stages

    return "\n".join(
        part
        for part in (
            limits_summary(item),
            steps_table(ctx, item, page),
            special_stages(ctx, item, page),
            flowchart(ctx, item),
            due_calculator(ctx, item, page),
            service_sections(ctx, item, page),
        )
        if part
    )


def steps_total(item: Procedure) -> float:
    return sum(step.time_limit.working_days for step in item.steps)


def limits_summary(item: Procedure) -> str:
    total = steps_total(item)
    statutory, committed = item.statutory_limit, item.committed_limit
    margin = committed.working_days - total
    return admonition(
        "info",
        _("Time limits"),
        f"\n| {_('Statutory')} | {_('Committed')} | {_('Sum of steps')} |\n"
        f"|---|---|---|\n"
        f"| {text(format_limit(statutory))} | **{text(format_limit(committed))}** "
        f"| {_('{total} ({margin} in hand)').format(total=format_days(total), margin=f'{margin:g}')} |",
        blank_line=False,
    )


def steps_table(ctx: RenderContext, item: Procedure, page: str) -> str:
    rows = [
        (
            str(n),
            text(step.name),
            ctx.item_link(page, step.post),
            text(step.action),
            text(format_limit(step.time_limit)),
            cell(step.output),
        )
        for n, step in enumerate(item.steps, start=1)
    ]
    headers = ["#", _("Step"), _("Post"), _("Action"), _("Time limit"), _("Output")]
    return f"## {_('Steps')}\n\n" + '<div class="rb-steps" markdown>\n\n' + table(headers, rows) + "\n\n</div>\n"


def flowchart(ctx: RenderContext, item: Procedure) -> str:
    """Steps as nodes, each inside the swimlane (subgraph) of its post, joined in order."""
    source = render("flowchart.mmd.j2", chart=flowchart_of(ctx.book, item))
    return f"## {_('Flowchart')}\n\n``` mermaid\n{source}```\n"

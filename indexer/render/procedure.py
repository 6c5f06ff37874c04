"""Procedure sections: the time-limit summary, the steps table and a swimlane flowchart by post."""

from __future__ import annotations

import re

from ..model import Procedure
from .context import RenderContext
from .markdown import cell, table, text


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
    return (
        '!!! info "Time limits"\n\n'
        f"    | Statutory | Committed | Sum of steps |\n"
        f"    |---|---|---|\n"
        f"    | {text(statutory.raw)} ({statutory.normalized}) | **{text(committed.raw)}** ({committed.normalized}) "
        f"| {total:g} working days ({margin:g} in hand) |\n"
    )


def steps_table(ctx: RenderContext, item: Procedure, page: str) -> str:
    rows = [
        (str(n), text(step.name), ctx.item_link(page, step.post), text(step.action), text(step.time_limit.raw), cell(step.output))
        for n, step in enumerate(item.steps, start=1)
    ]
    return "## Steps\n\n" + table(["#", "Step", "Post", "Action", "Time limit", "Output"], rows) + "\n"


def _label(value: str) -> str:
    """Mermaid labels in double quotes: quotes and brackets become entities so no title can break the chart."""
    value = re.sub(r"\s+", " ", value)
    return value.replace("&", "&amp;").replace('"', "#quot;").replace("<", "&lt;").replace(">", "&gt;")


def flowchart(ctx: RenderContext, item: Procedure) -> str:
    """Steps as nodes, each inside the swimlane (subgraph) of its post, joined in order."""
    lanes: dict[str, list[int]] = {}
    for n, step in enumerate(item.steps, start=1):
        lanes.setdefault(step.post, []).append(n)
    lines = ["``` mermaid", "flowchart TD"]
    for lane_no, (post_id, numbers) in enumerate(lanes.items()):
        lines.append(f'  subgraph lane{lane_no}["{_label(ctx.book.title(post_id))}"]')
        for n in numbers:
            step = item.steps[n - 1]
            lines.append(f'    s{n}["{n}. {_label(step.name)}<br/>{_label(step.time_limit.raw)}"]')
        lines.append("  end")
    if len(item.steps) > 1:
        lines.append("  " + " --> ".join(f"s{n}" for n in range(1, len(item.steps) + 1)))
    lines.append("```")
    return "## Flowchart\n\n" + "\n".join(lines) + "\n"

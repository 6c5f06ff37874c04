"""The "Obligations of this post" section: the answer to "what must I do, by when, and on what basis?"."""

from __future__ import annotations

from ..obligations import PostObligations
from .context import RenderContext
from .markdown import cell, table, text


def obligations_section(ctx: RenderContext, ob: PostObligations, page: str) -> str:
    post = ob.post
    parts = ["## Obligations of this post {#obligations}\n"]
    facts = []
    if ob.department:
        facts.append(f"- **Department:** {ctx.item_link(page, ob.department.id)}")
    if ob.reporting_line:
        chain = " → ".join(ctx.item_link(page, p.id) for p in ob.reporting_line)
        facts.append(f"- **Reports to:** {chain}")
    if ob.direct_reports:
        facts.append("- **Direct reports:** " + ", ".join(ctx.item_link(page, p.id) for p in ob.direct_reports))
    if ob.backup:
        facts.append(f"- **Backup post (AB岗):** {ctx.item_link(page, ob.backup.id)} stands in when this post is absent")
    if ob.backs_up:
        facts.append("- **Stands in for:** " + ", ".join(ctx.item_link(page, p.id) for p in ob.backs_up))
    parts.append("\n".join(facts) + "\n")

    if ob.duties:
        rows = [(text(d.text), cell(d.time_limit)) for d in ob.duties]
        parts.append("### Duties of the post\n\n" + table(["Duty", "Time limit"], rows) + "\n")

    if ob.procedures:
        rows = []
        for proc in ob.procedures:
            for step in proc.steps:
                rows.append(
                    (
                        ctx.item_link(page, proc.procedure.id),
                        f"{step.step}. {text(step.step_name or '')}",
                        text(step.text),
                        cell(step.time_limit),
                        cell(step.output),
                    )
                )
        parts.append(
            "### Procedure steps assigned to this post\n\n"
            + table(["Procedure", "Step", "Action", "Time limit", "Output"], rows)
            + "\n"
        )

    if ob.powers:
        from .power import powers_for_post

        parts.append(powers_for_post(ctx, ob.powers, page))

    specific = [s for s in ob.systems if s.specific]
    general = [s for s in ob.systems if not s.specific]
    if specific:
        lines = ["### Systems that name this post\n"]
        for s in specific:
            lines.append(f"- {ctx.item_link(page, s.system.id)}" + (f" — {text(s.system.summary)}" if s.system.summary else ""))
            for d in s.duties:
                limit = f" (**{text(d.time_limit.raw)}**)" if d.time_limit else ""
                lines.append(f"    - {text(d.text)}{limit}")
        parts.append("\n".join(lines) + "\n")
    if general:
        parts.append(
            "### Systems that apply to every post\n\n"
            + "\n".join(f"- {ctx.item_link(page, s.system.id)}" for s in general)
            + "\n"
        )
    if not (ob.duties or ob.procedures or ob.systems or ob.powers):
        parts.append(f"No duties, procedure steps or systems name {text(post.title)} yet.\n")
    return "\n".join(parts)

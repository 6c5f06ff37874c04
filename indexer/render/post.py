"""The "Obligations of this post" section: the answer to "what must I do, by when, and on what basis?"."""

from __future__ import annotations

from ..i18n import _, format_limit, join_list, ordinal_step
from ..obligations import PostObligations
from .context import RenderContext
from .markdown import cell, table, text


def obligations_heading() -> str:
    """The section heading, also where the training pages put their pointer to the onboarding path."""
    return f"## {_('Obligations of this post')} {{#obligations}}\n"


def obligations_section(ctx: RenderContext, ob: PostObligations, page: str) -> str:
    post = ob.post
    parts = [obligations_heading()]
    facts = []
    if ob.department:
        facts.append(f"- **{_('Department:')}** {ctx.item_link(page, ob.department.id)}")
    if ob.reporting_line:
        chain = " → ".join(ctx.item_link(page, p.id) for p in ob.reporting_line)
        facts.append(f"- **{_('Reports to:')}** {chain}")
    if ob.direct_reports:
        facts.append(f"- **{_('Direct reports:')}** " + join_list([ctx.item_link(page, p.id) for p in ob.direct_reports]))
    if ob.backup:
        facts.append(
            f"- **{_('Backup post (AB岗):')}** "
            + _("{post} stands in when this post is absent").format(post=ctx.item_link(page, ob.backup.id))
        )
    if ob.backs_up:
        facts.append(f"- **{_('Stands in for:')}** " + join_list([ctx.item_link(page, p.id) for p in ob.backs_up]))
    parts.append("\n".join(facts) + "\n")

    if ob.duties:
        rows = [(text(d.text), cell(format_limit(d.time_limit))) for d in ob.duties]
        parts.append(f"### {_('Duties of the post')}\n\n" + table([_("Duty"), _("Time limit")], rows) + "\n")

    if ob.procedures:
        rows = []
        for proc in ob.procedures:
            for step in proc.steps:
                rows.append(
                    (
                        ctx.item_link(page, proc.procedure.id),
                        f"{ordinal_step(step.step)} {text(step.step_name or '')}",
                        text(step.text),
                        cell(format_limit(step.time_limit)),
                        cell(step.output),
                    )
                )
        parts.append(
            f"### {_('Procedure steps assigned to this post')}\n\n"
            + table([_("Procedure"), _("Step"), _("Action"), _("Time limit"), _("Output")], rows)
            + "\n"
        )

    if ob.powers:
        from .power import powers_for_post

        parts.append(powers_for_post(ctx, ob.powers, page))

    specific = [s for s in ob.systems if s.specific]
    general = [s for s in ob.systems if not s.specific]
    if specific:
        lines = [f"### {_('Systems that name this post')}\n"]
        for s in specific:
            lines.append(f"- {ctx.item_link(page, s.system.id)}" + (f" — {text(s.system.summary)}" if s.system.summary else ""))
            for d in s.duties:
                limit = f" (**{text(format_limit(d.time_limit))}**)" if d.time_limit else ""
                lines.append(f"    - {text(d.text)}{limit}")
        parts.append("\n".join(lines) + "\n")
    if general:
        parts.append(
            f"### {_('Systems that apply to every post')}\n\n"
            + "\n".join(f"- {ctx.item_link(page, s.system.id)}" for s in general)
            + "\n"
        )
    if not (ob.duties or ob.procedures or ob.systems or ob.powers):
        parts.append(_("No duties, procedure steps or systems name {post} yet.").format(post=text(post.title)) + "\n")
    return "\n".join(parts)

"""The printable training pack: one HTML document for a post (or chosen items), and its PDF.

A pack is what a trainer hands out on paper: cover, contents, the rules in
reading order, the procedure flowcharts, the self-check questions and an answer
key on its own page. It is built straight from the model (not from the site's
HTML), so `rulebook pack` works without a site build and prints the same
reading path as the onboarding page.

The PDF is printed by headless Chromium through Playwright: it lays out
Chinese text, tables and the Mermaid SVG flowcharts as the browser shows them,
which no Python PDF library does. Mermaid runs in the page before printing.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import markdown as md

from .errors import RulebookError
from .i18n import _, current_language, format_date, format_days, format_limit, join_list, ordinal_step, with_standard_term
from .links import replace_links
from .model import Item, Post, Procedure, System, type_label
from .obligations import PostObligations, obligations_for
from .render.context import RenderContext
from .render.markdown import status_label
from .render.markdown import text as md_text
from .render.procedure import flowchart, steps_total
from .rulebook import Rulebook
from .sanitize import clean
from .training import LawReading, QuizEntry, gather_questions, item_minutes, laws_of, onboarding_path, plural

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHART_TIMEOUT_MS = 60_000


class PackError(RulebookError):
    """A pack cannot be made; the message says what to do about it."""


@dataclass
class Pack:
    """What goes into one pack. `reasons` says why each item is there (post packs: the onboarding reason)."""

    title: str
    items: list[Item]
    questions: list[QuizEntry]
    laws: list[LawReading]
    organ: str = ""
    aliases: list[str] = field(default_factory=list)
    post: Post | None = None
    obligations: PostObligations | None = None
    reasons: dict[str, str] = field(default_factory=dict)
    checklist: list[str] = field(default_factory=list)
    appendix: list[str] = field(default_factory=list)
    """Extra HTML sections printed after the questions, each on a new page (the acknowledgement sheet)."""

    @property
    def minutes(self) -> int:
        return sum(item_minutes(i) for i in self.items) + sum(law.minutes for law in self.laws)

    @property
    def slug(self) -> str:
        """A file name for the pack."""
        return self.post.id if self.post else "-".join(i.id for i in self.items[:3]) + ("-etc" if len(self.items) > 3 else "")


def pack_for_post(book: Rulebook, post: Post, organ: str = "") -> Pack:
    path = onboarding_path(book, post)
    return Pack(
        title=post.title,
        items=path.items,
        questions=path.questions,
        laws=path.laws,
        organ=organ,
        aliases=list(post.aliases),
        post=post,
        obligations=path.obligations,
        reasons={s.item.id: s.reason for s in path.steps},
        checklist=[c.text for c in path.checklist],
    )


def pack_for_items(book: Rulebook, ids: list[str], organ: str = "", title: str | None = None) -> Pack:
    """The items in the order given; an unknown id is an error, not a silently thinner pack."""
    missing = [i for i in ids if book.get(i) is None]
    if missing:
        raise PackError(_("no item with id {ids} in the rulebook").format(ids=", ".join(repr(m) for m in missing)))
    if not ids:
        raise PackError(_("no items chosen: pass --items id1,id2 or --post POST"))
    items = [book.items[i] for i in dict.fromkeys(ids)]
    return Pack(
        title=title or (_("Selected rules") if len(items) > 1 else items[0].title),
        items=items,
        questions=gather_questions(items),
        laws=laws_of(book, items),
        organ=organ,
    )


# -- HTML ---------------------------------------------------------------------------------------------------------

e = html.escape


def anchor(item: Item) -> str:
    return f"item-{item.id}"


def _h(*labels: str) -> list[str]:
    """Table headers from catalogue labels, translated and escaped."""
    return [e(_(label)) for label in labels]


def _table(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    """Cells are HTML already (escaped by the caller)."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _mermaid_fence(source: str, language: str, css_class: str, options: dict, md_: object, **kwargs: object) -> str:
    """Author-written ```mermaid fences: a bare <pre>, because Mermaid reads its innerHTML (a <code> would break it)."""
    return f'<pre class="mermaid">{e(source)}</pre>'


def _converter() -> md.Markdown:
    return md.Markdown(
        extensions=["tables", "admonition", "attr_list", "def_list", "md_in_html", "pymdownx.superfences"],
        extension_configs={
            "pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "mermaid", "format": _mermaid_fence}]}
        },
    )


def _shift_headings(markup: str) -> str:
    """The item title is an <h2>, so the author's `## Purpose` becomes an <h3>."""
    return re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", markup)


class _Renderer:
    """Renders one pack; knows which items are in it, so [[links]] to them jump within the document."""

    def __init__(self, book: Rulebook, pack: Pack) -> None:
        self.book = book
        self.pack = pack
        self.inside = {i.id for i in pack.items}
        self.md = _converter()
        self.ctx = RenderContext(book)

    def ref(self, item_id: str, label: str | None = None) -> str:
        item = self.book.get(item_id)
        shown = e(label or (item.title if item else item_id))
        return f'<a href="#{e(anchor(item))}">{shown}</a>' if item and item.id in self.inside else shown

    def body(self, item: Item) -> str:
        def short(link: object) -> str:
            target = self.book.get(link.target)  # type: ignore[attr-defined]
            label = link.text or (target.title if target else link.target)  # type: ignore[attr-defined]
            label = md_text(label)
            return f"[{label}](#{anchor(target)})" if target and target.id in self.inside else label

        self.md.reset()
        return _shift_headings(clean(self.md.convert(replace_links(item.body, short))))  # the site's allow-list

    def meta(self, item: Item) -> str:
        rows = [[e(_("Type")), e(type_label(item.type))], [e(_("Status")), e(status_label(item.status))]]
        if item.version:
            rows.append([e(_("Version")), e(item.version)])
        if item.effective:
            rows.append([e(_("Effective")), e(format_date(item.effective))])
        if item.owner:
            rows.append([e(_("Owner")), self.ref(item.owner)])
        if item.basis:
            rows.append([e(_("Legal basis")), "<br>".join(f'<span lang="zh">{e(c.label)}</span>' for c in item.basis)])
        return '<table class="meta"><tbody>' + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</tbody></table>"

    def system(self, item: System) -> str:
        parts = []
        if item.applies_to:
            who = join_list([e(_("every post")) if p == "all" else self.ref(p) for p in item.applies_to])
            parts.append(f"<p><strong>{e(_('Applies to:'))}</strong> {who}{e(_('.'))}</p>")
        if item.duties:
            rows = [[self.ref(d.post), e(d.duty), e(format_limit(d.time_limit) or "—")] for d in item.duties]
            parts.append(f"<h3>{e(_('Duties by post'))}</h3>" + _table(_h("Post", "Duty", "Time limit"), rows))
        if item.indicators:
            rows = [[e(i.name), f"{i.weight:g}"] for i in item.indicators]
            parts.append(f"<h3>{e(_('Indicators and weights'))}</h3>" + _table(_h("Indicator", "Weight (%)"), rows))
        return "\n".join(parts)

    def procedure(self, item: Procedure) -> str:
        total = steps_total(item)
        limits = _table(
            _h("Statutory", "Committed", "Sum of steps"),
            [
                [
                    e(format_limit(item.statutory_limit)),
                    f"<strong>{e(format_limit(item.committed_limit))}</strong>",
                    e(format_days(total)),
                ]
            ],
            "limits",
        )
        rows = [
            [str(n), e(s.name), self.ref(s.post), e(s.action), e(format_limit(s.time_limit)), e(s.output or "—")]
            for n, s in enumerate(item.steps, start=1)
        ]
        steps = _table(["#", *_h("Step", "Post", "Action", "Time limit", "Output")], rows, "steps")
        chart = flowchart(self.ctx, item)  # the site's chart, so paper and screen agree
        code = chart.split("``` mermaid\n", 1)[1].rsplit("\n```", 1)[0]
        parts = [
            f"<h3>{e(_('Time limits'))}</h3>" + limits,
            f"<h3>{e(_('Steps'))}</h3>" + steps,
            f'<h3>{e(_("Flowchart"))}</h3><figure class="flow"><pre class="mermaid">{e(code)}</pre><figcaption>'
            + e(_("Flowchart: {title}, one lane per post").format(title=item.title))
            + "</figcaption></figure>",
        ]
        if item.materials:
            parts.append(
                f"<h3>{e(_('Materials required'))}</h3><ol>" + "".join(f"<li>{e(m.name)}</li>" for m in item.materials) + "</ol>"
            )
        return "\n".join(parts)

    def post(self, item: Post) -> str:
        ob = obligations_for(self.book, item)
        parts = []
        facts = []
        if ob.department:
            facts.append(f"<li><strong>{e(_('Department:'))}</strong> {self.ref(ob.department.id)}</li>")
        if ob.reporting_line:
            facts.append(
                f"<li><strong>{e(_('Reports to:'))}</strong> " + " → ".join(self.ref(p.id) for p in ob.reporting_line) + "</li>"
            )
        if ob.backup:
            facts.append(f"<li><strong>{e(_('Backup post (AB岗):'))}</strong> {self.ref(ob.backup.id)}</li>")
        if ob.backs_up:
            facts.append(
                f"<li><strong>{e(_('Stands in for:'))}</strong> " + join_list([self.ref(p.id) for p in ob.backs_up]) + "</li>"
            )
        if facts:
            parts.append("<ul>" + "".join(facts) + "</ul>")
        if ob.duties:
            rows = [[e(d.text), e(format_limit(d.time_limit) or "—")] for d in ob.duties]
            parts.append(f"<h3>{e(_('Duties of the post'))}</h3>" + _table(_h("Duty", "Time limit"), rows))
        if ob.procedures:
            rows = [
                [
                    self.ref(p.procedure.id),
                    f"{e(ordinal_step(s.step))} {e(s.step_name or '')}",
                    e(s.text),
                    e(format_limit(s.time_limit) or "—"),
                ]
                for p in ob.procedures
                for s in p.steps
            ]
            parts.append(
                f"<h3>{e(_('Procedure steps assigned to this post'))}</h3>"
                + _table(_h("Procedure", "Step", "Action", "Time limit"), rows)
            )
        if ob.powers:
            rows = [
                [self.ref(p.power.id), e(s.step_name or ""), e(s.text), e(format_limit(s.time_limit) or "—")]
                for p in ob.powers
                for s in p.stages
            ]
            parts.append(
                f"<h3>{e(with_standard_term(_('Responsibilities in the powers list'), '权责清单'))}</h3>"
                + _table(_h("Power", "Stage", "Duty", "Time limit"), rows)
            )
            risks = [[self.ref(p.power.id), e(r.risk), e(r.level), e("; ".join(r.controls))] for p in ob.powers for r in p.risks]
            if risks:
                parts.append(
                    f"<h3>{e(_('Integrity risk points to control'))} (廉政风险点)</h3>"
                    + _table(_h("Power", "Risk point", "Level", "Controls"), risks)
                )
        duties = [(s, d) for s in ob.systems for d in s.duties]
        if duties:
            rows = [[self.ref(s.system.id), e(d.text), e(format_limit(d.time_limit) or "—")] for s, d in duties]
            parts.append(f"<h3>{e(_('Duties under systems'))}</h3>" + _table(_h("System", "Duty", "Time limit"), rows))
        return "\n".join(parts)

    def item(self, number: int, item: Item) -> str:
        aliases = f'<p class="aliases">{e(" · ".join(item.aliases))}</p>' if item.aliases else ""
        why = self.pack.reasons.get(item.id)
        lead = [
            f'<p class="kicker">{e(type_label(item.type))} · {e(_("about {minutes} min to read").format(minutes=item_minutes(item)))}'
            + (f" · {e(why)}" if why else "")
            + "</p>"
        ]
        if item.summary:
            lead.append(f'<p class="summary">{e(item.summary)}</p>')
        extra = ""
        if isinstance(item, System):
            extra = self.system(item)
        elif isinstance(item, Procedure):
            extra = self.procedure(item)
        elif isinstance(item, Post):
            extra = self.post(item)
        history = ""
        if item.changes:
            rows = [[e(c.version or "—"), e(format_date(c.date)), e(c.summary)] for c in item.changes]
            history = f"<h3>{e(_('Change history'))}</h3>" + _table(_h("Version", "Date", "Change"), rows)
        return (
            f'<section class="item" id="{e(anchor(item))}">\n<h2><span class="no">{number}.</span> {e(item.title)}</h2>\n{aliases}'
            + "\n".join(lead)
            + self.meta(item)
            + extra
            + self.body(item)
            + history
            + "</section>"
        )

    def laws(self, number: int) -> str:
        rows = []
        for law in self.pack.laws:
            articles = law.article_labels()
            minutes = ("≈" if law.estimated else "") + e(_("{n} min").format(n=law.minutes))
            rows.append(
                [
                    f'<span lang="zh">{e(law.law)}</span>',
                    f'<span lang="zh">{e("、".join(articles))}</span>',
                    join_list([self.ref(i) for i in law.cited_by]),
                    minutes,
                ]
            )
        note = (
            f"<p class='note'>{e(_('≈: the article text is not in the rulebook’s library; half a minute per article is assumed.'))}</p>"
            if any(law.estimated for law in self.pack.laws)
            else ""
        )
        return (
            f'<section class="part" id="laws"><h2><span class="no">{number}.</span> {e(_("Laws they rest on"))}</h2>'
            f"<p>{e(_('Read the cited articles in the official text.'))}</p>"
            + _table(_h("Law", "Articles", "Cited by", "Reading"), rows, "laws")
            + note
            + "</section>"
        )

    def questions(self, number: int) -> str:
        parts = [
            f'<section class="part" id="questions"><h2><span class="no">{number}.</span> {e(_("Self-check questions"))}</h2>',
            f"<p>{e(_('Tick one answer for each question, then check yourself against the answers on the last page.'))}</p>",
            '<ol class="questions">',
        ]
        for entry in self.pack.questions:
            choices = "".join(f'<li><span class="box"></span>{e(c)}</li>' for c in entry.question.choices)
            parts.append(
                f'<li class="question"><p>{e(entry.question.question)} <span class="source">({self.ref(entry.source.id)})</span></p>'
                f'<ol class="choices" type="A">{choices}</ol></li>'
            )
        parts.append("</ol></section>")
        parts.append(f'<section class="part" id="answers"><h2>{e(_("Answers"))}</h2><ol class="answers">')
        for entry in self.pack.questions:
            q = entry.question
            letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[q.choices.index(q.answer)]
            explain = e(q.explain) if q.explain else ""
            parts.append(f"<li><strong>{letter}. {e(q.answer)}</strong>{' — ' + explain if explain else ''}</li>")
        parts.append("</ol></section>")
        return "\n".join(parts)


def pack_html(
    book: Rulebook, pack: Pack, *, head_scripts: str = "", generated: date | None = None, back: str | None = None
) -> str:
    """The pack as one standalone HTML page. `head_scripts` loads Mermaid (a <script src> in the site; injected for PDF);
    `back` links the site's print page back to the onboarding page it came from."""
    r = _Renderer(book, pack)
    made = format_date(generated or date.today())
    sections = [r.item(n, item) for n, item in enumerate(pack.items, start=1)]
    n = len(pack.items)
    toc = [
        [
            f"{i}.",
            f'<a href="#{e(anchor(item))}">{e(item.title)}</a>',
            e(type_label(item.type)),
            e(pack.reasons.get(item.id, "")),
            e(_("{n} min").format(n=item_minutes(item))),
        ]
        for i, item in enumerate(pack.items, start=1)
    ]
    if pack.laws:
        law_minutes = e(_("{n} min").format(n=sum(law.minutes for law in pack.laws)))
        laws_link = f'<a href="#laws">{e(_("Laws they rest on"))}</a>'
        toc.append([f"{n + 1}.", laws_link, e(_("Laws")), e(plural(len(pack.laws), "law")), law_minutes])
    if pack.questions:
        number = f"{n + (2 if pack.laws else 1)}."
        quiz_link = f'<a href="#questions">{e(_("Self-check questions"))}</a>'
        toc.append([number, quiz_link, e(_("Quiz")), e(plural(len(pack.questions), "question")), ""])
    facts = []
    if pack.obligations:
        ob = pack.obligations
        if ob.department:
            facts.append((e(_("Department")), e(ob.department.title)))
        if ob.reporting_line:
            facts.append((e(_("Reports to")), e(ob.reporting_line[0].title)))
        if ob.backup:
            facts.append((e(_("Backup post")), e(ob.backup.title)))
    reading = _("{items} and {laws}, about {minutes} min").format(
        items=plural(len(pack.items), "item"), laws=plural(len(pack.laws), "law"), minutes=pack.minutes
    )
    facts += [
        (e(_("Reading")), e(reading)),
        (e(_("Self-check")), e(plural(len(pack.questions), "question"))),
        (e(_("Generated")), e(made)),
    ]
    cover = (
        '<section class="cover">'
        + (f'<p class="organ">{e(pack.organ)}</p>' if pack.organ else "")
        + f'<p class="label">{e(_("Training pack"))}</p>'
        + f"<h1>{e(pack.title)}</h1>"
        + (f'<p class="aliases">{e(" · ".join(pack.aliases))}</p>' if pack.aliases else "")
        + '<table class="facts"><tbody>'
        + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in facts)
        + "</tbody></table>"
        + f'<p class="fineprint">{e(_("Printed from the rulebook. If this copy and the rulebook differ, the rulebook prevails."))}</p>'
        + "</section>"
    )
    checklist = ""
    if pack.checklist:
        checklist = (
            f'<h2>{e(_("Checklist"))}</h2><ul class="checklist">'
            + "".join(f'<li><span class="box"></span>{e(c)}</li>' for c in pack.checklist)
            + "</ul>"
        )
    contents = (
        f'<section class="contents" id="contents"><h2>{e(_("Contents"))}</h2>'
        + _table(["", *_h("Read", "Type", "Why", "Time")], toc, "toc")
        + checklist
        + "</section>"
    )
    tail = []
    if pack.laws:
        tail.append(r.laws(n + 1))
    if pack.questions:
        tail.append(r.questions(n + (2 if pack.laws else 1)))
    return (
        f'<!doctype html>\n<html lang="{e(current_language())}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(_('Training pack'))} — {e(pack.title)}</title><style>{PACK_CSS}</style>{head_scripts}"
        f"<script>{CHART_JS}</script></head>\n<body>\n"
        f'<p class="toolbar"><button type="button" onclick="window.print()">{e(_("Print"))}</button> '
        + e(_("Or save as PDF from the print dialog; {command} makes the same PDF.")).format(command="<code>rulebook pack</code>")
        + (f' · <a href="{e(back)}">{e(_("Back to the onboarding path"))}</a>' if back else "")
        + "</p>\n"
        + cover
        + contents
        + "\n".join(sections)
        + "\n".join(tail)
        + "\n".join(pack.appendix)
        + "\n</body></html>\n"
    )


CHART_JS = """
const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif';
window.rbRenderCharts = async function () {
  if (!window.mermaid) return "Mermaid is not loaded";
  mermaid.initialize({startOnLoad: false, theme: "neutral", themeVariables: {fontFamily: FONT},
    flowchart: {htmlLabels: true, useMaxWidth: true}});
  try { await mermaid.run({querySelector: "pre.mermaid"}); return ""; }
  catch (err) { return String((err && err.message) || err); }
};
document.addEventListener("DOMContentLoaded", function () { if (window.mermaid) window.rbRenderCharts(); });
"""

CHARTS_DONE_JS = "() => [...document.querySelectorAll('pre.mermaid')].every(el => el.querySelector('svg'))"

PACK_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm; }
html { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  font-size: 10pt; line-height: 1.5; color: #1d1d1f; }
body { margin: 0; }
h1, h2, h3 { line-height: 1.25; color: #1a237e; }
h2 { font-size: 16pt; margin: 0 0 .4em; border-bottom: 2px solid #3f51b5; padding-bottom: .2em; }
h3 { font-size: 12pt; margin: 1.1em 0 .4em; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 1em 0 .3em; }
h2 .no { color: #7986cb; margin-right: .2em; }
a { color: #283593; text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 .8em; font-size: 8.8pt; }
th, td { border: 1px solid #c5cae9; padding: 3px 6px; vertical-align: top; text-align: left; }
thead th { background: #e8eaf6; }
tr, li.question, figure { break-inside: avoid; }
table.meta th { width: 7em; background: #f5f5f7; font-weight: 600; }
table.meta { width: auto; min-width: 60%; }
.kicker { font-size: 8.5pt; text-transform: uppercase; letter-spacing: .04em; color: #5c6bc0; margin: 0 0 .3em; }
.summary { font-style: italic; margin: .2em 0 .6em; }
.aliases { color: #555; font-size: 11pt; margin: 0 0 .4em; }
.note, .fineprint, .source { color: #666; font-size: 8.5pt; }
section.item, section.part, section.contents { break-before: page; }
.cover { height: 250mm; display: flex; flex-direction: column; justify-content: center; padding: 0 10mm; }
.cover .organ { font-size: 12pt; color: #555; margin: 0; }
.cover .label { font-size: 14pt; text-transform: uppercase; letter-spacing: .12em; color: #3f51b5; margin: 2em 0 0; }
.cover h1 { font-size: 30pt; margin: .1em 0 .2em; }
.cover .aliases { font-size: 15pt; }
.cover table.facts { width: auto; margin-top: 2.5em; font-size: 10.5pt; }
.cover table.facts th, .cover table.facts td { border: none; padding: 2px 14px 2px 0; }
.cover table.facts th { color: #666; font-weight: 400; }
.cover .fineprint { margin-top: 3em; }
table.toc td:first-child { width: 2em; color: #7986cb; }
table.toc td:last-child { white-space: nowrap; }
ul.checklist, ol.choices { list-style: none; padding-left: .4em; }
ol.choices { padding-left: 1.2em; margin: .2em 0 .6em; }
ul.checklist li, ol.choices li { margin: .2em 0; }
.box { display: inline-block; width: .8em; height: .8em; border: 1px solid #333; margin-right: .5em; vertical-align: -.05em; }
ol.choices { counter-reset: choice; }
ol.choices li::before { counter-increment: choice; content: counter(choice, upper-alpha) ". "; font-weight: 600; margin-right: .2em; }
ol.choices li .box { margin-right: .4em; }
ol.questions > li { margin-bottom: .6em; }
ol.questions > li > p { margin: 0; }
figure.flow { margin: .6em 0; text-align: center; break-inside: avoid; }
figure.flow figcaption { font-size: 8.5pt; color: #666; }
pre.mermaid { margin: 0; background: none; font-family: inherit; white-space: pre-wrap; }
pre.mermaid svg { max-width: 100%; max-height: 205mm; height: auto; }
/* Mermaid lets lanes overlap when a post's name is longer than its steps: clear lanes keep every name readable */
pre.mermaid .cluster-label foreignObject { overflow: visible; }
pre.mermaid .cluster rect { fill-opacity: 0 !important; }
.admonition { border-left: 4px solid #3f51b5; background: #f5f6fb; padding: .3em .8em; margin: .6em 0; }
.admonition-title { font-weight: 700; margin: .2em 0; }
blockquote { border-left: 3px solid #c5cae9; margin: .6em 0; padding-left: .8em; color: #444; }
code { font-size: 90%; }
.toolbar { font-size: 9pt; color: #555; }
@media screen {
  html { background: #e8e8ec; }
  body { max-width: 190mm; margin: 0 auto; padding: 1rem 0 3rem; }
  .cover, section.item, section.part, section.contents { background: #fff; padding: 12mm 14mm; margin: 0 0 1rem;
    box-shadow: 0 1px 4px rgba(0,0,0,.15); }
  .cover { height: auto; min-height: 200mm; }
}
@media print { .toolbar { display: none; } }
"""


# -- PDF ----------------------------------------------------------------------------------------------------------


def find_chromium(explicit: Path | None = None) -> Path:
    """The Chromium to print with: the given path, else $RULEBOOK_CHROMIUM, else Debian's /usr/bin/chromium."""
    candidate = explicit or Path(os.environ.get("RULEBOOK_CHROMIUM") or DEFAULT_CHROMIUM)
    if not candidate.is_file():
        raise PackError(
            _(
                "Chromium not found at {path}: the PDF is printed by headless Chromium. Install it "
                "(Debian: apt-get install chromium fonts-noto-cjk) or set RULEBOOK_CHROMIUM to its path. "
                "Without it, use --html and print from any browser."
            ).format(path=candidate)
        )
    return candidate


def footer_template(title: str) -> str:
    return (
        '<div style="font-size:7pt;color:#777;width:100%;padding:0 15mm;display:flex;justify-content:space-between;'
        f'font-family:sans-serif"><span>{e(_("Training pack"))} — {e(title)}</span>'
        '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
    )


def write_pdf(page_html: str, out: Path, *, mermaid_js: Path, title: str = "", chromium: Path | None = None) -> None:
    """Print `page_html` to `out`, after Mermaid has turned every flowchart into an SVG."""
    exe = find_chromium(chromium)
    if not mermaid_js.is_file():
        raise PackError(
            _("Mermaid not found at {path}: the flowcharts need the vendored docs/assets/mermaid/mermaid.min.js").format(
                path=mermaid_js
            )
        )
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise PackError(_("the PDF route needs Playwright: pip install playwright (it drives the installed Chromium)")) from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(exe), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                # nothing may leave the machine or reach a local service: the pack is one self-contained page
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("data:") else route.abort())
                page.set_content(page_html, wait_until="load")
                if page.locator("pre.mermaid").count():
                    page.add_script_tag(path=str(mermaid_js))
                    failure = page.evaluate("() => window.rbRenderCharts()")
                    if failure:
                        raise PackError(_("a flowchart could not be drawn: {error}").format(error=failure))
                    page.wait_for_function(CHARTS_DONE_JS, timeout=CHART_TIMEOUT_MS)
                page.evaluate("() => document.fonts.ready.then(() => true)")
                page.emulate_media(media="print")
                page.pdf(
                    path=str(out),
                    format="A4",
                    print_background=True,
                    prefer_css_page_size=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=footer_template(title),
                    margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
                )
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise PackError(
            _("Chromium at {path} failed to print the pack: {error}").format(path=exe, error=exc.message.splitlines()[0])
        ) from exc

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
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from markupsafe import Markup

from .errors import RulebookError
from .i18n import _, current_language, with_standard_term
from .model import Item, Post, type_label
from .obligations import PostObligations
from .render.markdown import status_label
from .rulebook import Rulebook
from .templating import render
from .training import LawReading, QuizEntry, gather_questions, item_minutes, laws_of, onboarding_path
from .views.pack import pack_view, refs_html

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

    reading: dict[str, int] = field(default_factory=dict)
    """Minutes to read each item (by id), as its onboarding step says."""

    def minutes_of(self, item: Item) -> int:
        return self.reading.get(item.id) or item_minutes(item)

    @property
    def minutes(self) -> int:
        return sum(self.minutes_of(i) for i in self.items) + sum(law.minutes for law in self.laws)

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
        reading={i.id: item_minutes(i, book) for i in path.items},
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
        reading={i.id: item_minutes(i, book) for i in items},
    )


# -- HTML ---------------------------------------------------------------------------------------------------------


def pack_html(
    book: Rulebook, pack: Pack, *, head_scripts: str = "", generated: date | None = None, back: str | None = None
) -> str:
    """The pack as one standalone HTML page (`templates/pack/pack.html.j2` over `views.pack`). `head_scripts` loads
    Mermaid (a <script src> in the site; injected for PDF); `back` links the site's print page back to the onboarding
    page it came from."""
    ref, refs = refs_html(book, {i.id for i in pack.items})
    return render(
        "pack/pack.html.j2",
        pack=pack,
        view=pack_view(book, pack, generated),
        lang=current_language(),
        css=Markup(PACK_CSS),
        chart_js=Markup(CHART_JS),
        head_scripts=Markup(head_scripts),
        back=back,
        code=Markup("<code>rulebook pack</code>"),
        ref=ref,
        refs=refs,
        type_label=type_label,
        status_label=status_label,
        with_standard_term=with_standard_term,
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
        f'font-family:sans-serif"><span>{html.escape(_("Training pack"))} — {html.escape(title)}</span>'
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

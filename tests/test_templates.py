"""The templates (indexer/templates/): one flowchart for site and paper, the pack's HTML, labels in the catalogue."""

from __future__ import annotations

import html
import re

from indexer.catalogue import extract
from indexer.i18n import use_language
from indexer.pack import pack_for_items, pack_html
from indexer.render.context import RenderContext
from indexer.render.procedure import flowchart
from indexer.rulebook import Rulebook
from indexer.templating import render
from indexer.views.flowchart import Flowchart, FlowStep, Lane, flowchart_of


def test_the_site_and_the_pack_draw_the_same_flowchart(book: Rulebook) -> None:
    proc = next(p for p in book.procedures if len(p.steps) > 2)
    site = flowchart(RenderContext(book), proc).split("``` mermaid\n", 1)[1].rsplit("```", 1)[0].strip()
    markup = pack_html(book, pack_for_items(book, [proc.id]))
    paper = html.unescape(re.search(r'<pre class="mermaid">(.*?)</pre>', markup, re.S).group(1)).strip()
    assert site == paper
    assert site.startswith("flowchart TD") and " --> ".join(f"s{n}" for n in range(1, len(proc.steps) + 1)) in site


def test_the_flowchart_graph_has_a_lane_per_post_in_order_of_first_step(book: Rulebook) -> None:
    proc = next(p for p in book.procedures if len({s.post for s in p.steps}) > 1)
    chart = flowchart_of(book, proc)
    assert [lane.title for lane in chart.lanes] == [book.title(p) for p in dict.fromkeys(s.post for s in proc.steps)]
    assert sorted(s.number for lane in chart.lanes for s in lane.steps) == list(range(1, len(proc.steps) + 1))


def test_mermaid_labels_cannot_break_the_chart() -> None:
    chart = Flowchart((Lane('Post "A" <b>', (FlowStep(1, 'say "hi"] --> x', "2 days"),)),), 1)
    source = render("flowchart.mmd.j2", chart=chart)
    assert 'subgraph lane0["Post #quot;A#quot; &lt;b&gt;"]' in source
    assert 's1["1. say #quot;hi#quot;] --&gt; x<br/>2 days"]' in source and "-->" not in source


def test_the_pack_escapes_what_it_shows_and_keeps_the_bodys_html(book: Rulebook) -> None:
    item = book.procedures[0]
    evil = item.model_copy(update={"title": "<script>x</script>", "aliases": ["a&b"]})
    book.items[item.id] = evil
    try:
        markup = pack_html(book, pack_for_items(book, [item.id]))
    finally:
        book.items[item.id] = item
    assert "<script>x</script>" not in markup and "&lt;script&gt;x&lt;/script&gt;" in markup
    assert "a&amp;b" in markup and "<table" in markup


def test_the_pack_is_in_the_sites_language(book: Rulebook) -> None:
    with use_language("zh-Hans"):
        markup = pack_html(book, pack_for_items(book, [book.procedures[0].id]))
    assert '<html lang="zh-Hans">' in markup and "Time limits" not in markup and "Training pack" not in markup


def test_labels_used_only_in_templates_are_in_the_catalogue() -> None:
    catalogue = extract()
    where = {m.id: [loc for loc, _line in m.locations] for m in catalogue if m.id}
    assert any(loc.startswith("templates/") for loc in where["Back to the onboarding path"])
    assert any(loc.startswith("templates/") for loc in where["Duties of the post"])

"""The generator seam: Material/MkDocs syntax is written only in the templates and in `indexer/mkdocs_site.py`.

Renderers call the macros of `templates/dialect.md.j2` (through `render.markdown`): a second generator needs another
copy of that template, not edits all over `indexer/render/`. This test reads the package's Python source for the
syntax itself, so a renderer that writes it again fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

from indexer.render.markdown import admonition, block_attrs, button, button_class, front_matter, grid_cards, heading

PACKAGE = Path(__file__).resolve().parent.parent / "indexer"
GLUE = {"mkdocs_site.py"}
READERS = {"wordout.py"}  # reads authors' Markdown (their own admonitions) into Word; writes none
DIALECT = {
    "admonition": re.compile(r"""['"](?:!!!|\?\?\?) """),
    "attribute list": re.compile(r"\{: |\{\{: |\{\{ \.|\{ \.[a-z-]+ \}"),
    "heading id": re.compile(r"\{\{#|\{#[a-z]"),
    "grid cards": re.compile(r"grid cards"),
    "Material button": re.compile(r"md-button"),
    "search exclude": re.compile(r"exclude: true"),
    "Material icon": re.compile(r":(?:material|octicons)-"),
}


def test_no_module_outside_the_glue_writes_material_syntax() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in GLUE | READERS:
            continue
        source = path.read_text(encoding="utf-8")
        for name, pattern in DIALECT.items():
            for match in pattern.finditer(source):
                line = source.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {name}")
    assert found == [], "\n".join(found)


def test_the_dialect_template_writes_material_syntax() -> None:
    assert admonition("warning", 'Not "new"', "Line one\nline two").startswith(
        '!!! warning "Not &quot;new&quot;"\n    Line one\n    line two\n'
    )
    assert admonition("note", "History", "- a", collapsible=True).startswith('??? note "History"\n    - a')
    assert button("Quiz", "../q.md") == "[Quiz](../q.md){ .md-button }"
    assert button_class(primary=True) == "md-button md-button--primary"
    assert heading(2, "Steps", "steps") == "## Steps {#steps}\n" and heading(3, "Plain") == "### Plain\n"
    assert block_attrs("a3", ["rb-article"]) == "{: #a3 .rb-article }"
    assert "search:\n  exclude: true\n---" in front_matter(title="T", searchable=False)
    assert "hide: [navigation, toc]" in front_matter(title="T", full_width=True)
    cards = grid_cards([{"icon": "material-x", "title": "T", "body": "B", "label": "L", "target": "t.md"}])
    assert cards.startswith('<div class="grid cards" markdown>') and "-   :material-x: **T**" in cards

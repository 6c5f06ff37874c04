"""Stage 3, render: the rulebook as Markdown pages plus a navigation tree, for any static site generator.

Nothing here knows about MkDocs: the output is plain files and a nav list (`indexer.render.site`), which
`indexer.mkdocs_site` hands to MkDocs. The generator's own syntax is written in the templates
(`indexer/templates/dialect.md.j2`). This file imports nothing, so importing one renderer does not load them all.
"""

"""View models: the facts of each page, computed once, for every template that shows them.

A view model holds what a reader is told (the obligations of a post, a procedure's limits and flowchart graph,
the text a reader reads) and nothing about how it looks. The site's Markdown, the print pack's HTML and the plain
text that search and reading time use are all rendered from these, so the three cannot disagree.
"""

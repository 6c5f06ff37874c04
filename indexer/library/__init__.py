"""The library: laws, regulations and handbooks imported next to the organ's own rules.

`structure` finds parts, chapters and articles in a document; `laws_cn` and
`handbook` turn one source file into a library document; `importer` walks a
folder and writes them under `rules/library/NAME/`; `citations` resolves
the rulebook's `basis` entries to articles.
"""

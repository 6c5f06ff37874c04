"""Stage 3b, index: clause-level Whoosh search over the rulebook and its library.

Building: `units` cuts items into searchable units (item, section, article), `analysis` turns mixed Chinese and
English into terms, `index` writes the Whoosh index aside and swaps it in. Answering: `query.Searcher`
coordinates `parsing` (cleaning, filters, synonyms), `rewrite` (pruning, article lookup), `scoring` (one BM25F
over `table`'s arrays), `ranking` (every knob, documented), `facets`, and `hits`/`snippets` (presentation).
`baseline` (SQLite FTS5) is only for `rulebook relevance` and bench/.
"""

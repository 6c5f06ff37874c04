"""Stage 3b, index: clause-level Whoosh search over the rulebook and its library.

`units` cuts items into searchable units (item, section, article), `analysis`
turns mixed Chinese and English into terms, `index` writes the Whoosh index
aside and swaps it in, `query` answers questions with filters, synonyms,
highlights and a time bound.
"""

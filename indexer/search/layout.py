"""What an index folder holds besides Whoosh's files, and which fields are searched.

Its own small module so that answering a query (query.py) does not import what building an index needs
(the rulebook model, pydantic): a cold `rulebook search` pays only for what it uses.
"""

from __future__ import annotations

MANIFEST = "manifest.json"
WORDS = "words.txt"
VOCAB = "vocabulary.txt"
TITLES = "titles.tsv"
TABLE = "table.npz"
"""The per-unit arrays scoring reads (lengths, rank, type, status, department, posts), saved at build time."""
SEGMENTER = "segmenter.json"
"""The words of jieba's dictionary a query can use (analysis.write_query_dictionary)."""
LEGACY = ("segmenter.txt",)
"""Files older builds wrote beside the index and nothing reads any more: not carried into a new release."""
THESAURUS = "thesaurus.json"
"""The packaged thesaurus as the build read it (thesaurus.write_compiled): read back in 1 ms, against 50 ms
for its YAML, in a cold search."""
TEXT_FIELDS = ["title", "aliases", "doc", "heading", "context", "body", "asked"]
CODE_FIELDS = ["type", "status", "department", "category"]

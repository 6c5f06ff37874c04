"""Counting the matches of a query by type, status, department and post: the facets beside the results.

One counter, over the index's per-unit arrays (table.py): the work is in proportion to the matches, not to the
index, and every match is counted, so the counts agree with `total`.
"""

from __future__ import annotations

import numpy as np

from .table import DocTable

FACET_COLUMNS = ("type", "status", "department")
"""Columns counted (the category column only ranks)."""
FACET_SIZE = 50
"""Most values listed per facet, the most frequent first."""


def facet_counts(table: DocTable, ids: np.ndarray, matched: np.ndarray) -> dict[str, dict[str, int]]:
    """Counts per facet value over the matches (`ids`, the same as the mask `matched`); most frequent first,
    ties by value, values with no match left out."""
    out = {name: codes.counts(ids) for name, codes in table.columns.items() if name in FACET_COLUMNS}
    out["post"] = {p: int(np.count_nonzero(matched[docs])) for p, docs in table.post_docs.items()}
    return {
        name: {k: v for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE] if v} for name, c in out.items()
    }

"""Pre-rendered fragments: placeholders a page's author cannot imitate."""

from __future__ import annotations


def test_fragment_placeholders_cannot_be_imitated() -> None:
    from indexer.render.fragments import Fragments

    fragments = Fragments()
    marker = fragments.add("<p>article</p>").strip()
    assert fragments.expand(f"<div>{marker}</div>") == "<div><p>article</p></div>"
    for fake in ("<!--rbf:0-->", "<!--rbf-0000000000000000:0-->", marker.replace(":0", ":7")):
        assert fragments.expand(fake) == fake

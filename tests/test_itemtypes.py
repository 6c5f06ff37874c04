"""The item-type registry: a type's label, folder, icon, nav order and search weight come from one table.

The "circular" type below exists only in these tests: registering it (a model class plus a registry row) is all it
takes for it to get a nav section in its place, an index page, pages in its folder, a label and a search filter.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Literal

import numpy as np
import pytest

from indexer import itemtypes
from indexer.i18n import use_language
from indexer.itemtypes import ItemType
from indexer.model import ITEM_TYPES, Item
from indexer.render.context import RenderContext
from indexer.render.indexes import home_page
from indexer.render.search_page import search_page
from indexer.render.site import render_site
from indexer.rulebook import Rulebook


class Circular(Item):
    type: Literal["circular"]


CIRCULAR = ItemType("circular", "Circular", "Circulars", "circulars", "material-email-outline", 15, search_prior=0.5)


@pytest.fixture
def with_circular(monkeypatch: pytest.MonkeyPatch, book: Rulebook) -> Rulebook:
    monkeypatch.setattr(itemtypes, "REGISTRY", (*itemtypes.REGISTRY, CIRCULAR))
    notice = Circular(id="notice-2024-3", type="circular", title="Notice on the 2024 leave plan", summary="Who plans when.")
    return Rulebook(book.root, items={**book.items, notice.id: notice})


def section_titles(site) -> list[str]:
    return [title for title, _target in site.nav]


def test_every_model_type_is_registered_and_every_registered_type_has_a_model() -> None:
    assert set(itemtypes.names()) == set(ITEM_TYPES)


def test_a_registered_type_gets_its_nav_section_in_registry_order_its_folder_and_index_page(with_circular: Rulebook) -> None:
    site = render_site(RenderContext(with_circular))
    titles = section_titles(site)
    assert titles.index("Circulars") == titles.index("Procedures") + 1  # order 15: after procedures (10), before systems
    assert titles.index("Systems") == titles.index("Circulars") + 1
    assert "circulars/notice-2024-3.md" in site.pages
    assert "# Circulars" in site.pages["circulars/index.md"]
    assert "notice-2024-3.md" in site.pages["circulars/index.md"]
    section = dict(site.nav)["Circulars"]
    assert ("Notice on the 2024 leave plan", "circulars/notice-2024-3.md") in section


def test_navigation_order_follows_the_registry(monkeypatch: pytest.MonkeyPatch, book: Rulebook) -> None:
    before = section_titles(render_site(RenderContext(book)))
    assert before.index("Procedures") < before.index("Posts")
    rows = tuple(dataclasses.replace(t, order=1) if t.name == "post" else t for t in itemtypes.REGISTRY)
    monkeypatch.setattr(itemtypes, "REGISTRY", rows)
    after = section_titles(render_site(RenderContext(book)))
    assert after[1] == "Posts"  # right after Home


def test_a_type_without_nav_items_keeps_only_its_index_in_the_nav(monkeypatch: pytest.MonkeyPatch, book: Rulebook) -> None:
    assert len(dict(render_site(RenderContext(book)).nav)["Glossary"]) == 1  # the registry says: terms are listed on the index
    rows = tuple(dataclasses.replace(t, nav_items=True) if t.name == "term" else t for t in itemtypes.REGISTRY)
    monkeypatch.setattr(itemtypes, "REGISTRY", rows)
    assert len(dict(render_site(RenderContext(book)).nav)["Glossary"]) == len(book.terms) + 1


def test_the_folder_of_a_type_is_where_its_pages_go(monkeypatch: pytest.MonkeyPatch, book: Rulebook) -> None:
    rows = tuple(dataclasses.replace(t, folder="rules-of-conduct") if t.name == "system" else t for t in itemtypes.REGISTRY)
    monkeypatch.setattr(itemtypes, "REGISTRY", rows)
    site = render_site(RenderContext(book))
    assert "rules-of-conduct/index.md" in site.pages
    assert not any(p.startswith("systems/") for p in site.pages)
    assert f"rules-of-conduct/{book.systems[0].id}.md" in site.pages


def test_the_home_page_shows_the_registered_icon(monkeypatch: pytest.MonkeyPatch, book: Rulebook) -> None:
    rows = tuple(dataclasses.replace(t, icon="material-star-outline") if t.name == "procedure" else t for t in itemtypes.REGISTRY)
    monkeypatch.setattr(itemtypes, "REGISTRY", rows)
    assert ":material-star-outline: **" in home_page(RenderContext(book), "Rulebook")


def test_labels_come_through_the_message_catalogue() -> None:
    with use_language("zh-Hans"):
        chinese = itemtypes.type_label("procedure", plural=True)
    assert chinese != "Procedures" and not chinese.isascii()
    assert itemtypes.type_label("procedure", plural=True) == "Procedures"
    assert itemtypes.type_label("no-such-type") == "no-such-type"


def test_the_search_page_offers_every_registered_type_as_a_filter(with_circular: Rulebook) -> None:
    ctx = RenderContext(with_circular)
    page = ctx.fragments.expand(next(iter(search_page(ctx).values())))
    assert "Circular" in page and '"circular"' in page


def test_the_search_weight_of_a_type_comes_from_the_registry(monkeypatch: pytest.MonkeyPatch, built_sample: Path) -> None:
    from indexer.search.query import Searcher

    def term_rank() -> np.ndarray:
        searcher = Searcher(built_sample.parent / "index")
        table = searcher.table(searcher._searcher_for_thread())
        kind = table.columns["type"]
        return table.rank[kind.codes == kind.labels.index("term")]

    default = term_rank()
    rows = tuple(dataclasses.replace(t, search_prior=0.07) if t.name == "term" else t for t in itemtypes.REGISTRY)
    monkeypatch.setattr(itemtypes, "REGISTRY", rows)
    assert np.allclose(term_rank(), default * 0.1)  # 0.7 -> 0.07

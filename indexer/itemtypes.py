"""The item-type registry: what the rest of the package knows about each `type:` besides its fields.

A type's fields and validation live in `model.py` (its pydantic class); how its page looks lives in the
templates. Everything else that differs per type sits here, in one table, so that adding a type is: a class in
`model.py`, a row in `REGISTRY`, and its templates. Navigation order, index pages, site folders, home-page
icons, labels in every language and search weights are all read from this table; nothing else keeps a
per-type list. See "Adding an item type" in README.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import N_, _


@dataclass(frozen=True)
class ItemType:
    """One `type:` value and everything the pipeline needs to know about it apart from its fields."""

    name: str
    """The value of `type:` in a rule file, e.g. "procedure"."""
    singular: str
    """Message id of its name ("Procedure"), translated through the catalogue at use (`label`)."""
    plural: str
    """Message id of its plural, which is also the title of its index page and nav section ("Procedures")."""
    folder: str
    """Folder under rules/ where authors keep its files, and the site folder of its pages and index page."""
    icon: str
    """Material icon (`:name:` shortcode without colons) shown beside the type on the home page."""
    order: int | None
    """Position in the site's navigation among the organ's own types; None for types with no nav section of
    their own (library documents appear under "Library")."""
    search_prior: float = 1.0
    """Multiplies the search score of every unit of this type: below 1 ranks the type under equally good hits."""
    nav_items: bool = True
    """List each item under its section in the navigation (off where the index page lists them all better)."""

    def label(self, plural: bool = False) -> str:
        """The type's name in the active language."""
        return _(self.plural if plural else self.singular)


REGISTRY: tuple[ItemType, ...] = (
    ItemType("procedure", N_("Procedure"), N_("Procedures"), "procedures", "material-clipboard-list-outline", 10),
    ItemType("system", N_("System"), N_("Systems"), "systems", "material-file-document-outline", 20),
    ItemType("power", N_("Power"), N_("Powers and responsibilities"), "powers", "material-scale-balance", 30),
    ItemType("post", N_("Post"), N_("Posts"), "posts", "material-account-plus-outline", 40),
    ItemType("department", N_("Department"), N_("Departments"), "departments", "material-office-building-outline", 50),
    # A glossary entry defines a word; the system or procedure that uses it is usually what a cadre is after.
    ItemType("term", N_("Term"), N_("Glossary"), "glossary", "material-book-alphabet", 60, search_prior=0.7, nav_items=False),
    ItemType("law", N_("Law"), N_("Laws and regulations"), "library", "material-bookshelf", None),
    ItemType("document", N_("Document"), N_("Documents"), "library", "material-file-outline", None),
)


def get(name: str) -> ItemType | None:
    """The registered type called `name`, or None. Read from `REGISTRY` at each call (eight rows), so a test
    may register a type by patching the table."""
    return next((t for t in REGISTRY if t.name == name), None)


def names() -> list[str]:
    """Every registered `type:` value, in registry order."""
    return [t.name for t in REGISTRY]


def in_nav() -> list[ItemType]:
    """The types with a nav section and index page of their own, in navigation order."""
    return sorted((t for t in REGISTRY if t.order is not None), key=lambda t: t.order or 0)


def type_label(kind: str, plural: bool = False) -> str:
    """The name of a type in the active language ("Procedure", "办事流程"); an unknown type shows as written."""
    found = get(kind)
    return found.label(plural) if found else kind


def folder(kind: str) -> str:
    """The rules/ and site folder of a type's files and pages."""
    found = get(kind)
    if found is None:
        raise KeyError(f"unregistered item type {kind!r}: add it to indexer/itemtypes.py")
    return found.folder


def icon(kind: str) -> str:
    """The Material icon shortcode of a type."""
    found = get(kind)
    return found.icon if found else "material-file-outline"


def search_priors() -> dict[str, float]:
    """Per-type search weights that differ from 1, for the ranking's type prior."""
    return {t.name: t.search_prior for t in REGISTRY if t.search_prior != 1.0}

"""The loaded rulebook: all items by id, with the look-ups every later stage needs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .diagnostics import Report
from .i18n import DEFAULT_LANGUAGE
from .model import Department, Item, Post, Power, Procedure, System, Term

if TYPE_CHECKING:
    from .calendar import WorkingCalendar
    from .library.citations import LawIndex
    from .translations import Translation

T = TypeVar("T", bound=Item)


@dataclass
class Rulebook:
    root: Path
    items: dict[str, Item] = field(default_factory=dict)
    translations: list[Translation] = field(default_factory=list)
    """Every `<id>.<lang>.md` found beside an original, in any language."""
    language: str = DEFAULT_LANGUAGE
    """The language of the items' words: the organ's (the originals) unless this is a `localized` view."""
    published: list[str] = field(default_factory=list)
    """The other languages the site is published in (each with its own tree of pages), from the project's settings."""
    display_base: Path | None = None
    calendar_report: Report = field(default_factory=Report)
    """Problems found in rules/calendar.yml when `calendar` was first read."""
    """Diagnostics show paths relative to this folder (set by the loader)."""
    as_of: date | None = None
    """Set for a site of the rulebook as it stood on a past date: citations resolve to the law in force then."""

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items.values())

    def __len__(self) -> int:
        return len(self.items)

    def own(self) -> list[Item]:
        """The organ's own items, without imported library documents."""
        from .model import LibraryDocument

        return [i for i in self.items.values() if not isinstance(i, LibraryDocument)]

    def get(self, item_id: str) -> Item | None:
        return self.items.get(item_id)

    def of_type(self, cls: type[T]) -> list[T]:
        return sorted((i for i in self.items.values() if isinstance(i, cls)), key=sort_key)

    @property
    def systems(self) -> list[System]:
        return self.of_type(System)

    @property
    def procedures(self) -> list[Procedure]:
        return self.of_type(Procedure)

    @property
    def posts(self) -> list[Post]:
        return self.of_type(Post)

    @property
    def departments(self) -> list[Department]:
        return self.of_type(Department)

    @property
    def powers(self) -> list[Power]:
        return self.of_type(Power)

    @property
    def terms(self) -> list[Term]:
        return self.of_type(Term)

    @cached_property
    def laws(self) -> LawIndex:
        """Imported laws by title, with who cites which article; built once, used by check, render and index."""
        from .library.citations import LawIndex

        return LawIndex.build(self)

    @cached_property
    def calendar(self) -> WorkingCalendar:
        """The working-day calendar: the package's years and rules/calendar.yml; problems in the file are in
        `calendar_report`, which `check` reports."""
        from .calendar import load_calendar

        return load_calendar(self.root, self.calendar_display, self.calendar_report)

    @property
    def calendar_display(self) -> str:
        from .calendar import CALENDAR_FILE

        path = (self.root if self.root.is_dir() else self.root.parent) / CALENDAR_FILE
        try:
            return str(path.resolve().relative_to((self.display_base or Path.cwd()).resolve()))
        except ValueError:
            return str(path)

    def localized(self, lang: str) -> Rulebook:
        """The rulebook in `lang`: each item with its translation's words over its facts, or, untranslated, as
        written (marked as a fallback). Library documents stay as they are: laws are published in Chinese."""
        if lang == self.language:
            return self
        from .model import LibraryDocument
        from .translations import localize

        by_original = {tr.original.resolve(): tr for tr in self.translations if tr.lang == lang}
        view = Rulebook(
            self.root, translations=self.translations, language=lang, published=self.published, display_base=self.display_base
        )
        view.as_of = self.as_of
        for item_id, item in self.items.items():
            if isinstance(item, LibraryDocument):
                view.items[item_id] = item
            else:
                view.items[item_id] = localize(item, by_original.get(item.path.resolve()), lang)
        if "laws" in self.__dict__:
            view.__dict__["laws"] = self.__dict__["laws"]  # built once: the library is the same in every language
        if "calendar" in self.__dict__:
            view.__dict__["calendar"] = self.__dict__["calendar"]
        return view

    def title(self, item_id: str) -> str:
        item = self.items.get(item_id)
        return item.title if item else item_id


def sort_key(item: Item) -> tuple[str, str]:
    """A to Z by title: Chinese titles by pinyin, English ones by letter, so both sort as their readers expect."""
    from .i18n import collation_key

    return (collation_key(item.title), item.id)

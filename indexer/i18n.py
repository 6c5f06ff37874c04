"""Interface language: every user-visible label goes through `_()` here, and every date, limit and sort key.

`_("Steps")` marks a label for the message catalogue and returns it in the active language. The catalogues are
gettext `.po` files under `indexer/locale/<lang>/LC_MESSAGES/messages.po`, read with Babel when first needed and
kept for the life of the process: no compile step, so `pip install -e .` on a clean clone is enough.
Message ids are the English labels; `en` has its own catalogue anyway so that the test that every label is
translated covers both languages alike (and an English wording can change without touching the code).

The active language is a context variable, set by whoever knows the project's settings (`use_language`), so
renderers and checks need no extra argument and two builds in two threads do not mix.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .timelimits import TimeLimit

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LANGUAGE = "zh-Hans"
LANGUAGES = {"zh-Hans": "简体中文", "en": "English"}
"""Interface languages with a catalogue, by BCP 47 tag (as `rulebook.yml` and `hreflang` write them), with their own names."""
_BABEL = {"zh-Hans": "zh_Hans", "en": "en"}
_THEME = {"zh-Hans": "zh", "en": "en"}

_active: ContextVar[str] = ContextVar("rulebook_language", default=DEFAULT_LANGUAGE)


def current_language() -> str:
    return _active.get()


@contextlib.contextmanager
def use_language(lang: str) -> Iterator[str]:
    """Labels, dates and limits inside the block come out in `lang`."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r} (one of: {', '.join(LANGUAGES)})")
    token = _active.set(lang)
    try:
        yield lang
    finally:
        _active.reset(token)


def set_language(lang: str) -> None:
    """For a command line run: the language for the rest of the process (a build uses `use_language` instead)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r} (one of: {', '.join(LANGUAGES)})")
    _active.set(lang)


def language_prefix(lang: str, original: str) -> str:
    """Where a language's pages live in the site: the organ's own language at the root, each other under `/<lang>/`."""
    return "" if lang == original else f"{lang.lower()}/"


def babel_locale(lang: str) -> str:
    return _BABEL[lang]


def theme_language(lang: str) -> str:
    """The code Material for MkDocs knows the language by."""
    return _THEME[lang]


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / _BABEL[lang] / "LC_MESSAGES" / "messages.po"


@cache
def catalogue(lang: str) -> dict[str, str | tuple[str, ...]]:
    """msgid -> translation (a tuple of forms for plural entries); untranslated entries are left out."""
    from babel.messages.pofile import read_po

    path = catalogue_path(lang)
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        cat = read_po(f, locale=_BABEL[lang])
    out: dict[str, str | tuple[str, ...]] = {}
    for message in cat:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (tuple, list)):
            forms = tuple(message.string or ())
            if forms and all(forms):
                out[message.id[0]] = forms
        elif message.string:
            out[message.id] = message.string
    return out


def _(message: str) -> str:
    found = catalogue(_active.get()).get(message)
    return found if isinstance(found, str) else message


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Marks a label for the catalogue where it is defined (a table of constants); `_()` translates it where used."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - the gettext convention
    """Marks a singular/plural pair for the catalogue; `count(n, *pair)` translates it where used."""
    return singular, plural


def ngettext(singular: str, plural: str, n: int) -> str:
    found = catalogue(_active.get()).get(singular)
    if isinstance(found, tuple):
        if len(found) == 1:  # Chinese: one form for every number
            return found[0]
        return found[0] if n == 1 else found[min(1, len(found) - 1)]
    return singular if n == 1 else plural


# ---- formatting: one home for dates, limits, ordinals and sort order ----


def format_date(value: date | None) -> str:
    """2024年3月1日 in Chinese, 1 March 2024 in English."""
    if value is None:
        return ""
    if _active.get() == "zh-Hans":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value.strftime('%B')} {value.year}"


def _amount(value: float) -> str:
    return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


def format_limit(limit: TimeLimit | None) -> str:
    """A time limit in the active language: 20个工作日 / 当场办结, 20 working days / on the spot."""
    if limit is None:
        return ""
    n = _amount(limit.amount)
    unit = str(limit.unit)  # timelimits.Unit is a StrEnum; comparing values keeps timelimits (which uses `_`) unimported
    if unit == "immediate":
        return _("on the spot")
    if unit == "working_days":
        return ngettext("{n} working day", "{n} working days", int(limit.amount)).format(n=n)
    if unit == "calendar_days":
        return ngettext("{n} calendar day", "{n} calendar days", int(limit.amount)).format(n=n)
    if unit == "hours":
        return ngettext("{n} hour", "{n} hours", int(limit.amount)).format(n=n)
    return ngettext("{n} month", "{n} months", int(limit.amount)).format(n=n)


def format_days(days: float) -> str:
    """A sum of working days (the steps of a procedure)."""
    return ngettext("{n} working day", "{n} working days", 1 if days == 1 else 2).format(n=_amount(days))


def ordinal_step(n: int) -> str:
    """第3步 / Step 3."""
    return _("Step {n}").format(n=n)


def count(n: int, singular: str, plural: str) -> str:
    """`count(3, "{n} item", "{n} items")`: the caller passes catalogue strings through ngettext here."""
    return ngettext(singular, plural, n).format(n=n)


def join_list(values: list[str]) -> str:
    """A list in running text: 、between Chinese entries, commas in English."""
    return ("、" if _active.get() == "zh-Hans" else ", ").join(values)


@lru_cache(maxsize=65536)
def collation_key(title: str) -> str:
    """Sort key for titles: Chinese characters by their pinyin (with tone numbers), everything else as letters.

    So 首问负责制 sorts under S beside English titles under S, and an English index stays plain A to Z.
    """
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(title.strip(), style=Style.TONE3, errors="default")).casefold()


def initial(title: str) -> str:
    """The A-to-Z letter of a title: its first letter, or the first letter of the pinyin of its first character."""
    key = collation_key(title)
    first = key[:1].upper()
    return first if first.isascii() and first.isalpha() else "#"


def with_standard_term(label: str, term: str) -> str:
    """A label with the national standard's Chinese term beside it, on pages in another language only.

    "Special stages (特殊环节)" helps an English reader match the published list; on a Chinese page the label
    already is the term, and "特殊环节 (特殊环节)" would say it twice.
    """
    return label if current_language().startswith("zh") else f"{label} ({term})"

"""Keeping the message catalogues in step with the code: extract every label, update the `.po` files.

`python -m indexer.catalogue` extracts the labels marked with `_()`, `N_()`, `ngettext()` and `Nn_()` from the
package with Babel's extractor and merges them into `indexer/locale/<lang>/LC_MESSAGES/messages.po`: new labels
arrive untranslated (and the test suite fails until someone translates them), labels gone from the code are
dropped. English entries are filled with their msgid, since the ids are English already.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

from .i18n import LANGUAGES, babel_locale, catalogue_path

PACKAGE = Path(__file__).resolve().parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "Nn_": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def extract() -> Catalog:
    """Every label in the package source: the string arguments of `_()`, `N_()`, `ngettext()` and `Nn_()`.

    Read from the syntax tree rather than with Babel's token-based Python extractor, which does not look inside
    f-strings, where many headings are (`f"## {_('Steps')}"`); the templates (indexer/templates/*.j2) with Jinja2's.
    """
    catalog = Catalog(project="rulebook")
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS):
                continue
            count = 2 if KEYWORDS[node.func.id] else 1
            args = node.args[:count]
            if len(args) < count or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                continue
            strings = [a.value for a in args]  # type: ignore[attr-defined]
            catalog.add(strings[0] if count == 1 else tuple(strings), None, [(rel, node.lineno)])
    for path in sorted((PACKAGE / "templates").rglob("*.j2")):
        rel = path.relative_to(PACKAGE).as_posix()
        with path.open("rb") as f:  # Jinja2's own Babel extractor: `_()` and `ngettext()` calls in templates
            for lineno, _func, message, _comments in babel_extract(f, tuple(KEYWORDS), [], {"trimmed": "false"}):
                if isinstance(message, str):
                    catalog.add(message, None, [(rel, lineno)])
                elif isinstance(message, tuple) and all(isinstance(m, str) for m in message):
                    catalog.add(message, None, [(rel, lineno)])
    return catalog


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def update(lang: str) -> tuple[int, int]:
    """Merge the extracted labels into the language's catalogue; returns (labels, untranslated)."""
    template = extract()
    path = catalogue_path(lang)
    if path.is_file():
        with path.open("rb") as f:
            catalog = read_po(f, locale=babel_locale(lang))
    else:
        catalog = Catalog(locale=babel_locale(lang), project="rulebook")
    catalog.update(template, no_fuzzy_matching=True)
    missing = 0
    for message in catalog:
        if not message.id:
            continue
        current = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if lang == "en" and not any(current):
            message.string = message.id if isinstance(message.id, str) else tuple(message.id)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if not all(strings):
            missing += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=120, omit_header=False, sort_output=False, ignore_obsolete=True)
    return len(template), missing


if __name__ == "__main__":
    for code in LANGUAGES:
        total, untranslated = update(code)
        print(f"{catalogue_path(code)}: {total} labels, {untranslated} untranslated")

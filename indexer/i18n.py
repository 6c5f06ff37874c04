"""Interface language: every user-visible label goes through `_()` here.

`_("Steps")` marks a label for the message catalogue and returns it in the
project's interface language. The catalogue itself (gettext, through Babel)
arrives with the language work (issue 12); until then labels come back as
written, in English.
"""

from __future__ import annotations


def _(message: str) -> str:
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural

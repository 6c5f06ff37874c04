"""The HTTP security headers and the Content-Security-Policy of the site, in one place.

The policy lets a page run only the site's own script files and the inline
scripts the site generator itself wrote (each allowed by its SHA-256 hash,
collected at build time), so a script that slipped into a rule could not run
even if the sanitiser missed it. Nothing may be loaded from another origin:
the site works on an intranet with no network.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json""", re.I)


def inline_script_hashes(page_html: str) -> set[str]:
    """`'sha256-…'` sources for every executable inline script of a page (JSON data blocks are not executed)."""
    hashes = set()
    for attrs, body in _INLINE_SCRIPT.findall(page_html):
        if _DATA_TYPE.search(attrs):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.add(f"'sha256-{digest}'")
    return hashes


def policy(script_hashes: Iterable[str], *, for_meta: bool = False) -> str:
    """The Content-Security-Policy. `frame-ancestors` is ignored in a <meta> element, so only the header has it.

    `file:` is allowed beside 'self' so the site keeps working opened from disk; an http page cannot load
    file: URLs anyway.
    """
    scripts = " ".join(sorted(script_hashes))
    directives = [
        "default-src 'self' file:",
        f"script-src 'self' file: {scripts}".rstrip(),
        "style-src 'self' file: 'unsafe-inline'",
        "img-src 'self' file: data:",  # images live in docs/: an image from another host would be a beacon
        "font-src 'self' file: data:",
        "connect-src 'self'",
        "worker-src 'self' file: blob:",
        "frame-src 'self' file: blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if not for_meta:
        directives.append("frame-ancestors 'self'")
    return "; ".join(directives)


def meta_tag(script_hashes: Iterable[str]) -> str:
    from html import escape

    return f'<meta http-equiv="Content-Security-Policy" content="{escape(policy(script_hashes, for_meta=True))}">'


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
}
"""Sent with every response of `rulebook serve`, besides the Content-Security-Policy of the release."""

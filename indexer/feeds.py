"""Atom feeds of changes (RFC 4287): one for the whole rulebook, one per post, so a cadre can subscribe.

Written with ElementTree, which escapes every value; one entry per item and commit (or change-log entry),
its content the changed facts in words. Links are relative to the feed's own address, which Atom allows.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from .digest import DigestEntry, events
from .i18n import _

ATOM = "http://www.w3.org/2005/Atom"
FEEDS_DIR = "feeds"
ALL_FEED = f"{FEEDS_DIR}/all.xml"


def post_feed(post_id: str) -> str:
    """Docs-relative path of a post's feed."""
    return f"{FEEDS_DIR}/post-{post_id}.xml"


@dataclass(frozen=True)
class FeedEntry:
    key: str
    title: str
    updated: date
    lines: tuple[str, ...]
    href: str


def _stamp(day: date) -> str:
    return datetime.combine(day, time(0, 0), tzinfo=UTC).isoformat().replace("+00:00", "Z")


def feed_entries(entries: list[DigestEntry], page_of, feed_path: str) -> list[FeedEntry]:
    """One feed entry per change event of an item, linking to the item's page."""
    out = []
    for ev in events(entries):
        version = f" v{ev.version}" if ev.version and ev.item.type != "law" else ""
        href = posixpath.relpath(page_of(ev.item)[:-3] + ".html", posixpath.dirname(feed_path))
        key = f"urn:rulebook:{ev.item.id}:{ev.commit or ev.date.isoformat()}"
        out.append(FeedEntry(key, f"{ev.item.title}{version} · {ev.date.isoformat()}", ev.date, ev.lines, href))
    return out


def atom(title: str, feed_id: str, entries: list[FeedEntry], self_href: str, site_href: str, today: date) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(max((e.updated for e in entries), default=today))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_href)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=site_href)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = _("Rulebook")
    for e in entries:
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(node, f"{{{ATOM}}}title").text = e.title
        ET.SubElement(node, f"{{{ATOM}}}id").text = e.key
        ET.SubElement(node, f"{{{ATOM}}}updated").text = _stamp(e.updated)
        ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", href=e.href)
        ET.SubElement(node, f"{{{ATOM}}}content", type="text").text = "\n".join(e.lines)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)

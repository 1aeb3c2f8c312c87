"""Where a news page says when it was published.

Meta tags and JSON-LD first; then the visible date next to the headline. Pages show other dates too
(the site's "today" in its header, related news, comments), so those parts are never searched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from didban.ingest.dates import parse_published
from didban.ingest.pagechrome import in_chrome, is_chrome

# <meta> names that carry the publication time, most specific first.
DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
_SHORT = 80  # characters: a date line, not a paragraph that happens to hold a date
_DATE_CLASS = re.compile(r"date|time|publish|تاریخ", re.IGNORECASE)


def page_date(tree: Any, title: str | None) -> datetime | None:
    """The publication date of the page ``tree`` (an lxml tree), or ``None``."""
    declared, has_time = _declared_date(tree)
    if declared is not None and has_time:
        return declared
    visible = _visible_date(tree, title)
    if declared is None:
        return visible
    # A date-only declaration is refined by a visible time on the same day.
    return visible if visible is not None and visible.date() == declared.date() else declared


def _declared_date(tree: Any) -> tuple[datetime | None, bool]:
    """From meta tags or JSON-LD, with whether the value gave a time of day."""
    values = [
        meta.get("content")
        for meta in tree.iter("meta")
        if (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower() in DATE_META
    ]
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            values.extend(_json_ld_dates(script.text))
    for value in values:
        if found := parse_published(value):
            return found, ":" in value
    return None, False


def _visible_date(tree: Any, title: str | None) -> datetime | None:
    headline = _headline(tree, title)
    if headline is not None:
        container = headline.getparent()
        for _ in range(4):  # widen step by step: the date sits beside or just above the headline
            if container is None or container.tag in ("body", "html"):
                break
            if found := _date_in(container, near_headline=True):
                return found
            container = container.getparent()
    return _date_in(tree, near_headline=False)


def _headline(tree: Any, title: str | None) -> Any:
    """The ``<h1>`` holding the title (sites also wrap their logo in an ``<h1>``)."""
    candidates = [h for h in tree.iter("h1") if not in_chrome(h)]
    key = "".join((title or "").split())
    for h1 in candidates:
        if key and key in "".join("".join(h1.itertext()).split()):
            return h1
    return candidates[0] if candidates else None


def _date_in(root: Any, near_headline: bool) -> datetime | None:
    """The first date in ``root``: in ``<time>`` or a date-named element, else (beside the headline)
    in any short element that holds a date (sites name that box anything: «dt», «info»)."""
    elements = list(_content_elements(root))
    for element in elements:
        if element.tag == "time" and (found := parse_published(element.get("datetime"))):
            return found
        label = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('itemprop') or ''}"
        if (element.tag == "time" or _DATE_CLASS.search(label)) and (
            found := parse_published(_text(element))
        ):
            return found
    if near_headline:
        for element in elements:
            text = _text(element)
            if len(text) <= _SHORT and (found := parse_published(text)):
                return found
    return None


def _text(element: Any) -> str:
    return " ".join(" ".join(element.itertext()).split())[:200]


def _content_elements(root: Any) -> Iterator[Any]:
    """Elements under ``root`` in document order, leaving out furniture."""
    stack = [root]
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str) or is_chrome(element):
            continue  # comments and processing instructions have no str tag
        yield element
        stack.extend(reversed(element))


def _json_ld_dates(text: str) -> Iterator[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if isinstance(item.get("datePublished"), str):
                yield item["datePublished"]
            stack.extend(v for v in item.values() if isinstance(v, dict | list))

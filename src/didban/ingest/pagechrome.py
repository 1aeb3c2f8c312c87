"""The parts of a news page around the article: menus, headers, sidebars, related news, comments, ads.

trafilatura recognises such parts mostly by English class names and by link density. Persian sites,
especially older ones, often lay pages out with tables and name their boxes freely, so before
extraction the page is helped along: layout tables become plain blocks and obvious boxes are removed.
"""

from __future__ import annotations

import re
from typing import Any

# Class/id words of page furniture. Matched on lower-cased "class id" strings.
CHROME = re.compile(
    r"site-?header|header-?top|top-?header|top-?bar|topmenu|footer|\bnav|menu|breadcrumb|sidebar|related"
    r"|comment|\baside|latest|most-|ticker|widget|\bads?\b|ad-|advert|banner|\bpoll|share|social|rating"
    r"|\bprint\b|newsletter|subscribe"
)
_CHROME_TAGS = frozenset({"nav", "footer", "aside"})
# In-body pointers to other stories: «بیشتر بخوانید: …», «مطلب مرتبط: …».
_READ_MORE = re.compile(
    r"^\s*(?:بیشتر بخوانید|بخوانید|پیشنهاد (?:می‌?\s?شود|ما)|مطلب مرتبط|مطالب مرتبط|اخبار مرتبط|خبر مرتبط"
    r"|read more|see also)\s*[:：»]",
    re.IGNORECASE,
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# What a layout table's cells hold and a data table's do not.
_BLOCK_INSIDE = frozenset({"table", "div", *_HEADINGS, "ul", "ol", "form", "iframe", "script"})
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figure", "footer", "form"),
        *_HEADINGS,
        *("header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot"),
        *("th", "thead", "tr", "ul"),
    }
)
_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th"})


def is_chrome(element: Any) -> bool:
    """Furniture by its tag or by its class/id (a page-level ``<header>``, not an ``<article>``'s)."""
    tag = element.tag
    if not isinstance(tag, str):
        return False
    if tag in _CHROME_TAGS:
        return True
    if tag == "header" and not any(a.tag in ("article", "main") for a in element.iterancestors()):
        return True
    return bool(CHROME.search(f"{element.get('class') or ''} {element.get('id') or ''}".lower()))


def in_chrome(element: Any) -> bool:
    return any(is_chrome(e) for e in (element, *element.iterancestors()))


def prepare_for_extraction(tree: Any) -> Any:
    """Flatten layout tables and drop furniture, in place; the headline's ancestors are always kept."""
    # A set of the elements themselves, not their id(): lxml proxies die and their ids get reused.
    keep = {a for h1 in tree.iter("h1") for a in h1.iterancestors()}
    for table in list(tree.iter("table")):
        if _is_layout_table(table):
            for part in [table, *table.iter(*_TABLE_PARTS)]:
                if part.tag in _TABLE_PARTS and not _is_data_table(part):
                    part.tag = "div"
    for div in list(tree.iter("div")):
        # trafilatura skips text sitting directly in a <div> (a lead: <div class="lead">…</div>);
        # a div holding only inline content is a paragraph in all but name.
        # Short ones (a date line, a news code) stay as they are: they are not prose.
        if (
            (div.text or "").strip()
            and not any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in div)
            and len("".join(div.itertext()).strip()) >= 50
        ):
            div.tag = "p"
    for element in list(tree.iter("p", "div", "li", "span", "strong", "b")):
        text = "".join(element.itertext())
        if len(text) < 300 and _READ_MORE.match(text) and element.getparent() is not None:
            _drop(element)
    total = len("".join(tree.itertext())) or 1
    for element in [e for e in tree.iter() if e not in keep and is_chrome(e)]:
        if element.getparent() is None or not any(True for _ in element.iterancestors("html")):
            continue  # the root, or already removed with an ancestor
        if not _is_wrapper(element, total):
            _drop(element)
    return tree


def _is_wrapper(element: Any, total: int) -> bool:
    """A box holding most of the page's text, prose included, merely has a furniture-like name."""
    if len("".join(element.itertext())) <= total // 2:
        return False
    return any(e.tag in ("p", "article", "main", *_HEADINGS) for e in element.iterdescendants())


def _is_layout_table(table: Any) -> bool:
    """A table used for page layout holds blocks (other tables, headings, divs), not data cells."""
    return any(e.tag in _BLOCK_INSIDE for e in table.iterdescendants())


def _is_data_table(part: Any) -> bool:
    # A nested table inside a layout cell that only holds plain cells stays a table.
    table = part if part.tag == "table" else next(part.iterancestors("table"), None)
    return table is not None and table.tag == "table" and not _is_layout_table(table)


def _drop(element: Any) -> None:
    """Remove an element but keep its tail text (it belongs to the parent)."""
    parent = element.getparent()
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)

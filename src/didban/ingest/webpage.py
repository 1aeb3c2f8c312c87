"""A news web page → one raw article: main text, title, date and outlet (needs ``didban[html]``).

trafilatura separates the article from menus, related-news lists, comments and footers; the page is
prepared for it first (``pagechrome``), and the date is found here (``pagedate``) because trafilatura
reads neither Jalali dates nor Persian digits.
"""

from __future__ import annotations

import copy
import logging
import os
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from didban.article import Article
from didban.errors import InputError
from didban.ingest.dates import parse_published
from didban.ingest.encoding import detect_and_decode
from didban.ingest.fetch import DEFAULT_TIMEOUT, fetch_url, is_url
from didban.ingest.files import DEFAULT_MAX_BYTES, read_file_bytes, too_large
from didban.ingest.pagechrome import prepare_for_extraction
from didban.ingest.pagedate import page_date

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_META_FIELDS = ("description", "author", "categories", "tags", "hostname")
_DOC_FIELDS = ("title", "url", "sitename", "date", "description", "author", "categories", "tags", "hostname")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " : ")


def read_html(
    path_or_bytes: str | os.PathLike[str] | bytes,
    url: str | None = None,
    *,
    outlet: str | None = None,
    charset: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> Article:
    """Extract the article of one HTML page given as a file path, bytes, or an http(s) URL.

    ``url`` and ``outlet`` override what the page says about itself; ``charset`` is one declared
    outside the page (an HTTP header). A fetched page keeps its canonical URL when it names one.
    """
    default_url = None
    if isinstance(path_or_bytes, bytes):
        data, source = path_or_bytes, url or "<html>"
        if len(data) > max_bytes:
            raise too_large(source, len(data), max_bytes)
    elif isinstance(path_or_bytes, str) and is_url(path_or_bytes):
        fetched = fetch_url(path_or_bytes, timeout=timeout, max_bytes=max_bytes)
        data, source = fetched.data, path_or_bytes
        default_url, charset = fetched.url, charset or fetched.charset
    else:
        data, source = read_file_bytes(path_or_bytes, max_bytes), str(path_or_bytes)
    return parse_html(data, source, url=url, outlet=outlet, charset=charset, default_url=default_url)


def parse_html(
    data: bytes,
    source: str,
    *,
    url: str | None = None,
    outlet: str | None = None,
    charset: str | None = None,
    default_url: str | None = None,
) -> Article:
    """The article in HTML bytes already in memory; ``source`` names them in messages.

    ``url`` is the article's URL whatever the page says; ``default_url`` (where it was fetched from)
    is used only when the page names no canonical URL.
    """
    decoded = detect_and_decode(data, source, charset or _declared_charset(data))
    try:
        import trafilatura
        from trafilatura.utils import load_html
    except ImportError:
        raise InputError(source, "reading HTML needs trafilatura: pip install 'didban[html]'") from None
    _quiet_trafilatura()
    options: dict[str, Any] = {
        "url": url,
        "with_metadata": True,
        "include_comments": False,
        "include_tables": True,
        "include_images": False,
        "favor_precision": True,
        "deduplicate": False,
    }
    try:
        tree = load_html(decoded.text)
        if tree is None:
            raise InputError(source, "no article text found in HTML")
        work = copy.deepcopy(tree)  # trafilatura changes the tree it is given; dates are read from `tree`
        restore = _protect_joiners(work, decoded.text)
        doc = trafilatura.bare_extraction(prepare_for_extraction(copy.deepcopy(work)), **options)
        if not (getattr(doc, "text", None) or "").strip():
            # The preparation may have cut an article boxed under a furniture-like class name: try
            # trafilatura alone, but take only article-sized text (not a lone copyright line).
            doc = trafilatura.bare_extraction(work, **options)
            if len(getattr(doc, "text", None) or "") < _MIN_FALLBACK_CHARS:
                doc = None
    except InputError:
        raise
    except Exception as e:  # a third-party parser on untrusted input: report it, never crash
        raise InputError(source, f"HTML extraction failed: {type(e).__name__}: {e}") from None
    text = restore(getattr(doc, "text", None) or "")
    # trafilatura writes tables as Markdown; the |---| rule under a header row is not text.
    body = "\n".join(s for line in text.splitlines() if (s := line.strip()) and not _TABLE_RULE.fullmatch(s))
    if not body:
        raise InputError(source, "no article text found in HTML")
    info: dict[str, Any] = {k: _restore_any(restore, getattr(doc, k, None)) for k in _DOC_FIELDS}
    page_title = " ".join((tree.findtext(".//title") or "").split())
    page_url = url or info["url"] or default_url
    title = _one_line(info["title"]) if info["title"] else None
    site = outlet or info["sitename"] or _site_from_title(page_title, title) or _hostname(page_url)
    title = _strip_site(title, site)
    raw_text = f"{title}\n{body}" if title and not body.startswith(title) else body
    published = page_date(tree, title) or parse_published(info["date"])
    meta = {k: _meta_value(info[k]) for k in _META_FIELDS if info[k]}
    if decoded.encoding != "utf-8":
        meta["encoding"] = decoded.encoding
    return Article(
        raw_text=raw_text,
        title=title,
        url=page_url,
        outlet=site,
        published=published,
        source=source,
        meta=meta,
    )


_TABLE_RULE = re.compile(r"\|(?:\s*:?-+:?\s*\|)+")
_MIN_FALLBACK_CHARS = 250  # trafilatura's own minimum for a main text


def _quiet_trafilatura() -> None:
    """trafilatura logs ERROR lines for ordinary bad pages; our InputError already says it in one line.

    Only an unconfigured logger is quieted, so a user who set its level keeps what they chose.
    """
    logger = logging.getLogger("trafilatura")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.CRITICAL)


# Letters from scripts no Persian page uses, standing in for ZWNJ and ZWJ while trafilatura runs.
_STAND_INS = (("\u16a0", "\u16a1"), ("\u16a2", "\u16a3"), ("\ua4d0", "\ua4d1"), ("\u2c80", "\u2c81"))


def _protect_joiners(tree: Any, page: str) -> Callable[[str], str]:
    """Hide ZWNJ/ZWJ in ``tree`` from trafilatura, which drops every non-printable character.

    In Persian the ZWNJ (نیم‌فاصله) is part of the spelling: «می‌شود», «منطقه‌ای». Without it the
    words run together, so it is swapped for a rare letter (in text and attributes, where titles
    and descriptions live) and the returned function swaps it back in the results.
    """
    pair = next((p for p in _STAND_INS if p[0] not in page and p[1] not in page), None)
    if pair is None:  # every stand-in occurs in the page: extremely unlikely, and only costs the joiners
        return lambda text: text
    zwnj, zwj = pair

    def hide(text: str) -> str:
        return text.replace("\u200c", zwnj).replace("\u200d", zwj)

    for element in tree.iter():
        if element.text:
            element.text = hide(element.text)
        if element.tail:
            element.tail = hide(element.tail)
        for key, value in element.attrib.items():
            element.attrib[key] = hide(value)
    return lambda text: text.replace(zwnj, "\u200c").replace(zwj, "\u200d")


def _restore_any(restore: Callable[[str], str], value: Any) -> Any:
    if isinstance(value, str):
        return restore(value)
    if isinstance(value, list):
        return [_restore_any(restore, v) for v in value]
    return value


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _hostname(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def _site_from_title(page_title: str, title: str | None) -> str | None:
    """«پایگاه خبری نمونه - عنوان خبر» with the headline «عنوان خبر»: the other part names the site.

    The ``<title>`` may word the headline differently from the ``<h1>``; the part sharing words
    with the headline is the headline, and the other one, if short, is the site.
    """
    if not page_title or not title:
        return None
    headline_words = set(title.split())
    for sep in _TITLE_SEPARATORS:
        parts = [p.strip() for p in page_title.split(sep)]
        if len(parts) != 2 or not all(parts):
            continue
        if title in parts:
            return parts[1] if parts[0] == title else parts[0]
        shared = [len(headline_words & set(p.split())) for p in parts]
        site = parts[shared.index(min(shared))]
        if min(shared) == 0 and max(shared) >= 2 and len(site.split()) <= 5:
            return site
    return None


def _strip_site(title: str | None, site: str | None) -> str | None:
    """«عنوان خبر | خبرگزاری نمونه» → «عنوان خبر»: the site name is the outlet, not the title."""
    if not title or not site:
        return title
    for sep in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(sep)
        if found and head and site in tail:
            return head.strip()
        head, found, tail = title.partition(sep)
        if found and tail and site in head:
            return tail.strip()
    return title


def _meta_value(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(_one_line(v) for v in value if v)
    return _one_line(value)


def _one_line(value: object) -> str:
    return " ".join(str(value).split())

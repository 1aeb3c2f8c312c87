"""RSS and Atom feeds → one raw article per item (needs the ``didban[feeds]`` extra: feedparser).

The bytes are checked with defusedxml before feedparser sees them: a feed from the open web may carry
an entity bomb ("billion laughs") or an external entity (XXE) meant to read local files.
"""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from xml.etree.ElementTree import ParseError

from didban.article import Article
from didban.errors import InputError
from didban.ingest.dates import parse_published
from didban.ingest.fetch import DEFAULT_TIMEOUT, fetch_url, is_url
from didban.ingest.files import DEFAULT_MAX_BYTES, read_file_bytes
from didban.ingest.markup import html_to_text
from didban.ingest.policy import OnError, Warn, check_on_error, report

_ENTITY_DECLARATION = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)


def check_xml_safe(data: bytes, source: str) -> bool:
    """Refuse entity declarations and external entities; ``True`` if the XML is also well-formed.

    Malformed XML is not refused here: feedparser's lenient parser copes with the broken feeds
    real sites publish, and a lenient parser expands no declared entities.
    """
    from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except EntitiesForbidden as e:
        if e.sysid or e.pubid:
            raise InputError(source, "refusing XML with an external entity (possible XXE attack)") from None
        raise InputError(source, "refusing XML with entity declarations (possible entity bomb)") from None
    except ExternalReferenceForbidden:
        raise InputError(source, "refusing XML with an external entity (possible XXE attack)") from None
    except DefusedXmlException as e:
        raise InputError(source, f"refusing unsafe XML: {e}") from None
    except (ParseError, ValueError):
        # Could not parse, so defusedxml saw no declarations it could judge: look for them in the text
        # (UTF-16 feeds are re-encoded first so the pattern can match).
        if _ENTITY_DECLARATION.search(_as_utf8(data)):
            raise InputError(source, "refusing XML with entity declarations (possible entity bomb)") from None
        return False
    return True


def read_feed(
    path_or_url: str | os.PathLike[str],
    *,
    on_error: OnError = "skip",
    warn: Warn | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[Article]:
    """One article per item of an RSS/Atom file or URL; ``raw_text`` is title + "\\n" + text."""
    check_on_error(on_error)
    source = str(path_or_url)
    if isinstance(path_or_url, str) and is_url(path_or_url):
        data = fetch_url(path_or_url, timeout=timeout, max_bytes=max_bytes).data
    else:
        data = read_file_bytes(path_or_url, max_bytes)
    yield from parse_feed(data, source, on_error=on_error, warn=warn)


def parse_feed(
    data: bytes, source: str, *, on_error: OnError = "skip", warn: Warn | None = None
) -> Iterator[Article]:
    """Articles from feed bytes already in memory (a file's or a download's)."""
    if not data.strip():
        raise InputError(source, "empty file")
    check_xml_safe(data, source)
    try:
        import feedparser
    except ImportError:
        raise InputError(source, "reading feeds needs feedparser: pip install 'didban[feeds]'") from None
    # Always bytes: given a str, feedparser would treat it as a URL or a file name and open it.
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception") or "no <rss>, <feed> or <rdf:RDF> element"
        raise InputError(source, f"not an RSS or Atom feed ({_one_line(problem)})")
    outlet = _one_line(parsed.feed.get("title", "")) or None
    for i, entry in enumerate(parsed.entries, start=1):
        title = _one_line(html_to_text(entry.get("title", ""))) or None
        body = html_to_text(_entry_html(entry))
        if not title and not body:
            report(InputError(source, f"item {i}: no title or text"), on_error, warn)
            continue
        raw_text = f"{title}\n{body}" if title and body else (title or body)
        yield Article(
            raw_text=raw_text,
            title=title,
            url=entry.get("link") or None,
            outlet=outlet,
            published=_entry_date(entry),
            source=source,
            meta=_entry_meta(entry),
        )


def _entry_html(entry: Any) -> str:
    # Full content (content:encoded, Atom <content>) beats the summary when a feed carries both.
    for content in entry.get("content") or []:
        if content.get("value"):
            return str(content["value"])
    return str(entry.get("summary") or entry.get("description") or "")


def _field(entry: Any, key: str) -> Any:
    # dict.get skips FeedParserDict's aliases ("updated" → "published"), which warn on every use.
    return dict.get(entry, key)


def _entry_date(entry: Any) -> datetime | None:
    for key in ("published", "updated", "created"):
        # Our parser first: it reads Jalali dates and Persian digits, which feedparser does not.
        parsed = parse_published(_field(entry, key))
        if parsed is not None:
            return parsed
    for key in ("published_parsed", "updated_parsed"):
        struct = _field(entry, key)
        if struct:
            return datetime.fromtimestamp(calendar.timegm(struct), tz=UTC)
    return None


def _entry_meta(entry: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    if entry.get("id") and entry.get("id") != entry.get("link"):
        meta["guid"] = str(entry["id"])
    if entry.get("author"):
        meta["author"] = _one_line(str(entry["author"]))
    tags = [t.get("term") for t in entry.get("tags") or [] if t.get("term")]
    if tags:
        meta["tags"] = ", ".join(tags)
    for key in ("published", "updated"):
        value = _field(entry, key)
        if value and parse_published(value) is None:
            meta[f"{key}_raw"] = str(value)
    return meta


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _as_utf8(data: bytes) -> bytes:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").encode("utf-8")
    return data

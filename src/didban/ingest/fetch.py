"""Fetching one URL with a timeout and a size cap: the only network code in Didban."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from didban.errors import InputError
from didban.ingest.files import DEFAULT_MAX_BYTES, format_size, too_large

DEFAULT_TIMEOUT = 30.0  # seconds, per connection attempt and per read
USER_AGENT = "didban (Persian news observatory)"


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str  # lower-cased media type, e.g. "text/html"
    charset: str | None  # from the Content-Type header, if any


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def fetch_url(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES) -> Fetched:
    """GET ``url`` (http or https only); refuses bodies over ``max_bytes`` without reading them whole."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise InputError(url, "only http:// and https:// URLs can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise too_large(url, int(length), max_bytes, what="download")
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InputError(url, f"download too large (over the {format_size(max_bytes)} limit)")
            headers: Message = response.headers
            return Fetched(
                url=response.geturl(),
                data=data,
                content_type=headers.get_content_type(),
                charset=headers.get_content_charset(),
            )
    except urllib.error.HTTPError as e:
        raise InputError(url, f"HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError):
            raise InputError(url, f"timed out after {timeout:g} s") from None
        raise InputError(url, f"cannot fetch: {reason}") from None
    except TimeoutError:
        raise InputError(url, f"timed out after {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as e:
        raise InputError(url, f"cannot fetch: {e}") from None
    except ValueError as e:  # urllib's word for a malformed URL
        raise InputError(url, f"invalid URL: {e}") from None

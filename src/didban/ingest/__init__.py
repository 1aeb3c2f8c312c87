"""The outside world → raw ``Article`` objects: files, folders, JSONL/CSV, HTML pages, RSS/Atom feeds.

Readers set ``raw_text``, ``title``, ``url``, ``outlet``, ``published``, ``source`` and ``meta``;
normalization and analysis happen later in the pipeline. Every problem with an input is an
``InputError`` whose message is one line naming the input. trafilatura and feedparser (the
``didban[html]`` and ``didban[feeds]`` extras) are imported only when a page or feed is read.
"""

from didban.ingest.dates import parse_published
from didban.ingest.dispatch import kind_of, read_folder, read_path, read_paths
from didban.ingest.encoding import decode_bytes
from didban.ingest.feed import parse_feed, read_feed
from didban.ingest.fetch import fetch_url
from didban.ingest.files import DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORD_BYTES
from didban.ingest.policy import OnError, Warn
from didban.ingest.records import FieldMapping, read_csv, read_json, read_jsonl, record_to_article
from didban.ingest.text import parse_text, read_text_file
from didban.ingest.webpage import parse_html, read_html

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_RECORD_BYTES",
    "FieldMapping",
    "OnError",
    "Warn",
    "decode_bytes",
    "fetch_url",
    "kind_of",
    "parse_feed",
    "parse_html",
    "parse_published",
    "parse_text",
    "read_csv",
    "read_feed",
    "read_folder",
    "read_html",
    "read_json",
    "read_jsonl",
    "read_path",
    "read_paths",
    "read_text_file",
    "record_to_article",
]

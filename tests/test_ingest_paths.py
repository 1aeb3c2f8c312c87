"""Dispatch of files, folders and URLs, batch mode (skip and warn), and fetching from a local server."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from didban.errors import InputError
from didban.ingest import fetch_url, kind_of, read_folder, read_path, read_paths

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
# Mixed inputs need the readers behind the extras: pip install 'didban[ingest]'.
needs_extras = pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("trafilatura", "feedparser")),
    reason="needs didban[ingest] (trafilatura, feedparser)",
)
SEED_TITLE = "احتمال حضور نظامی روسیه در عراق"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.txt", "text"),
        ("a.MD", "text"),
        ("a.html", "html"),
        ("a.htm", "html"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.json", "json"),
        ("a.csv", "csv"),
        ("a.tsv", "csv"),
        ("a.xml", "feed"),
        ("a.rss", "feed"),
        ("a.atom", "feed"),
        ("a.pdf", None),
        ("README", None),
    ],
)
def test_kind_of(name: str, kind: str | None) -> None:
    assert kind_of(name) == kind


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with one input of every kind, some nested, plus files that must be passed over."""
    root = tmp_path / "corpus"
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copy(FIXTURES / "text" / "seed-article.txt", root / "seed.txt")
    shutil.copy(FIXTURES / "html" / "short-item.html", root / "nested" / "page.html")
    shutil.copy(FIXTURES / "feeds" / "atom.xml", root / "nested" / "deeper" / "feed.atom")
    shutil.copy(FIXTURES / "records" / "articles.csv", root / "nested" / "rows.csv")
    (root / "records.jsonl").write_text('{"title": "یک", "text": "متن یک."}\n', encoding="utf-8")
    (root / ".git" / "notes.txt").write_text("hidden", encoding="utf-8")
    (root / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    return root


@needs_extras
def test_read_folder_dispatches_by_extension(corpus: Path) -> None:
    articles = list(read_folder(corpus))
    sources = [a.source for a in articles]
    # sorted paths; hidden files and unknown extensions passed over
    assert sources == [
        f"{corpus}/nested/deeper/feed.atom",
        f"{corpus}/nested/page.html",
        f"{corpus}/nested/rows.csv:2",
        f"{corpus}/nested/rows.csv:3",
        f"{corpus}/records.jsonl:1",
        f"{corpus}/seed.txt",
    ]
    assert articles[-1].title == SEED_TITLE
    assert all(a.text == "" and a.raw_text for a in articles)


def test_read_folder_pattern(corpus: Path) -> None:
    assert [a.source for a in read_folder(corpus, "*.txt")] == [f"{corpus}/seed.txt"]


def test_read_folder_refuses_a_file_or_nothing(corpus: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        list(read_folder(corpus / "seed.txt"))
    with pytest.raises(InputError, match="no such file or directory"):
        list(read_folder(corpus / "nope"))


def test_read_path_unknown_extension_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "NEWS"
    path.write_text("عنوان\nمتن", encoding="utf-8")
    (article,) = read_path(path)
    assert article.title == "عنوان"


def _bad_corpus(root: Path) -> Path:
    root.mkdir()
    shutil.copy(FIXTURES / "text" / "seed-article.txt", root / "a-good.txt")
    (root / "b-empty.txt").write_bytes(b"")
    (root / "c-binary.txt").write_bytes(b"\x00\x01\x02\x03" * 10)
    shutil.copy(FIXTURES / "feeds" / "billion-laughs.xml", root / "d-bomb.xml")
    (root / "e-menu.html").write_text("<html><body><nav><a href='/'>خانه</a></nav></body></html>", "utf-8")
    shutil.copy(FIXTURES / "records" / "broken.jsonl", root / "f-broken.jsonl")
    (root / "g-big.txt").write_text("عنوان\n" + "متن " * 5000, encoding="utf-8")
    shutil.copy(FIXTURES / "html" / "short-item.html", root / "h-good.html")
    return root


@needs_extras
def test_batch_mode_warns_once_per_bad_input_and_goes_on(tmp_path: Path) -> None:
    root = _bad_corpus(tmp_path / "in")
    warnings: list[str] = []
    articles = list(read_paths([root], on_error="skip", warn=warnings.append, max_bytes=16 * 1024))
    assert [Path(str(a.source)).name for a in articles] == [
        "a-good.txt",
        "f-broken.jsonl:1",
        "f-broken.jsonl:2",
        "f-broken.jsonl:5",
        "f-broken.jsonl:8",
        "h-good.html",
    ]
    assert warnings == [
        f"{root}/b-empty.txt: empty file",
        f"{root}/c-binary.txt: binary file, not text",
        f"{root}/d-bomb.xml: refusing XML with entity declarations (possible entity bomb)",
        f"{root}/e-menu.html: no article text found in HTML",
        f"{root}/f-broken.jsonl: line 3: expected a JSON object, found list",
        f"{root}/f-broken.jsonl: line 4: no text (expected a non-empty field text, body or content)",
        f"{root}/f-broken.jsonl: line 7: invalid JSON: Invalid control character (column 44)",
        f"{root}/g-big.txt: file too large (34 KB > 16 KB limit)",
    ]
    assert all("\n" not in w for w in warnings)


@needs_extras
def test_strict_mode_stops_at_the_first_bad_input(tmp_path: Path) -> None:
    root = _bad_corpus(tmp_path / "in")
    seen = []
    with pytest.raises(InputError, match=r"b-empty\.txt: empty file"):
        for article in read_paths([root]):
            seen.append(article)
    assert len(seen) == 1


def test_missing_path_in_batch_mode(tmp_path: Path) -> None:
    warnings: list[str] = []
    good = FIXTURES / "text" / "seed-article.txt"
    articles = list(read_paths([tmp_path / "nope.txt", good], on_error="skip", warn=warnings.append))
    assert [a.title for a in articles] == [SEED_TITLE]
    assert warnings == [f"{tmp_path / 'nope.txt'}: no such file or directory"]


def test_default_warning_goes_to_the_log(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert list(read_paths([tmp_path / "empty.txt"], on_error="skip")) == []
    assert caplog.messages == [f"{tmp_path / 'empty.txt'}: empty file"]


def test_on_error_is_checked() -> None:
    with pytest.raises(ValueError, match="on_error"):
        list(read_paths([], on_error="ignore"))  # type: ignore[arg-type]


def test_import_stays_light() -> None:
    code = (
        "import sys, didban.ingest; "
        "names = ('trafilatura', 'feedparser', 'lxml', 'charset_normalizer'); "
        "heavy = [m for m in names if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- URLs, served from this machine -------------------------------------------------------------------

PAGES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/feed": (
        200,
        {"Content-Type": "application/rss+xml; charset=utf-8"},
        (FIXTURES / "feeds" / "rss2.xml").read_bytes(),
    ),
    "/page.html": (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        (FIXTURES / "html" / "agency-item.html").read_bytes(),
    ),
    "/short": (200, {"Content-Type": "text/html"}, (FIXTURES / "html" / "short-item.html").read_bytes()),
    "/legacy": (
        200,
        {"Content-Type": "text/html; charset=windows-1256"},
        (FIXTURES / "html" / "legacy-table.html").read_text(encoding="utf-8").encode("cp1256"),
    ),
    "/seed.txt": (
        200,
        {"Content-Type": "text/plain; charset=utf-8"},
        (FIXTURES / "text" / "seed-article.txt").read_bytes(),
    ),
    "/data": (200, {"Content-Type": "application/json"}, json.dumps({"a": 1}).encode()),
    "/bomb": (
        200,
        {"Content-Type": "application/xml"},
        (FIXTURES / "feeds" / "billion-laughs.xml").read_bytes(),
    ),
    "/redirect": (302, {"Location": "/short"}, b""),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # the name http.server calls
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/big":  # announced too large
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(10_000))
            self.end_headers()
            self.wfile.write(b" " * 10_000)
            return
        if self.path == "/endless":  # too large, without saying so
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>" + b" " * 10_000)
            return
        status, headers, body = PAGES.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@needs_extras
def test_urls_of_each_kind(server: str) -> None:
    urls = [f"{server}/feed", f"{server}/page.html", f"{server}/seed.txt", f"{server}/redirect"]
    warnings: list[str] = []
    articles = list(read_paths(urls, on_error="skip", warn=warnings.append))
    assert warnings == [f"{urls[0]}: item 4: no title or text"]
    assert [a.source for a in articles] == [urls[0]] * 3 + urls[1:]
    feed_items, page, text, redirected = articles[:3], articles[3], articles[4], articles[5]
    assert feed_items[0].title == "کاهش ۴۰ درصدی حجم آب سدهای تهران"
    assert page.url == "https://news.example.ir/fa/news/84521/"  # the page's canonical URL
    assert page.outlet == "خبرگزاری نمونه"
    assert text.title == SEED_TITLE and text.url == f"{server}/seed.txt"
    assert redirected.url == f"{server}/short"  # no canonical URL: where it was fetched from


@needs_extras
def test_url_windows_1256_charset_header(server: str) -> None:
    (article,) = read_paths([f"{server}/legacy"])
    assert article.title == "برگزاري نمايشگاه کتاب استاني در اصفهان"
    assert article.meta["encoding"] == "cp1256"


@needs_extras
@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/data", "cannot read 'application/json' (expected HTML, RSS/Atom or plain text)"),
        ("/bomb", "refusing XML with entity declarations (possible entity bomb)"),
        ("/big", "download too large (10 KB > 4 KB limit)"),
        ("/endless", "download too large (over the 4 KB limit)"),
    ],
)
def test_bad_urls(server: str, path: str, problem: str) -> None:
    url = f"{server}{path}"
    with pytest.raises(InputError) as caught:
        list(read_paths([url], max_bytes=4096))
    assert str(caught.value) == f"{url}: {problem}"
    warnings: list[str] = []
    assert list(read_paths([url], on_error="skip", warn=warnings.append, max_bytes=4096)) == []
    assert warnings == [f"{url}: {problem}"]


def test_timeout(server: str) -> None:
    with pytest.raises(InputError, match=r"/slow: timed out after 0\.3 s"):
        fetch_url(f"{server}/slow", timeout=0.3)


def test_unreachable_and_unsupported_urls() -> None:
    with pytest.raises(InputError, match="cannot fetch"):
        fetch_url("http://127.0.0.1:9/", timeout=2)  # the discard port: nothing listens
    with pytest.raises(InputError, match="only http:// and https://"):
        fetch_url("file:///etc/passwd")

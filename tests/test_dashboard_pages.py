"""The dashboard's pages over HTTP (in process, no browser): a store filled by the real pipeline from the
Persian fixtures, plus a hostile article; every page renders, links lead somewhere, nothing is unescaped.

`build_store` is also what the browser tests (`test_dashboard_browser.py`) serve.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.testclient import TestClient

from didban import Article
from didban.store import Store, open_store

FIXTURES = Path(__file__).parent / "fixtures"
TEHRAN_OFFSET = "+03:30"

# What an attacker would put in a feed: markup in the title, the text and the outlet, and a script URL.
XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SVG = '"><svg onload=window.__xss=1>'
XSS_URL = "javascript:window.__xss=1"
HOSTILE_OUTLET = f"خبرگزاری {XSS_SVG}{XSS_SCRIPT}"
HOSTILE_TITLE = f"روسیه و عراق {XSS_SCRIPT} {XSS_IMG}"
HOSTILE_TEXT = (
    f"{HOSTILE_TITLE}\n"
    f"وزارت خارجه روسیه اعلام کرد: {XSS_IMG} همکاری با عراق ادامه دارد. {XSS_SCRIPT}\n"
    f"به گزارش خبرگزاری صدا و سیما، نشانی {XSS_URL} و {XSS_SVG} در متن آمده است.\n"
)

SEED_OUTLET = "خبرگزاری صدا و سیما"


def _fixture_articles() -> list[Article]:
    """The ingest fixtures as a user's `didban ingest` reads them, plus the seed article from two outlets
    (the second a re-published copy two hours later: a near-duplicate in the same story)."""
    from didban.ingest import read_paths

    paths = [
        FIXTURES / "ingest" / "records" / "articles.jsonl",
        FIXTURES / "ingest" / "feeds" / "rss2.xml",
        FIXTURES / "ingest" / "feeds" / "atom.xml",
        *sorted((FIXTURES / "ingest" / "html").glob("*.html")),
        FIXTURES / "ingest" / "text" / "report.md",
    ]
    articles = list(read_paths(paths, on_error="skip", warn=lambda _: None))
    seed = (FIXTURES / "seed-article.txt").read_text(encoding="utf-8")
    published = datetime.fromisoformat(f"2025-09-05T10:00:00{TEHRAN_OFFSET}")
    articles.append(
        Article(raw_text=seed, outlet=SEED_OUTLET, url="https://www.iribnews.ir/fa/news/1", published=published)
    )
    lines = seed.split("\n")
    copy = "\n".join([lines[0], *lines[1:], "انتهای پیام"])
    articles.append(
        Article(
            raw_text=copy,
            outlet="شبکه خبر",
            url="https://khabar.example.ir/n/2",
            published=published + timedelta(hours=2),
        )
    )
    articles.append(
        Article(raw_text=HOSTILE_TEXT, outlet=HOSTILE_OUTLET, url=XSS_URL, published=published + timedelta(days=1))
    )
    return articles


def build_store(path: Path) -> Store:
    """A SQLite store at ``path`` filled by the real pipeline and the corpus steps (near-duplicates,
    stories), as `didban ingest` would leave it."""
    from didban.corpus.near_duplicates import NearDuplicateIndex
    from didban.corpus.stories import StoryClusterer
    from didban.pipeline import Pipeline

    articles = list(Pipeline().pipe(_fixture_articles()))
    NearDuplicateIndex().add_many(articles)
    StoryClusterer().add_many(articles)
    store = open_store(path)
    store.put_many(articles)
    return store


def seed_id() -> str:
    return Article(raw_text="", outlet=SEED_OUTLET, url="https://www.iribnews.ir/fa/news/1").id


def hostile_id() -> str:
    return Article(raw_text="", outlet=HOSTILE_OUTLET, url=XSS_URL).id


# -- the app -------------------------------------------------------------------------------------------


def make_app(store: Store) -> FastAPI:
    """The app as `didban.api.app.create_app` builds it when that exists; else the same wiring by hand."""
    try:
        from didban.api.app import create_app
    except ImportError:
        from didban.api.dashboard import STATIC_DIR, router

        app = FastAPI()
        app.state.store = store
        app.include_router(router, prefix="/ui")
        app.mount("/ui/static", StaticFiles(directory=STATIC_DIR), name="static")
        return app
    return create_app(store=store)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = build_store(tmp_path_factory.mktemp("dash") / "news.db")
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(make_app(store)) as c:
        yield c


# -- checks shared by every page ------------------------------------------------------------------------


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def assert_safe(html: str) -> None:
    """No payload made it through as markup: the only script is our static file, no element carries an
    event handler or an inline style, no link runs script, no image was injected."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag != "img", attrs
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "style" not in attrs, (tag, attrs)
        if tag == "script":
            assert attrs.get("src", "").endswith("/static/dashboard.js"), attrs
        for name in ("href", "src", "action"):
            assert not attrs.get(name, "").strip().lower().startswith(("javascript:", "data:text")), (tag, attrs)


def page(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="fa" dir="rtl">' in html
    assert_safe(html)
    return html


def links(html: str) -> list[str]:
    return re.findall(r'href="(/ui/[^"]*)"', html)


# -- pages ------------------------------------------------------------------------------------------------


def test_overview_shows_volume_entities_speakers_and_event_types(client: TestClient) -> None:
    html = page(client, "/ui/")
    assert "<svg" in html and 'class="chart volume"' in html
    assert html.count('<rect class="c') >= 3  # bars of several outlets
    assert "روسیه" in html and "عراق" in html
    assert "/ui/entities/country:RU" in html
    assert "/ui/search?event_type=" in html
    assert "۱" in html  # Persian digits


def test_static_files_and_font_are_served(client: TestClient) -> None:
    css = client.get("/ui/static/dashboard.css")
    assert css.status_code == 200 and "Vazirmatn" in css.text
    for name in ("Vazirmatn-Regular.woff2", "Vazirmatn-Bold.woff2", "OFL.txt"):
        assert client.get(f"/ui/static/fonts/{name}").status_code == 200
    assert client.get("/ui/static/dashboard.js").status_code == 200


def test_search_results_facets_and_paging(client: TestClient) -> None:
    html = page(client, "/ui/search?q=" + quote("روسیه"))
    assert seed_id() in html
    assert "<mark>" in html  # the matched word in the snippet
    assert 'data-facet="outlet"' in html and 'data-facet="entity"' in html
    # a facet link narrows the search: following it keeps the query and adds the filter
    outlet_link = next(u for u in links(html) if "outlet=" in u and "q=" in u)
    narrowed = page(client, outlet_link.replace("&amp;", "&"))
    assert 'class="chosen"' in narrowed
    # an empty form shows the hint, a bad date a message
    assert "پالایه" in page(client, "/ui/search")
    assert "is not a date" in page(client, "/ui/search?since=" + quote("فردا"), status=400)


def test_search_by_entity_name_resolves_it(client: TestClient) -> None:
    html = page(client, "/ui/search?entity=" + quote("روسیه"))
    assert "/ui/entities/country:RU" in html and seed_id() in html


def test_search_filters_by_event_type_and_modality(client: TestClient) -> None:
    html = page(client, "/ui/search?event_type=ASSAULT&modality=conditional")
    assert seed_id() in html
    html = page(client, "/ui/search?event_type=SANCTION")
    assert seed_id() not in html


def test_article_page_highlights_mentions_statements_events_and_framing(client: TestClient) -> None:
    html = page(client, f"/ui/articles/{seed_id()}")
    # «روسیه» is a GPE mention linking to its entity page
    assert re.search(r'<a class="hl m t-GPE[^"]*"[^>]*href="/ui/entities/country:RU">روسیه</a>', html)
    assert 'class="hl sp' in html and 'class="hl cue' in html  # a statement's speaker and cue
    assert re.search(r'class="hl [^"]*\bev\b', html)  # an event trigger
    assert re.search(r'class="hl [^"]*\bfr\b', html) and "تکفیری-صهیونیستی" in html  # framing of داعش
    # the relay chain as a path, outermost publisher first
    chain = ("خبرگزاری صدا و سیما</a>", "<a[^>]*>شبکه تلویزیونی المیادین</a>", "<a[^>]*>رئیس شورای اتحادیه روسیه</a>")
    assert re.search(" ← ".join(chain), html)
    assert 'data-ref="s0"' in html and 'data-refs="' in html
    assert "/ui/entities/armed:isis" in html


def test_article_missing_is_404(client: TestClient) -> None:
    page(client, "/ui/articles/nope", status=404)
    page(client, "/ui/entities/nobody:0", status=404)
    page(client, "/ui/stories/nope", status=404)


def test_entity_page_shows_timeline_statements_framings_and_network(client: TestClient) -> None:
    html = page(client, "/ui/entities/country:RU")
    assert 'class="chart volume"' in html
    assert 'class="chart network"' in html and html.count("<circle") >= 3
    assert "/ui/entities/country:IQ" in html  # a partner in the network and the co-mentions
    isis = page(client, "/ui/entities/armed:isis")
    assert "تکفیری-صهیونیستی" in isis and SEED_OUTLET in isis  # how the outlet labels it
    council = page(client, "/ui/entities/org:RU-FEDCOUNCIL")
    assert "اعلام کرد" in council  # its statement


def test_stories_and_story_page(client: TestClient, store: Store) -> None:
    seed = store.get(seed_id())
    assert seed.story_id
    listing = page(client, "/ui/stories")
    assert f"/ui/stories/{seed.story_id}" in listing
    html = page(client, f"/ui/stories/{seed.story_id}")
    assert 'class="chart timeline"' in html
    assert 'class="first-publisher">' + SEED_OUTLET in html
    assert "رونوشت:" in html and "شبکه خبر" in html  # the re-published copy


def test_hostile_article_is_shown_as_text(client: TestClient) -> None:
    html = page(client, f"/ui/articles/{hostile_id()}")
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert XSS_URL in html and 'class="bad-url"' in html  # shown, never a link
    for url in ("/ui/", "/ui/search?q=" + quote("عراق"), "/ui/stories"):
        page(client, url)


def test_every_linked_page_renders(client: TestClient) -> None:
    """Crawl from the overview (two levels): no link is broken and every page passes `assert_safe`."""
    seen: set[str] = set()
    frontier = ["/ui/", "/ui/stories", f"/ui/articles/{seed_id()}", f"/ui/articles/{hostile_id()}"]
    for _ in range(2):
        nxt: list[str] = []
        for url in frontier:
            if url in seen or "/static/" in url:
                continue
            seen.add(url)
            html = page(client, url.replace("&amp;", "&"))
            nxt += links(html)
        frontier = nxt[:150]
    assert len(seen) > 20

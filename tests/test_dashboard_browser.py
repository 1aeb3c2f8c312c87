"""The dashboard in a real browser, as an analyst meets it: `didban serve` on a store the pipeline filled,
headless Chromium (Debian's /usr/bin/chromium driven by Playwright for Python; nothing is downloaded).

Loads every page, uses the search form, clicks a facet, follows a result to the article and an entity
link to the entity page, checks highlights, charts and the graph, the absence of console errors (a CSP
violation is one), and that the hostile article's payloads do not run. A screenshot of each main page is
saved under artifacts/screenshots/ (or $DIDBAN_ARTIFACTS/screenshots).

Skipped when /usr/bin/chromium or Playwright is missing, unless DIDBAN_REQUIRE_CHROMIUM=1.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
REQUIRED = os.environ.get("DIDBAN_REQUIRE_CHROMIUM") == "1"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (DIDBAN_REQUIRE_CHROMIUM=1)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if not os.path.exists(CHROMIUM):
    _unavailable(f"{CHROMIUM} not found")
try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    _unavailable("playwright (Python) is not installed")

from serve import serve  # noqa: E402
from test_dashboard_pages import (  # noqa: E402
    SEED_OUTLET,
    XSS_IMG,
    XSS_SCRIPT,
    build_store,
    hostile_id,
    seed_id,
)

ROOT = Path(__file__).resolve().parents[1]
SHOTS = Path(os.environ.get("DIDBAN_ARTIFACTS", ROOT / "artifacts")) / "screenshots"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "news.db"
    build_store(db).close()
    with serve(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@dataclass
class Watch:
    """What the page did that it should not: console errors, uncaught exceptions, dialogs."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, Watch]]:
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="fa-IR")
    pg = context.new_page()
    watch = Watch()
    pg.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        watch.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    yield pg, watch
    context.close()


def _open(pg: Page, url: str) -> None:
    response = pg.goto(url, wait_until="load")
    assert response is not None and response.status == 200, (url, response and response.status)
    pg.evaluate("document.fonts.ready")  # screenshots with the shipped font, not a fallback


def _shot(pg: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _clean(pg: Page, watch: Watch) -> None:
    assert watch.errors == [], watch.errors
    assert watch.dialogs == []
    assert pg.evaluate("typeof window.__xss") == "undefined"


def test_every_page_renders_with_charts_and_a_screenshot(base: str, page: tuple[Page, Watch]) -> None:
    pg, watch = page
    _open(pg, f"{base}/")  # the root redirects to the dashboard
    assert pg.url.endswith("/ui/")
    assert pg.evaluate("document.documentElement.dir") == "rtl"
    assert pg.locator("svg.volume rect").count() >= 3
    assert pg.locator("table.counts svg.bar").count() > 5
    font = pg.evaluate("document.fonts.check('16px Vazirmatn')")
    assert font, "the shipped Vazirmatn font is not loaded"
    _shot(pg, "overview")

    _open(pg, f"{base}/ui/articles/{seed_id()}")
    _shot(pg, "article")

    _open(pg, f"{base}/ui/entities/country:RU")
    assert pg.locator("svg.network circle").count() >= 3
    assert pg.locator("svg.network .edge").count() >= 2
    assert pg.locator("svg.volume rect").count() >= 1
    _shot(pg, "entity")

    _open(pg, f"{base}/ui/stories")
    _shot(pg, "stories")
    pg.locator("table.stories a").first.click()
    pg.wait_for_load_state("load")
    assert "/ui/stories/" in pg.url
    _open(pg, f"{base}/ui/articles/{seed_id()}")
    pg.locator(".meta a", has_text="ماجرای این خبر").click()
    pg.wait_for_load_state("load")
    assert pg.locator("svg.timeline circle").count() >= 2
    assert pg.locator(".first-publisher").inner_text() == SEED_OUTLET
    _shot(pg, "story")
    _clean(pg, watch)


def test_search_facet_article_entity_journey(base: str, page: tuple[Page, Watch]) -> None:
    pg, watch = page
    _open(pg, f"{base}/ui/search")
    pg.fill("form.search input[name=q]", "روسیه")
    pg.click("form.search button[type=submit]")
    pg.wait_for_load_state("load")
    assert pg.locator(".hit").count() >= 1
    assert pg.locator(".hit mark").count() >= 1
    _shot(pg, "search")

    # a facet narrows the search and is marked chosen
    pg.locator('[data-facet="outlet"] a', has_text=SEED_OUTLET).first.click()
    pg.wait_for_load_state("load")
    assert "outlet=" in pg.url and "q=" in pg.url
    assert pg.locator('[data-facet="outlet"] li.chosen').count() == 1
    assert pg.locator(".hit").count() >= 1

    # the result leads to the article, with its analysis highlighted
    pg.locator(".hit h2 a").first.click()
    pg.wait_for_load_state("load")
    assert "/ui/articles/" in pg.url
    russia = pg.locator(".text a.hl.m.t-GPE", has_text="روسیه")
    assert russia.count() >= 1
    assert pg.locator(".text .hl.sp").count() >= 1  # a speaker
    assert pg.locator(".text .hl.ev").count() >= 1  # an event trigger
    assert pg.locator(".text .hl.fr").count() >= 1  # a framing label
    relay = pg.locator('.ref[data-ref="s0"] .relay').inner_text()
    assert "خبرگزاری صدا و سیما ← شبکه تلویزیونی المیادین" in relay

    # hovering a statement in the side list lights up its spans in the text
    pg.hover('.ref[data-ref="s0"]')
    assert pg.locator('.text .hl.active[data-refs~="s0"]').count() >= 1

    # an entity link leads to its page, with its chart and network
    russia.first.click()
    pg.wait_for_load_state("load")
    assert pg.url.endswith("/ui/entities/country:RU")
    assert pg.locator("h1").inner_text().startswith("روسیه")
    assert pg.locator("svg.network a").count() >= 2
    _clean(pg, watch)


def test_hostile_article_payloads_do_not_run(base: str, page: tuple[Page, Watch]) -> None:
    pg, watch = page
    _open(pg, f"{base}/ui/articles/{hostile_id()}")
    text = pg.locator("main").inner_text()
    assert XSS_SCRIPT in text and XSS_IMG.split(" ")[0] in text  # shown as text
    assert pg.locator("main img, main script, main iframe").count() == 0
    assert pg.locator('a[href^="javascript:"]').count() == 0
    assert pg.locator(".bad-url").count() >= 1  # the javascript: URL, as text
    _shot(pg, "hostile-article")
    for url in ("/ui/", "/ui/search?q=%D8%B9%D8%B1%D8%A7%D9%82", "/ui/stories", "/ui/entities/country:RU"):
        _open(pg, base + url)
    _clean(pg, watch)

"""The dashboard's renderers on their own: highlighting from offsets (overlaps, escaping), charts, the
graph and the display helpers. Fast; no store, no server."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

pytest.importorskip("jinja2")

from didban.api.dashboard import charts, fmt
from didban.api.dashboard.highlight import Mark, highlight
from didban.store import StoryArticle
from didban.store.analytics import DayCount, Edge, Network, Node

VOID = {"br", "img", "input", "meta", "link"}


class _Balance(HTMLParser):
    """Checks that every element is closed, in order, and collects the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Balance:
    p = _Balance()
    p.feed(html)
    p.close()
    assert p.stack == [], p.stack
    return p


# -- highlighting -------------------------------------------------------------------------------------

TEXT = "رئیس شورای اتحادیه روسیه اعلام کرد: روسیه آماده است."


@pytest.mark.parametrize(
    "spans",
    [
        [(0, 25), (5, 25), (19, 25)],  # nested, sharing an end
        [(0, 10), (5, 30)],  # crossing
        [(5, 10), (5, 10)],  # identical
        [(20, 40), (0, 21), (38, 60), (37, 38)],  # chains and a one-letter span
        [(-5, 3), (50, 500), (7, 7), (9, 4)],  # out of range, empty, reversed
    ],
)
def test_overlapping_spans_give_balanced_markup_and_keep_the_text(spans: list[tuple[int, int]]) -> None:
    marks = [Mark(s, e, ("m", "t-GPE"), f"m{i}", "t") for i, (s, e) in enumerate(spans)]
    html = highlight(TEXT, marks)
    parsed = parse(str(html))
    assert "".join(parsed.text) == TEXT  # nothing lost, nothing doubled


def test_each_piece_carries_every_covering_span() -> None:
    html = str(highlight("abcdef", [Mark(0, 4, ("a",), "x"), Mark(2, 6, ("b",), "y")]))
    assert html == (
        '<p><span class="hl a" data-refs="x">ab</span><span class="hl a b" data-refs="x y">cd</span>'
        '<span class="hl b" data-refs="y">ef</span></p>'
    )


def test_text_titles_hrefs_and_classes_are_escaped() -> None:
    text = '<script>alert(1)</script> "x" & <img src=x onerror=alert(1)>'
    marks = [
        Mark(0, 8, ('m" onmouseover="alert(1)', "t-<b>"), 'r" x="', '"><script>', '" onclick="alert(1)'),
        Mark(27, 60, ("sc",), "s0", "<svg onload=alert(1)>"),
    ]
    html = str(highlight(text, marks))
    p = parse(html)
    assert "".join(p.text) == text
    assert all(tag in ("p", "a", "span") for tag, _ in p.tags)
    for _, attrs in p.tags:
        assert not any(name.startswith("on") for name in attrs)
        assert attrs.get("class", "hl").split()[0] == "hl" or not attrs
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_lines_become_paragraphs_even_inside_a_span() -> None:
    html = str(highlight("الف\nب ج\nد", [Mark(2, 6, ("sc",), "s0")]))
    parse(html)
    assert html.count("<p>") == 3
    assert html.count('data-refs="s0"') == 2  # the span is cut at the line break and reopened


def test_inline_for_titles_and_windows() -> None:
    html = str(highlight("عنوان خبر\nمتن", [Mark(0, 5, ("m",))], 0, 9, inline=True))
    assert "<p>" not in html and "متن" not in html
    assert html.startswith('<span class="hl m">عنوان</span>')
    body = str(highlight("عنوان\nمتن خبر", [Mark(0, 5, ("m",)), Mark(6, 9, ("m",))], 6))
    assert "عنوان" not in body and '<span class="hl m">متن</span>' in body


def test_a_linked_mention_becomes_an_anchor() -> None:
    html = str(highlight("روسیه", [Mark(0, 5, ("m", "t-GPE"), "m0", "کشور", "/ui/entities/country:RU")]))
    assert html == '<p><a class="hl m t-GPE" data-refs="m0" title="کشور" href="/ui/entities/country:RU">روسیه</a></p>'


# -- charts ------------------------------------------------------------------------------------------


def test_volume_chart_stacks_outlets_and_escapes_names() -> None:
    series = [
        DayCount("2025-09-01", "<b>x</b>", 2),
        DayCount("2025-09-01", "ایرنا", 1),
        DayCount("2025-09-03", "ایرنا", 4),
        DayCount("2025-09-03", None, 1),
    ]
    chart = charts.volume_chart(series)
    svg = str(chart.svg)
    p = parse(svg)
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert sum(1 for tag, _ in p.tags if tag == "rect") == 4
    assert [item.name for item in chart.legend] == ["ایرنا", "<b>x</b>", "بی‌نام"]
    assert "۱۴۰۴/۰۶/۱۰" in svg  # 2025-09-01 as a Jalali day, Persian digits


def test_volume_chart_buckets_long_ranges_and_groups_small_outlets() -> None:
    series = [DayCount(f"2024-{m:02d}-{d:02d}", f"o{d % 12}", 1) for m in range(1, 13) for d in range(1, 29)]
    chart = charts.volume_chart(series)
    rects = [a for tag, a in parse(str(chart.svg)).tags if tag == "rect"]
    assert len({a["x"] for a in rects}) <= charts.MAX_BARS
    assert len(chart.legend) == charts.PALETTE and chart.legend[-1].name == "سایر"
    assert charts.volume_chart([]).svg == ""


def test_network_is_deterministic_escaped_and_draws_every_node() -> None:
    nodes = [Node("c:1", "مرکز", "GPE", 10), *(Node(f"p:{i}", f"<i>{i}</i>", "PER", i) for i in range(1, 16))]
    edges = [Edge("c:1", f"p:{i}", "co-mention", i) for i in range(1, 16)]
    edges += [Edge("p:1", "c:1", "event:ASSAULT", 2), Edge("c:1", "ghost", "co-mention", 1)]
    net = Network("c:1", nodes, edges)
    svg = str(charts.network_svg(net, lambda i: f"/ui/entities/{i}"))
    assert svg == str(charts.network_svg(net, lambda i: f"/ui/entities/{i}"))
    tags = parse(svg).tags
    assert sum(1 for t, _ in tags if t == "circle") == 16
    assert sum(1 for t, a in tags if t == "path" and "ev" in a.get("class", "")) == 1
    assert "<i>" not in svg and 'href="/ui/entities/p:3"' in svg
    assert charts.network_svg(Network("x", [], []), str) == ""


def test_story_timeline_marks_the_first_publisher() -> None:
    items = [
        StoryArticle("b", "دوم", datetime(2025, 9, 5, 9, tzinfo=UTC), "<t>", None),
        StoryArticle("a", "نخست", datetime(2025, 9, 5, 7, tzinfo=UTC), "عنوان", None),
        StoryArticle("c", None, None, None, None),
    ]
    svg = str(charts.story_timeline(items, lambda i: f"/a/{i}"))
    tags = parse(svg).tags
    firsts = [a for t, a in tags if t == "a" and "first" in a.get("class", "")]
    assert [a["href"] for a in firsts] == ["/a/a"]
    assert "&lt;t&gt;" in svg
    assert charts.story_timeline([items[2]], str) == ""


def test_bar_is_clamped() -> None:
    assert 'width="100"' in str(charts.bar(5, 3)) and 'width="0"' in str(charts.bar(1, 0))


# -- display helpers ---------------------------------------------------------------------------------


def test_persian_numbers_and_dates() -> None:
    assert fmt.fa_number(1234567) == "۱٬۲۳۴٬۵۶۷"
    assert fmt.fa_number(None) == "—"
    assert fmt.fa_date("2025-09-05") == "۱۴ شهریور ۱۴۰۴"
    assert fmt.fa_date(datetime(2025, 9, 5, 6, 30, tzinfo=UTC), time=True) == "۱۴ شهریور ۱۴۰۴ ۱۰:۰۰"
    assert fmt.fa_date(None) == "بی‌تاریخ"
    assert fmt.label(fmt.EVENT_TYPES, "ASSAULT") == "حمله" and fmt.label(fmt.EVENT_TYPES, "NEW") == "NEW"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.irna.ir/news/1", True),
        ("http://example.org/a?b=1&c=2", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("/ui/", False),
        ("https://", False),
        ("https://a.example/ x", False),
        (None, False),
    ],
)
def test_only_http_links(url: str | None, ok: bool) -> None:
    assert (fmt.safe_href(url) is not None) is ok


def test_entity_ids_are_one_path_segment() -> None:
    assert fmt.path_part("country:RU") == "country:RU"
    assert fmt.path_part("a/b?c#d") == "a%2Fb%3Fc%23d"

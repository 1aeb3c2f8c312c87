"""Charts and the actor graph as inline SVG, drawn on the server.

No JavaScript library and no CDN: each function returns SVG markup (every text escaped) that the page
embeds. Colours come from CSS classes (``c0`` … ``c7``, ``t-PER`` …), never from style attributes, so the
strict Content-Security-Policy holds. Time runs right to left, as the page reads (earliest at the right).
Layouts are deterministic: the same data draws the same picture.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from markupsafe import Markup

from didban.api.dashboard.fmt import EVENT_TYPES, fa_date, fa_day_short, fa_number, label
from didban.api.dashboard.highlight import css_class
from didban.store import StoryArticle
from didban.store.analytics import DayCount, Network

PALETTE = 8  # colour classes c0 … c7 in dashboard.css; the last one is «سایر» (the other outlets)
MAX_BARS = 120  # more days than this are grouped into buckets of several days


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class LegendItem:
    css: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class Chart:
    svg: Markup
    legend: list[LegendItem]


# -- volume: stacked bars by day and outlet -------------------------------------------------------------


def volume_chart(
    series: Sequence[DayCount], *, outlets: int = PALETTE - 1, width: int = 760, height: int = 240
) -> Chart:
    """Stacked bars of articles per day, one colour per outlet (the biggest ``outlets``, the rest as «سایر»)."""
    if not series:
        return Chart(Markup(""), [])
    totals: dict[str, int] = {}
    for row in series:
        name = row.outlet or "بی‌نام"
        totals[name] = totals.get(name, 0) + row.count
    ranked = sorted(totals, key=lambda k: (-totals[k], k))
    shown = ranked[:outlets] if len(ranked) > outlets + 1 else ranked
    colour = {name: f"c{i}" for i, name in enumerate(shown)}
    other = "سایر"

    days = sorted({row.day for row in series})
    first, last = _day(days[0]), _day(days[-1])
    span = (last - first).days + 1
    step = max(1, math.ceil(span / MAX_BARS))  # days per bar
    n = math.ceil(span / step)
    stacks: list[dict[str, int]] = [{} for _ in range(n)]
    for row in series:
        bucket = (_day(row.day) - first).days // step
        key = row.outlet or "بی‌نام"
        key = key if key in colour else other
        stacks[bucket][key] = stacks[bucket].get(key, 0) + row.count
    top = max(sum(s.values()) for s in stacks) or 1

    left, right, up, down = 12, 56, 12, 30  # the value axis is on the right, where time starts
    plot_w, plot_h = width - left - right, height - up - down
    bar_w = min(plot_w / n, 40.0)  # a few days: narrow bars from the right, not a wall of colour
    parts = [_svg_open(width, height, "حجم خبرها بر حسب روز و خبرگزاری", "chart volume")]
    for frac in (0.0, 0.5, 1.0):  # grid lines and their values
        y = up + plot_h * (1 - frac)
        parts.append(f'<line class="grid" x1="{left}" y1="{_n(y)}" x2="{left + plot_w}" y2="{_n(y)}"/>')
        parts.append(
            f'<text class="axis" x="{_n(left + plot_w + right / 2)}" y="{_n(y + 4)}" text-anchor="middle">'
            f"{_e(fa_number(round(top * frac)))}</text>"
        )
    order = [*shown, other]
    for i, stack in enumerate(stacks):
        x = left + plot_w - (i + 1) * bar_w  # earliest bucket at the right
        day0 = first + timedelta(days=i * step)
        when = fa_date(day0) if step == 1 else f"{fa_date(day0)} تا {fa_date(day0 + timedelta(days=step - 1))}"
        y = up + plot_h
        for name in order:
            count = stack.get(name, 0)
            if not count:
                continue
            h = plot_h * count / top
            y -= h
            css = colour.get(name, f"c{PALETTE - 1}")
            parts.append(
                f'<rect class="{css}" x="{_n(x + bar_w * 0.1)}" y="{_n(y)}" width="{_n(max(bar_w * 0.8, 1))}" '
                f'height="{_n(h)}"><title>{_e(name)} · {_e(when)}: {_e(fa_number(count))}</title></rect>'
            )
    ticks = sorted({0, n - 1, *(round(k * (n - 1) / 4) for k in range(1, 4))}) if n > 1 else [0]
    for i in ticks:
        x = left + plot_w - (i + 0.5) * bar_w
        parts.append(
            f'<text class="axis" x="{_n(x)}" y="{height - 10}" text-anchor="middle">'
            f"{_e(fa_day_short((first + timedelta(days=i * step)).isoformat()))}</text>"
        )
    parts.append("</svg>")
    legend = [LegendItem(colour[name], name, totals[name]) for name in shown]
    if len(shown) < len(ranked):
        legend.append(LegendItem(f"c{PALETTE - 1}", other, sum(totals[k] for k in ranked[len(shown) :])))
    return Chart(Markup("".join(parts)), legend)


def _day(value: str) -> date:
    return date.fromisoformat(value[:10])


def _svg_open(width: int, height: int, title: str, css: str) -> str:
    return (
        f'<svg class="{css}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>'
    )


# -- a small bar for tables ------------------------------------------------------------------------------


def bar(value: int, top: int, *, css: str = "c0") -> Markup:
    """A bar proportional to ``value / top`` for a table cell (an SVG: no style attribute needed)."""
    share = 0.0 if top <= 0 else max(0.0, min(1.0, value / top))
    return Markup(
        f'<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">'
        f'<rect class="{css_class(css)}" x="{_n(100 - 100 * share)}" y="0" width="{_n(100 * share)}" '
        'height="10"/></svg>'
    )


# -- the actor network -----------------------------------------------------------------------------------


def network_svg(net: Network, href: Callable[[str], str], *, size: int = 560) -> Markup:
    """The entity's network: itself in the middle, its partners on rings around it (the heaviest on the
    inner ring, in order of weight); co-mentions as grey lines, events as coloured arrows actor → target."""
    if not net.nodes:
        return Markup("")
    margin = 110  # room at the sides for the labels of the outer ring
    width = size + 2 * margin
    cx, cy = width / 2, size / 2
    others = sorted((n for n in net.nodes if n.id != net.center), key=lambda n: (-n.weight, n.id))
    inner, outer = others[:12], others[12:]
    pos: dict[str, tuple[float, float]] = {net.center: (cx, cy)}
    for ring, radius, turn in ((inner, size * 0.27, 0.0), (outer, size * 0.43, 0.5)):
        for i, node in enumerate(ring):
            angle = -math.pi / 2 + 2 * math.pi * (i + turn) / len(ring)
            pos[node.id] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    heaviest = max((n.weight for n in others), default=1) or 1
    edge_max = max((e.weight for e in net.edges), default=1) or 1

    parts = [_svg_open(width, size, "شبکهٔ کنشگران", "chart network")]
    parts.append(  # userSpaceOnUse: the arrowhead keeps its size on a thick edge
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" '
        'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path class="arrowhead" d="M0,0 L10,5 L0,10 z"/>'
        "</marker></defs>"
    )
    names = {n.id: n.name for n in net.nodes}
    # Co-mentions among the partners can form a dense clique; the centre's own edges and the heaviest
    # others (about two per node) keep the picture readable. Event edges are all drawn.
    co = [e for e in net.edges if e.kind == "co-mention"]
    spokes = [e for e in co if net.center in (e.source, e.target)]
    rest = sorted(
        (e for e in co if net.center not in (e.source, e.target)), key=lambda e: (-e.weight, e.source, e.target)
    )
    shown = [*spokes, *rest[: 2 * len(net.nodes)], *(e for e in net.edges if e.kind != "co-mention")]
    for e in sorted(shown, key=lambda e: (e.kind != "co-mention", e.source, e.target, e.kind)):
        if e.source not in pos or e.target not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        w = 1 + 3 * e.weight / edge_max
        if e.kind == "co-mention":
            tip = f"{names[e.source]} و {names[e.target]}: {fa_number(e.weight)} خبر مشترک"
            parts.append(
                f'<line class="edge co" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
                f'stroke-width="{_n(w)}"><title>{_e(tip)}</title></line>'
            )
            continue
        kind = e.kind.removeprefix("event:")
        tip = f"{names[e.source]} ← {label(EVENT_TYPES, kind)} ← {names[e.target]}: {fa_number(e.weight)}"
        # Bend event arcs so an event and a co-mention between the same pair stay apart.
        mx, my = (x1 + x2) / 2 + (y2 - y1) * 0.15, (y1 + y2) / 2 - (x2 - x1) * 0.15
        x2s, y2s = _shorten(mx, my, x2, y2, _radius(net, e.target, heaviest) + 3)
        parts.append(
            f'<path class="edge ev ev-{css_class(kind)}" d="M{_n(x1)},{_n(y1)} Q{_n(mx)},{_n(my)} {_n(x2s)},{_n(y2s)}" '
            f'stroke-width="{_n(w)}" marker-end="url(#arrow)"><title>{_e(tip)}</title></path>'
        )
    for node in [*others[::-1], *(n for n in net.nodes if n.id == net.center)]:
        x, y = pos[node.id]
        r = _radius(net, node.id, heaviest)
        centre = " centre" if node.id == net.center else ""
        parts.append(
            f'<a href="{_e(href(node.id))}" class="node{centre}"><circle class="t-{css_class(node.type or "")}" '
            f'cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"><title>{_e(node.name)}: {_e(fa_number(node.weight))}</title>'
            f'</circle><text x="{_n(x)}" y="{_n(y + r + 13)}" text-anchor="middle">{_e(_short(node.name, 22))}'
            "</text></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _radius(net: Network, node_id: str, heaviest: int) -> float:
    if node_id == net.center:
        return 20.0
    weight = next((n.weight for n in net.nodes if n.id == node_id), 0)
    return 5 + 11 * math.sqrt(max(weight, 0) / heaviest)


def _shorten(x1: float, y1: float, x2: float, y2: float, by: float) -> tuple[float, float]:
    """The point ``by`` before (x2, y2) coming from (x1, y1): arrows stop at the node's edge."""
    d = math.hypot(x2 - x1, y2 - y1)
    if d <= by:
        return x2, y2
    return x2 - (x2 - x1) * by / d, y2 - (y2 - y1) * by / d


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# -- a story's timeline ----------------------------------------------------------------------------------


def story_timeline(articles: Sequence[StoryArticle], href: Callable[[str], str], *, width: int = 760) -> Markup:
    """One row per outlet (in the order they first carried the story), a dot per article at its time;
    the first publisher's dot is marked."""
    dated = [a for a in articles if a.published is not None]
    if not dated:
        return Markup("")
    rows = list(dict.fromkeys(a.outlet or "بی‌نام" for a in dated))[:30]
    times = [_ts(a.published) for a in dated]
    t0, t1 = min(times), max(times)
    spread = (t1 - t0) or 3600.0  # one article: a one-hour axis
    label_w, pad, row_h, top = 190, 24, 30, 16
    height = top + row_h * len(rows) + 34
    plot_l, plot_r = pad, width - label_w - pad
    first = min(dated, key=lambda a: _ts(a.published))
    parts = [_svg_open(width, height, "خط زمانی انتشار", "chart timeline")]
    for i, name in enumerate(rows):
        y = top + row_h * i + row_h / 2
        parts.append(f'<line class="grid" x1="{plot_l}" y1="{_n(y)}" x2="{plot_r}" y2="{_n(y)}"/>')
        parts.append(
            f'<text class="rowlabel" x="{_n(width - label_w / 2)}" y="{_n(y + 4)}" text-anchor="middle">'
            f"{_e(_short(name, 26))}</text>"
        )
    for a, t in zip(dated, times, strict=True):
        outlet = a.outlet or "بی‌نام"
        if outlet not in rows:
            continue
        x = plot_r - (plot_r - plot_l) * (t - t0) / spread  # earliest at the right
        y = top + row_h * rows.index(outlet) + row_h / 2
        is_first = a is first
        tip = f"{outlet} · {fa_date(a.published, time=True)} · {a.title or ''}"
        parts.append(
            f'<a href="{_e(href(a.id))}" class="dot{" first" if is_first else ""}">'
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{8 if is_first else 6}"><title>{_e(tip)}</title></circle></a>'
        )
    axis_y = top + row_h * len(rows) + 20
    last = max(dated, key=lambda a: _ts(a.published))
    parts.append(
        f'<text class="axis" x="{plot_r - 40}" y="{axis_y}" text-anchor="middle">'
        f"{_e(fa_date(first.published, time=True))}</text>"
    )
    if t1 > t0:
        parts.append(
            f'<text class="axis" x="{plot_l + 40}" y="{axis_y}" text-anchor="middle">'
            f"{_e(fa_date(last.published, time=True))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _ts(value: datetime | None) -> float:
    return value.timestamp() if value else 0.0


__all__ = ["Chart", "LegendItem", "bar", "network_svg", "story_timeline", "volume_chart"]

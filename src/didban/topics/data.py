"""Reading ../shared/data/news for training, evaluation and quality gates (standard library only).

Items keep the outlet's own fields; `topic_of` maps an item's section labels to the taxonomy through
``fa/topic_labels.tsv``. `is_test` is the one held-out split every script and test uses: a hash of the
item's link (or title) with the seed, so it does not depend on file order; `is_dev` carves the development
split (for choosing settings) out of the training side the same way.

`labels_trusted` marks the items whose section label is worth learning from. Fars News items with a legacy
10-digit id (links like ``/news/8506280376``, the 2003–2012 archive; 498 of the 1,500) carry a ``cat``/``subcat``
that mostly does not describe the article: a football report under ``world/islamic-forces``, oil prices under
``arts-media``, Oscar news under ``scientific-academic/it``. In 5-fold cross-validation a classifier agreed with
those labels on 36% of the items, against 82% on the current-format Fars items (14-digit ids) and 73% on
Hamshahri; a hand check of 30 found about 12 plausible. `topic_of` leaves them out unless asked for all labels.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from didban.errors import ConfigError
from didban.text.normalize import normalize_text

TOPICS: tuple[str, ...] = (
    "politics", "world", "economy", "society", "sports", "culture", "science", "health", "local",
)  # fmt: skip
"""The taxonomy, in a fixed order (the classifier's output order)."""

LABELS_FILE = "topic_labels.tsv"
SEED = 13
TEST_FRACTION = 0.2
DEV_SEED = 1013
DEV_FRACTION = 0.2
_FARS_ID = re.compile(r"/news/(\d+)")


@dataclass(slots=True)
class NewsItem:
    outlet: str  # fars | varzesh3 | hamshahri | radiofarda
    title: str
    abstract: str  # Fars/Varzesh3 abstract (lead), RSS summary
    paragraphs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # human keyword tags (Fars, Varzesh3), section tags (RSS)
    labels: list[str] = field(default_factory=list)  # section labels as looked up in topic_labels.tsv
    key: str = ""

    def text(self, abstract: bool = True) -> str:
        """Title line, then abstract (optional) and paragraphs, one per line: what ingest would give."""
        parts = [self.title, self.abstract if abstract else "", *self.paragraphs]
        return "\n".join(p.strip() for p in parts if p and p.strip())


def load_news(data: str | Path) -> list[NewsItem]:
    """Every item of data/news (Fars News, Varzesh3, Hamshahri and Radio Farda RSS), in file order."""
    news = Path(data) / "news"
    items: list[NewsItem] = []
    for path in sorted((news / "farsnews").glob("*.json")):
        for r in _read(path):
            cat, sub = str(r.get("cat") or ""), str(r.get("subcat") or "")
            items.append(_item("fars", r, [f"{cat}/{sub}", cat] if sub else [cat]))
    for path in sorted((news / "varzesh3").glob("*.json")):
        items.extend(_item("varzesh3", r, ["*"]) for r in _read(path))
    for name in ("hamshahri", "radiofarda"):
        path = news / "rss" / f"{name}.json"
        if path.is_file():
            for r in _read(path):
                labels: list[str] = []
                tags = r.get("tags")
                for tag in tags if isinstance(tags, list) else []:
                    labels += [tag, tag.split(">")[0].strip()] if ">" in tag else [tag]
                items.append(_item(name, r, labels))
    return items


def _read(path: Path) -> list[dict[str, object]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigError(f"{path}: cannot read news records ({e.__class__.__name__})") from None
    return [r for r in data if isinstance(r, dict)]


def _item(outlet: str, r: dict[str, object], labels: list[str]) -> NewsItem:
    def s(name: str) -> str:
        v = r.get(name)
        return v if isinstance(v, str) else ""

    def ls(name: str) -> list[str]:
        v = r.get(name)
        return [x for x in v if isinstance(x, str)] if isinstance(v, list) else []

    abstract = s("abstract") or s("summary")
    if abstract.startswith("خبرگزاري فارس:") or abstract.startswith("خبرگزاری فارس:"):
        abstract = abstract.split(":", 1)[1].strip()  # the dateline is not part of the lead
    return NewsItem(
        outlet, s("title"), abstract, ls("paragraphs"), ls("tags"), labels, s("link") or s("title") or abstract
    )


@cache
def label_table() -> dict[tuple[str, str], str]:
    """(source, normalized label) → topic id, or '-' for labels deliberately left out."""
    path = resources.files("didban") / "fa" / LABELS_FILE
    table: dict[tuple[str, str], str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or (cols[2] not in TOPICS and cols[2] != "-"):
            raise ConfigError(f"{path}:{n}: expected source<TAB>label<TAB>topic with a known topic")
        table[(cols[0], _label_key(cols[1]))] = cols[2]
    return table


def _label_key(label: str) -> str:
    return " ".join(normalize_text(label).replace("\u200c", " ").split())


def labels_trusted(item: NewsItem) -> bool:
    """False for Fars News items with a legacy 10-digit id, whose section labels are mostly wrong."""
    if item.outlet != "fars":
        return True
    m = _FARS_ID.search(item.key)
    return m is None or len(m.group(1)) > 10


def topic_of(item: NewsItem, all_labels: bool = False) -> str | None:
    """The item's topic from its section labels, or None (unlabelled, a label left out, or — unless
    ``all_labels`` — an item whose labels are not trusted, see `labels_trusted`)."""
    if not all_labels and not labels_trusted(item):
        return None
    table = label_table()
    for label in item.labels:
        topic = table.get((item.outlet, _label_key(label)))
        if topic is not None:
            return None if topic == "-" else topic
    return None


def ref_of(item: NewsItem) -> str:
    """The item's reference, ``outlet:key`` (as tests/gold/topics-checked.jsonl names items)."""
    return f"{item.outlet}:{item.key}"


def is_test(item: NewsItem, seed: int = SEED, fraction: float = TEST_FRACTION) -> bool:
    h = hashlib.blake2b(f"{seed}\x1f{item.outlet}\x1f{item.key}".encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") / 2**64 < fraction


def is_dev(item: NewsItem) -> bool:
    """The development split: a fixed fifth of the training side (never of the held-out split)."""
    return not is_test(item) and is_test(item, DEV_SEED, DEV_FRACTION)

"""Test sets for the corpus steps, built from the real news in ``../shared/data/news``, and their scores.

Near-duplicates (`near_duplicate_test_set`, `evaluate_near_duplicates`):

- originals: every news item (Fars News, Varzesh3, Hamshahri and Radio Farda RSS) with a body of at
  least ten words, one per link;
- positives: synthetic re-publications of 2,000 sampled originals under another outlet's name. Each
  copy gets two to four of: another outlet's lead («به گزارش خبرگزاری فارس از قم،» → «به گزارش ایسنا،»,
  or one prepended), the outlet's name replaced throughout, the first sentence dropped, the ending
  trimmed (10–25 % of the words), the title dropped, Arabic ي/ك swapped with Persian ی/ک (either way),
  ZWNJ ↔ space, Latin ↔ Persian digits, «انتهای پیام» appended;
- negatives: pairs of *different* real articles that are hard to tell apart. For every article: the
  article sharing a topic label (Fars category/subcategory, RSS section, Varzesh3 tag) with the most
  words in common (``same_topic``), its nearest article of the same outlet whatever the topic
  (``same_outlet``), and the article of the same outlet sharing the largest share of its word trigrams
  (``shared_phrases``: daily currency reports written from one template, follow-ups re-using a lead);
- set aside, neither positive nor negative: real pairs that look like one article posted twice, judged
  without shingles (`looks_reposted`: the same normalized title, the same first ten words, or the first
  300 letters 95 % alike with the same numbers). Hamshahri's feed has dozens: a headline rewritten over
  the same lead, a spelling fixed. How many the detector joins is reported separately.

Every article is added to one `NearDuplicateIndex` (originals in corpus order, then the copies), and a
pair counts as detected when both articles end up with the same original. Precision and recall are over
the positive and negative pairs; the false-positive rate over the negatives does not depend on their mix.

Stories (`evaluate_stories`), proxies without gold stories. The corpus has no dates, so each source's
items get synthetic times in id order, 40 minutes apart (`_times`); the four sources then interleave,
although Fars News is from 2003–2013, Varzesh3 from 2016–17 and the RSS feeds from 2020:

- a copy must join its original's story (its near-duplicate link is *not* given to the clusterer, so
  this tests text similarity alone), and the real re-posts set aside above should share a story;
- a story with articles from sources years apart (`ERAS`) is certainly wrong: their share of the
  same-story pairs is a lower bound on false merges;
- two articles of one story should share a topic label, far more often than two random articles of the
  same outlet within the window (a purity proxy: Varzesh3's tags name teams and players, the others'
  labels are coarse sections).
"""

from __future__ import annotations

import difflib
import functools
import json
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from didban.article import Article
from didban.text.normalize import normalize_text

SEED = 20240606
MIN_BODY_WORDS = 10
LEAD_OUTLETS = (
    "ایسنا",
    "خبرگزاری مهر",
    "ایرنا",
    "خبرگزاری تسنیم",
    "باشگاه خبرنگاران جوان",
    "خبرآنلاین",
    "همشهری آنلاین",
)
SOURCE_OUTLET = {
    "farsnews": "خبرگزاری فارس",
    "varzesh3": "ورزش سه",
    "hamshahri": "همشهری آنلاین",
    "radiofarda": "رادیو فردا",
}
# How each source names itself inside its text (replaced by the copy's outlet).
_OUTLET_NAMES = {
    "farsnews": re.compile(r"خبرگزار[يی] فارس|خبرنگار فارس|(?<=به گزارش )فارس"),
    "varzesh3": re.compile(r"\"?ورزش ?سه\"?"),
    "hamshahri": re.compile(r"همشهری(?: آنلاین)?"),
    "radiofarda": re.compile(r"رادیو ?فردا"),
}
_LEAD = re.compile(r"^\s*(?:به گزارش|به نقل از|بنا به گزارش)\s+[^،,:.\n]{1,60}?[،,]\s*")
_AGENCY_PREFIX = re.compile(r"^\s*خبرگزار[يی] فارس\s*:\s*")
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")
_ARABIC = str.maketrans("يك", "یک")
_TO_ARABIC = str.maketrans("یک", "يك")
_LATIN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_PERSIAN = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
_TAILS = ("انتهای پیام", "/انتهای پیام/", "انتهای خبر")


# -- the corpus ------------------------------------------------------------------------------------
@dataclass(slots=True)
class NewsItem:
    """One real news item: title, body paragraphs (lead or summary first), link and topic labels."""

    source: str  # farsnews, varzesh3, hamshahri, radiofarda
    title: str
    paragraphs: list[str]
    link: str
    topics: frozenset[str] = frozenset()
    number: int = 0  # position in the corpus

    def raw_text(self) -> str:
        return "\n".join([self.title, *self.paragraphs]) if self.title else "\n".join(self.paragraphs)


def load_news(data: Path) -> list[NewsItem]:
    """Every news item under ``data/news`` with a body, one per link, in a fixed order."""
    items: list[NewsItem] = []
    seen: set[str] = set()
    for path in sorted((data / "news").glob("*/*.json")):
        folder = path.parent.name
        source = path.stem if folder == "rss" else folder
        for record in json.loads(path.read_text(encoding="utf-8")):
            link = str(record.get("link") or "")
            if not link or link in seen:
                continue
            paragraphs = _paragraphs(record)
            if sum(len(p.split()) for p in paragraphs) < MIN_BODY_WORDS:
                continue  # a few Fars items are only «خبرگزاري فارس:» and a full stop
            seen.add(link)
            items.append(
                NewsItem(
                    source=source,
                    title=" ".join(str(record.get("title") or "").split()),
                    paragraphs=paragraphs,
                    link=link,
                    topics=_topics(source, record),
                    number=len(items),
                )
            )
    return items


def _paragraphs(record: dict[str, Any]) -> list[str]:
    lead = str(record.get("abstract") or record.get("summary") or "")
    parts = [*re.split(r"\n\s*\n", lead), *(str(p) for p in record.get("paragraphs") or [])]
    return [" ".join(p.split()) for p in parts if p and p.strip()]


def _topics(source: str, record: dict[str, Any]) -> frozenset[str]:
    labels = {f"{source}:tag:{t}" for t in record.get("tags") or [] if t and source != "radiofarda"}
    if source == "radiofarda":  # its tags mix sections with feed names («خبرخوان», «بایگانی»)
        labels = {f"{source}:tag:{t}" for t in record.get("tags") or [] if t not in ("بایگانی", "خبرخوان")}
    cat, sub = record.get("cat") or "", record.get("subcat") or ""
    if cat:
        labels.add(f"{source}:cat:{cat}/{sub}")
    return frozenset(labels)


# -- synthetic re-publications ---------------------------------------------------------------------
@dataclass(slots=True)
class Copy:
    """A synthetic re-publication of ``original`` (a `NewsItem` number) under ``outlet``."""

    original: int
    outlet: str
    title: str
    paragraphs: list[str]
    transforms: tuple[str, ...]

    def raw_text(self) -> str:
        return "\n".join([self.title, *self.paragraphs]) if self.title else "\n".join(self.paragraphs)


Transform = Callable[[random.Random, NewsItem, Copy], bool]


def _lead(rng: random.Random, item: NewsItem, copy: Copy) -> bool:
    new = f"به گزارش {copy.outlet}، "
    paras = copy.paragraphs
    changed = False
    for i, p in enumerate(paras):
        if _AGENCY_PREFIX.match(p):
            paras[i] = _AGENCY_PREFIX.sub(f"{copy.outlet}: ", p, count=1)
            changed = True
        elif _LEAD.match(p):
            paras[i] = _LEAD.sub(new, p, count=1)
            changed = True
    if not changed:  # no lead to swap: the re-publisher adds its own
        body = 1 if len(paras) > 1 and len(paras[0].split()) < 60 else 0
        paras[body] = new + paras[body]
    return True


def _outlet(rng: random.Random, item: NewsItem, copy: Copy) -> bool:
    pattern = _OUTLET_NAMES[item.source]
    new = [pattern.sub(copy.outlet, p) for p in copy.paragraphs]
    if new == copy.paragraphs:
        return False
    copy.paragraphs = new
    return True


def _sentences(paragraphs: Sequence[str]) -> list[tuple[int, str]]:
    return [(i, s) for i, p in enumerate(paragraphs) for s in _SENTENCE_END.split(p) if s.strip()]


def _join(sentences: Iterable[tuple[int, str]]) -> list[str]:
    out: dict[int, list[str]] = {}
    for i, s in sentences:
        out.setdefault(i, []).append(s)
    return [" ".join(v) for _, v in sorted(out.items())]


def _drop_first(rng: random.Random, item: NewsItem, copy: Copy) -> bool:
    sents = _sentences(copy.paragraphs)
    total = sum(len(s.split()) for _, s in sents)
    if len(sents) < 3 or len(sents[0][1].split()) > 0.3 * total:
        return False
    copy.paragraphs = _join(sents[1:])
    return True


def _trim_end(rng: random.Random, item: NewsItem, copy: Copy) -> bool:
    sents = _sentences(copy.paragraphs)
    total = sum(len(s.split()) for _, s in sents)
    if len(sents) < 3:
        return False
    budget = rng.uniform(0.1, 0.25) * total
    cut, dropped = len(sents), 0
    while cut > 2 and dropped + len(sents[cut - 1][1].split()) <= budget:
        cut -= 1
        dropped += len(sents[cut][1].split())
    if cut == len(sents):
        return False
    copy.paragraphs = _join(sents[:cut])
    return True


def _title(rng: random.Random, item: NewsItem, copy: Copy) -> bool:
    if not copy.title or len(copy.paragraphs) < 2:
        return False
    copy.title = ""
    return True


def _yk(rng: random.Random, item: NewsItem, copy: Copy) -> bool:
    text = copy.raw_text()
    table = _ARABIC if ("ي" in text or "ك" in text) else _TO_ARABIC
    copy.title = copy.title.translate(table)
    copy.paragraphs = [p.translate(table) for p in copy.paragraphs]
    return True


def _zwnj(rng: random.Random, item: NewsItem, copy: Copy) -> bool:
    def swap(s: str) -> str:
        if "\u200c" in s:
            return s.replace("\u200c", " ")
        return re.sub(r" (ها|های|هایی|ترین|تر|ای|اند|ام)(?=[ .،])", "\u200c\\1", s)

    copy.title = swap(copy.title)
    copy.paragraphs = [swap(p) for p in copy.paragraphs]
    return True


def _digits(rng: random.Random, item: NewsItem, copy: Copy) -> bool:
    text = copy.raw_text()
    table = _LATIN if re.search("[0-9]", text) else _PERSIAN
    if not re.search("[0-9۰-۹]", text):
        return False
    copy.title = copy.title.translate(table)
    copy.paragraphs = [p.translate(table) for p in copy.paragraphs]
    return True


def _tail(rng: random.Random, item: NewsItem, copy: Copy) -> bool:
    copy.paragraphs = [*copy.paragraphs, rng.choice(_TAILS)]
    return True


TRANSFORMS: dict[str, Transform] = {
    "lead": _lead,
    "outlet": _outlet,
    "drop_first": _drop_first,
    "trim_end": _trim_end,
    "title": _title,
    "yk": _yk,
    "zwnj": _zwnj,
    "digits": _digits,
    "tail": _tail,
}


def make_copy(rng: random.Random, item: NewsItem) -> Copy:
    """A re-publication of ``item`` by another outlet with two to four transforms (the lead one most often)."""
    outlet = rng.choice([o for o in LEAD_OUTLETS if o != SOURCE_OUTLET.get(item.source)])
    copy = Copy(item.number, outlet, item.title, list(item.paragraphs), ())
    want = rng.randint(2, 4)
    names = [n for n in TRANSFORMS if n != "lead"]
    rng.shuffle(names)
    if rng.random() < 0.8:
        names.insert(0, "lead")
    applied: list[str] = []
    for name in names:
        if len(applied) == want:
            break
        if TRANSFORMS[name](rng, item, copy):
            applied.append(name)
    copy.transforms = tuple(applied)
    return copy


def heavily_trimmed_copies(
    items: Sequence[NewsItem], n: int = 500, keep: tuple[float, float] = (0.4, 0.6), seed: int = SEED
) -> list[Copy]:
    """A stress set: copies that keep only the first 40–60 % of an article's words (at least four
    sentences), with another outlet's lead. Beyond what the test set asks; it shows why containment."""
    rng = random.Random(seed)
    out: list[Copy] = []
    pool = [it for it in items if len(_sentences(it.paragraphs)) >= 4]
    for item in rng.sample(pool, min(n, len(pool))):
        outlet = rng.choice([o for o in LEAD_OUTLETS if o != SOURCE_OUTLET.get(item.source)])
        copy = Copy(item.number, outlet, item.title, list(item.paragraphs), ())
        _lead(rng, item, copy)
        sents = _sentences(copy.paragraphs)
        total, budget, cut = sum(len(x.split()) for _, x in sents), rng.uniform(*keep), 0
        kept = 0
        while cut < len(sents) and kept < budget * total:
            kept += len(sents[cut][1].split())
            cut += 1
        copy.paragraphs = _join(sents[: max(cut, 2)])
        copy.transforms = ("lead", "heavy_trim")
        out.append(copy)
    return out


# -- hard negatives --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Features:
    """What the negative mining and the re-post check read of an item, computed once."""

    title: str
    words: frozenset[str]
    trigrams: frozenset[str]
    body: tuple[str, ...]
    lead_chars: str
    lead_numbers: frozenset[str]


def _features(item: NewsItem) -> _Features:
    from didban.corpus.words import words

    flat = [w for line in words(normalize_text(item.raw_text())) for w in line]
    body_text = normalize_text("\n".join(item.paragraphs))
    return _Features(
        title=normalize_text(item.title),
        words=frozenset(flat),
        trigrams=frozenset(" ".join(flat[i : i + 3]) for i in range(len(flat) - 2)),
        body=tuple(w for line in words(body_text) for w in line),
        lead_chars=re.sub(r"[\s\u200c.,،؛:«»\"()\-]", "", body_text)[:300],
        lead_numbers=frozenset(re.findall(r"[0-9۰-۹]+", body_text[:400])),
    )


def looks_reposted(a: NewsItem | _Features, b: NewsItem | _Features, n: int = 10) -> bool:
    """Two real items that look like one article posted twice (judged without shingles): the same
    normalized title; the first ``n`` words of one body found, in order, in the other; or the first 300
    letters of the bodies 95 % alike (difflib, spaces and punctuation removed) with the same numbers
    (a spelling fixed: «رمدسیویر»/«رمدیسیویر»; daily price reports from one template differ in numbers)."""
    fa = a if isinstance(a, _Features) else _features(a)
    fb = b if isinstance(b, _Features) else _features(b)
    if fa.title and fa.title == fb.title:
        return True
    for x, y in ((fa.body, fb.body), (fb.body, fa.body)):
        head = x[:n]
        if len(head) == n and any(y[i : i + n] == head for i in range(len(y) - n + 1) if y[i] == head[0]):
            return True
    k = min(len(fa.lead_chars), len(fb.lead_chars))
    matcher = difflib.SequenceMatcher(None, fa.lead_chars[:k], fb.lead_chars[:k], autojunk=False)
    if k and matcher.real_quick_ratio() >= 0.95 and matcher.quick_ratio() >= 0.95 and matcher.ratio() >= 0.95:
        return fa.lead_numbers == fb.lead_numbers
    return False


def _nearest_pairs(
    items: Sequence[NewsItem], sets: Sequence[frozenset[str]], *, by_topic: bool = False, containment: bool = False
) -> dict[tuple[int, int], float]:
    """For each item, its nearest other item of the same source (Jaccard of ``sets``, or containment of
    the smaller set), among those sharing a topic label if ``by_topic``."""
    import numpy as np
    from scipy.sparse import csr_matrix

    pairs: dict[tuple[int, int], float] = {}
    for source in sorted({it.source for it in items}):
        idx = [i for i, it in enumerate(items) if it.source == source]
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for r, i in enumerate(idx):
            for w in sets[i]:
                rows.append(r)
                cols.append(vocab.setdefault(w, len(vocab)))
        x = csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(idx), len(vocab)))
        inter = (x @ x.T).toarray()
        size = np.asarray(x.sum(axis=1)).ravel()
        if containment:
            sim = inter / np.maximum(np.minimum(size[:, None], size[None, :]), 1.0)
        else:
            sim = inter / np.maximum(size[:, None] + size[None, :] - inter, 1.0)
        np.fill_diagonal(sim, -1.0)
        if by_topic:
            topics = [items[i].topics for i in idx]
            labels = sorted({t for ts in topics for t in ts})
            if not labels:
                continue
            lab = {t: k for k, t in enumerate(labels)}
            tr, tc = zip(*[(r, lab[t]) for r, ts in enumerate(topics) for t in ts], strict=True)
            y = csr_matrix((np.ones(len(tr), dtype=np.float32), (tr, tc)), shape=(len(idx), len(labels)))
            shared = (y @ y.T).toarray() > 0
            sim = np.where(shared, sim, -1.0)
        best = sim.argmax(axis=1)
        for r, c in enumerate(best):
            if sim[r, c] <= 0:
                continue
            a, b = sorted((idx[r], idx[int(c)]))
            pairs[(a, b)] = float(sim[r, c])
    return pairs


@dataclass(slots=True)
class NearDuplicateTestSet:
    items: list[NewsItem]
    copies: list[Copy]
    negatives: dict[tuple[int, int], str]  # item-number pair → "same_topic", "same_outlet" or "shared_phrases"
    reposted: list[tuple[int, int]]  # real pairs set aside (they look like one article posted twice)


def near_duplicate_test_set(
    data: Path,
    *,
    positives: int = 2000,
    min_words_shared: float = 0.15,
    min_trigrams_shared: float = 0.1,
    seed: int = SEED,
) -> NearDuplicateTestSet:
    """The test set described in the module docstring (deterministic for a given seed)."""
    items = load_news(data)
    rng = random.Random(seed)
    sample = sorted(rng.sample(range(len(items)), min(positives, len(items))))
    copies = [make_copy(rng, items[i]) for i in sample]
    feats = [_features(it) for it in items]
    words, trigrams = [f.words for f in feats], [f.trigrams for f in feats]
    negatives: dict[tuple[int, int], str] = {}
    reposted: list[tuple[int, int]] = []
    kinds = (
        ("same_topic", _nearest_pairs(items, words, by_topic=True), min_words_shared),
        ("same_outlet", _nearest_pairs(items, words), min_words_shared),
        ("shared_phrases", _nearest_pairs(items, trigrams, containment=True), min_trigrams_shared),
    )
    for kind, pairs, floor in kinds:
        for (a, b), sim in sorted(pairs.items()):
            if (a, b) in negatives or (a, b) in reposted or sim < floor:
                continue
            if looks_reposted(feats[a], feats[b]):
                reposted.append((a, b))
            else:
                negatives[(a, b)] = kind
    return NearDuplicateTestSet(items, copies, negatives, reposted)


@functools.cache
def default_test_set(data: Path) -> NearDuplicateTestSet:
    """`near_duplicate_test_set` with the defaults, built once per process (both quality gates read it)."""
    return near_duplicate_test_set(data)


# -- scores ----------------------------------------------------------------------------------------
@dataclass(slots=True)
class Confusion:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fp_rate(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0


@dataclass(slots=True)
class NearDuplicateReport:
    confusion: Confusion
    recall_by_transform: dict[str, tuple[int, int]]  # transform → (found, total)
    fp_by_kind: dict[str, tuple[int, int]]  # negative kind → (false positives, total)
    reposted_joined: tuple[int, int]  # real re-posts joined / set aside
    corpus_flagged: int  # originals marked as a near-duplicate of another original
    seconds: float
    false_positives: list[tuple[int, int]] = field(default_factory=list)
    false_negatives: list[int] = field(default_factory=list)  # indices into copies


def _times(items: Sequence[NewsItem]) -> list[datetime]:
    """Synthetic publication times: each source's items in id order, 40 minutes apart (none are given)."""
    base = datetime(2020, 4, 1, tzinfo=UTC)
    out: list[datetime] = [base] * len(items)
    for source in {it.source for it in items}:
        idx = [i for i, it in enumerate(items) if it.source == source]
        idx.sort(key=lambda i: (_link_number(items[i].link), i))
        for rank, i in enumerate(idx):
            out[i] = base + timedelta(minutes=40 * rank)
    return out


def _link_number(link: str) -> int:
    found = re.findall(r"\d{5,}", link)
    return int(found[0]) if found else 0


def original_articles(test: NearDuplicateTestSet) -> list[Article]:
    times = _times(test.items)
    return [
        Article(it.raw_text(), outlet=SOURCE_OUTLET[it.source], url=it.link, published=times[it.number])
        for it in test.items
    ]


def copy_articles(test: NearDuplicateTestSet, rng: random.Random | None = None) -> list[Article]:
    """The copies as articles, each published between 10 minutes and 12 hours after its original."""
    rng = rng or random.Random(SEED)
    times = _times(test.items)
    return [
        Article(
            c.raw_text(),
            outlet=c.outlet,
            url=f"copy:{k}:{test.items[c.original].link}",
            published=times[c.original] + timedelta(minutes=rng.randint(10, 720)),
        )
        for k, c in enumerate(test.copies)
    ]


def evaluate_near_duplicates(test: NearDuplicateTestSet, **index_params: Any) -> NearDuplicateReport:
    """Run one `NearDuplicateIndex` over the originals then the copies; score the pairs."""
    import time

    from didban.corpus.near_duplicates import NearDuplicateIndex

    originals = original_articles(test)
    copies = copy_articles(test)
    index = NearDuplicateIndex(**index_params)
    t0 = time.perf_counter()
    for a in originals:
        index.add(a)
    for a in copies:
        index.add(a)
    seconds = time.perf_counter() - t0

    def root(a: Article) -> str:
        return index.original_of(a.id) or a.id

    conf = Confusion()
    by_transform: dict[str, list[int]] = {}
    fns: list[int] = []
    for k, (c, a) in enumerate(zip(test.copies, copies, strict=True)):
        hit = root(a) == root(originals[c.original])
        conf.tp += hit
        conf.fn += not hit
        if not hit:
            fns.append(k)
        for name in c.transforms:
            by_transform.setdefault(name, [0, 0])
            by_transform[name][0] += hit
            by_transform[name][1] += 1
    by_kind: dict[str, list[int]] = {}
    fps: list[tuple[int, int]] = []
    for (x, y), kind in sorted(test.negatives.items()):
        joined = root(originals[x]) == root(originals[y])
        conf.fp += joined
        conf.tn += not joined
        if joined:
            fps.append((x, y))
        by_kind.setdefault(kind, [0, 0])
        by_kind[kind][0] += joined
        by_kind[kind][1] += 1
    reposted = sum(root(originals[x]) == root(originals[y]) for x, y in test.reposted)
    flagged = sum(a.near_duplicate_of is not None for a in originals)
    return NearDuplicateReport(
        confusion=conf,
        recall_by_transform={k: (v[0], v[1]) for k, v in sorted(by_transform.items())},
        fp_by_kind={k: (v[0], v[1]) for k, v in sorted(by_kind.items())},
        reposted_joined=(reposted, len(test.reposted)),
        corpus_flagged=flagged,
        seconds=seconds,
        false_positives=fps,
        false_negatives=fns,
    )


def pair_similarities(
    test: NearDuplicateTestSet, shingle_size: int, num_perm: int = 128, exact: bool = False
) -> dict[str, list[tuple[float, float, int]]]:
    """(Jaccard, containment, smaller shingle count) of every positive and negative pair, without LSH.

    ``exact``: from the shingle sets; otherwise estimated from MinHash signatures, as the index does.
    For sweeping shingle sizes and thresholds (`scripts/eval_near_duplicates.py --sweep`).
    """
    import numpy as np

    from didban.corpus.near_duplicates import NearDuplicateIndex, article_words, shingle_hashes

    index = NearDuplicateIndex(num_perm=num_perm, shingle_size=shingle_size)
    cache: dict[str, tuple[Any, Any]] = {}

    def sig(a: Article) -> tuple[Any, Any]:
        if a.id not in cache:
            h = shingle_hashes(article_words(a), shingle_size)
            cache[a.id] = (h, None if exact else index._minhash(h).hashvalues)
        return cache[a.id]

    def sim(a: Article, b: Article) -> tuple[float, float, int]:
        (ha, sa), (hb, sb) = sig(a), sig(b)
        small = min(len(ha), len(hb))
        if not small:
            return (0.0, 0.0, 0)
        if exact:
            inter = len(np.intersect1d(ha, hb, assume_unique=True))
            return (inter / (len(ha) + len(hb) - inter), inter / small, small)
        j = float((sa == sb).mean())
        return (j, min(j * (len(ha) + len(hb)) / (1 + j) / small, 1.0), small)

    originals = original_articles(test)
    copies = copy_articles(test)
    return {
        "positive": [sim(originals[c.original], a) for c, a in zip(test.copies, copies, strict=True)],
        "negative": [sim(originals[x], originals[y]) for x, y in sorted(test.negatives)],
        "reposted": [sim(originals[x], originals[y]) for x, y in test.reposted],
    }


def threshold_scores(
    sims: dict[str, list[tuple[float, float, int]]], containment: float, jaccard: float, min_shingles: int
) -> Confusion:
    """Pairwise confusion of the verification rule alone (no LSH, no grouping)."""

    def same(j: float, c: float, small: int) -> bool:
        return j >= jaccard or (c >= containment and small >= min_shingles)

    pos = [same(*s) for s in sims["positive"]]
    neg = [same(*s) for s in sims["negative"]]
    return Confusion(tp=sum(pos), fn=len(pos) - sum(pos), fp=sum(neg), tn=len(neg) - sum(neg))


# -- stories ---------------------------------------------------------------------------------------
# Sources from different years: an article of one and an article of another in one story is a false merge
# (their synthetic times interleave, so the clusterer does see them side by side).
ERAS = {"farsnews": "fars 2003-2013", "varzesh3": "varzesh3 2016-2017", "hamshahri": "2020", "radiofarda": "2020"}


@dataclass(slots=True)
class StoryReport:
    copies_together: tuple[int, int]  # copies in their original's story / copies
    reposted_together: tuple[int, int]  # real re-posted pairs (within the window) sharing a story / pairs
    pairs: int  # pairs of originals that share a story
    cross_era: int  # … of which come from sources years apart: certainly wrong
    topic_purity: dict[str, tuple[float, float, int]]  # source → (same-story pairs sharing a label,
    #                                                    random same-window pairs sharing one, pairs)
    stories: int
    singletons: int
    largest: int
    multi_outlet: int  # stories with articles from more than one outlet
    seconds: float


def evaluate_stories(
    test: NearDuplicateTestSet, analyse: Callable[[Article], Article] | None = None, **params: Any
) -> StoryReport:
    """Cluster the originals and copies (no near-duplicate links given) and score the proxies."""
    import time

    from didban.corpus.stories import StoryClusterer

    originals = original_articles(test)
    copies = copy_articles(test)
    if analyse is not None:  # e.g. the ner + link stages, for the entity overlap
        originals = [analyse(a) for a in originals]
        copies = [analyse(a) for a in copies]
    clusterer = StoryClusterer(**params)
    t0 = time.perf_counter()
    clusterer.add_many([*originals, *copies])
    seconds = time.perf_counter() - t0
    window = clusterer.window
    times = [a.published for a in originals]
    story = [a.story_id for a in originals]
    together = sum(a.story_id == story[c.original] for c, a in zip(test.copies, copies, strict=True))
    near = [(x, y) for x, y in test.reposted if _within(times[x], times[y], window)]
    reposted = sum(story[x] == story[y] for x, y in near)
    members: dict[str, list[int]] = {}
    for i, sid in enumerate(story):
        members.setdefault(str(sid), []).append(i)
    pairs = cross = 0
    labelled: dict[str, list[int]] = {}  # source → [pairs, sharing a label]
    for ids in members.values():
        for k, x in enumerate(ids):
            for y in ids[k + 1 :]:
                a, b = test.items[x], test.items[y]
                pairs += 1
                cross += ERAS[a.source] != ERAS[b.source]
                if a.source == b.source and a.topics and b.topics:
                    counts = labelled.setdefault(a.source, [0, 0])
                    counts[0] += 1
                    counts[1] += bool(a.topics & b.topics)
    baseline = _random_pair_topic_share(test.items, times, window)
    purity = {src: (n_same / n, baseline.get(src, 0.0), n) for src, (n, n_same) in sorted(labelled.items()) if n}
    sizes = [len(s.articles) for s in clusterer.stories]
    return StoryReport(
        copies_together=(together, len(copies)),
        reposted_together=(reposted, len(near)),
        pairs=pairs,
        cross_era=cross,
        topic_purity=purity,
        stories=len(sizes),
        singletons=sum(n == 1 for n in sizes),
        largest=max(sizes, default=0),
        multi_outlet=sum(len(s.outlets) > 1 for s in clusterer.stories),
        seconds=seconds,
    )


def _within(a: datetime | None, b: datetime | None, window: timedelta) -> bool:
    return a is not None and b is not None and abs(a - b) <= window


def _random_pair_topic_share(
    items: Sequence[NewsItem], times: Sequence[datetime | None], window: timedelta, samples: int = 5000
) -> dict[str, float]:
    """Per source: the share of random labelled pairs within ``window`` of each other that share a label."""
    rng = random.Random(SEED)
    out: dict[str, float] = {}
    for source in sorted({it.source for it in items}):
        pool = [it.number for it in items if it.source == source and it.topics]
        if len(pool) < 2:
            continue
        hits = total = 0
        for _ in range(20 * samples):
            if total == samples:
                break
            x, y = rng.sample(pool, 2)
            if not _within(times[x], times[y], window):
                continue
            total += 1
            hits += bool(items[x].topics & items[y].topics)
        out[source] = hits / total if total else 0.0
    return out

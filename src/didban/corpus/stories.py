"""Story clustering: articles about the same happening, across outlets, over a sliding time window.

`StoryClusterer.add` puts each article into the most similar *open* story, or starts a new one:

- text: TF-IDF cosine between the article and the story's centroid. Terms are `content_terms` (the
  normalized words less function words and bare numbers); weights are ``(1 + log tf) · idf`` with the
  document frequencies counted so far (smoothed idf); the centroid is the sum of its articles' unit
  vectors, cut to its ``max_terms`` heaviest terms. Candidates come from an inverted index of the open
  stories' terms, so only shared terms are visited;
- entities: the overlap of the article's entity ids (``Article.mentions`` / ``Article.entities``, without
  dates and amounts, nor the outlet's own name: ``ignore_entities``) with the story's most frequent
  ones: an idf-weighted Jaccard (a rare entity says more than «ایران»), with ``entity_prior`` added to
  the denominator so that one shared entity is not a full match. When both sides have entities the
  score is ``max(cosine, (1 - entity_weight) · cosine + entity_weight · overlap)``: shared entities
  link reports worded differently, but a small overlap does not pull the text score down (NER misses
  names, and an article names only some of a story's actors); else the cosine alone (the NER stage
  may not have run). The article joins the best story scoring at least ``threshold``;
- a near-duplicate (``Article.near_duplicate_of``, from `didban.corpus.near_duplicates`) joins its
  original's story whatever the score, even when that story has closed;
- the window: a story is open while its newest article is at most ``window`` (default 3 days) older
  than the article being added. Undated articles take the newest date seen so far.

Defaults (threshold 0.35, entity weight 0.3, prior 5) were chosen on the proxies of
`didban.corpus.evaluation.evaluate_stories` (``scripts/eval_near_duplicates.py --story-sweep``): with
text alone, 1.6 % of same-story pairs join sources years apart at 0.3, 0.4 % at 0.35; with the ner +
link entities (``--entities``), 0.35 adds about 20 merges and no such error.

Every loop runs in a fixed order (dicts, not sets), so the stories are a function of the input order
alone. `add_many` adds a batch in order of publication. A `Story` records its articles, outlets, first
publisher (the earliest ``published``, ties to the first seen), first and last time and top entities.
State is kept with ``to_bytes``/``from_bytes`` (compressed JSON; pickling goes through the same bytes).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from didban.article import Article
from didban.corpus.words import content_terms

FORMAT = "didban-stories"
FORMAT_VERSION = 1
SKIPPED_MENTION_TYPES = frozenset({"DAT", "TIM", "MON", "PCT"})  # values, not actors or places


@dataclass(slots=True)
class Story:
    """Articles about one happening."""

    id: str
    articles: list[str] = field(default_factory=list)  # article ids, in the order added
    outlets: list[str] = field(default_factory=list)  # in order of first appearance
    first_article: str = ""  # the earliest published (ties: the first seen)
    first_publisher: str | None = None  # that article's outlet
    first_time: datetime | None = None
    last_time: datetime | None = None
    top_entities: list[tuple[str, int]] = field(default_factory=list)  # (entity id, articles), most first

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "articles": list(self.articles),
            "outlets": list(self.outlets),
            "first_article": self.first_article,
            "first_publisher": self.first_publisher,
            "first_time": self.first_time.isoformat() if self.first_time else None,
            "last_time": self.last_time.isoformat() if self.last_time else None,
            "top_entities": [list(e) for e in self.top_entities],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        return cls(
            id=data["id"],
            articles=list(data["articles"]),
            outlets=list(data["outlets"]),
            first_article=data["first_article"],
            first_publisher=data["first_publisher"],
            first_time=_time(data["first_time"]),
            last_time=_time(data["last_time"]),
            top_entities=[(str(e), int(n)) for e, n in data["top_entities"]],
        )


@dataclass(slots=True)
class _Open:
    """What an open story needs for matching (dropped when it closes)."""

    centroid: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0
    entities: Counter[str] = field(default_factory=Counter)
    first_key: tuple[float, int] = (math.inf, 0)  # (published, order seen) of the first article
    top: frozenset[str] | None = None  # the entities matched against (cached until the story changes)
    first_time: float = -math.inf  # POSIX seconds of the story's earliest dated article


class StoryClusterer:
    """Incremental story clustering (see the module docstring)."""

    def __init__(
        self,
        *,
        window: timedelta = timedelta(days=3),
        threshold: float = 0.35,
        entity_weight: float = 0.3,
        max_terms: int = 100,
        top_entities: int = 10,
        ignore_entities: tuple[str, ...] = ("outlet:",),
        weighted_entities: bool = True,
        entity_prior: float = 5.0,
    ) -> None:
        self.window = window
        self.threshold = threshold
        self.entity_weight = entity_weight
        self.max_terms = max_terms
        self.top_entities = top_entities
        self.ignore_entities = tuple(ignore_entities)
        self.weighted_entities = weighted_entities
        self.entity_prior = entity_prior
        self._df: Counter[str] = Counter()
        self._docs = 0
        self._entity_df: Counter[str] = Counter()  # articles naming each entity
        self._entity_docs = 0  # articles with entities
        self._seen = 0  # articles added (the order of each, for ties)
        self._clock: float | None = None  # the newest publication time seen (POSIX seconds)
        self._stories: dict[str, Story] = {}
        self._open: dict[str, _Open] = {}
        # term → the open stories whose centroid has it (a dict as an ordered set: the sums, and so the
        # ties, do not depend on string hashing)
        self._postings: dict[str, dict[str, None]] = {}
        self._closing: list[tuple[float, str]] = []  # heap of (last time, story id), checked lazily
        self._story_of: dict[str, str] = {}
        self._rank: dict[str, int] = {}  # story id → the order it started in

    # -- public API --------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._stories)

    @property
    def stories(self) -> list[Story]:
        """Every story, open or closed, in the order they started."""
        return list(self._stories.values())

    def get(self, story_id: str) -> Story:
        return self._stories[story_id]

    def story_of(self, article_id: str) -> str | None:
        return self._story_of.get(article_id)

    def is_open(self, story_id: str) -> bool:
        return story_id in self._open

    def add(self, article: Article) -> str:
        """Put ``article`` into a story; return its id (also written into ``article.story_id``)."""
        known = self._story_of.get(article.id)
        if known is not None:
            article.story_id = known
            return known
        when = self._when(article)
        self._close_before(when - self.window.total_seconds())
        vector, entities = self._count(article)
        story_id = self._duplicate_story(article)
        if story_id is None:
            story_id = self._best_story(vector, entities, when)
        if story_id is None:
            story_id = self._new_story_id(article.id)
            self._rank[story_id] = len(self._stories)
            self._stories[story_id] = Story(id=story_id)
        self._join(story_id, article, vector, entities, when)
        article.story_id = story_id
        return story_id

    def add_many(self, articles: Iterable[Article]) -> list[str]:
        """`add` a batch in order of publication (undated last, ties in the given order); ids in input order."""
        batch = list(articles)
        order = sorted(range(len(batch)), key=lambda i: _time_key(batch[i].published))
        out = [""] * len(batch)
        for i in order:
            out[i] = self.add(batch[i])
        return out

    def similarity(self, article: Article, story_id: str) -> float:
        """The score ``article`` would get against an open story (0 for a closed one); nothing changes."""
        state = self._open.get(story_id)
        if state is None:
            return 0.0
        # counted as `add` counts it (the article is in its own document frequencies), then uncounted
        vector, entities = self._count(article)
        try:
            return self._score(vector, entities, state)
        finally:
            self._count(article, undo=True)

    # -- persistence -------------------------------------------------------------------------------
    def params(self) -> dict[str, Any]:
        return {
            "window": self.window.total_seconds(),
            "threshold": self.threshold,
            "entity_weight": self.entity_weight,
            "max_terms": self.max_terms,
            "top_entities": self.top_entities,
            "ignore_entities": list(self.ignore_entities),
            "weighted_entities": self.weighted_entities,
            "entity_prior": self.entity_prior,
        }

    def to_bytes(self) -> bytes:
        state = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "params": self.params(),
            "df": dict(self._df),
            "docs": self._docs,
            "entity_df": dict(self._entity_df),
            "entity_docs": self._entity_docs,
            "seen": self._seen,
            "clock": self._clock,
            "stories": [s.to_dict() for s in self._stories.values()],
            "open": {
                sid: {
                    "centroid": o.centroid,
                    "entities": dict(o.entities),
                    "first_key": list(o.first_key) if math.isfinite(o.first_key[0]) else None,
                }
                for sid, o in self._open.items()
            },
            "story_of": self._story_of,
        }
        return zlib.compress(json.dumps(state, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryClusterer:
        state = json.loads(zlib.decompress(data).decode("utf-8"))
        if state.get("format") != FORMAT or state.get("version") != FORMAT_VERSION:
            raise ValueError(f"not a story clusterer state of format {FORMAT} v{FORMAT_VERSION}")
        params = dict(state["params"])
        params["window"] = timedelta(seconds=params["window"])
        params["ignore_entities"] = tuple(params["ignore_entities"])
        self = cls(**params)
        self._df = Counter(state["df"])
        self._entity_df = Counter(state["entity_df"])
        self._entity_docs = state["entity_docs"]
        self._docs, self._seen, self._clock = state["docs"], state["seen"], state["clock"]
        self._stories = {d["id"]: Story.from_dict(d) for d in state["stories"]}
        self._rank = {sid: k for k, sid in enumerate(self._stories)}
        for sid, o in state["open"].items():
            key = tuple(o["first_key"]) if o["first_key"] else (math.inf, 0)
            opened = _Open(centroid=dict(o["centroid"]), entities=Counter(o["entities"]), first_key=key)
            first = self._stories[sid].first_time
            opened.first_time = first.timestamp() if first else -math.inf
            opened.norm = math.sqrt(sum(w * w for w in opened.centroid.values()))
            self._open[sid] = opened
            for t in opened.centroid:
                self._postings.setdefault(t, {})[sid] = None
            last = self._stories[sid].last_time
            heapq.heappush(self._closing, (last.timestamp() if last else -math.inf, sid))
        self._story_of = dict(state["story_of"])
        return self

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        return (StoryClusterer.from_bytes, (self.to_bytes(),))

    # -- internals ---------------------------------------------------------------------------------
    def _when(self, article: Article) -> float:
        if article.published is not None:
            t = article.published.timestamp()
            self._clock = t if self._clock is None else max(self._clock, t)
            return t
        return self._clock if self._clock is not None else 0.0

    def _count(self, article: Article, undo: bool = False) -> tuple[dict[str, float], set[str]]:
        """Count the article's terms and entities into the document frequencies (or take them out);
        return its TF-IDF vector and entity ids."""
        terms = content_terms(article)
        entities = self._entities(article)
        step = -1 if undo else 1
        for counts, keys in ((self._df, set(terms)), (self._entity_df, entities)):
            for k in keys:
                counts[k] += step
                if not counts[k]:
                    del counts[k]
        self._docs += step
        if entities:
            self._entity_docs += step
        return ({} if undo else self._vector(terms)), entities

    def _vector(self, terms: list[str]) -> dict[str, float]:
        """Unit TF-IDF vector with the document frequencies counted so far (smoothed idf)."""
        docs = self._docs
        vec: dict[str, float] = {}
        for t, tf in Counter(terms).items():
            vec[t] = (1.0 + math.log(tf)) * (math.log((1.0 + docs) / (1.0 + self._df[t])) + 1.0)
        norm = math.sqrt(sum(w * w for w in vec.values()))
        return {t: w / norm for t, w in vec.items()} if norm else {}

    def _entities(self, article: Article) -> set[str]:
        ids = {m.entity_id for m in article.mentions if m.entity_id and m.type not in SKIPPED_MENTION_TYPES}
        ids.update(e.id for e in article.entities if e.type not in SKIPPED_MENTION_TYPES)
        return {i for i in ids if not i.startswith(self.ignore_entities)} if self.ignore_entities else ids

    def _score(self, vector: dict[str, float], entities: set[str], state: _Open) -> float:
        if not state.norm:
            return 0.0
        centroid = state.centroid
        cosine = sum(w * centroid[t] for t, w in vector.items() if t in centroid) / state.norm
        return self._combine(cosine, entities, state)

    def _combine(self, cosine: float, entities: set[str], state: _Open) -> float:
        """The text cosine, combined with the entity overlap when both sides have entities."""
        if not (entities and state.entities):
            return cosine
        if state.top is None:
            state.top = frozenset(e for e, _ in state.entities.most_common(2 * self.top_entities))
        top = state.top
        union = entities | top
        if self.weighted_entities:
            # idf-weighted Jaccard: a rare entity is stronger evidence than «ایران» or «تهران»; the
            # prior mass in the denominator keeps one shared entity from counting as a full match
            idf = self._entity_idf
            overlap = sum(idf(e) for e in entities & top) / (sum(idf(e) for e in union) + self.entity_prior)
        else:
            overlap = len(entities & top) / len(union)
        # entities only add evidence: NER misses and partial coverage make a small overlap weak proof of
        # a different story, so it never pulls the text score down
        return max(cosine, (1.0 - self.entity_weight) * cosine + self.entity_weight * overlap)

    def _entity_idf(self, entity: str) -> float:
        return math.log((1.0 + self._entity_docs) / (1.0 + self._entity_df[entity])) + 1.0

    def _duplicate_story(self, article: Article) -> str | None:
        original = article.near_duplicate_of
        return self._story_of.get(original) if original else None

    def _best_story(self, vector: dict[str, float], entities: set[str], when: float) -> str | None:
        # Dot products through the postings: only the terms an article shares with a story are visited.
        dots: dict[str, float] = {}
        for t, w in vector.items():
            for sid in self._postings.get(t, ()):
                dots[sid] = dots.get(sid, 0.0) + w * self._open[sid].centroid[t]
        # the entity overlap adds at most entity_weight · (1 - cosine): stories that cannot reach are skipped
        floor = (self.threshold - self.entity_weight) / (1.0 - self.entity_weight) if entities else self.threshold
        horizon = when + self.window.total_seconds()
        best, best_score = None, self.threshold
        reachable = [sid for sid, d in dots.items() if d >= floor * self._open[sid].norm]
        for sid in sorted(reachable, key=self._rank.__getitem__):
            state = self._open[sid]
            if state.first_time > horizon:  # an old article that came late: not this story's
                continue
            score = self._combine(dots[sid] / state.norm, entities, state)
            if score > best_score or (best is None and score == best_score):  # ties: the older story
                best, best_score = sid, score
        return best

    def _join(self, sid: str, article: Article, vector: dict[str, float], entities: set[str], when: float) -> None:
        story = self._stories[sid]
        state = self._open.get(sid)
        if state is None:  # a new story, or a closed one a near-duplicate reopens
            state = self._reopen(sid)
        self._seen += 1
        story.articles.append(article.id)
        if article.outlet and article.outlet not in story.outlets:
            story.outlets.append(article.outlet)
        key = (article.published.timestamp() if article.published else math.inf, self._seen)
        if key < state.first_key or not story.first_article:
            state.first_key = key
            story.first_article = article.id
            story.first_publisher = article.outlet
        if article.published is not None:
            if story.first_time is None or article.published < story.first_time:
                story.first_time = article.published
                state.first_time = article.published.timestamp()
            if story.last_time is None or article.published > story.last_time:
                story.last_time = article.published
        state.entities.update(entities)
        state.top = None
        story.top_entities = state.entities.most_common(self.top_entities)
        for t, w in vector.items():
            state.centroid[t] = state.centroid.get(t, 0.0) + w
        if len(state.centroid) > self.max_terms:
            keep = sorted(state.centroid, key=lambda t: (-state.centroid[t], t))[: self.max_terms]
            for t in set(state.centroid) - set(keep):
                del state.centroid[t]
                self._unpost(t, sid)
        for t in state.centroid:
            self._postings.setdefault(t, {})[sid] = None
        state.norm = math.sqrt(sum(w * w for w in state.centroid.values()))
        last = story.last_time.timestamp() if story.last_time else when
        heapq.heappush(self._closing, (max(last, when), sid))
        self._story_of[article.id] = sid

    def _reopen(self, sid: str) -> _Open:
        state = _Open()
        story = self._stories[sid]
        if story.first_article:  # a closed story: its first article keeps its place
            first = story.first_time.timestamp() if story.first_time else math.inf
            state.first_key = (first, 0)
            state.first_time = first if story.first_time else -math.inf
            state.entities.update(dict(story.top_entities))
        self._open[sid] = state
        return state

    def _close_before(self, cutoff: float) -> None:
        """Close the stories whose newest article is older than ``cutoff``."""
        while self._closing and self._closing[0][0] < cutoff:
            last, sid = heapq.heappop(self._closing)
            state = self._open.get(sid)
            story = self._stories[sid]
            newest = story.last_time.timestamp() if story.last_time else last
            if state is None or max(newest, last) >= cutoff:
                continue  # already closed, or a newer entry for it is in the heap
            for t in state.centroid:
                self._unpost(t, sid)
            del self._open[sid]

    def _unpost(self, term: str, sid: str) -> None:
        posting = self._postings.get(term)
        if posting is not None:
            posting.pop(sid, None)
            if not posting:
                del self._postings[term]

    def _new_story_id(self, article_id: str) -> str:
        base = hashlib.blake2b(article_id.encode("utf-8"), digest_size=8).hexdigest()
        sid, k = f"s{base}", 1
        while sid in self._stories:  # only if the same article id started a story before
            sid, k = f"s{base}-{k}", k + 1
        return sid


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _time_key(published: datetime | None) -> tuple[bool, float]:
    return (published is None, published.timestamp() if published is not None else 0.0)


__all__ = ["Story", "StoryClusterer"]

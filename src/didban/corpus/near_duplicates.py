"""Near-duplicate detection: re-published copies of one article, found incrementally.

Wire copy is re-published with another outlet's lead («به گزارش ایسنا،» for «به گزارش خبرگزاری فارس،»),
a trimmed ending, the outlet's name changed, «انتهای پیام» appended, or in another spelling (Arabic ي/ك,
ZWNJ or a space). The method:

1. Words (`didban.corpus.words`): the normalized tokens of the text (`normalize_text` + `tokenize`;
   ``Article.text`` when the pipeline already normalized it), letters and digits only, split at ZWNJ
   and lower-cased: ي/ك, digit scripts, punctuation and «می‌شود»/«می شود» do not change them.
2. Shingles: overlapping word n-grams (``shingle_size``, default 5) *within a line*, hashed to 32 bits.
   A title or a paragraph dropped or added changes only its own shingles. Five words: two different
   reports on one topic share few of them (the closest real pairs, daily price reports written from one
   template, share about half), and a changed word costs only five. With 3-grams such pairs share more.
3. A MinHash signature (datasketch, ``num_perm`` values, default 128: 512 bytes an article) goes into a
   MinHash LSH index tuned to a low Jaccard (``lsh_threshold`` 0.3, weighted for recall: 42 bands of 3
   rows), so that a trimmed copy, whose Jaccard with the original is only its share of the original's
   shingles, is still a candidate.
4. Each candidate is verified on the signatures: an estimated *containment* (the share of the shorter
   text's shingles found in the longer one) of at least ``containment`` (default 0.75), or an estimated
   Jaccard of at least ``jaccard`` (default 0.7). Containment is what keeps a trimmed or re-led copy.
   Texts with fewer than ``min_shingles`` shingles match on Jaccard only: a short headline is contained
   in many texts. The thresholds were set on `didban.corpus.evaluation` (real news, synthetic copies,
   hard negatives; ``scripts/eval_near_duplicates.py --sweep``): precision 1.0, recall 0.9945; the
   hardest real negative (a later article re-using another's lead) has a containment of 0.71.

The duplicate of a duplicate points to the same original: ``add`` returns (and writes into
``Article.near_duplicate_of``) the first-seen article of the group it joins. `add_many` adds a batch in
order of publication, so within a batch the first seen is the earliest published; a later batch never
rewrites what an earlier one recorded (the store may already hold it).

State is kept between runs with ``to_bytes``/``from_bytes`` (numpy arrays and a JSON header, no pickle,
so a stored index cannot run code when loaded; the LSH tables are rebuilt on load); pickling an index
goes through the same bytes. Memory: the signature, plus about 11 KiB an article in datasketch's LSH
tables (a set per band bucket). `prune` forgets articles published before a date: re-publication
happens within days, so a window of a few weeks keeps a long-running stream bounded.
"""

from __future__ import annotations

import io
import json
import math
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from didban.article import Article
from didban.corpus.words import article_words, words

try:
    import numpy as np
    from datasketch import MinHash, MinHashLSH
except ImportError as exc:  # pragma: no cover - depends on the install
    raise ImportError("near-duplicate detection needs datasketch (and numpy): pip install 'didban[corpus]'") from exc

FORMAT = "didban-near-duplicates"
FORMAT_VERSION = 1
_SCHEME = "affine32"  # datasketch ≥ 2's default: uint32 values, half the memory of the legacy scheme
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio) that spreads n-gram hashes


# -- words and shingles ------------------------------------------------------------------------------
def shingle_hashes(lines: Sequence[Sequence[str]], size: int = 5) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word ``size``-grams within each line (a shorter line is one shingle)."""
    flat = [w for line in lines for w in line]
    if not flat:
        return np.empty(0, dtype=np.uint32)
    hashes = list(map(_HASHES.get, flat))
    if None in hashes:
        hashes = [_word_hash(w) if v is None else v for w, v in zip(flat, hashes, strict=True)]
    h = np.array(hashes, dtype=np.uint64)
    parts: list[np.ndarray] = []
    if len(flat) >= size:
        m = len(flat) - size + 1
        acc = h[:m].copy()
        for k in range(1, size):  # a polynomial over the words; uint64 arithmetic wraps, as intended
            acc = acc * _MIX + h[k : k + m]
        line_of = np.repeat(np.arange(len(lines)), [len(line) for line in lines])
        parts.append(acc[line_of[:m] == line_of[size - 1 :]])  # windows inside one line only
    pos = 0
    for line in lines:  # a line shorter than a shingle is one shingle of its own
        if 0 < len(line) < size:
            acc1 = h[pos : pos + 1].copy()
            for k in range(1, len(line)):
                acc1 = acc1 * _MIX + h[pos + k : pos + k + 1]
            parts.append(acc1)
        pos += len(line)
    out = np.concatenate(parts)
    out ^= out >> np.uint64(32)
    return np.unique(out.astype(np.uint32))


_HASHES: dict[str, int] = {}


def _word_hash(word: str) -> int:
    """crc32 of the word, memoized in `_HASHES` (news vocabulary repeats; cleared when it grows large)."""
    if len(_HASHES) >= 1_000_000:
        _HASHES.clear()
    h = _HASHES[word] = zlib.crc32(word.encode("utf-8"))
    return h


def _identity(x: int) -> int:
    return x


# -- the index -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Match:
    """An earlier article a text matches, with the similarity estimates that verified it."""

    id: str
    original: str  # the first-seen article of that article's group
    jaccard: float
    containment: float


class NearDuplicateIndex:
    """An incremental near-duplicate index over articles (see the module docstring for the method)."""

    def __init__(
        self,
        *,
        num_perm: int = 128,
        shingle_size: int = 5,
        containment: float = 0.75,
        jaccard: float = 0.7,
        min_shingles: int = 5,
        lsh_threshold: float = 0.3,
        lsh_weights: tuple[float, float] = (0.3, 0.7),
        seed: int = 1,
    ) -> None:
        if shingle_size < 1:
            raise ValueError("shingle_size must be at least 1")
        if not (0.0 < containment <= 1.0 and 0.0 < jaccard <= 1.0):
            raise ValueError("containment and jaccard thresholds must be in (0, 1]")
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.containment = containment
        self.jaccard = jaccard
        self.min_shingles = min_shingles
        self.lsh_threshold = lsh_threshold
        self.lsh_weights = (float(lsh_weights[0]), float(lsh_weights[1]))
        self.seed = seed
        # weights favour recall: a missed candidate is lost, a false one costs one cheap verification
        self._lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm, weights=self.lsh_weights)
        self._permutations = MinHash(num_perm=num_perm, seed=seed, scheme=_SCHEME).permutations
        # per article, by insertion number (the LSH keys): id, signature, shingle count, original, time
        self._ids: list[str] = []
        self._sigs: list[np.ndarray | None] = []  # None once pruned
        self._sizes: list[int] = []
        self._originals: list[str] = []
        self._times: list[float] = []  # POSIX seconds; nan when the article has no date
        self._number: dict[str, int] = {}

    # -- public API --------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._number)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._number

    def add(self, article: Article) -> str | None:
        """Index ``article``; return the id of the first-seen copy it re-publishes, or None if it is new.

        Sets ``article.near_duplicate_of`` to the same value. Adding an id again changes nothing and
        returns what the first add returned. Articles without words are not indexed.
        """
        known = self._number.get(article.id)
        if known is not None:
            original = self._originals[known]
            article.near_duplicate_of = None if original == article.id else original
            return article.near_duplicate_of
        hashes = shingle_hashes(article_words(article), self.shingle_size)
        if not len(hashes):
            article.near_duplicate_of = None
            return None
        minhash = self._minhash(hashes)
        matches = self._verify(minhash, len(hashes))
        original = matches[0].original if matches else article.id
        self._insert(article.id, minhash, len(hashes), original, article.published)
        article.near_duplicate_of = None if original == article.id else original
        return article.near_duplicate_of

    def add_many(self, articles: Iterable[Article]) -> list[str | None]:
        """`add` a batch in order of publication (undated last, ties in the given order); results in input order."""
        batch = list(articles)
        order = sorted(range(len(batch)), key=lambda i: _time_key(batch[i].published))
        results: list[str | None] = [None] * len(batch)
        for i in order:
            results[i] = self.add(batch[i])
        return results

    def query(self, article: Article) -> list[Match]:
        """The indexed articles ``article`` is a near-duplicate of, best first; the index is not changed."""
        hashes = shingle_hashes(article_words(article), self.shingle_size)
        if not len(hashes):
            return []
        matches = self._verify(self._minhash(hashes), len(hashes))
        return [m for m in matches if m.id != article.id]

    def original_of(self, article_id: str) -> str | None:
        """The first-seen copy of an indexed article's group (its own id for an original), or None if unknown."""
        number = self._number.get(article_id)
        return None if number is None else self._originals[number]

    def group(self, article_id: str) -> list[str]:
        """The indexed articles that share ``article_id``'s original, in the order they were added."""
        original = self.original_of(article_id)
        if original is None:
            return []
        return [self._ids[n] for n in self._number.values() if self._originals[n] == original]

    def prune(self, before: datetime) -> int:
        """Forget the articles published before ``before`` (undated ones are kept); return how many."""
        cutoff = before.timestamp()
        gone = [n for n in self._number.values() if self._times[n] < cutoff]  # nan compares False
        for n in gone:
            self._lsh.remove(n)
            self._sigs[n] = None
            del self._number[self._ids[n]]
        return len(gone)

    # -- persistence -------------------------------------------------------------------------------
    def params(self) -> dict[str, Any]:
        return {
            "num_perm": self.num_perm,
            "shingle_size": self.shingle_size,
            "containment": self.containment,
            "jaccard": self.jaccard,
            "min_shingles": self.min_shingles,
            "lsh_threshold": self.lsh_threshold,
            "lsh_weights": list(self.lsh_weights),
            "seed": self.seed,
        }

    def to_bytes(self) -> bytes:
        """The index as bytes (an ``.npz`` archive: signatures, counts, times and a JSON header)."""
        live = sorted(self._number.values())
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "scheme": _SCHEME,
            "params": self.params(),
            "ids": [self._ids[n] for n in live],
            "originals": [self._originals[n] for n in live],
        }
        sigs = [self._signature(n) for n in live]
        buf = io.BytesIO()
        np.savez(
            buf,
            header=np.frombuffer(json.dumps(header, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
            signatures=np.stack(sigs) if sigs else np.empty((0, self.num_perm), dtype=np.uint32),
            sizes=np.array([self._sizes[n] for n in live], dtype=np.uint32),
            times=np.array([self._times[n] for n in live], dtype=np.float64),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> NearDuplicateIndex:
        """An index saved by `to_bytes` (the LSH tables are rebuilt from the signatures)."""
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            header = json.loads(npz["header"].tobytes().decode("utf-8"))
            if header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
                raise ValueError(f"not a near-duplicate index of format {FORMAT} v{FORMAT_VERSION}")
            if header.get("scheme") != _SCHEME:
                raise ValueError(f"index built with MinHash scheme {header.get('scheme')!r}, expected {_SCHEME!r}")
            params = dict(header["params"])
            params["lsh_weights"] = tuple(params["lsh_weights"])
            index = cls(**params)
            sigs, sizes, times = npz["signatures"], npz["sizes"], npz["times"]
        with index._lsh.insertion_session() as session:
            for i, (article_id, original) in enumerate(zip(header["ids"], header["originals"], strict=True)):
                sig = np.array(sigs[i], dtype=np.uint32)
                n = index._append(article_id, sig, int(sizes[i]), original, float(times[i]))
                session.insert(n, index._minhash_of(sig), check_duplication=False)
        return index

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        return (NearDuplicateIndex.from_bytes, (self.to_bytes(),))

    # -- internals ---------------------------------------------------------------------------------
    def _minhash(self, hashes: np.ndarray) -> MinHash:
        m = MinHash(
            num_perm=self.num_perm, seed=self.seed, hashfunc=_identity, permutations=self._permutations, scheme=_SCHEME
        )
        m.update_batch(hashes.tolist())  # the shingle hashes are the input hashes (hashfunc is the identity)
        return m

    def _minhash_of(self, sig: np.ndarray) -> MinHash:
        return MinHash(seed=self.seed, hashvalues=sig, permutations=self._permutations, scheme=_SCHEME)

    def _signature(self, n: int) -> np.ndarray:
        sig = self._sigs[n]
        if sig is None:
            raise KeyError(f"article {self._ids[n]} was pruned")
        return sig

    def _verify(self, minhash: MinHash, size: int) -> list[Match]:
        candidates = sorted(self._lsh.query(minhash))
        if not candidates:
            return []
        found = np.stack([self._signature(n) for n in candidates])
        jac = (found == minhash.hashvalues).mean(axis=1)
        sizes = np.array([self._sizes[n] for n in candidates], dtype=np.float64)
        smaller = np.minimum(sizes, size)
        # |A ∩ B| = J (|A| + |B|) / (1 + J): the containment of the smaller set follows from the Jaccard
        cont = np.minimum(jac * (sizes + size) / (1.0 + jac) / smaller, 1.0)
        ok = (jac >= self.jaccard) | ((cont >= self.containment) & (smaller >= self.min_shingles))
        matches = [
            Match(self._ids[n], self._originals[n], float(j), float(c))
            for n, j, c, good in zip(candidates, jac, cont, ok, strict=True)
            if good
        ]
        # best first; ties go to the earliest added (candidates are sorted by insertion number)
        matches.sort(key=lambda m: (-m.containment, -m.jaccard))
        return matches

    def _insert(self, article_id: str, minhash: MinHash, size: int, original: str, published: datetime | None) -> None:
        time = published.timestamp() if published is not None else math.nan
        n = self._append(article_id, np.asarray(minhash.hashvalues, dtype=np.uint32), size, original, time)
        self._lsh.insert(n, minhash, check_duplication=False)

    def _append(self, article_id: str, sig: np.ndarray, size: int, original: str, time: float) -> int:
        n = len(self._ids)
        self._ids.append(article_id)
        self._sigs.append(sig)
        self._sizes.append(size)
        self._originals.append(original)
        self._times.append(time)
        self._number[article_id] = n
        return n


def _time_key(published: datetime | None) -> tuple[bool, float]:
    return (published is None, published.timestamp() if published is not None else 0.0)


__all__ = ["Match", "NearDuplicateIndex", "article_words", "shingle_hashes", "words"]

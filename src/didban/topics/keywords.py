"""Keyphrases: ranked multi-word phrases of content words, entities favoured.

Candidates are runs of up to `MAX_WORDS` adjacent content words inside a sentence (a stopword,
punctuation or a line break ends a run; ZWNJ words are one token, so «سازمان‌ملل» stays whole) and the
NER mentions when a stage found them. A candidate scores

    count(phrase) × Σ idf(word) × (title boost) × (early boost) × (entity boost)

    × (1 + TAG_BOOST × keyphraseness)

where a multi-word phrase must occur twice, be in the title, or be a mention; IDF comes from the document
frequencies shipped in ``models/keywords-df.tsv`` and the keyphraseness (as in KEA) from
``models/keywords-tags.tsv``: of the training-side Fars News and Varzesh3 articles whose text has the phrase
(folded), the share an editor tagged with it («وزیر»: 2 of 199; «پرسپولیس تهران»: 188 of 188). Both files
are computed from the news by ``scripts/train_topics.py``, held-out split excluded.
A phrase overlapping one already chosen (one inside the other) is skipped, so the list does not repeat itself.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from didban.errors import ConfigError
from didban.fa.chars import ZWNJ
from didban.topics.words import Span, content_keys, stopwords

_DROP_ZWNJ = str.maketrans("", "", ZWNJ)

DF_FILE = "keywords-df.tsv"
TAGS_FILE = "keywords-tags.tsv"
TAG_BOOST = 16.0  # chosen on the dev split (1, 2, 4, 8, 16 tried), the tag table counted on train minus dev
MAX_WORDS = 3
MAX_MENTION_WORDS = 5
TITLE_BOOST = 1.6
ENTITY_BOOST = 3.0
LEAD_BOOST = 2.0  # a phrase first seen in the first two sentences


class DocumentFrequencies:
    """IDF from ``word<TAB>df`` lines under a ``#docs<TAB>N`` header; unseen words get the highest IDF."""

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else Path(str(resources.files("didban") / "models"))
        path = self.model_dir / DF_FILE
        self.docs = 0
        self.df: dict[str, int] = {}
        try:
            with path.open(encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) != 2:
                        raise ConfigError(f"{path}:{n}: expected word<TAB>count")
                    if cols[0] == "#docs":
                        self.docs = int(cols[1])
                    else:
                        self.df[cols[0]] = int(cols[1])
        except FileNotFoundError:
            raise ConfigError(
                f"{path}: keyphrase document frequencies not found (run scripts/train_topics.py)"
            ) from None
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise ConfigError(f"{path}: not a valid document-frequency file ({e.__class__.__name__})") from None
        if self.docs <= 0:
            raise ConfigError(f"{path}: missing '#docs<TAB>N' header")
        self._unseen = math.log((self.docs + 1) / 1) + 1.0
        # Precomputed once: the stages ask for the IDF of every word of every article.
        self.table: dict[str, float] = {w: math.log((self.docs + 1) / (df + 1)) + 1.0 for w, df in self.df.items()}
        self.tags: dict[str, float] = self._read_tags(self.model_dir / TAGS_FILE)

    @staticmethod
    def _read_tags(path: Path) -> dict[str, float]:
        """Folded tag → TAG_BOOST × tagged / (appeared + 1); optional (an empty table when the file is absent)."""
        tags: dict[str, float] = {}
        try:
            with path.open(encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) != 3:
                        raise ConfigError(f"{path}:{n}: expected tag<TAB>tagged<TAB>appeared")
                    tags[cols[0]] = TAG_BOOST * int(cols[1]) / (int(cols[2]) + 1)
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise ConfigError(f"{path}: not a valid tag-count file ({e.__class__.__name__})") from None
        return tags

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return (type(self), (str(self.model_dir),))

    def idf(self, word: str) -> float:
        return self.table.get(word, self._unseen)

    @property
    def unseen(self) -> float:
        """The IDF of a word missing from the table."""
        return self._unseen


def keyphrases(
    text: str,
    sentences: Sequence[Span],
    tokens: Sequence[Span],
    idf: DocumentFrequencies,
    mention_spans: Sequence[Span] = (),
    title_span: Span | None = None,
    k: int = 10,
) -> list[str]:
    """The top ``k`` keyphrases of a document, best first, as they are written in the text."""
    keys = content_keys(text, tokens)
    lead_end = sentences[min(2, len(sentences) - 1)][1] if sentences else 0
    if title_span is not None and sentences and sentences[0][1] <= title_span[1] + 1 and len(sentences) > 2:
        lead_end = sentences[min(3, len(sentences) - 1)][1]  # the title line is a sentence of its own
    # Plain dicts, not objects per candidate: this loop is most of the stage's time. A phrase's title and
    # lead flags follow from its first occurrence (the title is the first line).
    count: dict[tuple[str, ...], int] = {}
    first: dict[tuple[str, ...], Span] = {}
    run_keys: list[str] = []
    run_spans: list[Span] = []
    prev_end = -2
    for key, span in zip(keys, tokens, strict=True):
        if key is not None:
            if not run_keys or (span[0] == prev_end + 1 and text[prev_end] == " "):
                run_keys.append(key)
                run_spans.append(span)
                prev_end = span[1]
                continue
            _count_ngrams(run_keys, run_spans, count, first)
            run_keys, run_spans, prev_end = [key], [span], span[1]
        elif run_keys:
            _count_ngrams(run_keys, run_spans, count, first)
            run_keys, run_spans = [], []
    if run_keys:
        _count_ngrams(run_keys, run_spans, count, first)
    entity: set[tuple[str, ...]] = set()
    for s, e in mention_spans:
        ws = tuple(text[s:e].lower().split())
        if ws in count and ws not in entity and first[ws][0] <= s:
            entity.add(ws)  # already counted by the n-gram pass
        elif 0 < len(ws) <= MAX_MENTION_WORDS and keys[_token_at(tokens, s)] is not None:
            # a name with a stopword inside («صدا و سیما») or longer than the n-grams
            count[ws] = count.get(ws, 0) + 1
            first.setdefault(ws, (s, e))
            entity.add(ws)

    stop = stopwords()  # also holds boilerplate phrases such as «ورزش سه»
    idf_of, unseen = idf.table.get, idf.unseen
    tag_of = idf.tags.get
    t0, t1 = title_span if title_span is not None else (1, 0)
    scored: list[tuple[float, int, tuple[str, ...]]] = []
    for ws, c in count.items():
        span = first[ws]
        title = t0 <= span[0] and span[1] <= t1
        is_entity = ws in entity
        if c < 2 and len(ws) > 1 and not title and not is_entity:
            continue
        score = c * sum([idf_of(w, unseen) for w in ws])
        score *= (TITLE_BOOST if title else 1.0) * (LEAD_BOOST if span[0] < lead_end else 1.0)
        score *= ENTITY_BOOST if is_entity else 1.0
        joined = "".join(ws)
        score *= 1.0 + tag_of(joined.translate(_DROP_ZWNJ) if ZWNJ in joined else joined, 0.0)
        scored.append((-score, span[0], ws))
    scored.sort()
    chosen: list[tuple[str, ...]] = []
    chosen_words: set[str] = set()  # a phrase sharing no word with the chosen ones overlaps none of them
    out: list[str] = []
    for _, _, ws in scored:
        if len(out) >= k:
            break
        if " ".join(ws) in stop or (not chosen_words.isdisjoint(ws) and any(_overlap(ws, o) for o in chosen)):
            continue
        chosen.append(ws)
        chosen_words.update(ws)
        out.append(text[first[ws][0] : first[ws][1]])
    return out


def _count_ngrams(
    run_keys: list[str], run_spans: list[Span], count: dict[tuple[str, ...], int], first: dict[tuple[str, ...], Span]
) -> None:
    """Count the phrases of up to `MAX_WORDS` words in one run of adjacent content words, noting first spans."""
    rk = tuple(run_keys)
    n = len(rk)
    get = count.get
    for a in range(n):
        start = run_spans[a][0]
        for b in range(a + 1, min(a + MAX_WORDS, n) + 1):
            ws = rk[a:b]
            c = get(ws)
            if c is None:
                count[ws] = 1
                first[ws] = (start, run_spans[b - 1][1])
            else:
                count[ws] = c + 1


def _token_at(tokens: Sequence[Span], start: int) -> int:
    """Index of the token starting at ``start`` (mentions start on token boundaries)."""
    return min(bisect.bisect_left(tokens, (start, -1)), len(tokens) - 1)


def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One phrase inside the other, or one running on into the other («سن ژرمن مقابل» after «پاری سن ژرمن»)."""
    if len(a) > len(b):
        a, b = b, a
    n = len(a)
    if any(b[i : i + n] == a for i in range(len(b) - n + 1)):
        return True
    return any(a[-j:] == b[:j] or b[-j:] == a[:j] for j in range(1, n))


def tfidf_words(text: str, tokens: Sequence[Span], idf: DocumentFrequencies, k: int = 10) -> list[str]:
    """Baseline: the ``k`` single content words of highest count × IDF."""
    counts: dict[str, int] = {}
    for key in content_keys(text, tokens):
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w] * idf.idf(w), w))[:k]

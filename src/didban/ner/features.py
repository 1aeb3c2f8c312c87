"""Token features for the CRF tagger.

Features are plain strings (``name=value``, weight 1), which python-crfsuite takes without building
dicts. Everything that depends only on a word form is computed once per form and cached, in four
variants: for the token itself and for it seen as a neighbour at -1/+1 and -2/+2. A token's feature
list is then a concatenation of cached tuples, which keeps feature extraction out of the profile.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

ZWNJ = "\u200c"
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


def shape(word: str) -> str:
    """A coarse word shape: which scripts and classes of characters it is made of."""
    kinds: list[str] = []
    for ch in word:
        if ch in _PERSIAN_DIGITS or ch.isdigit():
            k = "d"
        elif "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff":
            k = "f"
        elif ch.isalpha():
            k = "A" if ch.isupper() else "a"
        elif ch == ZWNJ:
            k = "z"
        else:
            k = "p"
        if not kinds or kinds[-1] != k:
            kinds.append(k)
    return "".join(kinds[:4])


class FeatureExtractor:
    """Builds the feature strings of every token of a sentence.

    ``clusters`` maps a word to cluster ids at several granularities (from embeddings trained on
    unlabelled news, see scripts/train_word_clusters.py); ``gazetteer`` maps a tuple of words to the
    entity types a lexicon gives it (from the entity registry).
    """

    def __init__(
        self,
        clusters: Mapping[str, Sequence[str]] | None = None,
        gazetteer: Mapping[tuple[str, ...], str] | None = None,
        max_gazetteer_len: int = 6,
    ) -> None:
        self.clusters = clusters or {}
        self.gazetteer = gazetteer or {}
        self.max_gazetteer_len = max_gazetteer_len
        # first word → the lengths of the entries starting with it, longest first: most tokens start none
        lengths: dict[str, set[int]] = {}
        for key in self.gazetteer:
            if 0 < len(key) <= max_gazetteer_len:
                lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {w: sorted(ls, reverse=True) for w, ls in lengths.items()}
        self._cache: dict[str, tuple[tuple[str, ...], ...]] = {}

    def __getstate__(self) -> dict[str, object]:
        return {"clusters": self.clusters, "gazetteer": self.gazetteer, "max_gazetteer_len": self.max_gazetteer_len}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def _word(self, w: str) -> tuple[tuple[str, ...], ...]:
        """The cached feature tuples of a word form: (self, at -1, at +1, at -2, at +2)."""
        cached = self._cache.get(w)
        if cached is not None:
            return cached
        low = w.lower()
        parts = w.split(ZWNJ)
        head = parts[0]
        cl = self.clusters.get(low, ())
        own = [
            "w=" + low,
            "sh=" + shape(w),
            "p2=" + low[:2],
            "p3=" + low[:3],
            "s2=" + low[-2:],
            "s3=" + low[-3:],
            "s4=" + low[-4:],
            "len=" + str(min(len(w), 8)),
        ]
        if len(parts) > 1:
            own.append("zh=" + head)
            own.append("zt=" + parts[-1])
        own.extend(f"c{i}={c}" for i, c in enumerate(cl))
        if not cl:
            own.append("c=none")
        near = ["w=" + low, "s3=" + low[-3:], "sh=" + shape(w)]
        near.extend(f"c{i}={c}" for i, c in enumerate(cl))
        far = ["w=" + low]
        if cl:
            far.append("c0=" + cl[0])
        result = (
            tuple(own),
            tuple("-1" + f for f in near),
            tuple("+1" + f for f in near),
            tuple("-2" + f for f in far),
            tuple("+2" + f for f in far),
        )
        if len(self._cache) < 500_000:  # bounded: a corpus of millions of articles must not grow it forever
            self._cache[w] = result
        return result

    def _gazetteer_tags(self, words: Sequence[str]) -> list[str | None]:
        """Longest-match lexicon tags per token (B-/I- with the lexicon type), or None."""
        tags: list[str | None] = [None] * len(words)
        if not self.gazetteer:
            return tags
        i, n = 0, len(words)
        lengths, gazetteer = self._lengths, self.gazetteer
        while i < n:
            step = 1
            for k in lengths.get(words[i].lower(), ()):
                if i + k <= n:
                    kind = gazetteer.get(tuple(w.lower() for w in words[i : i + k]))
                    if kind is not None:
                        tags[i] = "B-" + kind
                        for j in range(i + 1, i + k):
                            tags[j] = "I-" + kind
                        step = k
                        break
            i += step
        return tags

    @staticmethod
    def prior_features(prior: Sequence[str]) -> list[list[str]]:
        """Features from another tagger's BIO label per word (stacking: the FAC/EVENT head sees what the
        news head found), for the word and its neighbours."""
        n = len(prior)
        return [
            [
                "h=" + prior[i],
                "h-=" + (prior[i - 1] if i > 0 else "BOS") + "|" + prior[i],
                "h+=" + (prior[i + 1] if i + 1 < n else "EOS"),
            ]
            for i in range(n)
        ]

    def sentence(self, words: Sequence[str], prior: Sequence[str] | None = None) -> list[list[str]]:
        """Feature strings for each word of one sentence (``prior``: see `prior_features`)."""
        n = len(words)
        feats = [self._word(w) for w in words]
        gaz = self._gazetteer_tags(words)
        out: list[list[str]] = []
        for i in range(n):
            f = list(feats[i][0])
            if i > 0:
                f.extend(feats[i - 1][1])
                f.append("bg-=" + words[i - 1] + "|" + words[i])
            else:
                f.append("BOS")
            if i + 1 < n:
                f.extend(feats[i + 1][2])
                f.append("bg+=" + words[i] + "|" + words[i + 1])
            else:
                f.append("EOS")
            if i > 1:
                f.extend(feats[i - 2][3])
            if i + 2 < n:
                f.extend(feats[i + 2][4])
            g = gaz[i]
            if g is not None:
                f.append("g=" + g)
                if i + 1 < n and gaz[i + 1] is not None:
                    f.append("g+=" + str(gaz[i + 1]))
            if i > 0 and gaz[i - 1] is not None:
                f.append("g-=" + str(gaz[i - 1]))
            out.append(f)
        if prior is not None:
            for f, extra in zip(out, self.prior_features(prior), strict=True):
                f.extend(extra)
        return out

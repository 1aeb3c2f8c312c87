"""Dependency syntax for the role model: who is the subject, the object, the «به/علیه X» of a trigger.

The rules read Persian markers word by word; a dependency parse says which predicate a noun phrase belongs
to across clauses and coordinations. The parser is a small spaCy tagger + parser trained in-house on the
Universal Dependencies Persian treebanks (``scripts/train_parser.py``), run on the sentence's tokens as the
segmenter cut them (so its tokens are ours: a ZWNJ-joined «می‌کند» is one token, as in the treebanks). Only
the sentences where the role model decides are parsed.

`path_features` turns the tree between a participant and a trigger into feature names: the dependency path
(«nsubj^» the participant is the trigger's subject, «obl^» an oblique, «nmod^obl^» a noun inside one, «nsubj^_ccomp» the subject of the clause the trigger is the complement of), the
participant's case marker («به», «از», «را», …), and the same path to the verb of a light-verb construction
(«هشدار داد»: the noun «هشدار» is the verb's ``compound:lvc``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from didban.attribution.words import Words
from didban.errors import ConfigError

MODEL_DIR = "parser"
_MAX_PATH = 4  # dependency arcs; longer paths are one feature, "far"
_LIGHT = frozenset({"compound:lvc", "compound:lv", "compound"})
_LITERAL_ARCS = 3  # a literal argument is at most this many arcs from the trigger
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
_ARGUMENT = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:arg", "nmod", "nmod:poss", "conj", "appos"})
_OUTSIDE_PHRASE = frozenset({"case", "punct", "cc", "mark"})  # its own dependents that are not the phrase


class Parse:
    """One sentence's dependency tree, read by word index (words of `didban.attribution.words.Words`)."""

    __slots__ = ("case", "deps", "heads", "tag", "token", "w0")

    def __init__(self, w0: int, token: list[int], heads: list[int], deps: list[str], tags: list[str]) -> None:
        self.w0 = w0  # the sentence's first word
        self.token = token  # word (from w0) → its token
        self.heads = heads  # token → its head token (itself at the root)
        self.deps = deps
        self.tag = tags
        self.case: dict[int, str] = {}  # token → its case marker's text («به», «را», …)

    def head_of(self, i: int, j: int) -> int:
        """The token heading words ``i … j-1``: the first whose head lies outside them."""
        toks = sorted({self.token[k - self.w0] for k in range(i, j)})
        inside = set(toks)
        for k in toks:
            if self.heads[k] not in inside or self.heads[k] == k:
                return k
        return toks[-1]

    def path(self, a: int, b: int) -> str:
        """The dependency path from token ``a`` up to the common ancestor and down to token ``b``."""
        up: list[int] = [a]
        while self.heads[up[-1]] != up[-1] and len(up) <= _MAX_PATH + 1:
            up.append(self.heads[up[-1]])
        index = {k: n for n, k in enumerate(up)}
        down: list[int] = []
        k = b
        while k not in index and len(down) <= _MAX_PATH:
            down.append(k)
            if self.heads[k] == k:
                return "far"
            k = self.heads[k]
        if k not in index:
            return "far"
        rise = [self.deps[x] for x in up[: index[k]]]
        fall = [self.deps[x] for x in reversed(down)]
        if len(rise) + len(fall) > _MAX_PATH:
            return "far"
        return "".join(f"{d}^" for d in rise) + "".join(f"_{d}" for d in fall) or "self"


def path_features(parse: Parse, i: int, j: int, t: int, te: int, type_: str, kind: str) -> list[str]:
    """Feature names of the tree between a participant (words ``i … j-1``) and a trigger (``t … te-1``) of a
    PLOVER type and kind (`didban.events.roles.trigger_kind`)."""
    a, b = parse.head_of(i, j), parse.head_of(t, te)
    pos = "before" if j <= t else ("after" if i >= te else "inside")
    path = parse.path(a, b)
    case = parse.case.get(a, "-")
    feats = [
        f"dp={path}",
        f"dp={path}|{kind}",
        f"dp={path}|{pos}",
        f"dp={path}|{type_}",
        f"dp={path}|case={case}",
        f"pdep={parse.deps[a]}|case={case}|{pos}",
        f"ptag={parse.tag[a]}",
    ]
    if parse.deps[b] in _LIGHT and parse.heads[b] != b:
        feats.append(f"dpv={parse.path(a, parse.heads[b])}")
    return feats


def literal_features(
    parse: Parse, words: Sequence[str], i: int, j: int, t: int, te: int, type_: str, kind: str
) -> list[str]:
    """Feature names of a literal noun phrase (`literal_spans`) for a trigger: its tree path as for a
    participant, and what kind of phrase it is."""
    a = parse.head_of(i, j)
    head = words[i] if j - i == 1 else words[parse.w0 + parse.token.index(a)]
    size = str(min(j - i, 4))
    feats = [f"L|{f}" for f in path_features(parse, i, j, t, te, type_, kind)]
    return [*feats, "L", f"L|{kind}", f"L|{type_}", f"L|tag={parse.tag[a]}", f"L|head={head}", f"L|size={size}"]


def literal_spans(parse: Parse, t: int, te: int, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Noun phrases the tree attaches to a trigger (words ``t … te-1``) that no participant covers: the
    subtree (its case markers and punctuation left out) of each nominal within `_LITERAL_ARCS` arcs of the
    trigger's head or its light verb, as (first word, word after the last, head token)."""
    b = parse.head_of(t, te)
    preds = {b} | ({parse.heads[b]} if parse.deps[b] in _LIGHT else set())
    trig = {parse.token[k - parse.w0] for k in range(t, te)}
    kids: dict[int, list[int]] = {}
    for k, h in enumerate(parse.heads):
        if h != k:
            kids.setdefault(h, []).append(k)
    first_word: dict[int, int] = {}
    last_word: dict[int, int] = {}
    for n, tok in enumerate(parse.token):
        first_word.setdefault(tok, parse.w0 + n)
        last_word[tok] = parse.w0 + n + 1
    out: list[tuple[int, int, int]] = []
    for k, tag in enumerate(parse.tag):
        if tag not in _NOMINAL or k in trig or parse.deps[k] not in _ARGUMENT:
            continue
        if not any(_arcs(parse.path(k, q)) <= _LITERAL_ARCS for q in preds):
            continue
        toks = _subtree(k, kids, parse.deps)
        lo, hi = min(toks), max(toks)
        if trig & set(range(lo, hi + 1)):
            continue
        i, j = first_word[lo], last_word[hi]
        if any(a < j and i < b_ for a, b_ in taken):
            continue
        out.append((i, j, k))
    return out


def _arcs(path: str) -> int:
    return 99 if path == "far" else path.count("^") + path.count("_")


def _subtree(k: int, kids: dict[int, list[int]], deps: list[str]) -> list[int]:
    out = [k]
    stack = [c for c in kids.get(k, []) if deps[c] not in _OUTSIDE_PHRASE]
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(x for x in kids.get(c, []) if deps[x] != "punct")
    return out


class Parser:
    """The shipped dependency parser (spaCy, imported on first use); build once, reuse."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._nlp: Any = None

    def _load(self) -> Any:
        try:
            import spacy
        except ImportError:
            raise ConfigError("the dependency parser needs spaCy: pip install 'didban[syntax]'") from None
        if not (self.path / "config.cfg").is_file():
            raise ConfigError(f"{self.path}: dependency parser model not found")
        return spacy.load(self.path)

    def __reduce__(self) -> tuple[type, tuple[Path]]:
        return (type(self), (self.path,))

    def parse(self, text: str, ws: Words, i0: int, i1: int) -> Parse:
        """The parse of words ``i0 … i1-1`` (whole tokens: a sentence starts and ends at token boundaries)."""
        from spacy.tokens import Doc

        if self._nlp is None:
            self._nlp = self._load()
        token: list[int] = []
        spans: list[tuple[int, int]] = []
        for k in range(i0, i1):
            if ws.first[k] or not spans:
                spans.append((ws.starts[k], ws.ends[k]))
            else:
                spans[-1] = (spans[-1][0], ws.ends[k])
            token.append(len(spans) - 1)
        doc = self._nlp(Doc(self._nlp.vocab, words=[text[s:e] for s, e in spans]))
        parse = Parse(i0, token, [tok.head.i for tok in doc], [tok.dep_ for tok in doc], [tok.tag_ for tok in doc])
        for tok in doc:
            if tok.dep_ == "case" and tok.head.i != tok.i:
                parse.case.setdefault(tok.head.i, tok.text)
        return parse


def load_parser(path: Path) -> Parser:
    return Parser(path)


@cache
def default_parser() -> Parser | None:
    """The shipped parser, or None when the package carries none."""
    path = Path(str(resources.files("didban"))) / "models" / MODEL_DIR
    return Parser(path) if (path / "config.cfg").is_file() else None

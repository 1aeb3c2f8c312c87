"""Search terms and queries, the same for every backend.

Index and query go through the project's normalizer and tokenizer, then each token is cut into *terms*:
runs of letters and digits, kept whole across a ZWNJ («می‌شود» is one term), lower-cased. The index holds
only these terms separated by spaces, so a backend's own tokenizer (FTS5 unicode61 with ZWNJ as a token
character, or a tsvector built here term by term) sees exactly the terms Didban made: «ي» finds «ی» and
«می شود» finds «می‌شود» on both backends, and both give the same matches.

A user's query is parsed here into terms (``word``), phrases (``"…"`` or «…»), prefixes (``word*``) and
exclusions (``-word``); the backend syntax (an FTS5 MATCH string, a tsquery) is then written from the
parsed terms, every term quoted. Nothing the user typed reaches the backend's query syntax as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from didban.errors import DidbanError
from didban.text.normalize import normalize_text
from didban.text.segment import tokenize

ZWNJ = "\u200c"
MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_TERM_CHARS = 100  # longer "words" (base64, hashes) are not worth indexing
MIN_PREFIX_CHARS = 2  # «ا*» would expand to most of the vocabulary

_TERM = re.compile(r"[^\W_]+(?:\u200c[^\W_]+)*")


class QueryError(DidbanError):
    """A search query or filter the user gave cannot be run; the message says why, in one line."""


# -- terms ---------------------------------------------------------------------------------------------


def token_terms(token: str) -> list[str]:
    """The terms of one token: itself, lower-cased, when it is all letters and digits (most are)."""
    if token.isalnum():
        return [token.lower()] if len(token) <= MAX_TERM_CHARS else []
    return [t for t in _TERM.findall(token.lower()) if len(t) <= MAX_TERM_CHARS]


def text_terms(text: str, spans: Iterable[tuple[int, int]] | None = None) -> list[str]:
    """Terms of already normalized ``text``, in order; ``spans`` are its tokens when known."""
    low = text.lower()
    if len(low) != len(text):  # a rare letter whose lower case is longer: spans would drift
        return [t for s, e in (tokenize(text) if spans is None else spans) for t in token_terms(text[s:e])]
    out: list[str] = []
    append = out.append
    for s, e in tokenize(text) if spans is None else spans:  # the hot loop of indexing: kept inline
        tok = low[s:e]
        if tok.isalnum():
            if e - s <= MAX_TERM_CHARS:
                append(tok)
        else:
            out += [t for t in _TERM.findall(tok) if len(t) <= MAX_TERM_CHARS]
    return out


def terms(raw: str) -> list[str]:
    """Terms of raw text: normalized, tokenized, cut into terms (what indexing and queries both use)."""
    return text_terms(normalize_text(raw))


# -- parsed queries ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """One query item: a word (one term), or a phrase (several, in order); ``prefix`` on its last term."""

    words: tuple[str, ...]
    prefix: bool = False
    exclude: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    items: tuple[Term, ...]

    @property
    def required(self) -> tuple[Term, ...]:
        return tuple(t for t in self.items if not t.exclude)

    @property
    def excluded(self) -> tuple[Term, ...]:
        return tuple(t for t in self.items if t.exclude)


_QUOTES = {'"': '"', "«": "»", "“": "”"}


def parse_query(text: str) -> Query:
    """Parse what a user typed; raise `QueryError` with a one-line reason when it cannot be searched."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,})")
    items: list[Term] = []
    i = plain_start = 0
    while i < len(text):
        ch = text[i]
        if ch in _QUOTES:
            close = text.find(_QUOTES[ch], i + 1)
            if close < 0:
                raise QueryError(f"unbalanced quote {ch} in the query: close the phrase or remove the quote")
            plain = text[plain_start:i]
            exclude = plain.endswith("-") and (len(plain) == 1 or plain[-2].isspace())
            items += _plain(plain[:-1] if exclude else plain)
            prefix = text[close + 1 : close + 2] == "*"
            words = tuple(terms(text[i + 1 : close]))
            if words:
                items.append(Term(words, prefix=prefix, exclude=exclude))
            i = plain_start = close + 1 + prefix
            continue
        if ch in _QUOTES.values():
            raise QueryError(f"unbalanced quote {ch} in the query: a closing quote without an opening one")
        i += 1
    items += _plain(text[plain_start:])
    for t in items:
        if t.prefix and len(t.words[-1]) < MIN_PREFIX_CHARS:
            raise QueryError(f"prefix {t.words[-1]}* is too short: give at least {MIN_PREFIX_CHARS} letters before *")
    if sum(len(t.words) for t in items) > MAX_TERMS:
        raise QueryError(f"too many words in the query (at most {MAX_TERMS})")
    if not items:
        raise QueryError("the query has no words to search for")
    if all(t.exclude for t in items):
        raise QueryError("the query only excludes words (-word); give at least one word to find")
    return Query(tuple(items))


def _plain(segment: str) -> list[Term]:
    """Unquoted words. Runs of them are normalized together (so «می شود» joins); ``-word`` is excluded."""
    out: list[Term] = []
    run: list[str] = []
    for chunk in segment.split():
        if chunk.startswith("-") and len(chunk) > 1:
            out += _words(" ".join(run), exclude=False)
            run = []
            out += _words(chunk[1:], exclude=True)
        else:
            run.append(chunk)
    return out + _words(" ".join(run), exclude=False)


def _words(segment: str, *, exclude: bool) -> list[Term]:
    if not segment:
        return []
    text = normalize_text(segment)
    out: list[Term] = []
    prev_end = -1
    for s, e in tokenize(text):
        tok = text[s:e]
        if tok == "*":  # only right after a word: «word*»
            if not out or prev_end != s or out[-1].prefix:
                raise QueryError("a lone * in the query: write it right after a word, as in word*")
            out[-1] = Term(out[-1].words, prefix=True, exclude=out[-1].exclude)
        else:
            parts = token_terms(tok)
            if parts:  # «COVID-19», «۲۰٫۵»: the terms of one token must stay together, as a phrase
                out.append(Term(tuple(parts), exclude=exclude))
        prev_end = e
    return out


# -- backend syntax, written from parsed terms ---------------------------------------------------------


def _fts5_item(t: Term) -> str:
    inner = " ".join(t.words).replace('"', '""')  # terms never hold quotes; doubled anyway
    return f'"{inner}"' + ("*" if t.prefix else "")


def fts5_match(q: Query, filters: Sequence[Sequence[str]] = ()) -> str:
    """An FTS5 MATCH expression: required items ANDed, exclusions with NOT, all in the title and body
    columns; then each group of filter terms (`filter_term`, ORed within a group) required in ``tags``."""
    expr = " AND ".join(_fts5_item(t) for t in q.required)
    if len(q.required) > 1 and q.excluded:
        expr = f"({expr})"
    for t in q.excluded:
        expr += f" NOT {_fts5_item(t)}"
    expr = f"{{title body}}: ({expr})"
    for group in filters:
        expr += " AND tags: (" + " OR ".join(f'"{t}"' for t in group) + ")"
    return expr


# -- filter terms ----------------------------------------------------------------------------------------
# A filter value (an outlet, an entity id …) is also indexed as a term of its own, in a column the ranking
# ignores, so that "word + entity" is an intersection of two posting lists inside the full-text index
# instead of a walk through every match of the word checking the filter (250 ms for a common word and a
# rare entity on 100,000 documents, against 15 ms as terms). The value is hex-encoded behind a one-letter
# kind, so any value becomes one token and no user word can be mistaken for one.
FILTER_KINDS = {
    "outlet": "o",
    "topic": "t",
    "month": "p",  # the UTC month of publication, "2024-05"
    "entity": "e",  # named in the article
    "speaker": "s",  # the speaker of one of its statements
    "event_type": "v",
    "modality": "m",  # of an event or a statement
    "event": "x",  # "TYPE|modality" of one event
}


def filter_term(kind: str, value: str) -> str:
    return FILTER_KINDS[kind] + value.encode("utf-8").hex()


def _ts_lexeme(term: str, prefix: bool = False) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def _ts_item(t: Term) -> str:
    parts = [_ts_lexeme(w, prefix=t.prefix and k == len(t.words) - 1) for k, w in enumerate(t.words)]
    expr = " <-> ".join(parts)
    return f"({expr})" if len(parts) > 1 else expr


def tsquery(q: Query) -> str:
    """A PostgreSQL tsquery literal (cast with ``::tsquery``, no text-search configuration involved)."""
    expr = " & ".join(_ts_item(t) for t in q.required)
    for t in q.excluded:
        expr += f" & !{_ts_item(t)}"
    return expr


def tsvector(title_terms: Sequence[str], body_terms: Sequence[str]) -> str:
    """A tsvector literal: title terms weighted A at positions 1…, body terms after a gap (weight D).

    Built here rather than with to_tsvector so PostgreSQL indexes exactly Didban's terms. PostgreSQL keeps
    positions up to 16383 and 256 per term; later occurrences still match words, only phrases lose them.
    """
    positions: dict[str, list[str]] = {}
    pos = 0
    for term in title_terms:
        pos += 1
        positions.setdefault(term, []).append(f"{pos}A")
    pos += 1  # a phrase never spans the title and the body
    for term in body_terms:
        pos = min(pos + 1, 16383)
        got = positions.setdefault(term, [])
        if len(got) < 256 and (not got or got[-1] != str(pos)):
            got.append(str(pos))
    return " ".join(f"{_ts_lexeme(t)}:{','.join(p)}" for t, p in positions.items())


# -- snippets ------------------------------------------------------------------------------------------

SNIPPET_MARK = ("[", "]")
SNIPPET_WORDS = 24


def snippet(tokens: str, q: Query, *, width: int = SNIPPET_WORDS, mark: tuple[str, str] = SNIPPET_MARK) -> str:
    """A window of the indexed terms around the first match, matches marked; the same on every backend.

    Search time is spent here as much as in the index: the first match is found with ``list.index`` (C),
    and only the words of the window are checked for marks.
    """
    words = tokens.split(" ") if tokens else []
    firsts = [f for t in q.required if (f := _first_match(words, t)) is not None]
    first = min(firsts) if firsts else None
    start = max(0, (first or 0) - width // 3)
    end = min(len(words), start + width)
    hits: set[int] = set()
    if first is not None:
        reach = max(len(t.words) for t in q.required)  # a phrase starting before the window may end inside it
        lo = max(0, start - reach + 1)
        window = words[lo : end + reach]
        for t in q.required:
            n = len(t.words)
            for i in range(len(window) - n + 1):
                if _matches_at(window, i, t):
                    hits.update(range(lo + i, lo + i + n))
    out: list[str] = []
    for i in range(start, end):  # a run of matched words gets one pair of marks
        w = words[i]
        if i in hits and (i - 1 not in hits or i == start):
            w = mark[0] + w
        if i in hits and (i + 1 not in hits or i == end - 1):
            w += mark[1]
        out.append(w)
    return ("… " if start > 0 else "") + " ".join(out) + (" …" if end < len(words) else "")


def _matches_at(words: list[str], i: int, t: Term) -> bool:
    last = len(t.words) - 1
    return all(
        words[i + k] == w or (t.prefix and k == last and words[i + k].startswith(w)) for k, w in enumerate(t.words)
    )


def _first_match(words: list[str], t: Term) -> int | None:
    head = t.words[0]
    if len(t.words) == 1 and t.prefix:
        return next((i for i, w in enumerate(words) if w.startswith(head)), None)
    last = len(words) - len(t.words)
    i = -1
    while True:
        try:
            i = words.index(head, i + 1)
        except ValueError:
            return None
        if i > last:
            return None
        if _matches_at(words, i, t):
            return i


__all__ = [
    "Query",
    "QueryError",
    "Term",
    "fts5_match",
    "parse_query",
    "snippet",
    "terms",
    "text_terms",
    "token_terms",
    "tsquery",
    "tsvector",
]

"""Persian normalization that keeps offsets.

Normalization is a table of named rules applied in order (`RULES`). Each rule is either a one-to-one
character table (offsets never move) or a regular expression whose replacements report the edits
that change length; those edits build an `OffsetMap` from the normalized text back to the raw text.

Canonical forms (documented choices):
- Persian letters: Arabic ي ى ك ة ۀ and friends become ی ک ه; hamza on alef is folded (أ → ا).
- Digits: Persian ۰–۹. Latin digits inside Latin tokens (G20, COVID-19, URLs, e-mails) stay Latin.
  A decimal point between digits becomes the Persian decimal separator «٫» (20.5 → ۲۰٫۵); thousands
  separators and dates (۱۴۰۴/۰۶/۱۴, ۱۲:۵۶) are left as written.
- ZWNJ: one, only between two letters where the first one joins; prefixes «می/نمی» and suffixes
  «ها/های/تر/ترین» and the clitics after a silent «ه» («شده‌اند»، «وجهه‌ای») get a ZWNJ instead of a space;
  «می» glued to a known verb stem gets one («میشود» → «می‌شود»); separate words are never glued.
- Punctuation: no space before «. ، ؛ : ! ؟ » )», one after; straight quotes around Persian text become «».
- Lines: a line broken in the middle of a sentence («به گزارش\\nخبرگزاری») is joined; a short first line
  without final punctuation is the title and stays on its own line; paragraphs are separated by a blank line.

The rules here are the specification. An optional C extension (`_normalize.c`) ports each of them and
the offset-map composition; `Normalizer` uses it when it is built, and tests check both give the same.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from didban.fa import chars
from didban.text.offsets import Edit, OffsetMap

L = chars.LETTERS
ZWNJ = chars.ZWNJ

Replacement = str | Callable[[str, int, int], str]
"""A fixed string, or ``f(text, start, end)`` returning the replacement of ``text[start:end]``."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One named normalization step: a one-to-one table, or a pattern and its replacement.

    Patterns start with a literal or a small character class wherever possible: the regex engine
    then skips ahead quickly, which is what makes the whole table fast on long texts.
    """

    name: str
    doc: str
    pattern: re.Pattern[str] | None = None
    replace: Replacement = ""
    table: tuple[tuple[str, str], ...] = ()  # one-to-one character pairs
    gate: tuple[str, ...] = ()  # skip the pass when none of these substrings occurs (a cheap check)
    func: Callable[[str], tuple[str, list[Edit]]] | None = None  # a rule that is not one pattern

    def apply(self, text: str) -> tuple[str, list[Edit]]:
        """Return the new text and its length-changing edits, in order (trimmed to what changed)."""
        if self.gate and not any(g in text for g in self.gate):
            return text, []
        if self.func is not None:
            return self.func(text)
        if self.table:
            for a, b in self.table:
                text = text.replace(a, b)
            return text, []
        assert self.pattern is not None
        repl = self.replace
        if callable(repl):
            changes = ((m.start(), m.end(), repl(text, m.start(), m.end())) for m in self.pattern.finditer(text))
        else:
            changes = ((m.start(), m.end(), repl) for m in self.pattern.finditer(text))
        return apply_changes(text, changes)


def apply_changes(text: str, changes: Iterable[tuple[int, int, str]]) -> tuple[str, list[Edit]]:
    """Replace sorted, non-overlapping ranges of ``text``; return the new text and its edits."""
    pieces: list[str] = []
    edits: list[Edit] = []
    last = shift = 0
    for s, e, r in changes:
        old = text[s:e]
        if r == old:
            continue
        pieces.append(text[last:s])
        pieces.append(r)
        last = e
        if len(r) != e - s:
            # Trim the common prefix and suffix so the edit covers only what changed.
            p = 0
            while p < len(r) and p < e - s and r[p] == old[p]:
                p += 1
            q = 0
            while q < len(r) - p and q < e - s - p and r[-1 - q] == old[-1 - q]:
                q += 1
            edits.append((s + p, e - q, s + shift + p, s + shift + len(r) - q))
            shift += len(r) - (e - s)
    if not pieces:
        return text, []
    pieces.append(text[last:])
    return "".join(pieces), edits


# -- helpers used by the rules ---------------------------------------------------------------------

_LATIN_DIGITS = str.maketrans(chars.LATIN_DIGITS, chars.PERSIAN_DIGITS)
_TERMINAL = ".!؟?…:»)\"'"
# Words a sentence cannot end with: a line ending with one of them was broken mid-sentence.
_CONTINUATION_WORDS = frozenset(
    [
        "و",
        "که",
        "از",
        "به",
        "در",
        "با",
        "برای",
        "تا",
        "را",
        "بر",
        "یا",
        "اما",
        "ولی",
        "این",
        "آن",
        "یک",
        "های",
        "ها",
        "گزارش",
        "نقل",
        "اساس",
        "گفته",
        "طبق",
        "بنا",
        "پیرامون",
        "درباره",
        "توسط",
        "علیه",
        "میان",
        "بین",
        "سوی",
        "طی",
        "ضمن",
        "همچنین",
        "نیز",
        "چون",
        "اگر",
        "هم",
        "ای",
        "است",
    ]
)
# Words after which «ها، تر، ای…» are separate words, not suffixes.
_STOP_BEFORE_SUFFIX = frozenset(["که", "به", "نه", "چه", "ته", "و", "در", "از", "با", "تا", "را"])
_LETTER_SET = frozenset(chr(c) for c in range(0x0622, 0x064B) if unicodedata.category(chr(c)) == "Lo") | frozenset(
    "پچژکگیئؤء"
)
_DECIMAL = re.compile("[۰-۹]+\\.[۰-۹]+")


def _is_letter(ch: str) -> bool:
    return ch in _LETTER_SET


def _word_before(text: str, end: int) -> str:
    """The Persian word (with inner ZWNJ) that ends at ``end``."""
    s = end
    while s > 0 and (text[s - 1] in _LETTER_SET or text[s - 1] == ZWNJ):
        s -= 1
    return text[s:end]


@cache
def _verb_forms() -> frozenset[str]:
    """Verb forms after «می»: built from the stems in fa/verb_stems.tsv."""
    data = resources.files("didban.fa").joinpath("verb_stems.tsv").read_text(encoding="utf-8")
    forms: set[str] = set()
    for line in data.splitlines():
        if not line or line.startswith("#"):
            continue
        present, past = line.split("\t")
        forms.update(present + e for e in ("م", "ی", "د", "یم", "ید", "ند"))
        forms.update(past + e for e in ("م", "ی", "", "یم", "ید", "ند"))
    forms.discard("دانی")  # «میدانی» is also "field (adj.)": left alone
    return frozenset(forms)


_CHARACTER_PAIRS = tuple((chr(k), v) for k, v in chars.ONE_TO_ONE.items() if isinstance(v, str))


def _cleanup(text: str, s: int, e: int) -> str:
    run = text[s:e]
    if not _CLEANUP_SPECIAL.search(run):
        return ""  # only diacritics and invisible marks
    if run.strip("\u0640") == "":
        # A kashida standing alone between spaces is a dash («تهران ـ ایرنا»), else decoration.
        a, b = s, e
        while a > 0 and text[a - 1] == "\u0640":
            a -= 1
        while b < len(text) and text[b] == "\u0640":
            b += 1
        alone = a > 0 and b < len(text) and text[a - 1] == " " and text[b] == " "
        return "-" if alone and a == s else ""
    out: list[str] = []
    for i, c in enumerate(run):
        if c == "\r":
            nxt = run[i + 1] if i + 1 < len(run) else (text[e] if e < len(text) else "")
            out.append("" if nxt == "\n" else "\n")
        elif c in "\u2028\u2029\u0085":
            out.append("\n")
        elif "\ufb50" <= c <= "\ufefe":
            out.append(_presentation_form(c))
    return "".join(out)


def _presentation_form(c: str) -> str:
    """A presentation form or ligature (U+FB50–U+FEFE) as the letters it stands for."""
    return _STRIP_RE.sub("", unicodedata.normalize("NFKC", c)).translate(chars.ONE_TO_ONE)


_CLEANUP_SPECIAL = re.compile("[\r\u2028\u2029\u0085\u0640\ufb50-\ufdff\ufe70-\ufefe]")
_STRIP_RE = re.compile(f"[{chars.INVISIBLE}{chars.DIACRITICS}]+")


_LATIN_TOKEN = re.compile("[A-Za-z@]|://")
_NUMBER_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789۰۱۲۳۴۵۶۷۸۹_.+-@:/%")


def _latin_digit_run(text: str, s: int, e: int) -> str:
    """`text[s:e]` is a run of Latin digits: Persian digits unless it belongs to a Latin token."""
    if (s == 0 or text[s - 1] not in _NUMBER_CHARS) and (e == len(text) or text[e] not in _NUMBER_CHARS):
        return text[s:e].translate(_LATIN_DIGITS)  # a number standing alone: the common case
    a, b = s, e
    while a > 0 and text[a - 1] in _NUMBER_CHARS:
        a -= 1
    while b < len(text) and text[b] in _NUMBER_CHARS:
        b += 1
    token = text[a:b]
    if _LATIN_TOKEN.search(token):
        return text[s:e]  # Latin token (G20, COVID-19), URL, e-mail: keep as written
    return text[s:e].translate(_LATIN_DIGITS)


def _decimal_point(text: str, s: int, e: int) -> str:
    """`text[s]` is a dot between two Persian digits: the decimal separator if the number has one dot."""
    a, b = s, e
    while a > 0 and text[a - 1] in _NUMBER_CHARS:
        a -= 1
    while b < len(text) and text[b] in _NUMBER_CHARS:
        b += 1
    core = text[a:b].rstrip(".:/-%+_")
    return chars.DECIMAL_SEPARATOR if _DECIMAL.fullmatch(core) else "."


def _zwnj(text: str, s: int, e: int) -> str:
    before = text[s - 1] if s else ""
    after = text[e] if e < len(text) else ""
    if _is_letter(before) and _is_letter(after) and before not in chars.NON_JOINING:
        return ZWNJ
    return ""


def _join_broken_lines(text: str) -> tuple[str, list[Edit]]:
    """Newlines inside a sentence become spaces, left to right: a line already joined to the one
    before it is judged whole, as it will be seen when the text is normalized again."""
    changes: list[tuple[int, int, str]] = []
    line_start = 0
    pos = text.find("\n")
    while pos >= 0:
        if _breaks_mid_sentence(text, line_start, pos):
            changes.append((pos, pos + 1, " "))
        else:
            line_start = pos + 1
        pos = text.find("\n", pos + 1)
    return apply_changes(text, changes)


def _breaks_mid_sentence(text: str, line_start: int, pos: int) -> bool:
    """Whether the newline at ``pos`` (ending the line that starts at ``line_start``) is inside a sentence."""
    if pos == line_start or pos + 1 >= len(text) or text[pos + 1] == "\n":
        return False  # a blank line or the end: a paragraph boundary
    line = text[line_start:pos]
    if line[-1] in _TERMINAL or line[-1] in "؛;":
        return False
    if line_start == 0 and is_title_line(line):
        return False
    words = line.split()
    if not words:
        return False  # a line of only odd whitespace (e.g. U+001F) is a blank line
    return words[-1] in _CONTINUATION_WORDS or line[-1] in "،,-" or len(words) >= 12


def is_title_line(line: str) -> bool:
    """A short first line without final punctuation that does not break off mid-sentence."""
    line = line.strip()
    words = line.split()
    if not words or len(words) > 20 or len(line) > 200:
        return False
    return line[-1] not in ".،,:؛;-" and words[-1] not in _CONTINUATION_WORDS


def _prefix_mi(text: str, s: int, e: int) -> str:
    start = s - 1 if s and text[s - 1] == "ن" else s
    if start and (_is_letter(text[start - 1]) or text[start - 1] == ZWNJ):
        return text[s:e]
    if start == s and text[max(s - 4, 0) : s] == "ماه " and not (s > 4 and _is_letter(text[s - 5])):
        return text[s:e]  # «ماه می»: the month of May
    return "می" + ZWNJ


def _prefix_mi_glued(text: str, s: int, e: int) -> str:
    start = s - 1 if s and text[s - 1] == "ن" else s
    if start and (_is_letter(text[start - 1]) or text[start - 1] == ZWNJ):
        return text[s:e]
    verb = text[s + 2 : e]
    return "می" + ZWNJ + verb if verb in _verb_forms() else text[s:e]


@cache
def _plural_stems() -> frozenset[str]:
    data = resources.files("didban.fa").joinpath("plural_stems.txt").read_text(encoding="utf-8")
    return frozenset(w for w in data.splitlines() if w and not w.startswith("#"))


def _plural_glued(text: str, s: int, e: int) -> str:
    """`text[s:e]` is «ها…» at the end of a word: split it from a known stem («کتابها» → «کتاب‌ها»)."""
    stem = _word_before(text, s)
    if ZWNJ in stem or stem not in _plural_stems():
        return text[s:e]
    return ZWNJ + text[s:e]


def _suffix(text: str, s: int, e: int) -> str:
    """`text[s]` is the space between a word and its suffix."""
    word = _word_before(text, s)
    if not word or word in _STOP_BEFORE_SUFFIX:
        return text[s:e]
    joiner = "" if word[-1] in chars.NON_JOINING else ZWNJ
    return joiner + text[s + 1 : e]


def _silent_h(text: str, s: int, e: int) -> str:
    word = _word_before(text, s + 1)
    if len(word) < 2 or word in _STOP_BEFORE_SUFFIX:
        return text[s:e]
    return "ه" + ZWNJ + text[s + 2 : e]


_LATIN_PUNCT = {",": "،", ";": "؛", "?": "؟"}


def _latin_punct(text: str, s: int, e: int) -> str:
    prev = text[s - 1] if s else ""
    if prev == " " and s > 1:
        prev = text[s - 2]
    return _LATIN_PUNCT[text[s]] if _is_letter(prev) else text[s]


def _quotes(text: str, s: int, e: int) -> str:
    inner = text[s + 1 : e - 1]
    if not any(_is_letter(c) for c in inner):
        return text[s:e]
    return "«" + inner + "»"


def _space_after_punct(text: str, s: int, e: int) -> str:
    # «ق.ظ»، «ج.ا.ا»: a dot after a one-letter word is an abbreviation, not the end of a sentence.
    if text[s] == "." and s >= 1 and _is_letter(text[s - 1]) and (s < 2 or not _is_letter(text[s - 2])):
        return text[s]
    return text[s] + " "


def _opening(text: str, s: int, e: int) -> str:
    """An opening «« ( [» with no space after it, and one space before it after a word."""
    prev = text[s - 1] if s else ""
    space = " " if (_is_letter(prev) or prev in ".،؛:!؟") else ""
    return space + text[s]


_MULTI_SPACE = re.compile("  +")


def _collapse_whitespace(text: str) -> tuple[str, list[Edit]]:
    """Trim the text and every line, collapse runs of spaces, keep at most one blank line."""
    n = len(text)
    lead = n - len(text.lstrip(" \n"))
    if lead == n:
        return apply_changes(text, [(0, n, "")])
    end = len(text.rstrip(" \n"))
    changes: list[tuple[int, int, str]] = [(0, lead, "")] if lead else []
    i = text.find("\n", lead, end)
    while i >= 0:  # each line break with the spaces and blank lines around it
        a = i
        while a > lead and text[a - 1] == " ":
            a -= 1
        b = i + 1
        while b < end and text[b] in " \n":
            b += 1
        r = "\n\n" if text.count("\n", a, b) > 1 else "\n"
        if b - a != len(r) or text[a:b] != r:
            changes.append((a, b, r))
        i = text.find("\n", b, end)
    if "  " in text:
        for m in _MULTI_SPACE.finditer(text, lead, end):
            if text[m.start() - 1] != "\n" and text[m.end()] != "\n":
                changes.append((m.start(), m.end(), " "))
        changes.sort()
    if end < n:
        changes.append((end, n, ""))
    return apply_changes(text, changes)


def _spaces_rule(name: str, doc: str) -> Rule:
    return Rule(name, doc, func=_collapse_whitespace)


def _rule(name: str, doc: str, pattern: str, replace: Replacement, gate: tuple[str, ...] = ()) -> Rule:
    return Rule(name, doc, re.compile(pattern), replace, gate=gate)


# -- the rules, in order ----------------------------------------------------------------------------

_JOINING = "".join(sorted(_LETTER_SET - set(chars.NON_JOINING)))
_SUFFIX_END = f"(?![{L}{ZWNJ}])"

RULES: tuple[Rule, ...] = (
    Rule(
        "characters",
        "Arabic letters and digits to Persian (ي ى ك ة ۀ ٤ → ی ی ک ه ه ۴); odd spaces to a plain space.",
        table=_CHARACTER_PAIRS,
    ),
    _rule(
        "cleanup",
        "CR/LF to \\n; presentation forms to letters (ﻻ → لا); drop bidi marks, ZWJ, BOM, soft hyphen, "
        "diacritics and kashida (a kashida alone between spaces is a dash: «تهران ـ ایرنا»).",
        # one character at a time, so that each keeps its own offset
        "[\r\u2028\u2029\u0085\ufb50-\ufdff\ufe70-\ufefe" + chars.INVISIBLE + chars.DIACRITICS + "]",
        _cleanup,
    ),
    _rule(
        "latin_digits",
        "Latin digits become Persian except in Latin tokens, URLs and e-mails (G20, COVID-19 stay); "
        "thousands separators, dates and times stay as written.",
        "[0-9]+",
        _latin_digit_run,
        gate=tuple("0123456789"),
    ),
    _rule(
        "zwnj",
        "Keep one ZWNJ only between two letters after a joining one; drop stray and doubled ZWNJ.",
        f"{ZWNJ}(?:{ZWNJ}+|(?![{L}])|(?<![{_JOINING}]{ZWNJ}))",
        _zwnj,
        gate=(ZWNJ,),
    ),
    _spaces_rule("line_spaces", "Early whitespace clean-up, so that broken lines can be seen."),
    _rule(
        "prefix_mi",
        "The verb prefix «می/نمی» written apart takes a ZWNJ («می شود» → «می‌شود»).",
        f"می (?=[{L}])",
        _prefix_mi,
        gate=("می ",),
    ),
    _rule(
        "prefix_mi_glued",
        "«می/نمی» glued to a known verb form takes a ZWNJ («میشود» → «می‌شود»; «میدان» stays).",
        f"می[{L}]{{2,}}",
        _prefix_mi_glued,
        gate=("می",),
    ),
    _rule(
        "suffix_plural_comparative",
        "«ها/های/هایی/تر/ترین» written apart join their word («گروه های» → «گروه‌های»، «کشور ها» → «کشورها»).",
        f" (?:ها(?:ی(?:ی|م|ت|ش|مان|تان|شان)?)?|ترین|تر){_SUFFIX_END}",
        _suffix,
        gate=(" ها", " تر"),
    ),
    _rule(
        "suffix_plural_glued",
        "A plural «ها/های/هایی» glued to a known noun is set off by a ZWNJ («کتابها» → «کتاب‌ها»; «تنها» stays).",
        f"ها(?<=[{_JOINING}]ها)(?:یی|ی)?{_SUFFIX_END}",
        _plural_glued,
        gate=("ها",),
    ),
    _rule(
        "suffix_after_silent_h",
        "Clitics after a silent «ه» written apart take a ZWNJ («شده اند» → «شده‌اند»، «وجهه ای» → «وجهه‌ای»).",
        f"ه (?:ای|ام|ایم|اید|اند|ات|اش|امان|اتان|اشان){_SUFFIX_END}",
        _silent_h,
        gate=("ه ا",),
    ),
    _rule(
        "latin_punctuation",
        "Latin comma, semicolon and question mark after Persian text become «، ؛ ؟».",
        f"[,;?](?<=[{L} ][,;?])",
        _latin_punct,
        gate=(",", ";", "?"),
    ),
    _rule(
        "quotes",
        "Straight or curly double quotes around Persian text become «».",
        '["\u201c\u201d][^"\u201c\u201d\n«»]{1,500}["\u201c\u201d]',
        _quotes,
        gate=('"', "\u201c", "\u201d"),
    ),
    _rule(
        "space_before_punctuation",
        "No space before «. ، ؛ : ! ؟ » )».",
        " +(?=[.،؛:!؟»)\\]])",
        "",
        gate=(" .", " ،", " ؛", " :", " !", " ؟", " »", " )", " ]"),
    ),
    _rule(
        "decimal_point",
        "A single dot between digits becomes the decimal separator «٫» (20.5 → ۲۰٫۵; 1.2.3 stays).",
        "\\.(?<=[۰-۹]\\.)(?=[۰-۹])",
        _decimal_point,
        gate=(".",),
    ),
    _rule(
        "space_after_punctuation",
        "One space after «. ، ؛ : ! ؟ » )» before a word or an opening quote.",
        f"[.،؛:!؟»)\\]](?=[{L}«(])",
        _space_after_punct,
    ),
    _rule(
        "opening_brackets",
        "No space after «« ( [», one space before them after a word («گروه(تکفیری» → «گروه (تکفیری»).",
        f"[«(\\[](?:[ {ZWNJ}]+|(?<=[{L}.،؛:!؟][«(\\[]))",
        _opening,
        gate=("«", "(", "["),
    ),
    Rule(
        "broken_lines",
        "A newline inside a sentence («به گزارش\\nخبرگزاری») becomes a space; the title line is kept.",
        func=_join_broken_lines,
        gate=("\n",),
    ),
    _spaces_rule("spaces", "Collapse runs of spaces; no spaces at line ends; at most one blank line; trim."),
)

# Rules that look across a space: a line joined by ``broken_lines`` can give them new work
# («گروه\nهای» → «گروه های»), so they run once more on texts where lines were joined.
AFTER_JOIN = (
    "prefix_mi",
    "suffix_plural_comparative",
    "suffix_after_silent_h",
    "latin_punctuation",
    "quotes",
    "space_before_punctuation",
    "space_after_punctuation",
    "opening_brackets",
    "spaces",
)

RULE_NAMES = tuple(r.name for r in RULES)

# -- the optional C fast path ----------------------------------------------------------------------

try:  # src/didban/text/_normalize.c, built when a compiler is present; each C rule equals its Python rule
    from didban.text import _normalize as _fast
except ImportError:  # pragma: no cover - a build without a compiler
    _fast = None  # type: ignore[assignment]

_FastData = tuple[bytes, bytes, tuple[str, ...], frozenset[str], frozenset[str], frozenset[str], frozenset[str]]


@cache
def _fast_data() -> _FastData | None:
    """What the C rules read, built from the Python rules' own patterns and word lists: a class table
    over the BMP (one bit per class of `_normalize.CLASSES`), the characters rule's table, the cleanup
    rule's presentation forms, and the word sets. None (Python path) if a table is not one to one."""
    rule = {r.name: r for r in RULES}
    assert rule["cleanup"].pattern is not None
    patterns = {
        "L": f"[{L}]",
        "letter": "[" + "".join(sorted(_LETTER_SET)) + "]",
        "joining": f"[{_JOINING}]",
        "non_joining": f"[{chars.NON_JOINING}]",
        "number": "[" + re.escape("".join(sorted(_NUMBER_CHARS))) + "]",
        "cleanup": rule["cleanup"].pattern.pattern,
        "cleanup_special": _CLEANUP_SPECIAL.pattern,
        "persian_digit": "[۰-۹]",
    }
    bmp = "".join(map(chr, range(0x10000)))
    classes = array("H", bytes(2 * 0x10000))
    for bit, name in enumerate(_fast.CLASSES):
        for m in re.finditer(patterns[name], bmp):
            classes[m.start()] |= 1 << bit
    table = rule["characters"].table
    if any(len(a) != 1 or len(b) != 1 or ord(a) > 0xFFFF or ord(b) > 0xFFFF for a, b in table):
        return None
    charmap = array("H", range(0x10000))
    for a, _ in table:
        c = a
        for x, y in table:  # replaced in order, as Rule.apply does
            c = y if c == x else c
        charmap[ord(a)] = ord(c)
    presentation = tuple(_presentation_form(chr(c)) for c in range(0xFB50, 0xFEFF))
    return (
        classes.tobytes(),
        charmap.tobytes(),
        presentation,
        _verb_forms(),
        _plural_stems(),
        _CONTINUATION_WORDS,
        _STOP_BEFORE_SUFFIX,
    )


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    offsets: OffsetMap
    title_span: tuple[int, int] | None


class Normalizer:
    """Applies the rule table; ``disable`` names rules to skip.

    When the C extension is built, every enabled rule runs in C (`_normalize.c` ports each rule on its
    own, so any set of rules gives what the Python rules give); ``fast=False`` forces the Python rules,
    the specification. A rule the extension does not know sends the whole table to Python.
    """

    def __init__(self, disable: Iterable[str] = (), fast: bool = True) -> None:
        disabled = set(disable)
        unknown = disabled - set(RULE_NAMES)
        if unknown:
            raise ValueError(f"unknown normalization rule(s): {sorted(unknown)}; known: {list(RULE_NAMES)}")
        self.rules = tuple(r for r in RULES if r.name not in disabled)
        self.after_join = tuple(r for r in self.rules if r.name in AFTER_JOIN)
        self.fast = fast
        self._program: tuple[bytes, bytes] | None = None
        if fast and _fast is not None and all(r.name in _fast.RULES for r in self.rules):
            ids = {name: i for i, name in enumerate(_fast.RULES)}
            self._program = (bytes(ids[r.name] for r in self.rules), bytes(ids[r.name] for r in self.after_join))

    def __call__(self, raw: str) -> Normalized:
        if self._program is not None and (data := _fast_data()) is not None:
            text, segments = _fast.normalize(raw, *self._program, True, data)
            assert segments is not None
            offsets = OffsetMap(segments, len(text), len(raw))
        else:
            text, maybe = self._run(raw, OffsetMap.identity(len(raw)))
            assert maybe is not None
            offsets = maybe
        return Normalized(text, offsets, find_title(text))

    def text(self, raw: str) -> str:
        """Normalized text only (no offset map): the fast path for search queries and indexing."""
        if self._program is not None and (data := _fast_data()) is not None:
            return _fast.normalize(raw, *self._program, False, data)[0]
        return self._run(raw, None)[0]

    def _run(self, text: str, offsets: OffsetMap | None) -> tuple[str, OffsetMap | None]:
        joined = False
        for rule in self.rules:
            new, edits = rule.apply(text)
            joined = joined or (rule.name == "broken_lines" and new is not text)
            text = new
            if offsets is not None:
                offsets = offsets.then(edits, len(text))
        if joined:
            for rule in self.after_join:
                text, edits = rule.apply(text)
                if offsets is not None:
                    offsets = offsets.then(edits, len(text))
        return text, offsets

    def __reduce__(self) -> tuple[type, tuple[tuple[str, ...], bool]]:
        return (Normalizer, (tuple(set(RULE_NAMES) - {r.name for r in self.rules}), self.fast))


def find_title(text: str) -> tuple[int, int] | None:
    """The span of the first line when it is a title followed by more text."""
    end = text.find("\n")
    if end <= 0:
        return None
    return (0, end) if is_title_line(text[:end]) else None


@cache
def _default() -> Normalizer:
    return Normalizer()


def normalize(raw: str) -> Normalized:
    """Normalize with the default rules (text, offset map and title span)."""
    return _default()(raw)


def normalize_text(raw: str) -> str:
    """Normalized text only, with the default rules."""
    return _default().text(raw)

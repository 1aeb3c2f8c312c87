/* Fast paths of didban.text.normalize (the rule table) and of didban.text.segment.split_sentences.
 *
 * The Python rules stay the specification. Each rule of the table is ported here on its own, with the
 * same finditer semantics (a match is searched at every position, and the search resumes after it),
 * the same replacement function and the same `apply_changes` (edits trimmed to what changed), so any
 * subset of rules, in table order, gives the text and the edits of the Python rules. The offset map is
 * composed here too, by a port of `OffsetMap.then`. Tests compare both paths rule by rule, end to end
 * on generated text (any Unicode) and on the whole news corpus.
 *
 * Character classes are not written here: Python builds them from the very patterns and sets the rules
 * use (`_fast_data` in normalize.py) and passes them in, with the word lists the rules look words up in.
 * All the classes are in the Basic Multilingual Plane; any other character is in none of them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define ZWNJ 0x200C
#define PRESENTATION_FIRST 0xFB50 /* the cleanup rule's presentation forms: U+FB50..U+FEFE */
#define PRESENTATION_COUNT (0xFEFE - PRESENTATION_FIRST + 1)
#define BMP 0x10000

/* ------------------------------------------------------------------------------- classes and data */

/* Bits of the class table, in the order of CLASS_NAMES (Python builds the table by these names). */
enum {
    B_L = 1 << 0,               /* [L]: chars.LETTERS, the letters of the patterns */
    B_LETTER = 1 << 1,          /* _LETTER_SET, what _is_letter and _word_before accept */
    B_JOINING = 1 << 2,         /* [_JOINING]: letters that join the next one */
    B_NON_JOINING = 1 << 3,     /* chars.NON_JOINING */
    B_NUMBER = 1 << 4,          /* _NUMBER_CHARS */
    B_CLEANUP = 1 << 5,         /* the cleanup rule's pattern */
    B_CLEANUP_SPECIAL = 1 << 6, /* _CLEANUP_SPECIAL */
    B_PERSIAN_DIGIT = 1 << 7,   /* [۰-۹] */
};
static const char *const CLASS_NAMES[] = {
    "L", "letter", "joining", "non_joining", "number", "cleanup", "cleanup_special", "persian_digit",
};
#define N_CLASSES ((int)(sizeof(CLASS_NAMES) / sizeof(CLASS_NAMES[0])))

typedef struct {
    const uint16_t *cls;     /* class bits of each BMP character */
    const uint16_t *charmap; /* the characters rule: each BMP character's one-to-one replacement */
    PyObject *presentation;  /* tuple of str: the cleanup rule's replacement of U+FB50..U+FEFE */
    PyObject *verb_forms, *plural_stems, *continuation_words, *stop_before_suffix; /* frozensets */
} Data;

static inline unsigned cls(const Data *d, Py_UCS4 c) { return c < BMP ? d->cls[c] : 0; }
static inline int is_L(const Data *d, Py_UCS4 c) { return (cls(d, c) & B_L) != 0; }
static inline int is_letter(const Data *d, Py_UCS4 c) { return (cls(d, c) & B_LETTER) != 0; }
static inline int is_L_or_zwnj(const Data *d, Py_UCS4 c) { return c == ZWNJ || is_L(d, c); }

/* data = (classes: bytes, charmap: bytes, presentation: tuple[str], verb_forms, plural_stems,
 *         continuation_words, stop_before_suffix) */
static int parse_data(PyObject *obj, Data *d) {
    PyObject *classes, *charmap;
    if (!PyTuple_Check(obj) || PyTuple_GET_SIZE(obj) != 7) {
        PyErr_SetString(PyExc_TypeError, "data must be the 7-tuple built by didban.text.normalize");
        return -1;
    }
    classes = PyTuple_GET_ITEM(obj, 0);
    charmap = PyTuple_GET_ITEM(obj, 1);
    d->presentation = PyTuple_GET_ITEM(obj, 2);
    d->verb_forms = PyTuple_GET_ITEM(obj, 3);
    d->plural_stems = PyTuple_GET_ITEM(obj, 4);
    d->continuation_words = PyTuple_GET_ITEM(obj, 5);
    d->stop_before_suffix = PyTuple_GET_ITEM(obj, 6);
    if (!PyBytes_Check(classes) || PyBytes_GET_SIZE(classes) != 2 * BMP || !PyBytes_Check(charmap) ||
        PyBytes_GET_SIZE(charmap) != 2 * BMP || !PyTuple_Check(d->presentation) ||
        PyTuple_GET_SIZE(d->presentation) != PRESENTATION_COUNT || !PyAnySet_Check(d->verb_forms) ||
        !PyAnySet_Check(d->plural_stems) || !PyAnySet_Check(d->continuation_words) ||
        !PyAnySet_Check(d->stop_before_suffix)) {
        PyErr_SetString(PyExc_TypeError, "malformed normalization data");
        return -1;
    }
    d->cls = (const uint16_t *)PyBytes_AS_STRING(classes);
    d->charmap = (const uint16_t *)PyBytes_AS_STRING(charmap);
    return 0;
}

/* ---------------------------------------------------------------------------------------- buffers */

typedef struct {
    Py_UCS4 *v;
    Py_ssize_t n, cap;
} Text;

typedef struct {
    Py_ssize_t *v;
    Py_ssize_t n, cap;
} Ints;

static int grow(void **v, Py_ssize_t *cap, Py_ssize_t need, size_t item) {
    if (need <= *cap) return 0;
    Py_ssize_t cap2 = *cap < 16 ? 16 : *cap;
    while (cap2 < need) {
        if (cap2 > PY_SSIZE_T_MAX / 2 / (Py_ssize_t)item) {
            PyErr_NoMemory();
            return -1;
        }
        cap2 *= 2;
    }
    void *p = PyMem_Realloc(*v, (size_t)cap2 * item);
    if (p == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *v = p;
    *cap = cap2;
    return 0;
}

static int text_reserve(Text *t, Py_ssize_t extra) {
    return grow((void **)&t->v, &t->cap, t->n + extra, sizeof(Py_UCS4));
}

static int text_append(Text *t, const Py_UCS4 *src, Py_ssize_t k) {
    if (k <= 0) return 0;
    if (text_reserve(t, k) < 0) return -1;
    memcpy(t->v + t->n, src, (size_t)k * sizeof(Py_UCS4));
    t->n += k;
    return 0;
}

static int ints_push4(Ints *a, Py_ssize_t x0, Py_ssize_t x1, Py_ssize_t x2, Py_ssize_t x3) {
    if (grow((void **)&a->v, &a->cap, a->n + 4, sizeof(Py_ssize_t)) < 0) return -1;
    Py_ssize_t *p = a->v + a->n;
    p[0] = x0;
    p[1] = x1;
    p[2] = x2;
    p[3] = x3;
    a->n += 4;
    return 0;
}

/* The replacements a rule found: 4 ints each (start, end, offset in pool, length), in order. */
typedef struct {
    Ints ch;
    Text pool;
} Changes;

/* Room for a replacement of t[s:e] by rn characters, to be filled by the caller; NULL on error. */
static Py_UCS4 *change_alloc(Changes *c, Py_ssize_t s, Py_ssize_t e, Py_ssize_t rn) {
    if (text_reserve(&c->pool, rn) < 0) return NULL;
    Py_ssize_t at = c->pool.n;
    if (ints_push4(&c->ch, s, e, at, rn) < 0) return NULL;
    c->pool.n += rn;
    return c->pool.v + at;
}

static int change(Changes *c, Py_ssize_t s, Py_ssize_t e, const Py_UCS4 *r, Py_ssize_t rn) {
    Py_UCS4 *p = change_alloc(c, s, e, rn);
    if (p == NULL) return -1;
    if (rn > 0) memcpy(p, r, (size_t)rn * sizeof(Py_UCS4));
    return 0;
}

static int change_str(Changes *c, Py_ssize_t s, Py_ssize_t e, PyObject *str) {
    if (!PyUnicode_Check(str)) {
        PyErr_SetString(PyExc_TypeError, "a replacement must be a str");
        return -1;
    }
    Py_ssize_t rn = PyUnicode_GET_LENGTH(str);
    int kind = PyUnicode_KIND(str);
    const void *data = PyUnicode_DATA(str);
    Py_UCS4 *p = change_alloc(c, s, e, rn);
    if (p == NULL) return -1;
    for (Py_ssize_t k = 0; k < rn; k++) p[k] = PyUnicode_READ(kind, data, k);
    return 0;
}

/* Whether t[s:e] is in a (frozen)set of str: 1, 0, or -1 on error. */
static int in_set(PyObject *set, const Py_UCS4 *t, Py_ssize_t s, Py_ssize_t e) {
    PyObject *w = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, t + s, e - s);
    if (w == NULL) return -1;
    int r = PySet_Contains(set, w);
    Py_DECREF(w);
    return r;
}

/* apply_changes: the new text goes to out and its length-changing edits, trimmed of the common prefix
 * and suffix, to edits (4 ints each). Returns 1 if the text changed, 0 if not, -1 on error. */
static int apply_changes(const Py_UCS4 *t, Py_ssize_t n, const Changes *c, Text *out, Ints *edits) {
    Py_ssize_t last = 0, shift = 0;
    int changed = 0;
    out->n = 0;
    edits->n = 0;
    for (Py_ssize_t k = 0; k < c->ch.n; k += 4) {
        Py_ssize_t s = c->ch.v[k], e = c->ch.v[k + 1], rn = c->ch.v[k + 3], on = e - s;
        const Py_UCS4 *r = c->pool.v + c->ch.v[k + 2], *old = t + s;
        if (rn == on) {
            Py_ssize_t j = 0;
            while (j < rn && r[j] == old[j]) j++;
            if (j == rn) continue; /* replaced by itself */
        }
        if (!changed && text_reserve(out, n + 16) < 0) return -1;
        changed = 1;
        if (text_append(out, t + last, s - last) < 0 || text_append(out, r, rn) < 0) return -1;
        last = e;
        if (rn != on) {
            Py_ssize_t p = 0, q = 0;
            while (p < rn && p < on && r[p] == old[p]) p++;
            while (q < rn - p && q < on - p && r[rn - 1 - q] == old[on - 1 - q]) q++;
            if (ints_push4(edits, s + p, e - q, s + shift + p, s + shift + rn - q) < 0) return -1;
            shift += rn - on;
        }
    }
    if (!changed) return 0;
    if (text_append(out, t + last, n - last) < 0) return -1;
    return 1;
}

/* ------------------------------------------------------------------------------------------ rules */

typedef int (*RuleFn)(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp);

/* _word_before: the start of the letters (and inner ZWNJ) that end at `end`. */
static Py_ssize_t word_start(const Data *d, const Py_UCS4 *t, Py_ssize_t end) {
    Py_ssize_t s = end;
    while (s > 0 && (t[s - 1] == ZWNJ || is_letter(d, t[s - 1]))) s--;
    return s;
}

/* The length of the candidate that t[pos:] starts with and that is followed by neither a letter of [L]
 * nor a ZWNJ, or -1. Candidates are letters of [L] only, so at most one can be followed so: the order of
 * the regex alternatives does not matter. */
static Py_ssize_t match_suffix(const Data *d, const Py_UCS4 *t, Py_ssize_t n, Py_ssize_t pos,
                               const Py_UCS4 *const *cands, int ncands) {
    for (int k = 0; k < ncands; k++) {
        const Py_UCS4 *c = cands[k];
        Py_ssize_t len = 0;
        while (c[len] && pos + len < n && t[pos + len] == c[len]) len++;
        if (c[len]) continue;
        if (pos + len == n || !is_L_or_zwnj(d, t[pos + len])) return len;
    }
    return -1;
}

/* cleanup: _cleanup on each character of the class (one character per match). */
static int r_cleanup(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    static const Py_UCS4 NL = '\n', DASH = '-';
    Py_ssize_t ka = 0, kb = -1; /* the kashida run around the current position */
    (void)tmp;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = t[i];
        unsigned b = cls(d, c);
        if (!(b & B_CLEANUP)) continue;
        int rc;
        if (!(b & B_CLEANUP_SPECIAL)) {
            rc = change(out, i, i + 1, NULL, 0); /* diacritics and invisible marks */
        } else if (c == 0x0640) {
            if (i >= kb) {
                ka = i;
                while (ka > 0 && t[ka - 1] == 0x0640) ka--;
                kb = i + 1;
                while (kb < n && t[kb] == 0x0640) kb++;
            }
            /* A kashida standing alone between spaces is a dash, once per run. */
            int alone = ka > 0 && kb < n && t[ka - 1] == ' ' && t[kb] == ' ';
            rc = (alone && ka == i) ? change(out, i, i + 1, &DASH, 1) : change(out, i, i + 1, NULL, 0);
        } else if (c == '\r') {
            rc = (i + 1 < n && t[i + 1] == '\n') ? change(out, i, i + 1, NULL, 0) : change(out, i, i + 1, &NL, 1);
        } else if (c == 0x2028 || c == 0x2029 || c == 0x0085) {
            rc = change(out, i, i + 1, &NL, 1);
        } else if (c >= PRESENTATION_FIRST && c <= 0xFEFE) {
            rc = change_str(out, i, i + 1, PyTuple_GET_ITEM(d->presentation, c - PRESENTATION_FIRST));
        } else {
            rc = change(out, i, i + 1, NULL, 0);
        }
        if (rc < 0) return -1;
    }
    return 0;
}

/* latin_digits: [0-9]+ with _latin_digit_run. */
static int is_number(const Data *d, Py_UCS4 c) { return (cls(d, c) & B_NUMBER) != 0; }

static int r_latin_digits(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    (void)tmp;
    Py_ssize_t i = 0;
    while (i < n) {
        if (t[i] < '0' || t[i] > '9') {
            i++;
            continue;
        }
        Py_ssize_t s = i, e = i;
        while (e < n && t[e] >= '0' && t[e] <= '9') e++;
        int persian = 1;
        if (!((s == 0 || !is_number(d, t[s - 1])) && (e == n || !is_number(d, t[e])))) {
            Py_ssize_t a = s, b = e;
            while (a > 0 && is_number(d, t[a - 1])) a--;
            while (b < n && is_number(d, t[b])) b++;
            for (Py_ssize_t k = a; k < b && persian; k++) { /* _LATIN_TOKEN: [A-Za-z@]|:// */
                Py_UCS4 c = t[k];
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '@' ||
                    (c == ':' && k + 2 < b && t[k + 1] == '/' && t[k + 2] == '/'))
                    persian = 0;
            }
        }
        if (persian) {
            Py_UCS4 *r = change_alloc(out, s, e, e - s);
            if (r == NULL) return -1;
            for (Py_ssize_t k = s; k < e; k++) r[k - s] = 0x06F0 + (t[k] - '0');
        }
        i = e;
    }
    return 0;
}

/* zwnj: ZWNJ(?:ZWNJ+|(?![L])|(?<![JOINING]ZWNJ)) with _zwnj. */
static int r_zwnj(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    static const Py_UCS4 Z = ZWNJ;
    (void)tmp;
    Py_ssize_t i = 0;
    while (i < n) {
        if (t[i] != ZWNJ) {
            i++;
            continue;
        }
        Py_ssize_t e;
        if (i + 1 < n && t[i + 1] == ZWNJ) {
            e = i + 2;
            while (e < n && t[e] == ZWNJ) e++;
        } else if (i + 1 >= n || !is_L(d, t[i + 1])) {
            e = i + 1;
        } else if (i == 0 || !(cls(d, t[i - 1]) & B_JOINING)) {
            e = i + 1;
        } else {
            i++;
            continue;
        }
        int keep = i > 0 && e < n && is_letter(d, t[i - 1]) && is_letter(d, t[e]) &&
                   !(cls(d, t[i - 1]) & B_NON_JOINING);
        if (change(out, i, e, &Z, keep) < 0) return -1;
        i = e;
    }
    return 0;
}

/* line_spaces and spaces: _collapse_whitespace. The line-break changes go to tmp first, then are
 * merged with the runs of spaces in order of position (the Python rule sorts them). */
static int r_spaces(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    static const Py_UCS4 NL2[2] = {'\n', '\n'}, SP = ' ';
    (void)d;
    Py_ssize_t lead = 0, end = n;
    while (lead < n && (t[lead] == ' ' || t[lead] == '\n')) lead++;
    if (lead == n) return change(out, 0, n, NULL, 0);
    while (end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\n')) end--;
    if (lead && change(out, 0, lead, NULL, 0) < 0) return -1;
    tmp->n = 0;
    for (Py_ssize_t i = lead; i < end; i++) { /* each line break with the spaces and blank lines around it */
        if (t[i] != '\n') continue;
        Py_ssize_t a = i, b = i + 1, newlines = 0;
        while (a > lead && t[a - 1] == ' ') a--;
        while (b < end && (t[b] == ' ' || t[b] == '\n')) b++;
        for (Py_ssize_t k = a; k < b; k++) newlines += t[k] == '\n';
        Py_ssize_t rn = newlines > 1 ? 2 : 1;
        int same = b - a == rn && t[a] == '\n' && (rn == 1 || t[a + 1] == '\n');
        if (!same && ints_push4(tmp, a, b, rn, 0) < 0) return -1;
        i = b - 1;
    }
    Py_ssize_t k = 0;
    for (Py_ssize_t i = lead; i < end;) { /* runs of two spaces or more, not next to a line break */
        if (!(t[i] == ' ' && i + 1 < end && t[i + 1] == ' ')) {
            i++;
            continue;
        }
        Py_ssize_t e = i + 2;
        while (e < end && t[e] == ' ') e++;
        if (t[i - 1] != '\n' && t[e] != '\n') {
            for (; k < tmp->n && tmp->v[k] < i; k += 4)
                if (change(out, tmp->v[k], tmp->v[k + 1], NL2, tmp->v[k + 2]) < 0) return -1;
            if (change(out, i, e, &SP, 1) < 0) return -1;
        }
        i = e;
    }
    for (; k < tmp->n; k += 4)
        if (change(out, tmp->v[k], tmp->v[k + 1], NL2, tmp->v[k + 2]) < 0) return -1;
    if (end < n && change(out, end, n, NULL, 0) < 0) return -1;
    return 0;
}

#define MIM 0x0645
#define YE 0x06CC
#define NUN 0x0646
#define HE 0x0647
#define ALEF 0x0627
#define TE 0x062A

/* «می/نمی» after a letter or a ZWNJ belongs to another word. */
static int mi_inside_word(const Data *d, const Py_UCS4 *t, Py_ssize_t s) {
    Py_ssize_t start = (s && t[s - 1] == NUN) ? s - 1 : s;
    return start && (is_letter(d, t[start - 1]) || t[start - 1] == ZWNJ);
}

/* prefix_mi: «می (?=[L])» with _prefix_mi. */
static int r_prefix_mi(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    static const Py_UCS4 MI_ZWNJ[3] = {MIM, YE, ZWNJ};
    (void)tmp;
    Py_ssize_t s = 0;
    while (s + 3 < n) {
        if (!(t[s] == MIM && t[s + 1] == YE && t[s + 2] == ' ' && is_L(d, t[s + 3]))) {
            s++;
            continue;
        }
        /* «ماه می»: the month of May */
        int may = !(s && t[s - 1] == NUN) && s >= 4 && t[s - 4] == MIM && t[s - 3] == ALEF && t[s - 2] == HE &&
                  t[s - 1] == ' ' && !(s > 4 && is_letter(d, t[s - 5]));
        if (!mi_inside_word(d, t, s) && !may && change(out, s, s + 3, MI_ZWNJ, 3) < 0) return -1;
        s += 3;
    }
    return 0;
}

/* prefix_mi_glued: «می[L]{2,}» with _prefix_mi_glued. */
static int r_prefix_mi_glued(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    (void)tmp;
    Py_ssize_t s = 0;
    while (s + 1 < n) {
        if (!(t[s] == MIM && t[s + 1] == YE)) {
            s++;
            continue;
        }
        Py_ssize_t e = s + 2;
        while (e < n && is_L(d, t[e])) e++;
        if (e - (s + 2) < 2) {
            s++;
            continue;
        }
        if (!mi_inside_word(d, t, s)) {
            int known = in_set(d->verb_forms, t, s + 2, e);
            if (known < 0) return -1;
            if (known) {
                Py_UCS4 *r = change_alloc(out, s, e, e - s + 1);
                if (r == NULL) return -1;
                r[0] = MIM;
                r[1] = YE;
                r[2] = ZWNJ;
                memcpy(r + 3, t + s + 2, (size_t)(e - s - 2) * sizeof(Py_UCS4));
            }
        }
        s = e;
    }
    return 0;
}

static const Py_UCS4 S_HA[] = {HE, ALEF, 0}, S_HAY[] = {HE, ALEF, YE, 0}, S_HAYI[] = {HE, ALEF, YE, YE, 0},
                     S_HAYM[] = {HE, ALEF, YE, MIM, 0}, S_HAYT[] = {HE, ALEF, YE, TE, 0},
                     S_HAYSH[] = {HE, ALEF, YE, 0x0634, 0}, S_HAYMAN[] = {HE, ALEF, YE, MIM, ALEF, NUN, 0},
                     S_HAYTAN[] = {HE, ALEF, YE, TE, ALEF, NUN, 0},
                     S_HAYSHAN[] = {HE, ALEF, YE, 0x0634, ALEF, NUN, 0}, S_TARIN[] = {TE, 0x0631, YE, NUN, 0},
                     S_TAR[] = {TE, 0x0631, 0};
static const Py_UCS4 *const PLURAL_COMPARATIVE[] = {S_HA,     S_HAY,     S_HAYI,    S_HAYM,    S_HAYT, S_HAYSH,
                                                    S_HAYMAN, S_HAYTAN, S_HAYSHAN, S_TARIN, S_TAR};

/* suffix_plural_comparative: « (?:ها…|ترین|تر)(?![L ZWNJ])» with _suffix. */
static int r_suffix_plural_comparative(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    (void)tmp;
    Py_ssize_t s = 0;
    while (s + 1 < n) {
        Py_ssize_t len;
        if (!(t[s] == ' ' && (t[s + 1] == HE || t[s + 1] == TE)) ||
            (len = match_suffix(d, t, n, s + 1, PLURAL_COMPARATIVE, 11)) < 0) {
            s++;
            continue;
        }
        Py_ssize_t e = s + 1 + len, ws = word_start(d, t, s);
        if (ws < s) {
            int stop = in_set(d->stop_before_suffix, t, ws, s);
            if (stop < 0) return -1;
            if (!stop) {
                int joiner = !(cls(d, t[s - 1]) & B_NON_JOINING);
                Py_UCS4 *r = change_alloc(out, s, e, len + joiner);
                if (r == NULL) return -1;
                if (joiner) r[0] = ZWNJ;
                memcpy(r + joiner, t + s + 1, (size_t)len * sizeof(Py_UCS4));
            }
        }
        s = e;
    }
    return 0;
}

/* suffix_plural_glued: «ها(?<=[JOINING]ها)(?:یی|ی)?(?![L ZWNJ])» with _plural_glued. */
static int r_suffix_plural_glued(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    static const Py_UCS4 YEYE[] = {YE, YE, 0}, YE1[] = {YE, 0}, NONE[] = {0};
    static const Py_UCS4 *const ENDINGS[] = {YEYE, YE1, NONE};
    (void)tmp;
    Py_ssize_t s = 1;
    while (s + 1 < n) {
        Py_ssize_t len;
        if (!(t[s] == HE && t[s + 1] == ALEF && (cls(d, t[s - 1]) & B_JOINING)) ||
            (len = match_suffix(d, t, n, s + 2, ENDINGS, 3)) < 0) {
            s++;
            continue;
        }
        Py_ssize_t e = s + 2 + len, ws = word_start(d, t, s), k = ws;
        while (k < s && t[k] != ZWNJ) k++;
        if (k == s) { /* a stem without ZWNJ */
            int known = in_set(d->plural_stems, t, ws, s);
            if (known < 0) return -1;
            if (known) {
                Py_UCS4 *r = change_alloc(out, s, e, e - s + 1);
                if (r == NULL) return -1;
                r[0] = ZWNJ;
                memcpy(r + 1, t + s, (size_t)(e - s) * sizeof(Py_UCS4));
            }
        }
        s = e;
    }
    return 0;
}

static const Py_UCS4 C_AY[] = {ALEF, YE, 0}, C_AM[] = {ALEF, MIM, 0}, C_AYM[] = {ALEF, YE, MIM, 0},
                     C_AYD[] = {ALEF, YE, 0x062F, 0}, C_AND[] = {ALEF, NUN, 0x062F, 0}, C_AT[] = {ALEF, TE, 0},
                     C_ASH[] = {ALEF, 0x0634, 0}, C_AMAN[] = {ALEF, MIM, ALEF, NUN, 0},
                     C_ATAN[] = {ALEF, TE, ALEF, NUN, 0}, C_ASHAN[] = {ALEF, 0x0634, ALEF, NUN, 0};
static const Py_UCS4 *const CLITICS[] = {C_AY, C_AM, C_AYM, C_AYD, C_AND, C_AT, C_ASH, C_AMAN, C_ATAN, C_ASHAN};

/* suffix_after_silent_h: «ه (?:ای|ام|…)(?![L ZWNJ])» with _silent_h. */
static int r_suffix_after_silent_h(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    (void)tmp;
    Py_ssize_t s = 0;
    while (s + 2 < n) {
        Py_ssize_t len;
        if (!(t[s] == HE && t[s + 1] == ' ' && t[s + 2] == ALEF) || (len = match_suffix(d, t, n, s + 2, CLITICS, 10)) < 0) {
            s++;
            continue;
        }
        Py_ssize_t e = s + 2 + len, ws = word_start(d, t, s + 1);
        if (s + 1 - ws >= 2) {
            int stop = in_set(d->stop_before_suffix, t, ws, s + 1);
            if (stop < 0) return -1;
            if (!stop) {
                Py_UCS4 *r = change_alloc(out, s, e, e - s);
                if (r == NULL) return -1;
                r[0] = HE;
                r[1] = ZWNJ;
                memcpy(r + 2, t + s + 2, (size_t)len * sizeof(Py_UCS4));
            }
        }
        s = e;
    }
    return 0;
}

/* latin_punctuation: «[,;?](?<=[L ][,;?])» with _latin_punct. */
static int r_latin_punctuation(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    (void)tmp;
    for (Py_ssize_t s = 1; s < n; s++) {
        Py_UCS4 c = t[s], r;
        if (c == ',')
            r = 0x060C;
        else if (c == ';')
            r = 0x061B;
        else if (c == '?')
            r = 0x061F;
        else
            continue;
        if (!(t[s - 1] == ' ' || is_L(d, t[s - 1]))) continue;
        Py_UCS4 prev = (t[s - 1] == ' ' && s > 1) ? t[s - 2] : t[s - 1];
        if (is_letter(d, prev) && change(out, s, s + 1, &r, 1) < 0) return -1;
    }
    return 0;
}

static inline int is_quote(Py_UCS4 c) { return c == '"' || c == 0x201C || c == 0x201D; }

/* quotes: «["“”][^"“”\n«»]{1,500}["“”]» with _quotes. */
static int r_quotes(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    (void)tmp;
    Py_ssize_t s = 0;
    while (s < n) {
        if (!is_quote(t[s])) {
            s++;
            continue;
        }
        Py_ssize_t j = s + 1;
        while (j < n && j - (s + 1) <= 500 && !is_quote(t[j]) && t[j] != '\n' && t[j] != 0x00AB && t[j] != 0x00BB) j++;
        Py_ssize_t len = j - (s + 1);
        if (len < 1 || len > 500 || j >= n || !is_quote(t[j])) {
            s++;
            continue;
        }
        Py_ssize_t k = s + 1;
        while (k < j && !is_letter(d, t[k])) k++;
        if (k < j) { /* Persian inside */
            Py_UCS4 *r = change_alloc(out, s, j + 1, len + 2);
            if (r == NULL) return -1;
            r[0] = 0x00AB;
            memcpy(r + 1, t + s + 1, (size_t)len * sizeof(Py_UCS4));
            r[len + 1] = 0x00BB;
        }
        s = j + 1;
    }
    return 0;
}

/* . ، ؛ : ! ؟ » ) ] */
static inline int is_closing_punct(Py_UCS4 c) {
    return c == '.' || c == 0x060C || c == 0x061B || c == ':' || c == '!' || c == 0x061F || c == 0x00BB || c == ')' ||
           c == ']';
}

/* . ، ؛ : ! ؟ */
static inline int is_stop_punct(Py_UCS4 c) {
    return c == '.' || c == 0x060C || c == 0x061B || c == ':' || c == '!' || c == 0x061F;
}

/* space_before_punctuation: « +(?=[.،؛:!؟»)\]])» → "". Only a whole run of spaces can match. */
static int r_space_before_punctuation(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    (void)d;
    (void)tmp;
    Py_ssize_t s = 0;
    while (s < n) {
        if (t[s] != ' ') {
            s++;
            continue;
        }
        Py_ssize_t e = s + 1;
        while (e < n && t[e] == ' ') e++;
        if (e < n && is_closing_punct(t[e]) && change(out, s, e, NULL, 0) < 0) return -1;
        s = e;
    }
    return 0;
}

/* decimal_point: «\.(?<=[۰-۹]\.)(?=[۰-۹])» with _decimal_point. */
static int r_decimal_point(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    static const Py_UCS4 SEP = 0x066B;
    (void)tmp;
    for (Py_ssize_t s = 1; s + 1 < n; s++) {
        if (!(t[s] == '.' && (cls(d, t[s - 1]) & B_PERSIAN_DIGIT) && (cls(d, t[s + 1]) & B_PERSIAN_DIGIT))) continue;
        Py_ssize_t a = s, b = s + 1;
        while (a > 0 && is_number(d, t[a - 1])) a--;
        while (b < n && is_number(d, t[b])) b++;
        while (b > a && (t[b - 1] == '.' || t[b - 1] == ':' || t[b - 1] == '/' || t[b - 1] == '-' || t[b - 1] == '%' ||
                         t[b - 1] == '+' || t[b - 1] == '_'))
            b--;
        /* _DECIMAL.fullmatch(core): [۰-۹]+\.[۰-۹]+ */
        Py_ssize_t k = a;
        while (k < b && (cls(d, t[k]) & B_PERSIAN_DIGIT)) k++;
        int decimal = k > a && k < b && t[k] == '.';
        if (decimal) {
            Py_ssize_t m = k + 1;
            while (m < b && (cls(d, t[m]) & B_PERSIAN_DIGIT)) m++;
            decimal = m == b && m > k + 1;
        }
        if (decimal && change(out, s, s + 1, &SEP, 1) < 0) return -1;
    }
    return 0;
}

/* space_after_punctuation: «[.،؛:!؟»)\]](?=[L«(])» with _space_after_punct. */
static int r_space_after_punctuation(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    (void)tmp;
    for (Py_ssize_t s = 0; s + 1 < n; s++) {
        Py_UCS4 c = t[s], next = t[s + 1];
        if (!is_closing_punct(c) || !(is_L(d, next) || next == 0x00AB || next == '(')) continue;
        /* «ق.ظ»، «ج.ا.ا»: a dot after a one-letter word is an abbreviation */
        if (c == '.' && s >= 1 && is_letter(d, t[s - 1]) && (s < 2 || !is_letter(d, t[s - 2]))) continue;
        Py_UCS4 r[2] = {c, ' '};
        if (change(out, s, s + 1, r, 2) < 0) return -1;
    }
    return 0;
}

/* opening_brackets: «[«(\[](?:[ ZWNJ]+|(?<=[L.،؛:!؟][«(\[]))» with _opening. */
static int r_opening_brackets(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    (void)tmp;
    Py_ssize_t s = 0;
    while (s < n) {
        Py_UCS4 c = t[s];
        Py_ssize_t e = -1;
        if (c == 0x00AB || c == '(' || c == '[') {
            if (s + 1 < n && (t[s + 1] == ' ' || t[s + 1] == ZWNJ)) {
                e = s + 2;
                while (e < n && (t[e] == ' ' || t[e] == ZWNJ)) e++;
            } else if (s >= 1 && (is_L(d, t[s - 1]) || is_stop_punct(t[s - 1]))) {
                e = s + 1;
            }
        }
        if (e < 0) {
            s++;
            continue;
        }
        /* At the start, prev is "" and `"" in ".،؛:!؟"` holds: the Python rule puts a space there too. */
        int space = s == 0 || is_letter(d, t[s - 1]) || is_stop_punct(t[s - 1]);
        Py_UCS4 r[2] = {' ', c};
        if (change(out, s, e, r + !space, 1 + space) < 0) return -1;
        s = e;
    }
    return 0;
}

/* Words (runs of non-whitespace, as str.split() sees them) in t[a:b], and where the last one starts. */
static Py_ssize_t count_words(const Py_UCS4 *t, Py_ssize_t a, Py_ssize_t b) {
    Py_ssize_t words = 0;
    for (Py_ssize_t k = a; k < b; k++)
        if (!Py_UNICODE_ISSPACE(t[k]) && (k == a || Py_UNICODE_ISSPACE(t[k - 1]))) words++;
    return words;
}

/* The last word of t[a:b] as [*ws, *we); 0 if there is none. */
static int last_word(const Py_UCS4 *t, Py_ssize_t a, Py_ssize_t b, Py_ssize_t *ws, Py_ssize_t *we) {
    while (b > a && Py_UNICODE_ISSPACE(t[b - 1])) b--;
    if (b == a) return 0;
    *we = b;
    while (b > a && !Py_UNICODE_ISSPACE(t[b - 1])) b--;
    *ws = b;
    return 1;
}

/* is_title_line(t[a:b]): 1, 0, or -1 on error. */
static int is_title_line(const Data *d, const Py_UCS4 *t, Py_ssize_t a, Py_ssize_t b) {
    Py_ssize_t ws, we;
    while (a < b && Py_UNICODE_ISSPACE(t[a])) a++;
    while (b > a && Py_UNICODE_ISSPACE(t[b - 1])) b--;
    if (b == a || b - a > 200 || count_words(t, a, b) > 20) return 0;
    Py_UCS4 c = t[b - 1];
    if (c == '.' || c == 0x060C || c == ',' || c == ':' || c == 0x061B || c == ';' || c == '-') return 0;
    last_word(t, a, b, &ws, &we);
    int cont = in_set(d->continuation_words, t, ws, we);
    return cont < 0 ? -1 : !cont;
}

/* broken_lines: _join_broken_lines and _breaks_mid_sentence. A joined line grows over the newlines
 * joined before it, so its words are counted as it grows. */
static int r_broken_lines(const Py_UCS4 *t, Py_ssize_t n, Changes *out, const Data *d, Ints *tmp) {
    static const Py_UCS4 SP = ' ';
    Py_ssize_t line_start = 0, counted_from = 0, counted_to = 0, words = 0;
    (void)tmp;
    for (Py_ssize_t pos = 0; pos < n; pos++) {
        if (t[pos] != '\n') continue;
        int mid = 0; /* whether the newline at pos is inside a sentence */
        if (pos != line_start && pos + 1 < n && t[pos + 1] != '\n') {
            Py_UCS4 c = t[pos - 1];
            int terminal = c == '.' || c == '!' || c == 0x061F || c == '?' || c == 0x2026 || c == ':' || c == 0x00BB ||
                           c == ')' || c == '"' || c == '\'' || c == 0x061B || c == ';';
            int title = 0;
            if (!terminal && line_start == 0 && (title = is_title_line(d, t, 0, pos)) < 0) return -1;
            if (!terminal && !title) {
                if (counted_from != line_start) { /* t[counted_to] is a newline, so no word straddles it */
                    counted_from = counted_to = line_start;
                    words = 0;
                }
                words += count_words(t, counted_to, pos);
                counted_to = pos;
                Py_ssize_t ws, we;
                if (words > 0 && last_word(t, line_start, pos, &ws, &we)) {
                    int cont = in_set(d->continuation_words, t, ws, we);
                    if (cont < 0) return -1;
                    mid = cont || c == 0x060C || c == ',' || c == '-' || words >= 12;
                }
            }
        }
        if (mid) {
            if (change(out, pos, pos + 1, &SP, 1) < 0) return -1;
        } else {
            line_start = pos + 1;
        }
    }
    return 0;
}

enum {
    R_CHARACTERS,
    R_CLEANUP,
    R_LATIN_DIGITS,
    R_ZWNJ,
    R_LINE_SPACES,
    R_PREFIX_MI,
    R_PREFIX_MI_GLUED,
    R_SUFFIX_PLURAL_COMPARATIVE,
    R_SUFFIX_PLURAL_GLUED,
    R_SUFFIX_AFTER_SILENT_H,
    R_LATIN_PUNCTUATION,
    R_QUOTES,
    R_SPACE_BEFORE_PUNCTUATION,
    R_DECIMAL_POINT,
    R_SPACE_AFTER_PUNCTUATION,
    R_OPENING_BRACKETS,
    R_BROKEN_LINES,
    R_SPACES,
    N_RULES
};

static const char *const RULE_NAMES[N_RULES] = {
    "characters",  "cleanup",  "latin_digits",  "zwnj", "line_spaces", "prefix_mi", "prefix_mi_glued",
    "suffix_plural_comparative", "suffix_plural_glued", "suffix_after_silent_h", "latin_punctuation", "quotes",
    "space_before_punctuation", "decimal_point", "space_after_punctuation", "opening_brackets", "broken_lines",
    "spaces",
};

static const RuleFn RULE_FNS[N_RULES] = {
    NULL, /* characters: a table, applied in place */
    r_cleanup,
    r_latin_digits,
    r_zwnj,
    r_spaces,
    r_prefix_mi,
    r_prefix_mi_glued,
    r_suffix_plural_comparative,
    r_suffix_plural_glued,
    r_suffix_after_silent_h,
    r_latin_punctuation,
    r_quotes,
    r_space_before_punctuation,
    r_decimal_point,
    r_space_after_punctuation,
    r_opening_brackets,
    r_broken_lines,
    r_spaces,
};

/* ------------------------------------------------------------------------- the offset map (then) */

/* bisect_right(n_starts, pos) - 1 */
static Py_ssize_t seg_find(const Ints *segs, Py_ssize_t pos) {
    Py_ssize_t lo = 0, hi = segs->n / 4;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (pos < segs->v[4 * mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo - 1;
}

/* Segments tile the text from 0, so k >= 0 whenever there are segments; k < 0 would be Python's -1. */
static const Py_ssize_t *seg_at(const Ints *segs, Py_ssize_t pos) {
    Py_ssize_t k = seg_find(segs, pos);
    return segs->v + 4 * (k < 0 ? segs->n / 4 - 1 : k);
}

static Py_ssize_t to_raw(const Ints *segs, Py_ssize_t n_len, Py_ssize_t r_len, Py_ssize_t pos) {
    if (pos >= n_len || segs->n == 0) return r_len;
    const Py_ssize_t *g = seg_at(segs, pos);
    return g[1] - g[0] == g[3] - g[2] ? g[2] + (pos - g[0]) : g[2];
}

static Py_ssize_t to_raw_end(const Ints *segs, Py_ssize_t n_len, Py_ssize_t r_len, Py_ssize_t end) {
    if (end <= 0) return segs->n ? to_raw(segs, n_len, r_len, 0) : 0;
    if (end > n_len) end = n_len;
    if (segs->n == 0 || end <= 0) return r_len; /* unreachable: edits lie inside the text */
    const Py_ssize_t *g = seg_at(segs, end - 1);
    return g[1] - g[0] == g[3] - g[2] ? g[2] + (end - g[0]) : g[3];
}

static int copy_through(const Ints *segs, Py_ssize_t old_s, Py_ssize_t old_e, Py_ssize_t new_s, Ints *out) {
    Py_ssize_t m = segs->n / 4, k = seg_find(segs, old_s), pos = old_s;
    if (k < 0) k = 0;
    while (pos < old_e && k < m) {
        const Py_ssize_t *g = segs->v + 4 * k;
        Py_ssize_t ns = g[0], ne = g[1], rs = g[2], re = g[3];
        if (ne <= pos) {
            k++;
            continue;
        }
        Py_ssize_t b = old_e < ne ? old_e : ne, a_new = new_s + (pos - old_s), b_new = new_s + (b - old_s);
        int rc = ne - ns == re - rs ? ints_push4(out, a_new, b_new, rs + (pos - ns), rs + (b - ns))
                                    : ints_push4(out, a_new, b_new, rs, re);
        if (rc < 0) return -1;
        pos = b;
        k++;
    }
    return 0;
}

/* OffsetMap.then: the map `segs` (of a text of n_len characters) followed by `edits`, into `out`,
 * merged and filtered as OffsetMap's constructor does. */
static int compose(const Ints *segs, Py_ssize_t n_len, Py_ssize_t r_len, const Ints *edits, Py_ssize_t new_len,
                   Ints *out) {
    Py_ssize_t old_pos = 0, new_pos = 0;
    out->n = 0;
    for (Py_ssize_t k = 0; k < edits->n; k += 4) {
        Py_ssize_t os = edits->v[k], oe = edits->v[k + 1], ns = edits->v[k + 2], ne = edits->v[k + 3];
        if (os > old_pos && copy_through(segs, old_pos, os, new_pos, out) < 0) return -1;
        if (ne > ns) {
            Py_ssize_t rs = to_raw(segs, n_len, r_len, os);
            Py_ssize_t re = oe > os ? to_raw_end(segs, n_len, r_len, oe) : rs;
            if (ints_push4(out, ns, ne, rs, re) < 0) return -1;
        }
        old_pos = oe;
        new_pos = ne;
    }
    if (new_len > new_pos && copy_through(segs, old_pos, old_pos + (new_len - new_pos), new_pos, out) < 0) return -1;
    /* _merge: join neighbouring copy segments that continue each other; then drop empty ones. */
    Py_ssize_t w = 0;
    for (Py_ssize_t k = 0; k < out->n; k += 4) {
        Py_ssize_t *g = out->v + k;
        if (w > 0) {
            Py_ssize_t *p = out->v + w - 4;
            if (p[1] == g[0] && p[3] == g[2] && p[1] - p[0] == p[3] - p[2] && g[1] - g[0] == g[3] - g[2]) {
                p[1] = g[1];
                p[3] = g[3];
                continue;
            }
        }
        if (w != k) memmove(out->v + w, g, 4 * sizeof(Py_ssize_t));
        w += 4;
    }
    Py_ssize_t w2 = 0;
    for (Py_ssize_t k = 0; k < w; k += 4) {
        if (out->v[k + 1] > out->v[k]) {
            if (w2 != k) memmove(out->v + w2, out->v + k, 4 * sizeof(Py_ssize_t));
            w2 += 4;
        }
    }
    out->n = w2;
    return 0;
}

/* ----------------------------------------------------------------------------------- the driver */

typedef struct {
    Text cur, next;
    Changes ch;
    Ints edits, tmp, segs, segs2;
    Py_ssize_t r_len;
    int with_offsets, changed;
} State;

static void state_free(State *st) {
    PyMem_Free(st->cur.v);
    PyMem_Free(st->next.v);
    PyMem_Free(st->ch.ch.v);
    PyMem_Free(st->ch.pool.v);
    PyMem_Free(st->edits.v);
    PyMem_Free(st->tmp.v);
    PyMem_Free(st->segs.v);
    PyMem_Free(st->segs2.v);
}

static int state_init(State *st, PyObject *text, int with_offsets) {
    memset(st, 0, sizeof(*st));
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    if (text_reserve(&st->cur, n + 1) < 0 || text_reserve(&st->ch.pool, 64) < 0) return -1;
    for (Py_ssize_t k = 0; k < n; k++) st->cur.v[k] = PyUnicode_READ(kind, data, k);
    st->cur.n = n;
    st->r_len = n;
    st->with_offsets = with_offsets;
    if (with_offsets && n > 0 && ints_push4(&st->segs, 0, n, 0, n) < 0) return -1; /* OffsetMap.identity */
    return 0;
}

/* One rule on the current text; *changed tells whether it changed it. */
static int run_rule(State *st, int rule, const Data *d, int *changed) {
    *changed = 0;
    if (rule == R_CHARACTERS) { /* one to one: in place, no edits */
        for (Py_ssize_t k = 0; k < st->cur.n; k++) {
            Py_UCS4 c = st->cur.v[k];
            if (c < BMP && d->charmap[c] != c) {
                st->cur.v[k] = d->charmap[c];
                *changed = 1;
            }
        }
        return 0;
    }
    st->ch.ch.n = 0;
    st->ch.pool.n = 0;
    if (RULE_FNS[rule](st->cur.v, st->cur.n, &st->ch, d, &st->tmp) < 0) return -1;
    if (st->ch.ch.n == 0) return 0;
    int rc = apply_changes(st->cur.v, st->cur.n, &st->ch, &st->next, &st->edits);
    if (rc <= 0) return rc;
    Py_ssize_t old_len = st->cur.n;
    Text swap = st->cur;
    st->cur = st->next;
    st->next = swap;
    *changed = 1;
    if (st->with_offsets && st->edits.n > 0) {
        if (compose(&st->segs, old_len, st->r_len, &st->edits, st->cur.n, &st->segs2) < 0) return -1;
        Ints s = st->segs;
        st->segs = st->segs2;
        st->segs2 = s;
    }
    return 0;
}

static int rule_ids(PyObject *ids, const char **p, Py_ssize_t *n) {
    if (!PyBytes_Check(ids)) {
        PyErr_SetString(PyExc_TypeError, "rules must be bytes of rule ids");
        return -1;
    }
    *p = PyBytes_AS_STRING(ids);
    *n = PyBytes_GET_SIZE(ids);
    for (Py_ssize_t k = 0; k < *n; k++) {
        if ((unsigned char)(*p)[k] >= N_RULES) {
            PyErr_SetString(PyExc_ValueError, "unknown rule id");
            return -1;
        }
    }
    return 0;
}

static PyObject *segments_list(const Ints *segs) {
    PyObject *list = PyList_New(segs->n / 4);
    if (list == NULL) return NULL;
    for (Py_ssize_t k = 0; k < segs->n; k += 4) {
        PyObject *seg = Py_BuildValue("(nnnn)", segs->v[k], segs->v[k + 1], segs->v[k + 2], segs->v[k + 3]);
        if (seg == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyObject_GC_UnTrack(seg); /* holds only ints: the cyclic GC never needs to visit it */
        PyList_SET_ITEM(list, k / 4, seg);
    }
    return list;
}

/* normalize(text, rules, after_join, with_offsets, data) -> (text, segments or None)
 *
 * Runs the rule ids in `rules`; when broken_lines joined lines, runs `after_join` too (Normalizer._run).
 * The segments are those of the OffsetMap from the result back to `text`. */
static PyObject *normalize(PyObject *self, PyObject *args) {
    PyObject *text, *rules, *after, *data_obj, *result = NULL;
    int with_offsets;
    const char *ids, *after_ids;
    Py_ssize_t n_ids, n_after;
    Data d;
    State st;
    (void)self;
    if (!PyArg_ParseTuple(args, "UOOpO", &text, &rules, &after, &with_offsets, &data_obj)) return NULL;
    if (parse_data(data_obj, &d) < 0 || rule_ids(rules, &ids, &n_ids) < 0 || rule_ids(after, &after_ids, &n_after) < 0)
        return NULL;
    if (state_init(&st, text, with_offsets) < 0) goto done;
    int any = 0, joined = 0, changed;
    for (Py_ssize_t k = 0; k < n_ids; k++) {
        if (run_rule(&st, ids[k], &d, &changed) < 0) goto done;
        any |= changed;
        joined |= changed && ids[k] == R_BROKEN_LINES;
    }
    if (joined) {
        for (Py_ssize_t k = 0; k < n_after; k++) {
            if (run_rule(&st, after_ids[k], &d, &changed) < 0) goto done;
            any |= changed;
        }
    }
    PyObject *out_text, *out_segs;
    if (any) {
        out_text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, st.cur.v, st.cur.n);
        if (out_text == NULL) goto done;
    } else {
        Py_INCREF(text);
        out_text = text;
    }
    if (with_offsets) {
        out_segs = segments_list(&st.segs);
        if (out_segs == NULL) {
            Py_DECREF(out_text);
            goto done;
        }
    } else {
        Py_INCREF(Py_None);
        out_segs = Py_None;
    }
    result = PyTuple_Pack(2, out_text, out_segs);
    Py_DECREF(out_text);
    Py_DECREF(out_segs);
done:
    state_free(&st);
    return result;
}

/* apply_rule(rule, text, data) -> (text, edits): one rule, as Rule.apply returns it (for the tests). */
static PyObject *apply_rule(PyObject *self, PyObject *args) {
    PyObject *text, *data_obj, *result = NULL;
    int rule, changed;
    Data d;
    State st;
    (void)self;
    if (!PyArg_ParseTuple(args, "iUO", &rule, &text, &data_obj)) return NULL;
    if (rule < 0 || rule >= N_RULES) {
        PyErr_SetString(PyExc_ValueError, "unknown rule id");
        return NULL;
    }
    if (parse_data(data_obj, &d) < 0) return NULL;
    if (state_init(&st, text, 0) < 0) goto done;
    if (run_rule(&st, rule, &d, &changed) < 0) goto done;
    PyObject *out_text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, st.cur.v, st.cur.n);
    if (out_text == NULL) goto done;
    PyObject *edits = PyList_New(0);
    if (edits == NULL) {
        Py_DECREF(out_text);
        goto done;
    }
    for (Py_ssize_t k = 0; changed && rule != R_CHARACTERS && k < st.edits.n; k += 4) {
        PyObject *e = Py_BuildValue("(nnnn)", st.edits.v[k], st.edits.v[k + 1], st.edits.v[k + 2], st.edits.v[k + 3]);
        if (e == NULL || PyList_Append(edits, e) < 0) {
            Py_XDECREF(e);
            Py_DECREF(edits);
            Py_DECREF(out_text);
            goto done;
        }
        Py_DECREF(e);
    }
    result = PyTuple_Pack(2, out_text, edits);
    Py_DECREF(out_text);
    Py_DECREF(edits);
done:
    state_free(&st);
    return result;
}

/* A list of 4-tuples of ints into ints. */
static int quads_from_list(PyObject *list, Ints *out) {
    PyObject *seq = PySequence_Fast(list, "expected a list of 4-tuples");
    if (seq == NULL) return -1;
    Py_ssize_t m = PySequence_Fast_GET_SIZE(seq);
    for (Py_ssize_t k = 0; k < m; k++) {
        Py_ssize_t x[4];
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, k), "nnnn", &x[0], &x[1], &x[2], &x[3]) ||
            ints_push4(out, x[0], x[1], x[2], x[3]) < 0) {
            Py_DECREF(seq);
            return -1;
        }
    }
    Py_DECREF(seq);
    return 0;
}

/* compose(segments, n_len, r_len, edits, new_len) -> segments: OffsetMap.then, for the tests. Edits must
 * be sorted and lie inside the text, as apply_changes makes them. */
static PyObject *compose_py(PyObject *self, PyObject *args) {
    PyObject *segs_obj, *edits_obj, *result = NULL;
    Py_ssize_t n_len, r_len, new_len;
    Ints segs = {NULL, 0, 0}, edits = {NULL, 0, 0}, out = {NULL, 0, 0};
    (void)self;
    if (!PyArg_ParseTuple(args, "OnnOn", &segs_obj, &n_len, &r_len, &edits_obj, &new_len)) return NULL;
    if (quads_from_list(segs_obj, &segs) == 0 && quads_from_list(edits_obj, &edits) == 0) {
        if (edits.n == 0)
            result = segments_list(&segs); /* then() returns the map itself */
        else if (compose(&segs, n_len, r_len, &edits, new_len, &out) == 0)
            result = segments_list(&out);
    }
    PyMem_Free(segs.v);
    PyMem_Free(edits.v);
    PyMem_Free(out.v);
    return result;
}

/* ------------------------------------------------------------------------------ split_sentences */

static inline int is_mark(Py_UCS4 c) { return c == '.' || c == '!' || c == 0x061F || c == '?'; }
static inline int is_closer(Py_UCS4 c) { return c == 0x00BB || c == '"' || c == '\'' || c == ')' || c == ']'; }

/* _BOUNDARY «(?:[.!؟?]+|…+)[»"')\]]*(?= )» matched at p inside [p, end): its end, or -1. The runs are
 * greedy and a shorter one is followed by a mark or a closer, never a space: no backtracking helps. */
static Py_ssize_t boundary_at(int kind, const void *data, Py_ssize_t p, Py_ssize_t end) {
    Py_UCS4 c = PyUnicode_READ(kind, data, p);
    Py_ssize_t q = p + 1;
    if (is_mark(c)) {
        while (q < end && is_mark(PyUnicode_READ(kind, data, q))) q++;
    } else if (c == 0x2026) {
        while (q < end && PyUnicode_READ(kind, data, q) == 0x2026) q++;
    } else {
        return -1;
    }
    while (q < end && is_closer(PyUnicode_READ(kind, data, q))) q++;
    return q < end && PyUnicode_READ(kind, data, q) == ' ' ? q : -1;
}

static int emit(PyObject *out, int kind, const void *data, Py_ssize_t s, Py_ssize_t e) {
    while (s < e && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, s))) s++;
    while (e > s && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, e - 1))) e--;
    if (e <= s) return 0;
    PyObject *span = Py_BuildValue("(nn)", s, e);
    if (span == NULL) return -1;
    PyObject_GC_UnTrack(span);
    int rc = PyList_Append(out, span);
    Py_DECREF(span);
    return rc;
}

/* Whether the word before a dot is a Latin abbreviation: word.lower().rstrip(".") in the set. Only
 * A-Z, a-z, "." and the Kelvin sign (which lowercases to "k") lowercase to [a-z.]; any other character
 * keeps the word out of the set (a test checks this over every code point). */
static int is_abbreviation(PyObject *abbreviations, int kind, const void *data, Py_ssize_t a, Py_ssize_t b) {
    for (Py_ssize_t k = a; k < b; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == 0x212A)) return 0;
    }
    while (b > a && PyUnicode_READ(kind, data, b - 1) == '.') b--;
    PyObject *w = PyUnicode_New(b - a, 127);
    if (w == NULL) return -1;
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(w);
    for (Py_ssize_t k = a; k < b; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        out[k - a] = (Py_UCS1)(c == 0x212A ? 'k' : (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    }
    int r = PySet_Contains(abbreviations, w);
    Py_DECREF(w);
    return r;
}

/* _split_line over [start, end); the «» counts before each boundary are kept as the scan goes. */
static int split_line(PyObject *out, PyObject *abbreviations, int kind, const void *data, Py_ssize_t start,
                      Py_ssize_t end) {
    Py_ssize_t sent_start = start, last_close = -1, opened = 0, counted = start;
    int has_quotes = 0;
    for (Py_ssize_t k = start; k < end; k++) { /* has_quotes, and where the line's last » is */
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c == 0x00BB)
            last_close = k;
        else if (c == 0x00AB)
            has_quotes = 1;
    }
    Py_ssize_t p = start;
    while (p < end) {
        Py_ssize_t b = boundary_at(kind, data, p, end);
        if (b < 0) {
            p++;
            continue;
        }
        int is_break = 1;
        if (PyUnicode_READ(kind, data, p) == '.') {
            /* word_start: after the last « », «(» or «« » of the line before the dot */
            Py_ssize_t j = p - 1;
            while (j >= start) {
                Py_UCS4 c = PyUnicode_READ(kind, data, j);
                if (c == ' ' || c == 0x00AB || c == '(') break;
                j--;
            }
            int found = j >= start;
            Py_ssize_t ws = found ? j + 1 : start, len = p - ws;
            int digits = len > 0;
            for (Py_ssize_t k = ws; k < p && digits; k++) digits = Py_UNICODE_ISDIGIT(PyUnicode_READ(kind, data, k));
            if (len == 0 || (len == 1 && !digits)) {
                is_break = 0; /* no word, or an initial («م. احمدی») */
            } else {
                int abbr = is_abbreviation(abbreviations, kind, data, ws, p);
                if (abbr < 0) return -1;
                if (abbr || (digits && !found)) is_break = 0; /* an abbreviation, or «۱. …» a list item */
            }
        }
        if (is_break && has_quotes) {
            for (; counted < p; counted++) {
                Py_UCS4 c = PyUnicode_READ(kind, data, counted);
                opened += (c == 0x00AB) - (c == 0x00BB);
            }
            if (opened > 0 && last_close >= b) is_break = 0; /* inside a quote that closes later on the line */
        }
        if (is_break) {
            if (emit(out, kind, data, sent_start, b) < 0) return -1;
            sent_start = b;
        }
        p = b;
    }
    return emit(out, kind, data, sent_start, end);
}

/* split_sentences(text, abbreviations) -> list of (start, end) */
static PyObject *split_sentences(PyObject *self, PyObject *args) {
    PyObject *text, *abbreviations;
    (void)self;
    if (!PyArg_ParseTuple(args, "UO", &text, &abbreviations)) return NULL;
    if (!PyAnySet_Check(abbreviations)) {
        PyErr_SetString(PyExc_TypeError, "abbreviations must be a set");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), pos = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *spans = PyList_New(0);
    if (spans == NULL) return NULL;
    while (pos < n) {
        Py_ssize_t line_end = pos;
        while (line_end < n && PyUnicode_READ(kind, data, line_end) != '\n') line_end++;
        if (line_end > pos && split_line(spans, abbreviations, kind, data, pos, line_end) < 0) {
            Py_DECREF(spans);
            return NULL;
        }
        pos = line_end + 1;
    }
    return spans;
}

/* --------------------------------------------------------------------------------------- module */

static PyMethodDef methods[] = {
    {"normalize", normalize, METH_VARARGS,
     "normalize(text, rules, after_join, with_offsets, data) -> (text, offset segments or None)"},
    {"apply_rule", apply_rule, METH_VARARGS, "apply_rule(rule, text, data) -> (text, edits)"},
    {"compose", compose_py, METH_VARARGS, "compose(segments, n_len, r_len, edits, new_len) -> segments"},
    {"split_sentences", split_sentences, METH_VARARGS, "split_sentences(text, abbreviations) -> list of spans"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_normalize", NULL, -1, methods, NULL, NULL, NULL, NULL};

static PyObject *names_tuple(const char *const *names, int n) {
    PyObject *t = PyTuple_New(n);
    if (t == NULL) return NULL;
    for (int k = 0; k < n; k++) {
        PyObject *s = PyUnicode_FromString(names[k]);
        if (s == NULL) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, k, s);
    }
    return t;
}

PyMODINIT_FUNC PyInit__normalize(void) {
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    PyObject *rules = names_tuple(RULE_NAMES, N_RULES), *classes = names_tuple(CLASS_NAMES, N_CLASSES);
    if (rules == NULL || classes == NULL || PyModule_AddObject(m, "RULES", rules) < 0) {
        Py_XDECREF(rules);
        Py_XDECREF(classes);
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddObject(m, "CLASSES", classes) < 0) {
        Py_DECREF(classes);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

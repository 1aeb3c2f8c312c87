/* Fast path of didban.text.segment.tokenize.
 *
 * The token pattern in segment.py is the specification. This scanner handles the common cases of
 * Persian news text itself (whitespace, Persian words with inner ZWNJ, Persian and Arabic-Indic
 * numbers, single punctuation marks) and asks the compiled pattern (`match(text, pos)`) for every
 * other token (Latin words, URLs, e-mails, hashtags, other scripts), so both give the same spans;
 * tests check this on generated text and on the news corpus.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define ZWNJ 0x200C

/* The LETTERS class of didban/fa/chars.py: آ-غ ف-ي پ چ ژ ک گ ی ئ ؤ ء and U+0654. */
static int is_persian_letter(Py_UCS4 c) {
    return (c >= 0x0622 && c <= 0x063A) || (c >= 0x0641 && c <= 0x064A) || c == 0x067E || c == 0x0686 ||
           c == 0x0698 || c == 0x06A9 || c == 0x06AF || c == 0x06CC || c == 0x0626 || c == 0x0624 ||
           c == 0x0621 || c == 0x0654;
}

/* [^\W\d_] of Python's re for str patterns. */
static int is_word_letter(Py_UCS4 c) {
    return Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c) && c != '_';
}

static int is_number_separator(Py_UCS4 c) {
    return c == 0x066B || c == '.' || c == ',' || c == 0x066C || c == '/' || c == ':';
}

static int append_span(PyObject *list, Py_ssize_t s, Py_ssize_t e) {
    PyObject *span = PyTuple_New(2);
    if (span == NULL) return -1;
    PyObject *a = PyLong_FromSsize_t(s), *b = PyLong_FromSsize_t(e);
    if (a == NULL || b == NULL) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_DECREF(span);
        return -1;
    }
    PyTuple_SET_ITEM(span, 0, a);
    PyTuple_SET_ITEM(span, 1, b);
    PyObject_GC_UnTrack(span); /* holds only ints: the cyclic GC never needs to visit it */
    int rc = PyList_Append(list, span);
    Py_DECREF(span);
    return rc;
}

/* tokenize(text, start, end, match) -> list[(start, end)] */
static PyObject *tokenize(PyObject *self, PyObject *args) {
    PyObject *text, *match;
    Py_ssize_t start, end;
    if (!PyArg_ParseTuple(args, "UnnO", &text, &start, &end, &match)) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (end > n) end = n;
    if (start < 0) start = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *spans = PyList_New(0);
    if (spans == NULL) return NULL;
    Py_ssize_t pos = start;
    while (pos < end) {
        Py_UCS4 c = PyUnicode_READ(kind, data, pos);
        if (Py_UNICODE_ISSPACE(c)) {
            pos++;
            continue;
        }
        Py_ssize_t stop = -1; /* end of a token found here, or -1 to ask the pattern */
        if (is_persian_letter(c)) {
            Py_ssize_t e = pos + 1;
            for (;;) {
                while (e < end && is_persian_letter(PyUnicode_READ(kind, data, e))) e++;
                if (e + 1 < end && PyUnicode_READ(kind, data, e) == ZWNJ &&
                    is_persian_letter(PyUnicode_READ(kind, data, e + 1))) {
                    e += 2;
                    continue;
                }
                break;
            }
            /* (?![^\W\d_]) after the word; otherwise the pattern decides. */
            if (e >= end || !is_word_letter(PyUnicode_READ(kind, data, e))) stop = e;
        } else if ((c >= 0x06F0 && c <= 0x06F9) || (c >= 0x0660 && c <= 0x0669)) {
            /* \d+(?:[٫.,٬/:]\d+)* with Persian or Arabic-Indic digits; any other digit: the pattern. */
            Py_ssize_t e = pos + 1;
            int other_digit = 0;
            for (;;) {
                while (e < end && Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, e))) {
                    Py_UCS4 d = PyUnicode_READ(kind, data, e);
                    if (!((d >= 0x06F0 && d <= 0x06F9) || (d >= 0x0660 && d <= 0x0669))) other_digit = 1;
                    e++;
                }
                if (e + 1 < end && is_number_separator(PyUnicode_READ(kind, data, e)) &&
                    Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, e + 1))) {
                    e += 1;
                    continue;
                }
                break;
            }
            if (!other_digit) stop = e;
        } else if (c < 128) {
            /* Latin words, URLs, e-mails, hashtags, ASCII numbers: the pattern. Other ASCII marks are
             * single tokens, except those that can start an e-mail address (. _ + -). */
            if (!(Py_UNICODE_ISALNUM(c) || c == '.' || c == '_' || c == '+' || c == '-' || c == '#' || c == '@'))
                stop = pos + 1;
        } else if (!is_word_letter(c) && !Py_UNICODE_ISDECIMAL(c) && c != ZWNJ) {
            stop = pos + 1; /* a mark or symbol: a token of its own */
        }
        if (stop < 0) {
            PyObject *m = PyObject_CallFunction(match, "Onn", text, pos, end);
            if (m == NULL) goto error;
            if (m == Py_None) { /* cannot happen: the pattern ends with \S */
                Py_DECREF(m);
                stop = pos + 1;
            } else {
                PyObject *e_obj = PyObject_CallMethod(m, "end", NULL);
                Py_DECREF(m);
                if (e_obj == NULL) goto error;
                stop = PyLong_AsSsize_t(e_obj);
                Py_DECREF(e_obj);
                if (stop < 0 && PyErr_Occurred()) goto error;
                if (stop <= pos) stop = pos + 1;
            }
        }
        if (append_span(spans, pos, stop) < 0) goto error;
        pos = stop;
    }
    return spans;
error:
    Py_DECREF(spans);
    return NULL;
}

static PyMethodDef methods[] = {
    {"tokenize", tokenize, METH_VARARGS, "tokenize(text, start, end, match) -> list of (start, end) spans"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_tokenize", NULL, -1, methods};

PyMODINIT_FUNC PyInit__tokenize(void) { return PyModule_Create(&module); }

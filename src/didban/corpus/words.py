"""Words for the corpus steps: what near-duplicate shingles and story vectors are made of.

Both read the normalized text through the pipeline's own tokenizer, so Arabic ي/ك, digit scripts,
punctuation and ZWNJ-or-space spellings («می‌شود»/«می شود»، «سیب‌زمینی»/«سیب زمینی») give the same words.
"""

from __future__ import annotations

from didban.article import Article
from didban.fa.chars import ZWNJ
from didban.text.normalize import normalize_text
from didban.text.segment import tokenize

# Function words and newsroom formulae: they say nothing about which happening an article reports.
# (In normalized spelling; words are split at ZWNJ, so «می‌شود» is «می» + «شود».)
_STOPWORDS = """
و در به از که را این آن با برای است بود شد می نمی ها های هایی یک تا بر هم نیز وی او ما من تو شما آنها
ایشان شده شود شوند کرد کرده کند کنند کنیم کردند کردن داد داده دهد دهند دارد دارند داشت داشته
باید خود پس اما ولی یا هر همه چه اگر بین روی زیر پیش بعد قبل ای اند ام ایم اید نه هیچ دیگر چند
چون بی همین همان اینکه آنکه بودن بوده باشد باشند خواهد خواهند گرفت گرفته گیرد تر ترین اش شان مان
گفت گفته افزود اظهار اعلام گزارش خبرگزاری خبرنگار نقل امروز دیروز فردا سال روز ماه هفته
ساعت طی ضمن درباره مورد توسط علیه سوی بنا اساس طبق همچنین بیان اشاره عنوان جاری گذشته حال حاضر
وجود صورت زمینه بخش سر کار نظر جمله دو سه اول دوم آنچه چنین چنان هستند نیست نیستند بودند
"""
STOPWORDS = frozenset(_STOPWORDS.split())


def words(text: str) -> list[list[str]]:
    """The letter/digit tokens of normalized ``text``, line by line, lower-cased and split at ZWNJ."""
    lines: list[list[str]] = []
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", start)
        end = n if end < 0 else end
        if end > start:
            # Punctuation and symbols are dropped (re-publishers change them freely): the tokenizer makes
            # each a one-character token, and every longer token starts or ends with a letter or digit.
            toks = [text[s:e] for s, e in tokenize(text, start, end)]
            kept = " ".join([t for t in toks if len(t) > 1 or t.isalnum()])
            if kept:
                lines.append(kept.lower().replace(ZWNJ, " ").split())
        start = end + 1
    return lines


def article_words(article: Article) -> list[list[str]]:
    """`words` of an article: of its normalized text when present, else of its raw text normalized."""
    return words(article.text or normalize_text(article.raw_text))


def content_terms(article: Article) -> list[str]:
    """The words of an article that can tell one happening from another: no `STOPWORDS`, no one-letter
    words, no bare numbers (dates and counts differ between reports of one happening)."""
    return [w for line in article_words(article) for w in line if len(w) > 1 and w not in STOPWORDS and not w.isdigit()]


__all__ = ["STOPWORDS", "article_words", "content_terms", "words"]

"""Story clustering: one happening across outlets is one story; windows, first publisher, entities.

The fixtures are short news reports written for these tests: an earthquake reported by three outlets
in different words, a football match, and the earthquake's follow-up a week later. The quality gate
at the end runs the story proxies on ../shared/data (skipped without it).
"""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from didban.article import Article, Entity, Mention
from didban.corpus.stories import Story, StoryClusterer

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)

QUAKE = [
    (
        "ایرنا",
        "زلزله شش ریشتری کرمانشاه؛ صدها نفر مصدوم شدند\n"
        "زمین‌لرزه‌ای به بزرگی شش ریشتر بامداد امروز سرپل ذهاب در استان کرمانشاه را لرزاند و صدها نفر مصدوم "
        "شدند. هلال احمر تیم‌های امداد و نجات را به روستاهای آسیب‌دیده اعزام کرد.",
    ),
    (
        "ایسنا",
        "امدادرسانی به زلزله‌زدگان سرپل ذهاب ادامه دارد\n"
        "رئیس هلال احمر استان کرمانشاه گفت: پس از زلزله شش ریشتری سرپل ذهاب، امدادگران به همه روستاهای "
        "آسیب‌دیده رسیده‌اند و چادر و پتو میان زلزله‌زدگان توزیع شده است. شمار مصدومان زلزله به چهارصد نفر رسید.",
    ),
    (
        "مهر",
        "شمار مصدومان زلزله کرمانشاه به ۴۱۰ نفر رسید\n"
        "معاون استاندار کرمانشاه اعلام کرد شمار مصدومان زلزله سرپل ذهاب به ۴۱۰ نفر رسیده و بیشتر روستاهای "
        "آسیب‌دیده برق و آب ندارند. هلال احمر می‌گوید امداد و نجات تا پایان روز ادامه دارد.",
    ),
]
MATCH = (
    "ورزش سه",
    "پیروزی پرسپولیس برابر سپاهان در لیگ برتر\n"
    "تیم فوتبال پرسپولیس عصر امروز در ورزشگاه آزادی با دو گل سپاهان را شکست داد و صدر جدول لیگ برتر را "
    "پس گرفت. سرمربی پرسپولیس گفت بازیکنانش در نیمه دوم بهتر بودند.",
)


def article(outlet: str, text: str, hours: float, url: str | None = None) -> Article:
    return Article(text, outlet=outlet, published=T0 + timedelta(hours=hours), url=url or f"{outlet}/{hours}")


def quake_day() -> list[Article]:
    return [article(o, t, hours=2 * k) for k, (o, t) in enumerate(QUAKE)] + [article(*MATCH, hours=3)]


def test_one_happening_across_outlets_is_one_story() -> None:
    clusterer = StoryClusterer()
    a, b, c, match = quake_day()
    ids = [clusterer.add(x) for x in (a, match, b, c)]
    assert ids[0] == ids[2] == ids[3] != ids[1]
    assert a.story_id == c.story_id and match.story_id == ids[1]
    story = clusterer.get(ids[0])
    assert story.articles == [a.id, b.id, c.id]
    assert story.outlets == ["ایرنا", "ایسنا", "مهر"]
    assert (story.first_time, story.last_time) == (a.published, c.published)
    assert len(clusterer) == 2


def test_first_publisher_is_the_earliest_published_not_the_first_seen() -> None:
    clusterer = StoryClusterer()
    a, b, c, _ = quake_day()
    for x in (c, b, a):  # seen latest first
        clusterer.add(x)
    story = clusterer.get(str(a.story_id))
    assert story.first_article == a.id
    assert story.first_publisher == "ایرنا"
    assert story.articles == [c.id, b.id, a.id]


def test_first_publisher_ties_go_to_the_first_seen() -> None:
    clusterer = StoryClusterer()
    a = article(QUAKE[0][0], QUAKE[0][1], hours=0)
    b = article(QUAKE[1][0], QUAKE[1][1], hours=0)
    clusterer.add(b)
    clusterer.add(a)
    assert clusterer.get(str(a.story_id)).first_publisher == "ایسنا"


def test_add_many_adds_in_order_of_publication() -> None:
    clusterer = StoryClusterer()
    a, b, c, match = quake_day()
    ids = clusterer.add_many([c, match, b, a])
    assert ids[0] == ids[2] == ids[3]
    assert clusterer.get(ids[0]).articles == [a.id, b.id, c.id]


def test_a_story_closes_after_the_window() -> None:
    first = article(*QUAKE[0], hours=0)
    week_later = article(QUAKE[2][0], QUAKE[2][1], hours=24 * 7)
    clusterer = StoryClusterer()
    assert clusterer.add(first) != clusterer.add(week_later)
    assert not clusterer.is_open(str(first.story_id))
    wide = StoryClusterer(window=timedelta(days=10))
    assert wide.add(article(*QUAKE[0], hours=0, url="x")) == wide.add(article(QUAKE[2][0], QUAKE[2][1], 24 * 7, "y"))


def test_a_near_duplicate_joins_its_original_story_even_when_closed() -> None:
    clusterer = StoryClusterer()
    original = article(*QUAKE[0], hours=0)
    clusterer.add(original)
    clusterer.add(article(*MATCH, hours=24 * 5))  # moves the clock past the window
    assert not clusterer.is_open(str(original.story_id))
    copy = article("تسنیم", "متنی دیگر", hours=24 * 5)
    copy.near_duplicate_of = original.id
    assert clusterer.add(copy) == original.story_id
    story = clusterer.get(str(original.story_id))
    assert story.first_publisher == "ایرنا"
    assert story.outlets == ["ایرنا", "تسنیم"]


def _with_entities(a: Article, *ids: str) -> Article:
    a.mentions = [Mention(0, 1, "LOC", "x", i) for i in ids] + [Mention(0, 1, "DAT", "امروز", "date:today")]
    return a


QUAKE_ENTITIES = ("prov:kermanshah", "org:red-crescent", "city:sarpol")
OTHER_NEWS = [
    (MATCH, ("club:persepolis", "club:sepahan", "fac:azadi")),
    (("دنیای اقتصاد", "قیمت دلار در بازار آزاد تهران امروز صد تومان افزایش یافت."), ("city:tehran",)),
    (("ایلنا", "نمایندگان مجلس طرح جدید مالیات بر خانه‌های خالی را تصویب کردند."), ("org:parliament",)),
]


def clusterer_with_background(**params: float) -> StoryClusterer:
    """Other news with other entities first, so that the quake's entities are rare ones."""
    clusterer = StoryClusterer(**params)  # type: ignore[arg-type]
    for k, ((outlet, text), ids) in enumerate(OTHER_NEWS):
        clusterer.add(_with_entities(article(outlet, text, hours=-3 + k), *ids))
    return clusterer


def test_shared_entities_raise_the_score() -> None:
    base = clusterer_with_background()
    sid = base.add(_with_entities(article(*QUAKE[0], hours=0), *QUAKE_ENTITIES))
    probe = QUAKE[2]
    plain = base.similarity(article(*probe, hours=1), sid)
    shared = base.similarity(_with_entities(article(*probe, hours=1), *QUAKE_ENTITIES), sid)
    disjoint = base.similarity(_with_entities(article(*probe, hours=1), "city:tabriz", "org:police"), sid)
    assert disjoint == pytest.approx(plain) and plain < shared  # a small overlap never lowers the text score
    # a threshold between the two: the shared entities decide
    for ids, joins in ((QUAKE_ENTITIES, True), (("city:tabriz",), False)):
        clusterer = clusterer_with_background(threshold=(plain + shared) / 2)
        first = clusterer.add(_with_entities(article(*QUAKE[0], hours=0), *QUAKE_ENTITIES))
        assert (clusterer.add(_with_entities(article(*probe, hours=1), *ids)) == first) is joins


def test_similarity_changes_nothing() -> None:
    clusterer = clusterer_with_background()
    sid = clusterer.add(article(*QUAKE[0], hours=0))
    before = clusterer.to_bytes()
    clusterer.similarity(_with_entities(article(*QUAKE[1], hours=1), "city:new"), sid)
    assert clusterer.to_bytes() == before


def test_the_outlets_own_name_is_not_an_entity() -> None:
    clusterer = StoryClusterer()
    clusterer.add(article(*QUAKE[0], hours=0))
    sid = clusterer.stories[0].id
    plain = clusterer.similarity(article(*QUAKE[1], hours=1), sid)
    named = _with_entities(article(*QUAKE[1], hours=1), "outlet:isna")
    assert clusterer.similarity(named, sid) == pytest.approx(plain)


def test_top_entities_count_articles() -> None:
    clusterer = StoryClusterer()
    clusterer.add(_with_entities(article(*QUAKE[0], hours=0), "prov:kermanshah", "org:red-crescent"))
    clusterer.add(_with_entities(article(*QUAKE[1], hours=1), "prov:kermanshah", "city:sarpol"))
    story = clusterer.stories[0]
    assert len(story.articles) == 2
    assert story.top_entities == [("prov:kermanshah", 2), ("org:red-crescent", 1), ("city:sarpol", 1)]


def test_stories_are_deterministic_for_an_input_order() -> None:
    runs = []
    for _ in range(2):
        clusterer = StoryClusterer()
        clusterer.add_many(quake_day())
        runs.append([s.to_dict() for s in clusterer.stories])
    assert runs[0] == runs[1]


def test_adding_an_article_again_returns_its_story() -> None:
    clusterer = StoryClusterer()
    a = article(*QUAKE[0], hours=0)
    sid = clusterer.add(a)
    assert clusterer.add(a) == sid
    assert clusterer.get(sid).articles == [a.id]


def test_serialisation_round_trip_continues_the_same() -> None:
    a, b, c, match = quake_day()
    whole = StoryClusterer()
    for x in (a, match, b, c):
        whole.add(x)
    half = StoryClusterer()
    half.add(article(*QUAKE[0], hours=0))
    half.add(article(*MATCH, hours=3))
    for restored in (StoryClusterer.from_bytes(half.to_bytes()), pickle.loads(pickle.dumps(half))):
        restored.add(article(*QUAKE[1], hours=2))
        restored.add(article(*QUAKE[2], hours=4))
        assert [s.to_dict() for s in restored.stories] == [s.to_dict() for s in whole.stories]
        assert restored.params() == whole.params()


def test_story_dict_round_trip() -> None:
    story = Story("s1", ["a", "b"], ["ایرنا"], "a", "ایرنا", T0, T0 + timedelta(hours=1), [("country:IR", 2)])
    assert Story.from_dict(story.to_dict()) == story


def test_undated_articles_take_the_latest_date_seen() -> None:
    clusterer = StoryClusterer()
    dated = article(*QUAKE[0], hours=0)
    undated = Article(QUAKE[1][1], outlet=QUAKE[1][0])
    assert clusterer.add(dated) == clusterer.add(undated)
    story = clusterer.get(str(dated.story_id))
    assert story.first_publisher == "ایرنا" and story.last_time == dated.published


# -- quality gate on real news -------------------------------------------------------------------------
@pytest.mark.shared
@pytest.mark.slow
def test_story_proxies_on_real_news(shared_data: Path) -> None:
    """Floors a little under what `scripts/eval_near_duplicates.py` measured (see its story section)."""
    pytest.importorskip("datasketch")  # the test set is built with the near-duplicate tools
    from didban.corpus.evaluation import default_test_set, evaluate_stories

    report = evaluate_stories(default_test_set(shared_data))
    together, copies = report.copies_together
    assert together / copies >= 0.99  # measured 1999/2000
    joined, pairs = report.reposted_together
    assert joined / pairs >= 0.9  # measured 75/76
    assert report.cross_era / report.pairs <= 0.01  # measured 0.4 %: stories that mix years are wrong
    share, baseline, _ = report.topic_purity["varzesh3"]
    assert share >= 0.85 and baseline < 0.1  # measured 93.5 % against 4.4 % for random pairs


def test_entities_are_read_from_article_entities_too() -> None:
    clusterer = StoryClusterer()
    a = article(*QUAKE[0], hours=0)
    a.entities = [Entity("prov:kermanshah", "کرمانشاه", "GPE"), Entity("date:x", "امروز", "DAT")]
    clusterer.add(a)
    assert clusterer.stories[0].top_entities == [("prov:kermanshah", 1)]

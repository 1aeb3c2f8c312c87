"""The pipeline mechanism, with toy stages (the real ones are tested in their own files)."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from itertools import islice
from typing import Any

import pytest

from didban.article import Article
from didban.errors import PipelineError, StageError
from didban.pipeline import (
    INITIAL_FIELDS,
    Pipeline,
    Stage,
    StageInfo,
    available_stages,
    get_stage_factory,
    register_stage,
    registry,
)

# -- toy stages (module level, so they pickle) ---------------------------------------------------------


class Normalize:
    name = "normalize"
    requires = ("raw_text",)
    provides = ("text",)

    def __init__(self, upper: bool = False) -> None:
        self.upper = upper

    def __call__(self, article: Article) -> Article:
        text = " ".join(article.raw_text.split())
        article.text = text.upper() if self.upper else text
        return article


class Segment:
    name = "segment"
    requires = ("text",)
    provides = ("tokens",)

    def __call__(self, article: Article) -> Article:
        pos, tokens = 0, []
        for word in article.text.split(" "):
            if word:
                tokens.append((pos, pos + len(word)))
            pos += len(word) + 1
        article.tokens = tokens
        return article


class Keywords:
    name = "keywords"
    requires = ("tokens",)
    provides = ("keywords",)

    def __call__(self, article: Article) -> Article:
        if "boom" in article.text:
            raise ValueError("cannot\nhandle boom")
        article.keywords = sorted(set(article.token_texts()))
        return article


class BatchKeywords(Keywords):
    """Processes whole batches; fails the batch (changing nothing) when any article has 'boom'."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def pipe(self, articles: list[Article]) -> list[Article]:
        if any("boom" in a.text for a in articles):
            raise ValueError("batch failed")
        self.batches.append(len(articles))
        return [self(a) for a in articles]


class ReturnsNothing:
    name = "broken"
    requires = ()
    provides = ()

    def __call__(self, article: Article) -> Article:
        return None  # type: ignore[return-value]


def make_segment() -> Segment:
    return Segment()


@pytest.fixture(autouse=True)
def toy_registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Each test sees only the toy stages: a fresh registry, no built-ins, no plug-ins."""
    reg: dict[str, Any] = {}
    monkeypatch.setattr(registry, "_REGISTRY", reg)
    monkeypatch.setattr(registry, "BUILTIN_STAGES", {})
    monkeypatch.setattr(registry, "_entry_points", dict)
    register_stage("normalize")(Normalize)
    register_stage("segment")(make_segment)  # a function factory: no class attributes to inspect
    register_stage("keywords")(Keywords)
    return reg


def _articles(*texts: str) -> list[Article]:
    return [Article(t) for t in texts]


# -- building ------------------------------------------------------------------------------------------


def test_builds_from_names_with_config() -> None:
    nlp = Pipeline(["normalize", "segment", "keywords"], config={"normalize": {"upper": True}})
    assert nlp.names == ["normalize", "segment", "keywords"]
    assert isinstance(nlp.get_stage("normalize"), Normalize)
    assert nlp.get_stage("normalize").upper is True  # type: ignore[attr-defined]
    assert all(isinstance(s, Stage) for s in nlp.stages)
    assert len(nlp) == 3
    assert repr(nlp) == "Pipeline(['normalize', 'segment', 'keywords'])"


def test_accepts_built_stages_and_mixes_them_with_names() -> None:
    nlp = Pipeline([Normalize(upper=True), "segment"])
    assert nlp.names == ["normalize", "segment"]
    assert nlp(Article("a  b")).text == "A B"


def test_a_single_name_is_one_stage() -> None:
    assert Pipeline("normalize").names == ["normalize"]


def test_describe_lists_requires_and_provides() -> None:
    rows = Pipeline(["normalize", "segment"]).describe()
    assert rows == [
        StageInfo("normalize", ("raw_text",), ("text",)),
        StageInfo("segment", ("text",), ("tokens",)),
    ]
    assert rows[0].requires == ("raw_text",)


def test_provides_is_everything_available_after_the_run() -> None:
    assert Pipeline(["normalize"]).provides == frozenset(INITIAL_FIELDS) | {"text"}


def test_requirement_provided_by_a_later_stage_says_move_it() -> None:
    with pytest.raises(PipelineError) as err:
        Pipeline(["segment", "normalize"])
    assert str(err.value) == (
        "stage 'segment' requires 'text', which no earlier stage provides (move 'normalize' before it)"
    )


def test_requirement_of_a_missing_stage_says_add_it() -> None:
    with pytest.raises(PipelineError) as err:
        Pipeline(["segment"])
    assert str(err.value) == (
        "stage 'segment' requires 'text', which no earlier stage provides (add 'normalize' before it)"
    )


def test_requirement_nobody_provides_has_no_hint() -> None:
    # 'segment' is registered as a function, so its provides cannot be known without building it.
    with pytest.raises(PipelineError) as err:
        Pipeline(["normalize", "keywords"])
    assert str(err.value) == "stage 'keywords' requires 'tokens', which no earlier stage provides"


def test_initial_fields_can_be_declared_for_analysed_articles() -> None:
    nlp = Pipeline(["keywords"], initial=[*INITIAL_FIELDS, "text", "tokens"])
    assert nlp.initial[-1] == "tokens"
    with pytest.raises(PipelineError, match="not Article fields"):
        Pipeline(["keywords"], initial=["colour"])


def test_unknown_stage_lists_the_available_ones() -> None:
    with pytest.raises(PipelineError) as err:
        Pipeline(["normalise"])
    assert str(err.value) == (
        "unknown stage 'normalise' (did you mean 'normalize'?); "
        "available stages: keywords, normalize, segment"
    )


def test_config_for_a_stage_not_in_the_pipeline_is_an_error() -> None:
    with pytest.raises(PipelineError, match=r"given for \['segmnt'\], which is not in the pipeline"):
        Pipeline(["normalize"], config={"segmnt": {}})
    with pytest.raises(PipelineError, match="already built"):
        Pipeline([Normalize()], config={"normalize": {"upper": True}})


def test_bad_stage_config_is_a_build_error() -> None:
    with pytest.raises(PipelineError, match=r"stage 'normalize' could not be built with \{'lower': True\}"):
        Pipeline(["normalize"], config={"normalize": {"lower": True}})


def test_duplicate_stage_is_an_error() -> None:
    with pytest.raises(PipelineError, match="appears twice"):
        Pipeline(["normalize", "normalize"])


def test_objects_that_are_not_stages_are_rejected() -> None:
    with pytest.raises(PipelineError, match="is not a stage"):
        Pipeline([object()])  # type: ignore[list-item]

    class Typo(Normalize):
        provides = ("txt",)

    with pytest.raises(PipelineError, match=r"stage 'normalize': provides names \['txt'\], which are not"):
        Pipeline([Typo()])

    class Bare(Normalize):
        requires = "raw_text"  # type: ignore[assignment]

    with pytest.raises(PipelineError, match="must be a tuple of field names"):
        Pipeline([Bare()])  # type: ignore[list-item]


# -- the registry ---------------------------------------------------------------------------------------


def test_registry_lookup_and_listing(toy_registry: dict[str, Any]) -> None:
    assert get_stage_factory("normalize") is Normalize
    assert available_stages() == ["keywords", "normalize", "segment"]


def test_a_name_cannot_be_taken_twice() -> None:
    register_stage("normalize")(Normalize)  # the same factory again (a module re-imported): fine
    with pytest.raises(PipelineError, match="already registered"):
        register_stage("normalize")(Segment)


def test_builtin_stages_are_imported_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    builtins = {"lazy": "test_pipeline:Segment", "broken": "didban_no_such_module:Stage"}
    monkeypatch.setattr(registry, "BUILTIN_STAGES", builtins)
    assert {"lazy", "broken"} <= set(available_stages())
    assert get_stage_factory("lazy") is Segment
    # A built-in that cannot be imported fails only when asked for, naming where it should be.
    with pytest.raises(
        PipelineError, match=r"'broken' could not be loaded from 'didban_no_such_module:Stage'"
    ):
        get_stage_factory("broken")
    # ...and does not hide the real problem when the pipeline looks for a hint.
    with pytest.raises(PipelineError, match="requires 'tokens'"):
        Pipeline(["normalize", "keywords"])


# -- running --------------------------------------------------------------------------------------------


def test_call_runs_the_stages_in_order() -> None:
    nlp = Pipeline(["normalize", "segment", "keywords"])
    out = nlp(Article(" روسیه  و  عراق "))
    assert out.text == "روسیه و عراق"
    assert out.token_texts() == ["روسیه", "و", "عراق"]
    assert out.keywords == ["روسیه", "عراق", "و"]


def test_call_wraps_stage_errors() -> None:
    nlp = Pipeline(["normalize", "segment", "keywords"])
    article = Article("a boom")
    with pytest.raises(StageError) as err:
        nlp(article)
    assert str(err.value) == (
        f"stage 'keywords' failed on article {article.id}: ValueError: cannot handle boom"
    )
    assert (err.value.stage, err.value.article_id) == ("keywords", article.id)
    assert isinstance(err.value.__cause__, ValueError)


def test_a_stage_must_return_an_article() -> None:
    with pytest.raises(StageError, match="returned NoneType, not an Article"):
        Pipeline([ReturnsNothing()])(Article("x"))


def test_pipe_processes_a_stream_in_order() -> None:
    nlp = Pipeline(["normalize", "segment", "keywords"])
    out = list(nlp.pipe(_articles("a b", "c", "d e f"), batch_size=2))
    assert [a.keywords for a in out] == [["a", "b"], ["c"], ["d", "e", "f"]]


@pytest.mark.parametrize("batch_size", [1, 3, 8])
def test_pipe_reads_at_most_one_batch_ahead(batch_size: int) -> None:
    consumed = 0

    def source() -> Iterator[Article]:
        for i in range(1_000_000):
            if i > consumed + batch_size:
                raise AssertionError(f"read article {i} while the consumer had taken {consumed}")
            yield Article(f"article {i}")

    nlp = Pipeline(["normalize", "segment"])
    for article in islice(nlp.pipe(source(), batch_size=batch_size), 20):
        assert article.tokens
        consumed += 1
    assert consumed == 20


def test_pipe_does_nothing_until_iterated() -> None:
    def source() -> Iterator[Article]:
        raise AssertionError("consumed too early")
        yield Article("")  # pragma: no cover

    Pipeline(["normalize"]).pipe(source())  # no error: nothing was read


def test_pipe_checks_its_arguments_at_once() -> None:
    nlp = Pipeline(["normalize"])
    with pytest.raises(PipelineError, match="on_error must be 'raise' or 'skip'"):
        nlp.pipe([], on_error="ignore")  # type: ignore[arg-type]
    with pytest.raises(PipelineError, match="batch_size must be at least 1"):
        nlp.pipe([], batch_size=0)


def test_pipe_raises_by_default() -> None:
    nlp = Pipeline(["normalize", "segment", "keywords"])
    with pytest.raises(StageError, match="stage 'keywords' failed"):
        list(nlp.pipe(_articles("ok", "boom", "ok too")))


def test_pipe_skip_warns_in_one_line_and_goes_on() -> None:
    warnings: list[str] = []
    nlp = Pipeline(["normalize", "segment", "keywords"])
    articles = _articles("one", "a boom", "two", "boom again", "three")
    out = list(nlp.pipe(articles, batch_size=2, on_error="skip", warn=warnings.append))
    assert [a.text for a in out] == ["one", "two", "three"]
    problem = "ValueError: cannot handle boom; article skipped"
    assert warnings == [
        f"stage 'keywords' failed on article {articles[1].id}: {problem}",
        f"stage 'keywords' failed on article {articles[3].id}: {problem}",
    ]
    assert all("\n" not in w for w in warnings)


def test_pipe_skip_logs_by_default(caplog: pytest.LogCaptureFixture) -> None:
    nlp = Pipeline(["normalize", "segment", "keywords"])
    assert [a.text for a in nlp.pipe(_articles("boom", "fine"), on_error="skip")] == ["fine"]
    assert "article skipped" in caplog.text


def test_batch_stages_get_whole_batches() -> None:
    batcher = BatchKeywords()
    nlp = Pipeline(["normalize", "segment", batcher])
    out = list(nlp.pipe(_articles("a", "b", "c", "d", "e"), batch_size=2))
    assert [a.keywords for a in out] == [["a"], ["b"], ["c"], ["d"], ["e"]]
    assert batcher.batches == [2, 2]  # the last batch of one goes through __call__


def test_a_failing_batch_is_retried_one_by_one_to_find_the_culprit() -> None:
    warnings: list[str] = []
    nlp = Pipeline(["normalize", "segment", BatchKeywords()])
    articles = _articles("a", "boom", "c")
    out = list(nlp.pipe(articles, batch_size=3, on_error="skip", warn=warnings.append))
    assert [a.text for a in out] == ["a", "c"]
    assert len(warnings) == 1 and articles[1].id in warnings[0]
    with pytest.raises(StageError) as err:
        list(nlp.pipe(_articles("a", "boom"), batch_size=2))
    assert err.value.article_id == Article("boom").id


# -- shipping to workers --------------------------------------------------------------------------------


def test_pipeline_pickles() -> None:
    nlp = Pipeline(["normalize", "segment", "keywords"], config={"normalize": {"upper": True}})
    clone = pickle.loads(pickle.dumps(nlp))
    assert clone.names == nlp.names
    assert clone.describe() == nlp.describe()
    assert clone(Article("b a")).keywords == nlp(Article("b a")).keywords == ["A", "B"]

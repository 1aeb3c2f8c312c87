"""`didban batch`: every input kind, quarantine, resume after kill -9, and the Dask and Spark engines
giving the local engine's tables row for row.

Dask/Spark tests skip when the engine (or Java) is absent, unless DIDBAN_REQUIRE_ENGINES=1 (CI), where a
missing engine fails. Spark runs once, in one session, so the file stays well under two minutes.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyarrow")

from didban.batch.job import Job
from didban.batch.runner import run_batch
from didban.batch.tables import KEYS, TABLES, read_table
from didban.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SEED = (Path(__file__).parent / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")
REQUIRE = os.environ.get("DIDBAN_REQUIRE_ENGINES") == "1"
STAGES = ("normalize", "segment", "ner", "link", "statements", "framing", "events")


def _need(module: str, *, java: bool = False) -> None:
    missing = importlib.util.find_spec(module) is None
    reason = f"{module} is not installed"
    if not missing and java and shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        missing, reason = True, "java is not installed"
    if missing:
        if REQUIRE:
            pytest.fail(f"DIDBAN_REQUIRE_ENGINES=1 but {reason}")
        pytest.skip(reason)


def _variant(i: int) -> str:
    """The seed article with its paragraphs rotated: real text, a different article (and id) each time."""
    title, *paras = [p for p in SEED.split("\n") if p.strip()]
    k = i % len(paras)
    return "\n".join([f"{title} ({i})", *paras[k:], *paras[:k]]) + "\n"


def _warc_record(kind: str, url: str, block: bytes) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
            f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(block)}\r\n\r\n")  # fmt: skip
    return gzip.compress(head.encode() + block + b"\r\n\r\n")


def _make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "text").mkdir(parents=True)
    for i in range(3):
        (corpus / "text" / f"a{i}.txt").write_text(_variant(i), encoding="utf-8")
    (corpus / "text" / "empty.txt").write_bytes(b"")
    (corpus / "text" / "binary.txt").write_bytes(bytes(range(256)) * 4)
    shutil.copy(FIXTURES / "html" / "agency-item.html", corpus / "page.html")
    shutil.copy(FIXTURES / "feeds" / "rss2.xml", corpus / "feed.xml")
    lines = [json.dumps({"title": "خبر یک", "text": _variant(5), "outlet": "irna"}, ensure_ascii=False),
             "{not json", "[1, 2]",
             json.dumps({"text": _variant(6), "url": "https://example.org/6", "outlet": "isna"}, ensure_ascii=False)]
    (corpus / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = [["title", "text", "outlet"], ["دو", _variant(7), "mehr"], ["سه", "بدون ستون"], ["چهار", _variant(8), ""]]
    import csv

    with open(corpus / "records.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"body": [_variant(9), _variant(10), ""], "headline": ["نه", "ده", "خالی"]}),
                   corpus / "records.parquet")  # fmt: skip
    page = (FIXTURES / "html" / "short-item.html").read_bytes()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
    warc = (_warc_record("request", "https://example.org/a", b"GET /a HTTP/1.1\r\n\r\n")
            + _warc_record("response", "https://example.org/a", http)
            + _warc_record("response", "https://example.org/b", b"HTTP/1.1 404 Not Found\r\n\r\n"))  # fmt: skip
    (corpus / "crawl.warc.gz").write_bytes(warc)
    return corpus


def _tables(out: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows sorted by its key (part files come back in any order)."""
    out_rows = {}
    for name in TABLES:
        keys = KEYS[name]
        out_rows[name] = sorted(read_table(out, name).to_pylist(), key=lambda r: tuple(r[c] for c in keys))
    return out_rows


def _assert_same_tables(got: Path, want: Path) -> None:
    """Row-for-row equality, naming the first differing row of the first differing table."""
    a, b = _tables(got), _tables(want)
    for name in TABLES:
        assert len(a[name]) == len(b[name]), f"{name}: {len(a[name])} rows, expected {len(b[name])}"
        for x, y in zip(a[name], b[name], strict=True):
            assert x == y, f"{name}: {({k: (x[k], y[k]) for k in x if x[k] != y[k]})}"


def _builds(out: Path) -> set[int]:
    """How many pipelines each chunk's worker process had built: {1} when built once per process."""
    return {json.loads(p.read_text())["pipelines_built"] for p in (out / "_done").glob("*.json")}


def _job(out: Path) -> Job:
    return Job(out=str(out), stages=STAGES)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make_corpus(tmp_path_factory.mktemp("batch"))


@pytest.fixture(scope="session")
def local_out(corpus: Path) -> Path:
    out = corpus.parent / "local"
    code = main(["batch", str(corpus), "--out", str(out), "--workers", "1", "--chunk-size", "2", "-q",
                 "--pipeline", ",".join(STAGES)])  # fmt: skip
    assert code == 0
    return out


# -- the command on real files -------------------------------------------------------------------------


def test_every_input_kind_becomes_articles(local_out: Path) -> None:
    arts = {r["source"]: r for r in read_table(local_out, "articles").to_pylist()}
    names = {Path(s.split(":")[0].split("#")[0]).name for s in arts}
    assert names >= {"a0.txt", "page.html", "feed.xml", "records.jsonl", "records.csv", "records.parquet",
                     "crawl.warc.gz"}  # fmt: skip
    warc = [r for r in arts.values() if "crawl.warc.gz" in r["source"]]
    assert len(warc) == 1 and warc[0]["url"] == "https://example.org/a"  # the 404 is no page
    assert any(r["outlet"] == "irna" for r in arts.values())
    tables = _tables(local_out)
    assert tables["mentions"] and tables["statements"] and tables["events"] and tables["entities"]
    ids = {r["id"] for r in tables["articles"]}
    for name in TABLES[1:]:  # every child row joins an article
        assert {r["article_id"] for r in tables[name]} <= ids
    seed = next(r for r in tables["articles"] if r["source"].endswith("a0.txt"))
    assert json.loads(seed["data"])["id"] == seed["id"] and seed["n_events"] > 0


def test_bad_records_are_quarantined_with_reasons(local_out: Path) -> None:
    lines = [json.loads(x) for x in (local_out / "quarantine.jsonl").read_text(encoding="utf-8").splitlines()]
    by = {Path(q["source"]).name: q for q in lines}
    assert by["empty.txt"]["reason"] == "empty file"
    assert "binary" in by["binary.txt"]["reason"]
    assert by["records.jsonl:2"]["record"] == "{not json" and "invalid JSON" in by["records.jsonl:2"]["reason"]
    assert "expected a JSON object" in by["records.jsonl:3"]["reason"]
    csv_line = 2 + _variant(7).count("\n") + 1  # after the header and a quoted record that spans lines
    assert "expected 3 fields, found 2" in by[f"records.csv:{csv_line}"]["reason"]
    assert "no text" in by["records.parquet#2"]["reason"]
    assert all(set(q) == {"source", "record", "reason"} for q in lines)


def test_rerun_skips_finished_chunks(local_out: Path, corpus: Path) -> None:
    before = _tables(local_out)
    report = run_batch([str(corpus)], _job(local_out), chunk_size=2)
    assert report.totals.resumed == report.planned_chunks > 0
    assert _tables(local_out) == before


def test_an_output_folder_inside_the_input_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_variant(2), encoding="utf-8")
    job = Job(out=str(tmp_path / "tables"), stages=("normalize", "segment"))
    first = run_batch([str(tmp_path)], job)
    again = run_batch([str(tmp_path)], job)
    assert first.totals.articles == again.totals.articles == 1 and again.totals.resumed == 1
    assert first.quarantined == again.quarantined == 0


def test_other_settings_are_refused(local_out: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["batch", str(corpus), "--out", str(local_out), "--pipeline", "normalize,segment", "-q"])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "other settings" in err[0]


def test_missing_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "-q"]) == 1
    assert "no such file or directory" in capsys.readouterr().err


def test_missing_extra_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from didban.batch import engines
    from didban.errors import DidbanError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == "pyspark" else real(n, *a))
    with pytest.raises(DidbanError, match=r"pip install 'didban\[spark\]'"):
        engines.get_engine("spark")


def test_db_loads_the_store(corpus: Path, tmp_path: Path) -> None:
    from didban.store import open_store

    db = tmp_path / "news.db"
    code = main(["batch", str(corpus / "text"), "--db", str(db), "--workers", "1", "-q", "--pipeline",
                 ",".join(STAGES)])  # fmt: skip
    assert code == 0
    with open_store(str(db)) as store:
        assert store.count() == 3
        assert store.iter_events()  # analysed, not only stored
    assert main(["batch", str(corpus / "text"), "--db", str(db), "--workers", "1", "-q", "--pipeline",
                 ",".join(STAGES)]) == 0  # fmt: skip
    with open_store(str(db)) as store:
        assert store.count() == 3


def test_import_and_help_stay_light() -> None:
    code = ("import sys, didban, didban.cli\n"
            "try:\n    didban.cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('dask', 'distributed', 'pyspark', 'pyarrow', 'pandas') if m in sys.modules]\n"
            "print(heavy)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


class _Explode:
    """A stage that fails on articles saying «BOOM»: their failure must be quarantined, not fatal."""

    name, requires, provides = "explode", ("text",), ()

    def __call__(self, article: Any) -> Any:
        if "BOOM" in article.text:
            raise RuntimeError("boom")
        return article


def test_an_article_a_stage_fails_on_is_quarantined(tmp_path: Path) -> None:
    from didban.pipeline import register_stage

    register_stage("explode")(_Explode)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text(_variant(1), encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_text("عنوان\nمتن BOOM اینجا.\n", encoding="utf-8")
    out = tmp_path / "out"
    report = run_batch([str(tmp_path / "in")], Job(out=str(out), stages=("normalize", "explode")))
    assert report.totals.articles == 1
    (q,) = [json.loads(x) for x in (out / "quarantine.jsonl").read_text(encoding="utf-8").splitlines()]
    assert q["source"].endswith("bad.txt") and "stage 'explode' failed" in q["reason"] and "boom" in q["reason"]


# -- resume after kill -9 ------------------------------------------------------------------------------


def test_resume_after_kill_9_gives_the_same_tables(tmp_path: Path) -> None:
    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(24):
        (corpus / f"n{i:02d}.txt").write_text(_variant(i), encoding="utf-8")
    (corpus / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    run_batch([str(corpus)], Job(out=str(whole), stages=STAGES), chunk_size=2)

    cmd = [sys.executable, "-m", "didban", "batch", str(corpus), "--out", str(killed), "--workers", "2",
           "--chunk-size", "2", "-q", "--pipeline", ",".join(STAGES)]  # fmt: skip
    proc = subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((killed / "_done").glob("*.json"))) < 3:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and its pool, mid-run
    proc.wait()
    done = len(list((killed / "_done").glob("*.json")))
    assert 3 <= done < 13, "the kill should land mid-run"
    assert not (killed / "quarantine.jsonl").exists()

    rerun = subprocess.run(cmd, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert "already done" in rerun.stderr
    _assert_same_tables(killed, whole)
    assert _builds(killed) == {1}  # both runs' pool workers built the pipeline once each
    assert (killed / "quarantine.jsonl").read_text() == (whole / "quarantine.jsonl").read_text()
    assert not list(killed.glob("*/.*.tmp"))


# -- the same tables from every engine -----------------------------------------------------------------


def test_dask_gives_the_local_tables(corpus: Path, local_out: Path, tmp_path: Path) -> None:
    _need("distributed")
    out = tmp_path / "dask"
    report = run_batch([str(corpus)], _job(out), engine="dask", workers=2, chunk_size=2)
    assert report.totals.articles > 0 and len(report.totals.peak_rss_mb) == 2
    assert _builds(out) == {1}
    _assert_same_tables(out, local_out)


def test_spark_gives_the_local_tables(corpus: Path, local_out: Path, tmp_path: Path) -> None:
    _need("pyspark", java=True)
    out = tmp_path / "spark"
    report = run_batch([str(corpus)], _job(out), engine="spark", workers=2, chunk_size=2)
    assert report.totals.articles > 0
    assert _builds(out) == {1}
    _assert_same_tables(out, local_out)
    assert (out / "quarantine.jsonl").read_text() == (local_out / "quarantine.jsonl").read_text()

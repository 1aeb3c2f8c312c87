"""`didban ingest` killed with SIGKILL mid-batch: the database opens, committed rows are intact, and running
the same command again completes the job without duplicates."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from didban.store import open_store

N_ARTICLES = 300
BATCH = 20

_SENTENCES = [
    "وزیر امور خارجه ایران امروز در دیدار با همتای ترکیه‌ای خود درباره همکاری‌های منطقه‌ای گفتگو کرد.",
    "به گزارش خبرگزاری صدا و سیما، رئیس شورای اتحادیه روسیه اعلام کرد در صورت درخواست بغداد حملات هوایی آغاز می‌شود.",
    "تیم ملی فوتبال ایران در ورزشگاه آزادی با نتیجه دو بر یک پیروز شد.",
    "یک منبع عراقی به شبکه المیادین گفت که هیئتی از بغداد به مسکو سفر کرده است.",
    "سخنگوی دولت در نشست خبری هفتگی از افزایش صادرات غیرنفتی خبر داد.",
]


def _make_news(folder: Path) -> None:
    folder.mkdir()
    for i in range(N_ARTICLES):
        body = " ".join(_SENTENCES[(i + k) % len(_SENTENCES)] for k in range(6))
        (folder / f"{i:04d}.txt").write_text(f"خبر شماره {i}\n{body} شناسه {i}.\n", encoding="utf-8")


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet
        return 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_ingest_survives_sigkill(tmp_path: Path) -> None:
    news, db = tmp_path / "news", tmp_path / "news.db"
    _make_news(news)
    # The default pipeline (NER included): slow enough to be caught between commits.
    cmd = [sys.executable, "-m", "didban", "ingest", str(news), "--db", str(db), "-q", "--batch-size", str(BATCH)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    try:
        while _count(db) < 2 * BATCH:  # some batches are committed: kill it in the middle of the next ones
            assert proc.poll() is None, f"ingest ended before it could be killed: {proc.stderr.read()!r}"  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "ingest committed nothing within 60 s"
            time.sleep(0.02)
        time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with open_store(db) as store:
        committed = store.count()
        assert 0 < committed < N_ARTICLES
        assert committed % BATCH == 0  # whole batches or nothing
        for article in store.iter_articles():  # every stored row decodes to a full article
            assert article.text and article.tokens
        assert store.search("ورزشگاه آزادی", limit=1)

    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"{N_ARTICLES - committed} article(s) stored, {committed} already stored" in again.stderr
    conn = sqlite3.connect(db)
    total, distinct = conn.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
    fts = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    conn.close()
    assert total == distinct == fts == N_ARTICLES

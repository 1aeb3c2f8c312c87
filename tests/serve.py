"""Run ``didban serve`` in a subprocess for tests that meet the server as a user does, over real HTTP.

    with serve(db_path) as base:            # base = "http://127.0.0.1:PORT"
        httpx.get(f"{base}/healthz")
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(
    db_path: str | os.PathLike[str], *, env: Mapping[str, str] | None = None, args: Sequence[str] = ()
) -> Iterator[str]:
    """Start ``python -m didban serve --db DB`` on a free loopback port, wait for /healthz, yield the base URL;
    stop the server afterwards. ``env`` is added to this process's environment (e.g. DIDBAN_API_KEY)."""
    port = free_port()
    full_env = {k: v for k, v in os.environ.items() if k != "DIDBAN_API_KEY"}
    full_env.update(env or {})
    full_env.setdefault("DIDBAN_CONFIG", _empty_config())  # a developer's own settings file stays out
    cmd = [sys.executable, "-m", "didban", "serve", "--db", os.fspath(db_path), "--host", "127.0.0.1",
           "--port", str(port), *args]  # fmt: skip
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        proc = subprocess.Popen(cmd, env=full_env, stdout=subprocess.DEVNULL, stderr=err)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(proc, base, err)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait(proc: subprocess.Popen[bytes], base: str, err: tempfile._TemporaryFileWrapper[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    err.seek(0)
    output = err.read()
    print(output, file=sys.stderr)
    state = f"exited with {proc.returncode}" if proc.poll() is not None else f"not ready after {START_TIMEOUT:g} s"
    raise RuntimeError(f"didban serve {state}: {output.strip()[-2000:]}")


_CONFIG: list[str] = []


def _empty_config() -> str:
    """An empty settings file, so a developer's ~/.config/didban/config.toml does not change the tests."""
    if not _CONFIG:
        fd, path = tempfile.mkstemp(prefix="didban-test-", suffix=".toml")
        os.close(fd)
        Path(path).write_text("", encoding="utf-8")
        _CONFIG.append(path)
    return _CONFIG[0]


# -- a small store, analysed by the real pipeline -----------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE_TITLE = '<script>alert("x")</script><img src=x onerror="alert(1)">'
HOSTILE_OUTLET = '"><svg onload=alert(2)>'
HOSTILE_TEXT = (
    f"{HOSTILE_TITLE}\n"
    "سخنگوی وزارت امور خارجه ایران گفت: «<b onmouseover=alert(3)>ما</b> حمله به غیرنظامیان را محکوم می‌کنیم.» "
    "<a href=\"javascript:alert(4)\">اینجا</a> و ' OR 1=1 -- و {{7*7}}\n"
)


def seed_store(db_path: str | os.PathLike[str]) -> dict[str, str]:
    """Analyse the test fixtures (the seed article, the text, HTML and record fixtures) with the default
    pipeline and store them at ``db_path``, plus a story carried by two outlets and an article full of
    markup and script; return the ids the tests look for (``seed``, ``hostile``, ``story``, ``copy``)."""
    import dataclasses
    from datetime import UTC, datetime

    from didban.article import Article
    from didban.ingest import read_paths
    from didban.pipeline import Pipeline
    from didban.store import open_store

    ingest = FIXTURES / "ingest"
    paths = [
        FIXTURES / "seed-article.txt",
        ingest / "text" / "report.md",
        ingest / "records" / "articles.jsonl",
        ingest / "records" / "articles.csv",
        *sorted((ingest / "html").glob("*.html")),
    ]
    raw = list(read_paths(paths, on_error="skip", warn=lambda _msg: None))
    seed_text = (FIXTURES / "seed-article.txt").read_text(encoding="utf-8")
    when = datetime(2025, 9, 5, 8, 30, tzinfo=UTC)
    seed = Article(raw_text=seed_text, outlet="irna", url="https://irna.example/seed", published=when)
    copy = Article(
        raw_text=seed_text, outlet="isna", url="https://isna.example/seed", published=when.replace(hour=10)
    )
    hostile = Article(raw_text=HOSTILE_TEXT, outlet=HOSTILE_OUTLET, published=when)
    nlp = Pipeline()
    done = list(nlp.pipe([seed, copy, hostile, *raw]))
    done[0] = dataclasses.replace(done[0], story_id="story-seed")
    done[1] = dataclasses.replace(done[1], story_id="story-seed", near_duplicate_of=done[0].id)
    with open_store(db_path) as store:
        store.put_many(done)
    return {"seed": done[0].id, "copy": done[1].id, "hostile": done[2].id, "story": "story-seed"}

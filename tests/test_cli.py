"""The command line, as a user meets it: `python -m didban …` on real files, in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed-article.txt"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "didban", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("didban ")
    for command in ("analyze", "normalize", "stages"):
        result = run(command, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout


def test_analyze_seed_article() -> None:
    result = run("analyze", str(SEED))
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    article = json.loads(line)
    assert article["title"] == "احتمال حضور نظامی روسیه در عراق"
    text = article["text"]
    sentences = [text[s:e] for s, e in article["sentences"]]
    assert sentences[0] == article["title"]
    assert sentences[2].startswith("به گزارش خبرگزاری صدا و سیما به نقل از شبکه تلویزیونی المیادین")
    assert "گروه‌های تروریستی" in text and "می‌دهد" in text
    assert "raw_text" not in article


def test_analyze_writes_out_file_and_keeps_raw(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run("analyze", str(SEED), "--out", str(out), "--with-raw")
    assert result.returncode == 0 and result.stdout == ""
    article = json.loads(out.read_text(encoding="utf-8"))
    assert article["raw_text"] == SEED.read_text(encoding="utf-8")


def test_analyze_folder_skips_bad_inputs_with_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("عنوان خبر\nمتن خبر این است.", encoding="utf-8")
    (tmp_path / "win.txt").write_bytes("عنوان دوم\nمتن دوم خبر است.".encode("cp1256"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 20)
    result = run("analyze", str(tmp_path), "-q")
    assert result.returncode == 0
    titles = sorted(json.loads(line)["title"] for line in result.stdout.splitlines())
    assert titles == ["عنوان خبر", "عنوان دوم"]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("didban: warning:")]
    assert any("empty.txt" in w and "empty" in w for w in warnings)
    assert any("blob.txt" in w and "binary" in w for w in warnings)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty"), (b"\x00\x01\x02\xff" * 100, "binary")],
)
def test_analyze_single_bad_file_is_one_line_error(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("analyze", str(path))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and problem in result.stderr and "bad.txt" in result.stderr


def test_missing_file() -> None:
    result = run("analyze", "/no/such/file.txt")
    assert result.returncode == 1 and "no such file" in result.stderr and "Traceback" not in result.stderr


def test_normalize_filter_stdin_and_file(tmp_path: Path) -> None:
    result = run("normalize", stdin="گروه هاي   تروريستي مي شود\n")
    assert result.stdout == "گروه‌های تروریستی می‌شود\n"
    path = tmp_path / "in.txt"
    path.write_bytes("كتاب ها\n\n\nمي شود".encode("cp1256"))
    result = run("normalize", str(path))
    assert result.returncode == 0 and result.stdout == "کتاب‌ها\n\nمی‌شود\n"


def test_unknown_stage_is_one_line_error() -> None:
    result = run("analyze", str(SEED), "--pipeline", "normalize,nosuchstage")
    assert result.returncode == 1 and "nosuchstage" in result.stderr and "Traceback" not in result.stderr


def test_stages_lists_builtins() -> None:
    result = run("stages")
    assert "normalize" in result.stdout and "segment" in result.stdout

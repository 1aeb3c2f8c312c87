"""The `didban` command. Thin: parse arguments, call the same functions as everything else.

Every expected problem (a bad input, bad settings) ends in one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any

from didban import __version__
from didban.errors import DidbanError, InputError

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except DidbanError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:  # `didban analyze … | head`: the reader left; not an error
        sys.stderr.close()
        return EXIT_OK


def _error(message: str) -> None:
    print(f"didban: error: {message}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"didban: warning: {message}", file=sys.stderr)


# -- commands --------------------------------------------------------------------------------------


def cmd_analyze(args: argparse.Namespace) -> int:
    from didban.config import load_settings
    from didban.ingest import FieldMapping, OnError, read_paths
    from didban.pipeline import Pipeline

    settings = load_settings(args.config)
    stages = args.pipeline.split(",") if args.pipeline else list(settings.pipeline.stages)
    pipeline = Pipeline(stages, settings.stage_config())
    mapping = FieldMapping(**{k: v for k, v in _mapping_args(args).items() if v})
    batch = len(args.paths) > 1 or any(os.path.isdir(p) for p in args.paths)
    on_error: OnError = args.on_error or ("skip" if batch else "raise")
    skipped: list[str] = []

    def warn(message: str) -> None:
        skipped.append(message)
        _warn(message)

    articles = read_paths(
        args.paths,
        on_error=on_error,
        warn=warn,
        mapping=mapping,
        pattern=args.glob,
        max_bytes=settings.ingest.max_file_mb * 1024 * 1024,
    )
    done = pipeline.pipe(articles, batch_size=settings.pipeline.batch_size, on_error=on_error, warn=warn)
    written = 0
    with _output(args.out) as out, _progress(batch and not args.quiet) as bar:
        for article in done:
            data = article.to_dict()
            if not args.with_raw:
                data.pop("raw_text")
            out.write(json.dumps(data, ensure_ascii=False, indent=2 if args.pretty else None))
            out.write("\n")
            written += 1
            bar.update(1)
    if skipped:
        _warn(f"{len(skipped)} input(s) skipped, {written} article(s) written")
    if written == 0:
        if not skipped:
            _error("no articles found in the input")
        return EXIT_ERROR
    return EXIT_OK


def cmd_normalize(args: argparse.Namespace) -> int:
    from didban.text.normalize import Normalizer
    from didban.text.stream import normalize_stream

    normalizer = Normalizer(disable=args.disable or ())
    with _output(args.out) as out:
        for lines, name in _input_lines(args.files):
            first = True
            try:
                for paragraph in normalize_stream(lines, normalizer):
                    if not first:
                        out.write("\n")
                    out.write(paragraph + "\n")
                    first = False
            except UnicodeDecodeError as exc:
                raise InputError(name, f"invalid text at byte {exc.start}: {exc.reason}") from None
    return EXIT_OK


def cmd_stages(args: argparse.Namespace) -> int:
    from didban.errors import DidbanError
    from didban.pipeline import Pipeline, available_stages

    broken = 0
    for name in available_stages():
        try:  # building a stage loads its model: a broken one is reported, the others still listed
            info = Pipeline([name], initial=_all_fields()).describe()[0]
        except DidbanError as exc:
            broken += 1
            print(f"{name:12s} unavailable: {exc}")
            continue
        print(f"{info.name:12s} requires: {', '.join(info.requires):30s} provides: {', '.join(info.provides)}")
    return 1 if broken else EXIT_OK


# -- helpers ---------------------------------------------------------------------------------------


def _all_fields() -> list[str]:
    import dataclasses

    from didban.article import Article

    return [f.name for f in dataclasses.fields(Article)]


def _mapping_args(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "text": args.text_field,
        "title": args.title_field,
        "url": args.url_field,
        "outlet": args.outlet_field,
        "published": args.published_field,
    }


def _input_lines(files: list[str]) -> Iterator[tuple[IO[str], str]]:
    """Each input as a text stream; the encoding is sniffed from the first bytes (bounded memory)."""
    from didban.ingest.encoding import sniff_encoding

    if not files or files == ["-"]:
        yield sys.stdin, "<stdin>"
        return
    for name in files:
        try:
            with open(name, "rb") as raw:
                head = raw.read(1 << 16)
            encoding = sniff_encoding(head, name)
            with open(name, encoding=encoding, newline="") as fh:
                yield fh, name
        except IsADirectoryError:
            raise InputError(name, "is a folder; give files to normalize") from None
        except FileNotFoundError:
            raise InputError(name, "no such file") from None
        except OSError as exc:
            raise InputError(name, exc.strerror or str(exc)) from None


class _output:
    """stdout or a file opened for writing, as a context manager."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if not self.path or self.path == "-":
            return sys.stdout
        try:
            self.fh = open(self.path, "w", encoding="utf-8")
        except OSError as exc:
            raise InputError(self.path, f"cannot write: {exc.strerror or exc}") from None
        return self.fh

    def __exit__(self, *exc: object) -> None:
        if self.fh is not None:
            self.fh.close()


class _progress:
    """A tqdm bar on stderr for long runs; a no-op otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def __enter__(self) -> _progress:
        if self.enabled:
            from tqdm import tqdm

            self.bar = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True, leave=False)
        return self

    def update(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="didban",
        description="Didban (دیدبان): Persian news → structured, searchable knowledge.",
    )
    parser.add_argument("--version", action="version", version=f"didban {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    analyze = sub.add_parser(
        "analyze",
        help="analyse articles and write one JSON object per article (JSONL)",
        description="Read files, folders or URLs (text, HTML, JSONL, CSV, RSS/Atom), run the pipeline, "
        "and write one JSON object per article. With several inputs or a folder, a bad input is "
        "reported in one line and skipped.",
    )
    analyze.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or http(s) URL")
    analyze.add_argument("-o", "--out", help="write JSONL here instead of stdout")
    analyze.add_argument(
        "--config", help="settings file (TOML); default: $DIDBAN_CONFIG or ~/.config/didban/config.toml"
    )
    analyze.add_argument("--pipeline", help="comma-separated stage names (default from settings)")
    analyze.add_argument("--glob", default="**/*", help="file pattern inside folders (default: **/*)")
    analyze.add_argument("--on-error", choices=["raise", "skip"], help="stop at the first bad input, or skip it")
    analyze.add_argument("--text-field", help="JSONL/CSV field holding the article text")
    analyze.add_argument("--title-field", help="JSONL/CSV field holding the title")
    analyze.add_argument("--url-field", help="JSONL/CSV field holding the URL")
    analyze.add_argument("--outlet-field", help="JSONL/CSV field holding the outlet name")
    analyze.add_argument("--published-field", help="JSONL/CSV field holding the publication date")
    analyze.add_argument("--with-raw", action="store_true", help="include raw_text in the output")
    analyze.add_argument("--pretty", action="store_true", help="indent the JSON (one article per block)")
    analyze.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    analyze.set_defaults(func=cmd_analyze)

    normalize = sub.add_parser(
        "normalize",
        help="normalize Persian text (a filter: files or stdin → stdout)",
        description="Normalize Persian text paragraph by paragraph, in bounded memory.",
    )
    normalize.add_argument("files", nargs="*", metavar="FILE", help="input files (default: stdin)")
    normalize.add_argument("-o", "--out", help="write here instead of stdout")
    normalize.add_argument("--disable", action="append", metavar="RULE", help="skip a normalization rule (repeatable)")
    normalize.set_defaults(func=cmd_normalize)

    stages = sub.add_parser("stages", help="list the pipeline stages and what they require and provide")
    stages.set_defaults(func=cmd_stages)
    return parser


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

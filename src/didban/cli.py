"""The `didban` command. Thin: parse arguments, call the same functions as everything else.

Every expected problem (a bad input, bad settings) ends in one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

from didban import __version__
from didban.errors import DidbanError, InputError

if TYPE_CHECKING:
    from didban.article import Article

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

    settings = load_settings(args.config)
    batch = len(args.paths) > 1 or any(os.path.isdir(p) for p in args.paths)
    skipped: list[str] = []

    def warn(message: str) -> None:
        skipped.append(message)
        _warn(message)

    done = _analysed(args, settings, warn)
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


def cmd_ingest(args: argparse.Namespace) -> int:
    from itertools import islice

    from didban.config import load_settings

    settings = load_settings(args.config)
    store = _open_db(args.db or settings.store.url, create=True)
    counts = {"stored": 0, "already": 0, "skipped": 0}

    def warn(message: str) -> None:
        counts["skipped"] += 1
        _warn(message)

    def unseen(articles: Iterator[Article]) -> Iterator[Article]:
        # Resumable: an article whose id is stored was committed by an earlier run (ids come from the input).
        while chunk := list(islice(articles, 256)):
            have = set() if args.force else store.existing_ids(a.id for a in chunk)
            counts["already"] += len(have)
            yield from (a for a in chunk if a.id not in have)

    with store, _progress(not args.quiet) as bar:

        def counted(articles: Iterator[Article]) -> Iterator[Article]:
            for article in articles:
                yield article
                counts["stored"] += 1
                bar.update(1)

        store.put_many(counted(_analysed(args, settings, warn, keep=unseen)), batch_size=args.batch_size)
    print(
        f"didban: {counts['stored']} article(s) stored, {counts['already']} already stored"
        + (f", {counts['skipped']} input(s) skipped" if counts["skipped"] else ""),
        file=sys.stderr,
    )
    return EXIT_ERROR if counts["stored"] == 0 and counts["already"] == 0 else EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from didban.store import QueryError

    store = _open_db(args.db, create=False)
    with store:
        try:
            hits = store.search(
                args.query, outlet=args.outlet, since=args.since, until=args.until, entity=args.entity,
                speaker=args.speaker, event_type=args.event_type, modality=args.modality, topic=args.topic,
                limit=args.limit, offset=args.offset,
            )  # fmt: skip
        except QueryError as exc:
            _error(str(exc))
            return EXIT_USAGE
    for hit in hits:
        published = hit.published.isoformat() if hit.published else ""
        if args.json:
            data = {"id": hit.id, "title": hit.title, "outlet": hit.outlet, "published": published or None,
                    "url": hit.url, "score": hit.score, "snippet": hit.snippet}  # fmt: skip
            print(json.dumps(data, ensure_ascii=False))
        else:
            print(f"{hit.score:8.3f}  {published[:16]:16s}  {hit.outlet or '-'}  {hit.id}  {hit.title or ''}")
            print(f"          {hit.snippet}")
    return EXIT_OK


def cmd_index(args: argparse.Namespace) -> int:
    store = _open_db(args.db, create=False)
    with store:
        index = getattr(store, "_search_index", None)
        if index is None:
            _error("this store has no search index (PostgreSQL: set [store] search_index to a folder)")
            return EXIT_USAGE
        if not (store.rebuild_search_index() if args.rebuild else store.sync_search_index()):
            _error(f"{index.path}: another process is writing the index; it will bring it up to date")
            return EXIT_ERROR
        print(f"didban: search index {index.path} holds {index.num_docs():,} article(s) of {store.count():,}",
              file=sys.stderr)  # fmt: skip
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from didban.store.export import export

    store = _open_db(args.db, create=False)
    with store, _output(args.out) as out, _progress(bool(args.out) and not args.quiet) as bar:
        n = export(store, args.format, out, progress=bar.update)
    if args.out:
        print(f"didban: {n} record(s) written to {args.out}", file=sys.stderr)
    return EXIT_OK


# -- helpers ---------------------------------------------------------------------------------------


def _open_db(url: str | None, *, create: bool) -> Any:
    """The store at ``url`` (``--db``; default from settings); reading commands refuse a missing file."""
    from didban.config import load_settings
    from didban.store import open_store
    from didban.store.base import check_url_scheme

    settings = load_settings().store
    url = url or settings.url
    if not create and check_url_scheme(url) == "sqlite":
        from didban.store.sqlite import sqlite_path

        if not os.path.isfile(sqlite_path(url)):
            raise InputError(url, "no such database (create it with didban ingest)")
    return open_store(url, search_index=settings.search_index)


def _analysed(
    args: argparse.Namespace,
    settings: Any,
    warn: Callable[[str], None],
    keep: Callable[[Iterator[Article]], Iterator[Article]] | None = None,
) -> Iterator[Article]:
    """The inputs of ``args`` read and run through the pipeline: `analyze` and `ingest` share this path.

    ``keep`` filters the raw articles before analysis (ingest skips those already stored).
    """
    from didban.ingest import FieldMapping, OnError, read_paths
    from didban.pipeline import Pipeline

    stages = args.pipeline.split(",") if args.pipeline else list(settings.pipeline.stages)
    pipeline = Pipeline(stages, settings.stage_config())
    mapping = FieldMapping(**{k: v for k, v in _mapping_args(args).items() if v})
    batch = len(args.paths) > 1 or any(os.path.isdir(p) for p in args.paths)
    on_error: OnError = args.on_error or ("skip" if batch else "raise")
    articles: Iterator[Article] = read_paths(
        args.paths,
        on_error=on_error,
        warn=warn,
        mapping=mapping,
        pattern=args.glob,
        max_bytes=settings.ingest.max_file_mb * 1024 * 1024,
    )
    if keep is not None:
        articles = keep(articles)
    return pipeline.pipe(articles, batch_size=settings.pipeline.batch_size, on_error=on_error, warn=warn)


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

    db_help = "SQLite file, sqlite:///FILE or postgresql://… URL (default: store.url from settings)"
    ingest = sub.add_parser(
        "ingest",
        help="analyse articles and store them in a database",
        description="Read and analyse inputs as `analyze` does, and store them, committing every batch. "
        "Resumable: articles already stored (by id) are skipped before analysis unless --force.",
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or http(s) URL")
    ingest.add_argument("--db", help=db_help)
    ingest.add_argument("--force", action="store_true", help="analyse and store again articles already stored")
    ingest.add_argument("--batch-size", type=int, default=200, help="articles per transaction (default: 200)")
    ingest.add_argument("--config", help="settings file (TOML)")
    ingest.add_argument("--pipeline", help="comma-separated stage names (default from settings)")
    ingest.add_argument("--glob", default="**/*", help="file pattern inside folders (default: **/*)")
    ingest.add_argument("--on-error", choices=["raise", "skip"], help="stop at the first bad input, or skip it")
    for name in ("text", "title", "url", "outlet", "published"):
        ingest.add_argument(f"--{name}-field", help=f"JSONL/CSV field holding the {name}")
    ingest.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    ingest.set_defaults(func=cmd_ingest)

    search = sub.add_parser(
        "search",
        help="search stored articles",
        description='Words must all occur; "a phrase" (or «…»), prefix* and -excluded words are understood. '
        "The query goes through the same normalizer as the articles (ي finds ی, «می شود» finds «می‌شود»).",
    )
    search.add_argument("query", metavar="QUERY", help="what to look for ('' for the newest articles)")
    search.add_argument("--db", help=db_help)
    search.add_argument("--outlet", help="only this outlet")
    search.add_argument("--since", help="published on or after (ISO or Jalali date/time)")
    search.add_argument("--until", help="published on or before (a date includes that whole day)")
    search.add_argument("--entity", help="the article names this entity id")
    search.add_argument("--speaker", help="the article quotes this entity id")
    search.add_argument("--event-type", help="the article reports an event of this PLOVER type")
    search.add_argument("--modality", help="… with this modality (asserted, possible, conditional, denied, …)")
    search.add_argument("--topic", help="only this topic")
    search.add_argument("--limit", type=int, default=20, help="results to show (default: 20)")
    search.add_argument("--offset", type=int, default=0, help="results to skip (paging)")
    search.add_argument("--json", action="store_true", help="one JSON object per hit")
    search.set_defaults(func=cmd_search)

    index = sub.add_parser(
        "index",
        help="bring the search index up to date (or rebuild it) from the database",
        description="The search index (a folder beside a SQLite file) follows the database by itself; this "
        "catches it up at once, or with --rebuild empties and rebuilds it (after copying a database without it).",
    )
    index.add_argument("--db", help=db_help)
    index.add_argument("--rebuild", action="store_true", help="empty the index and rebuild it from the database")
    index.set_defaults(func=cmd_index)

    export = sub.add_parser(
        "export",
        help="export a database as JSONL, CSV, a GDELT-like event table or PLOVER event records",
        description="jsonl: every article in full; csv: one row per article; gdelt: one row per event, "
        "tab-separated, GDELT 2.0 Events-like columns; plover: one PLOVER JSON record per event, one a line "
        "(docs/export.md).",
    )
    export.add_argument("--db", help=db_help)
    export.add_argument("--format", choices=["jsonl", "csv", "gdelt", "plover"], default="jsonl", help="default: jsonl")
    export.add_argument("-o", "--out", help="write here instead of stdout")
    export.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    export.set_defaults(func=cmd_export)

    # Commands whose code lives with their feature (their modules import nothing heavy at parser time).
    from didban.api.cli import add_serve_parser
    from didban.batch.cli import add_batch_parser

    add_serve_parser(sub)
    add_batch_parser(sub)
    return parser


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

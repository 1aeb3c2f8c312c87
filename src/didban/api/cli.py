"""`didban serve`: argument parsing only; fastapi and uvicorn are imported when the command runs."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from typing import Any

from didban.errors import ConfigError

KEY_ENV = "DIDBAN_API_KEY"


def add_serve_parser(sub: Any) -> None:
    serve = sub.add_parser(
        "serve",
        help="serve the HTTP API and the dashboard",
        description="Serve the JSON API (docs/api.md) and the dashboard (/ui/) over a store. Read-only unless "
        f"an API key is configured ([api] api_key, ${KEY_ENV}, or --api-key-env); writes then need it.",
    )
    serve.add_argument(
        "--db", help="SQLite file, sqlite:///FILE or postgresql://… URL (default: [api] db, else [store] url)"
    )
    serve.add_argument("--host", help="address to listen on (default: [api] host, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: [api] port, 8000)")
    serve.add_argument("--config", help="settings file (TOML)")
    serve.add_argument(
        "--api-key-env", metavar="VAR", default=KEY_ENV,
        help=f"read the API key from this environment variable (default: {KEY_ENV})",
    )  # fmt: skip
    serve.add_argument("--workers", type=int, help="server processes (default: [api] workers, 1)")
    serve.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError:
        raise ConfigError("didban serve needs the API extra: pip install 'didban[api]'") from None
    from didban.api.app import SETTINGS_ENV, app_from_env
    from didban.config import load_settings

    overrides: dict[str, Any] = {}
    for name in ("db", "host", "port", "workers"):
        if getattr(args, name) is not None:
            overrides[name] = getattr(args, name)
    settings = load_settings(args.config, overrides={"api": overrides} if overrides else None)
    api = settings.api
    key = os.environ.get(args.api_key_env) or None
    if key:
        api = dataclasses.replace(api, api_key=key)
    if not api.db:
        api = dataclasses.replace(api, db=settings.store.url)
    _check_db(api.db)

    data: dict[str, Any] = dataclasses.asdict(api)
    data["_stages"] = list(settings.pipeline.stages)
    data["_stage_config"] = settings.stage_config()
    os.environ[SETTINGS_ENV] = json.dumps(data)  # the workers (separate processes) read their settings here
    shown = f"http://[{api.host}]:{api.port}" if ":" in api.host else f"http://{api.host}:{api.port}"
    mode = "writes need the API key" if api.api_key else "read-only"
    print(f"didban: serving {_redact(api.db)} at {shown}/ ({mode})", file=sys.stderr)
    common: dict[str, Any] = {
        "host": api.host,
        "port": api.port,
        "log_level": args.log_level,
        "access_log": args.access_log,
        "server_header": False,
    }
    if api.workers > 1:
        uvicorn.run("didban.api.app:app_from_env", factory=True, workers=api.workers, **common)
    else:
        app = app_from_env()  # opened here, so a bad store fails now with one line
        uvicorn.run(app, **common)
    return 0


def _check_db(url: str) -> None:
    from didban.errors import InputError
    from didban.store.base import check_url_scheme

    if check_url_scheme(url) == "sqlite":
        from didban.store.sqlite import sqlite_path

        if not os.path.isfile(sqlite_path(url)):
            raise InputError(url, "no such database (create it with didban ingest)")


def _redact(url: str) -> str:
    """A URL without its password, for messages."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url

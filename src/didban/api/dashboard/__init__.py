"""The analysts' dashboard: server-rendered pages, mounted by `didban.api.app.create_app` under /ui.

`router` serves the pages (overview, search, article, entity, stories); the app mounts ``static/``
(CSS, JS and the Vazirmatn font) at ``/ui/static`` under the name "static". Pages are Jinja2 templates
with autoescape on; the highlighted text, charts and graph are built in Python from offsets and counts
(`highlight`, `charts`) and need no JavaScript library and no network.
"""

from pathlib import Path

from didban.api.dashboard.routes import router

STATIC_DIR = Path(__file__).parent / "static"
"""The files to mount at /ui/static (name="static")."""

__all__ = ["STATIC_DIR", "router"]

"""What a reader does with a bad input: raise at once, or warn in one line and go on (batch mode)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from didban.errors import InputError

OnError = Literal["raise", "skip"]
"""``"raise"``: the first bad input stops the run. ``"skip"``: warn and continue with the next one."""

Warn = Callable[[str], None]
"""Receives one line naming the input and the problem."""

log = logging.getLogger("didban.ingest")


def default_warn(message: str) -> None:
    # logging's last-resort handler prints WARNING lines to stderr when nothing is configured.
    log.warning(message)


def check_on_error(on_error: str) -> None:
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")


def report(error: InputError, on_error: OnError, warn: Warn | None) -> None:
    """Raise ``error`` in strict mode; otherwise hand its one-line message to ``warn``."""
    if on_error == "raise":
        raise error
    (warn or default_warn)(str(error))

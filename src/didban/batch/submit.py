"""`didban batch --engine spark` as a script, for ``spark-submit …/didban/batch/submit.py INPUT… --out DIR``."""

from __future__ import annotations

import sys

from didban.cli import main

if __name__ == "__main__":
    sys.exit(main(["batch", "--engine", "spark", *sys.argv[1:]]))

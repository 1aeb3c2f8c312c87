import sys

from didban.cli import main

sys.exit(main())

"""``python3 -m postflow``: the command-line client."""

import sys

from .cli import main

sys.exit(main())

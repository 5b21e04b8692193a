"""`python -m fazhi` runs the `score` command."""

import sys

from .cli import main

sys.exit(main())

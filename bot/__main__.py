"""`python -m bot`, the twin of the `litbot` console script."""

import sys

from bot.cli import main

sys.exit(main())

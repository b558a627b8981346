"""Run the demo: ``python -m demo --help``."""

import sys

from demo.cli import main

sys.exit(main())

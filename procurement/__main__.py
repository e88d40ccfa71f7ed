"""``python -m procurement``: the command line."""

import sys

from procurement.cli import main

sys.exit(main())

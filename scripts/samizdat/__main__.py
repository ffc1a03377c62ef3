"""`python -m samizdat`: the same as the `samizdat` command."""

import sys

from .cli import main

sys.exit(main())

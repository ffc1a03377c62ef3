"""The command line: `main(argv)`, console output, one module per command.

Logic never lives here: each command parses its arguments, calls the
library and formats the result.
"""

from .main import main

__all__ = ["main"]

"""One module per subcommand: each parses its arguments, calls the library and formats the result.

A module defines HELP, add_arguments(parser) and run(args) -> exit status.
"""

NAMES = ("build", "check", "lint", "watch", "proof", "new")

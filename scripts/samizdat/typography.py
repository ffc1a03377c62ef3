"""Typography rules, applied to the model's text runs before rendering.

Each rule is a pure str -> str function registered by name and run in
order. Every rule is idempotent: the seed is already partly typeset, and a
second run must change nothing.
"""

from __future__ import annotations

import re
from typing import Callable

Rule = Callable[[str], str]
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        if name in RULES:
            raise ValueError(f"typography rule '{name}' registered twice")
        RULES[name] = fn
        return fn
    return register


def typeset(text: str, rules: tuple[str, ...] | None = None) -> str:
    for name in rules or tuple(RULES):
        try:
            text = RULES[name](text)
        except KeyError:
            raise KeyError(f"unknown typography rule '{name}'") from None
    return text


@rule("collapse-spaces")
def collapse_spaces(text: str) -> str:
    """Runs of spaces, tabs and line breaks become one space."""
    return re.sub(r"[ \t\r\n]{2,}|[\t\r\n]", " ", text)

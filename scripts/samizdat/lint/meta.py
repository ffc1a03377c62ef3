"""l-: findings about lint itself."""

from __future__ import annotations

from typing import Iterator

from .registry import Finding, LintContext, Rule, rule

# --- l-: lint itself --------------------------------------------------------------------


@rule("l-001", "warning", "suppression in lint-ignore.yaml silences nothing", kind="meta")
def unused_suppression(context: LintContext, r: Rule) -> Iterator[Finding]:
    """Reported by suppressions.apply_suppressions, after every other rule has run."""
    return iter(())

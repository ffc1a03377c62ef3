"""Citations: each `[@KEY]` given the short references of its keys from sources.yaml."""

from __future__ import annotations

from dataclasses import replace

from ..errors import SamizdatError
from ..model import Block, Citation, Inline, Manuscript
from ..model.walk import map_nodes
from .passes import map_blocks


def cite_sources(m: Manuscript) -> Manuscript:
    """Give each Citation the short references of its keys; an unknown key is an error."""
    shorts = {s.key: s.short for s in m.sources}

    def resolve_block(block: Block) -> Block:
        def resolve(node: Inline) -> tuple[Inline, ...]:
            if not isinstance(node, Citation):
                return (node,)
            unknown = [k for k in node.keys if k not in shorts]
            if unknown:
                raise SamizdatError(block.loc.path, block.loc.line,
                                    f"citation of unknown source key(s) {', '.join(unknown)}; keys are those of sources.yaml")
            return (replace(node, shorts=tuple(shorts[k] for k in node.keys)),)

        return replace(block, inlines=map_nodes(block.inlines, resolve))

    return map_blocks(m, lambda blocks: tuple(resolve_block(b) for b in blocks))

"""The package laid out as its pipeline: stages import only the stages below them, and nothing imports in a circle.

Read from the source with `ast`, so an import inside a function (the lazy
imports that keep start-up fast) counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "samizdat"

# Stage -> the stages it may import (besides itself). The folder list is the
# pipeline: cli, build, importers and check, lint, render, assemble, source, model.
# `samizdat` is the package's own __init__ (its version).
BASE = {"model", "errors", "data", "samizdat"}
ALLOWED: dict[str, set[str]] = {
    "samizdat": set(),
    "errors": set(),
    "data": set(),
    "model": set(),
    "source": BASE,
    "assemble": BASE | {"source"},
    # Renderers read only the model.
    "render": BASE,
    "render.html": BASE | {"render"},
    "render.pdf": BASE | {"render", "render.html"},
    "render.epub": BASE | {"render", "render.html"},
    # Checks read only the outputs and the model they were built from: no second load.
    "check": BASE | {"assemble"},
    "lint": BASE | {"source", "assemble"},
    "importers": BASE | {"source"},
    "build": BASE | {"source", "assemble", "render", "render.html", "render.pdf", "render.epub"},
    "cli": BASE | {"source", "assemble", "render", "render.html", "render.pdf", "render.epub", "check", "lint",
                   "importers", "build"},
    "__main__": {"cli"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage_of(module: str) -> str:
    parts = module.split(".")[1:]
    if not parts:
        return "samizdat"
    if parts[0] == "render" and len(parts) > 1 and parts[1] in ("html", "pdf", "epub"):
        return f"render.{parts[1]}"
    return parts[0]


def imports_of(path: Path) -> set[str]:
    """Every samizdat module the file imports, at any depth of its code."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    known = {module_name(p) for p in PACKAGE.rglob("*.py")}
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "samizdat"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "samizdat":
                continue
            found.add(target)
            # `from package import submodule` imports the submodule too.
            found |= {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known}
    return {m for m in found if m in known and m != module}


GRAPH = {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def wrong_imports(graph: dict[str, set[str]], module: str) -> list[str]:
    stage = stage_of(module)
    return sorted(m for m in graph[module] if stage_of(m) != stage and stage_of(m) not in ALLOWED[stage])


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles, state = [], {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return cycles


def test_the_folder_list_is_the_pipeline():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert {"source", "model", "assemble", "render", "check", "lint", "build", "cli", "data"} <= folders
    assert {p.name for p in (PACKAGE / "render").iterdir() if p.is_dir() and p.name != "__pycache__"} == {"html", "pdf", "epub"}
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "errors.py"], "every module belongs to a stage's folder"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_each_module_imports_only_stages_below_it(module):
    assert not wrong_imports(GRAPH, module), f"{module} ({stage_of(module)}) imports {wrong_imports(GRAPH, module)}"


def test_no_module_imports_itself_in_a_circle():
    cycles = find_cycles(GRAPH)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_reading_of_imports_finds_what_it_must():
    """Relative imports resolve to the modules they name; a cycle and an upward import are caught."""
    assert "samizdat.render.html.writer" in GRAPH["samizdat.render.pdf.builder"]
    assert "samizdat.model.ids" in GRAPH["samizdat.render.pdf.builder"]  # `from ...model import ids`
    assert "samizdat.lint.text" in GRAPH["samizdat.lint"]  # `from . import text` in a package
    assert find_cycles({"samizdat.lint": {"samizdat.lint.rules"}, "samizdat.lint.rules": {"samizdat.lint"}})
    upward = {"samizdat.render.pdf.pagemap": {"samizdat.assemble", "samizdat.render.html.index"}}
    assert wrong_imports(upward, "samizdat.render.pdf.pagemap") == ["samizdat.assemble"]
    assert wrong_imports({"samizdat.check.index": {"samizdat.source"}}, "samizdat.check.index") == ["samizdat.source"]

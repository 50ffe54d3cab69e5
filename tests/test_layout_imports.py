"""The layout of generator/ shows the pipeline: imports only point down, and no module imports itself
back through others.

Stages, lowest first (a module may import its own stage and any stage below it, never one above):

    0  model       generator.model.*, and generator.atomic (atomic file writes; imports only model)
    1  format      generator.format.* (profiles, document types, office config, record parsing, loading)
    1.5            generator.observe (folder watching: needs the project's paths and profile folders)
    2  render      generator.render.* except render.site: .docx, PDF, comparison tables
    3  records     generator.records.* (issuing writes the .docx and PDF: records may import render)
    4  render.site generator.render.site.* (the pages show the register, versions and deadlines: the site
                   may import records); check and importer (checker reads the importer's grammar)
    5  build (and build_state, what it rendered each record from), watch, inbox (orchestrate)
    6  commands, cli, __main__

Every `import` / `from … import` of a generator module counts, at module level or inside a function,
except those under `if TYPE_CHECKING:`. Start-up laziness (a command's module imported only when that
command runs) is allowed; it is still an edge of the graph, so it must point down too.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

STAGES = [                      # (module name prefix, rank): the longest matching prefix wins
    ("generator", 0),           # the package itself (__version__)
    ("generator.model", 0),
    ("generator.atomic", 0),
    ("generator.format", 1),
    ("generator.observe", 1.5),
    ("generator.render", 2),
    ("generator.records", 3),
    ("generator.render.site", 4),
    ("generator.check", 4),
    ("generator.importer", 4),
    ("generator.build", 5),
    ("generator.build_state", 5),
    ("generator.watch", 5),
    ("generator.inbox", 5),         # the watched inbox: import + build + check (watch starts it)
    ("generator.commands", 6),
    ("generator.cli", 6),
    ("generator.__main__", 6),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"
            or isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST):
    """Import nodes, skipping the bodies of `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> dict[str, int]:
    """The generator modules `name` imports → the line of the first such import."""
    is_package = path.name == "__init__.py"
    out: dict[str, int] = {}

    def add(target: str, line: int) -> None:
        if target in modules and target != name:
            out.setdefault(target, line)

    for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
            continue
        if node.level:                            # relative: from . import x, from ..a import b
            base = name.split(".") if is_package else name.split(".")[:-1]
            base = base[:len(base) - (node.level - 1)]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        for alias in node.names:
            submodule = f"{source}.{alias.name}"
            add(submodule if submodule in modules else source, node.lineno)
    return out


def graph() -> dict[str, dict[str, int]]:
    modules = all_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def rank(name: str) -> float:
    best = max((prefix for prefix, _ in STAGES if name == prefix or name.startswith(prefix + ".")), key=len)
    return dict(STAGES)[best]


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_stage_module_is_ranked_and_the_walk_sees_the_package():
    modules = all_modules()
    assert len(modules) > 40
    for name in ("generator.model.model", "generator.format.loading", "generator.render.site.pages",
                 "generator.records.issuing", "generator.check.checker", "generator.importer.importer",
                 "generator.build", "generator.observe", "generator.cli"):
        assert name in modules, name
    edges = graph()
    assert "generator.format.loading" in edges["generator.build"]
    assert "generator.render.pdf" in edges["generator.records.issuing"]


def test_no_import_cycle_between_modules():
    found = cycles(graph())
    assert not found, "import cycles: " + "; ".join(" ↔ ".join(c) for c in found)


def test_imports_only_point_down_the_pipeline():
    modules = all_modules()
    upward = []
    for name, targets in graph().items():
        for target, line in targets.items():
            if rank(target) > rank(name):
                upward.append(f"{modules[name].relative_to(PACKAGE.parent)}:{line}: {name} "
                              f"(stage {rank(name)}) imports {target} (stage {rank(target)})")
    assert not upward, "imports pointing up the pipeline:\n" + "\n".join(upward)


def test_the_checker_itself_finds_a_cycle_and_resolves_relative_imports(tmp_path):
    assert cycles({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}) == [["a", "b", "c"]]
    pkg = tmp_path / "generator" / "render"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    source = pkg / "pdf.py"
    source.write_text("from typing import TYPE_CHECKING\nfrom . import compare\nfrom ..model.text import plain\n"
                      "if TYPE_CHECKING:\n    from generator.build import BuildReport\n"
                      "def f():\n    import generator.records.issuing\n", encoding="utf-8")
    known = {n: Path() for n in ("generator.render.compare", "generator.model.text", "generator.build",
                                 "generator.records.issuing")}
    assert imports_of("generator.render.pdf", source, known) == {
        "generator.render.compare": 2, "generator.model.text": 3, "generator.records.issuing": 7}

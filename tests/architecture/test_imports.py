"""The package's import graph, drawn afresh from the source: one way, downwards, no circles."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "datasite"

# The pipeline's stages in order; a module may import its own stage or an earlier one only.
ORDER = [
    "model",
    "issues",
    "catalogue",
    "language",
    "load",
    "check",
    "package",
    "render",
    "publish",
    "report",
    "pipeline",
    "cli",
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every datasite module path imports, wherever the import statement sits."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; write `from datasite.… import …`")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("datasite"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(
                    full
                    if (PACKAGE.parent / full.replace(".", "/")).with_suffix(".py").exists()
                    else node.module
                )
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("datasite")}
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "datasite"


def test_every_module_belongs_to_a_stage():
    strays = [m for m in graph() if m != "datasite" and stage(m) not in ORDER]
    assert strays == [], f"modules outside the stages {ORDER}: {strays}"


def test_no_stage_imports_a_later_one():
    upward = [
        f"{module} imports {target}"
        for module, targets in graph().items()
        for target in targets
        if stage(module) in ORDER
        and stage(target) in ORDER
        and ORDER.index(stage(target)) > ORDER.index(stage(module))
    ]
    assert upward == []


def test_no_import_circles():
    edges = graph()
    circles, state = [], {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges.get(module, ())):
            if state.get(target) == "open":
                circles.append(" -> ".join(path[path.index(target) :] + [target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in edges:
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_the_checks_would_catch_a_circle(tmp_path, monkeypatch):
    """The graph reader sees imports inside functions, which is where circles hid before."""
    source = tmp_path / "datasite" / "check"
    source.mkdir(parents=True)
    (source / "a.py").write_text("def f():\n    from datasite.publish.site import publish\n")
    assert imports_of(source / "a.py") == {"datasite.publish.site"}

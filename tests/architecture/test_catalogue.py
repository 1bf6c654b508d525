"""The catalogue of problems (datasite/catalogue.py): every code the program can emit is declared
there with both languages, read from the source of every module, not from a hand list."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from datasite.catalogue import COMPUTED, PROBLEMS
from datasite.report.hints import COMPUTED_HINTS
from datasite.report.messages import TEMPLATES, translate

PACKAGE = Path(__file__).resolve().parents[2] / "datasite"

# Issue calls whose code is not written in the call and cannot be read from the module: each with
# why its codes need no entry. A new such call fails test_no_other_code_is_computed_at_run_time.
OPAQUE_CODES = {
    ("check/tables.py", "error.type"): "frictionless' own code for an error that is neither a "
    "cell's type nor a constraint (none arises from a valid Table Schema); shown as frictionless "
    "words it",
    ("package/frozen.py", "i.code"): "an issue of the working-data checks, moved to a frozen "
    "version's file; its code is declared where it was first emitted",
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def module_dicts(tree: ast.Module) -> dict[str, ast.Dict]:
    """Module-level NAME = {...} dictionaries (CONSTRAINT_CODES and the like)."""
    out = {}
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and isinstance(getattr(node, "value", None), ast.Dict):
            out[target.id] = node.value
    return out


def enclosing_functions(tree: ast.Module) -> dict[ast.AST, ast.AST]:
    """Each node's innermost function (or the module)."""
    owner: dict[ast.AST, ast.AST] = {}

    def visit(node: ast.AST, function: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            owner[child] = function
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
            visit(child, inner or function)

    visit(tree, tree)
    return owner


def strings(node: ast.AST | None) -> set[str] | None:
    return {node.value} if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def resolve(expr: ast.AST, scope: ast.AST, dicts: dict[str, ast.Dict]) -> set[str] | None:
    """The codes an expression can hold, read from the source; None when it cannot be read."""
    if strings(expr) is not None:
        return strings(expr)
    if isinstance(expr, ast.IfExp):
        body, orelse = resolve(expr.body, scope, dicts), resolve(expr.orelse, scope, dicts)
        return None if body is None or orelse is None else body | orelse
    if (  # TABLE.get(key, "default")
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr == "get"
        and getattr(expr.func.value, "id", "") in dicts
    ):
        values = [resolve(v, scope, dicts) for v in dicts[expr.func.value.id].values]
        values += [resolve(a, scope, dicts) for a in expr.args[1:]]
        return None if None in values else set().union(*values)
    if isinstance(expr, ast.Name):
        found: set[str] = set()
        bound = False
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign) and any(
                getattr(t, "id", "") == expr.id for t in node.targets
            ):
                codes = resolve(node.value, scope, dicts)
                if codes is None:
                    return None
                found |= codes
                bound = True
            elif isinstance(node, ast.arg) and node.arg == expr.id:
                bound = True  # a parameter: its callers' codes are found at their calls
            elif isinstance(node, ast.For) and isinstance(node.target, ast.Tuple):
                names = [getattr(e, "id", "") for e in node.target.elts]
                if expr.id in names:  # for code, message, … in found: the tuples built here
                    at = names.index(expr.id)
                    for item in ast.walk(scope):
                        if isinstance(item, ast.Tuple) and len(item.elts) == len(names):
                            found |= strings(item.elts[at]) or set()
                    bound = True
        return found if bound else None
    return None


def emitted_codes() -> tuple[set[str], set[tuple[str, str]]]:
    """Every code in an Issue(...) call or a `fail(node, code, …)` / `add(path, code, …)` call
    of any module, and the calls whose code cannot be read from the source."""
    codes: set[str] = set()
    opaque: set[tuple[str, str]] = set()
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        dicts, owner = module_dicts(tree), enclosing_functions(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", "") or getattr(node.func, "attr", "")
            keyword = next((k.value for k in node.keywords if k.arg == "code"), None)
            if name == "Issue":
                expr = node.args[2] if len(node.args) > 2 else keyword
            elif name in ("fail", "add") and len(node.args) > 1:  # walker.fail, settings' add
                expr = node.args[1]
            else:
                continue
            found = resolve(expr, owner[node], dicts) if expr is not None else None
            if found is None:
                opaque.add((str(path.relative_to(PACKAGE)), ast.unparse(expr) if expr else ""))
            else:
                codes |= found
    return codes, opaque


def test_the_source_reader_finds_the_codes_of_every_stage():
    codes, _ = emitted_codes()
    # One code at least from each way a code is written: a literal, a ternary, a table of
    # constraint codes with its default, a loop over (code, message) tuples, walker.fail.
    for code in ("symlink", "unknown-source", "min-length", "constraint", "privacy-name"):
        assert code in codes
    assert {"yaml-tag", "mkdocs", "git", "version-bump", "frozen-interrupted"} <= codes
    assert len(codes) >= 60


def test_every_code_the_program_can_emit_is_in_the_catalogue():
    codes, _ = emitted_codes()
    assert sorted(codes - set(PROBLEMS)) == []


def test_the_catalogue_declares_no_code_the_program_never_emits():
    codes, _ = emitted_codes()
    assert sorted(set(PROBLEMS) - codes) == []


def test_no_other_code_is_computed_at_run_time():
    _, opaque = emitted_codes()
    assert opaque == set(OPAQUE_CODES)


@pytest.mark.parametrize("code", sorted(PROBLEMS))
def test_each_code_has_both_languages_and_a_hint_in_both(code: str):
    problem = PROBLEMS[code]
    assert problem.title and problem.messages
    for english, spanish in problem.messages:
        assert english and spanish and english != spanish
        # Spanish fills the same blanks the English message leaves.
        assert sorted(re.findall(r"\{(\w+)\}", english)) == sorted(
            re.findall(r"\{(\w+)\}", spanish)
        )
    if problem.hint == COMPUTED:
        assert code in COMPUTED_HINTS
    else:
        english, spanish = problem.hint
        assert english and spanish and english != spanish
        assert code not in COMPUTED_HINTS


def test_computed_hints_are_declared_as_computed():
    assert sorted(COMPUTED_HINTS) == sorted(c for c, p in PROBLEMS.items() if p.hint == COMPUTED)


def test_messages_read_their_templates_from_the_catalogue():
    assert TEMPLATES == {c: p.messages for c, p in PROBLEMS.items() if p.messages}
    assert (
        translate('field "url": only http:// and https:// links are published', "unsafe-url", "es")
        == 'campo "url": solo se publican enlaces http:// y https://'
    )

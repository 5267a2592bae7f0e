"""Tests, the local stack and the bench hand collaborators in (a Stores, a wrapped store); none assigns to an
attribute of a donor_import module, which would change the code under test for every caller at once.

Caught: `name.attr = ...` (and augmented or chained) where `name` was imported from donor_import, `setattr(name,
...)`, and `monkeypatch.setattr(name or "donor_import....", ...)`. A handler module (functions/*) is not a
donor_import module: replacing its STORES is how the local stack hands a fault plan's wrapping to a function."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("tests", "local", "bench")


def _donor_import_names(tree: ast.AST) -> set[str]:
    """The names a file binds to something imported from donor_import (a module, or anything in one)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith("donor_import")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("donor_import"):
            names |= {a.asname or a.name for a in node.names}
    return names


def _root(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_donor_import(node: ast.AST, names: set[str]) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.startswith("donor_import")
    return _root(node) in names


def patches(source: str) -> list[int]:
    """The lines of source that assign to an attribute of something imported from donor_import."""
    tree = ast.parse(source)
    names = _donor_import_names(tree)
    found = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AugAssign | ast.AnnAssign) else []
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Attribute) and _root(part) in names:
                    found.append(node.lineno)
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            named = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if named == "setattr" and _is_donor_import(node.args[0], names):
                found.append(node.lineno)
    return sorted(set(found))


def found_in(root: Path) -> dict[str, list[int]]:
    files = sorted(p for folder in CHECKED for p in (root / folder).rglob("*.py"))
    found = {str(p.relative_to(root)): patches(p.read_text()) for p in files}
    return {path: lines for path, lines in found.items() if lines}


def test_no_file_assigns_to_a_donor_import_module():
    assert found_in(ROOT) == {}


def test_the_check_catches_each_form():
    caught = patches(
        "from donor_import.services import validation_run as validator\n"
        "import donor_import.data.queues as queues\n"
        "validator.validate = None\n"
        "validator.files.download = None\n"
        "queues.MAX_MESSAGES += 1\n"
        "setattr(validator, 'fail', None)\n"
        "monkeypatch.setattr(validator.files, 'download', None)\n"
        "monkeypatch.setattr('donor_import.services.validation_run.fail', None)\n"
    )
    assert caught == [3, 4, 5, 6, 7, 8]


def test_the_check_leaves_other_assignments_alone():
    assert patches(
        "from donor_import.data.stores import build\n"
        "import local.lambdas as handler\n"
        "stores = build()\n"
        "handler.STORES = stores\n"
        "record = {}\n"
        "record['stage'] = 'done'\n"
        "monkeypatch.setattr(handler, 'STORES', stores)\n"
        "monkeypatch.setenv('BATCH_ROWS', '2')\n"
    ) == []

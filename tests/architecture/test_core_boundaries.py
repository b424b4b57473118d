"""The core (commerce/) knows nothing of its clients and tools.

storefront, pos, catalog_sync and wholesale are clients of the core, as Saleor's storefront and
apps are of Saleor: they reach it through the GraphQL API. bench holds benchmarks. None of them
may be imported by the core, in any form Python or Django would follow: import statements at any
depth (a function-level import is still a dependency), importlib.import_module / __import__ /
import_string with a literal name, apps.get_model with a client's app label, lazy model
references ("pos.Booth") in relations, and migration dependencies on a client's migrations.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "commerce"
OUTSIDERS = ("storefront", "pos", "catalog_sync", "wholesale", "bench", "demo")
IMPORT_BY_NAME = {"import_module", "__import__", "import_string"}
RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def _outside(dotted: str) -> bool:
    return dotted.split(".", 1)[0] in OUTSIDERS


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def offending_references(path: Path) -> list[tuple[int, str]]:
    """(line, what) for every reference from this module to a client or tool."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}") for a in node.names if _outside(a.name)]
        elif isinstance(node, ast.ImportFrom):
            # Relative imports (level > 0) stay inside their package, which is under commerce/.
            if node.level == 0 and node.module and _outside(node.module):
                found.append((node.lineno, f"from {node.module} import …"))
        elif isinstance(node, ast.Call):
            name = _name(node.func)
            first = _literal(node.args[0]) if node.args else None
            if name in IMPORT_BY_NAME and first and _outside(first):
                found.append((node.lineno, f"{name}({first!r})"))
            elif name == "get_model" and first and _outside(first):
                found.append((node.lineno, f"get_model({first!r}, …)"))
            elif name in RELATIONS:
                target = first or _literal(next((k.value for k in node.keywords if k.arg == "to"), None))
                if target and "." in target and _outside(target):
                    found.append((node.lineno, f"{name}({target!r})"))
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "dependencies" for t in node.targets):
            for element in ast.walk(node.value):
                if isinstance(element, ast.Tuple) and element.elts and (_literal(element.elts[0]) or "") in OUTSIDERS:
                    found.append((element.lineno, f"migration dependency on {_literal(element.elts[0])!r}"))
    return sorted(found)


def core_modules() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def test_the_walk_sees_the_whole_core():
    modules = core_modules()
    assert len(modules) > 100
    assert CORE / "kpi" / "selectors.py" in modules and CORE / "graphql" / "product" / "mutations.py" in modules


def test_the_core_imports_none_of_its_clients_or_tools():
    offences = [f"{path.relative_to(ROOT)}:{line}: {what}" for path in core_modules() for line, what in offending_references(path)]
    assert not offences, "commerce/ must not reach its clients or tools:\n" + "\n".join(offences)


@pytest.mark.parametrize(
    "source, expected",
    [
        ("import pos", ["import pos"]),
        ("import pos.demo as d", ["import pos.demo"]),
        ("def f():\n    from catalog_sync.models import StarChange", ["from catalog_sync.models import …"]),
        ("import importlib\nimportlib.import_module('bench.run')", ["import_module('bench.run')"]),
        ("from django.apps import apps\napps.get_model('catalog_sync', 'StarChange')", ["get_model('catalog_sync', …)"]),
        ("apps.get_model('pos.Booth')", ["get_model('pos.Booth', …)"]),
        ("models.ForeignKey('pos.Booth', on_delete=None)", ["ForeignKey('pos.Booth')"]),
        ("dependencies = [('catalog_sync', '0001_initial')]", ["migration dependency on 'catalog_sync'"]),
        # Not references: the core's own modules, names that merely start alike, relative imports.
        ("import posixpath\nfrom commerce.business import gate as wholesale\nfrom .storefront import x", []),
        ("models.ForeignKey('product.Product', on_delete=None)\nimport_module('commerce.search.indexing')", []),
    ],
)
def test_what_counts_as_a_reference(tmp_path, source, expected):
    module = tmp_path / "module.py"
    module.write_text(source)
    assert [what for _, what in offending_references(module)] == expected

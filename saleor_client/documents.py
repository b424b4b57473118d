"""GraphQL documents kept in .graphql files: find an operation by name, with the fragments it uses.

Fragments may be defined in any file of the folder set; an operation is sent together with
exactly the fragments it spreads, transitively — the same rule as tools/check_graphql_docs.py.
"""

from __future__ import annotations

import threading
from pathlib import Path

from graphql import parse, print_ast
from graphql.language import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    Visitor,
    visit,
)

from .errors import DocumentNotFoundError

SKIP_PARTS = {".venv", "venv", "node_modules", ".git", "var", "build", "dist"}


def _spreads(node) -> set[str]:
    names: set[str] = set()

    class Collector(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_):
            names.add(spread.name.value)

    visit(node, Collector())
    return names


class DocumentStore:
    """Operations and fragments of every .graphql file under `dirs` (recursively), loaded once."""

    def __init__(self, dirs):
        if isinstance(dirs, (str, Path)):
            dirs = [dirs]
        self.dirs = [Path(d) for d in dirs]
        self._operations: dict[str, tuple[Path, OperationDefinitionNode]] | None = None
        self._fragments: dict[str, tuple[Path, FragmentDefinitionNode]] = {}
        self._texts: dict[str, str] = {}
        self._lock = threading.Lock()

    def _files(self) -> list[Path]:
        files: list[Path] = []
        for base in self.dirs:
            if not base.is_dir():
                raise DocumentNotFoundError(f"GraphQL documents folder not found: {base}")
            files += [p for p in sorted(base.rglob("*.graphql")) if not SKIP_PARTS & set(p.relative_to(base).parts)]
        return files

    def _load(self) -> None:
        operations: dict[str, tuple[Path, OperationDefinitionNode]] = {}
        fragments: dict[str, tuple[Path, FragmentDefinitionNode]] = {}
        for path in self._files():
            document = parse(path.read_text(encoding="utf-8"))
            if any(not isinstance(d, (OperationDefinitionNode, FragmentDefinitionNode)) for d in document.definitions):
                continue  # a schema dump, not client documents
            for definition in document.definitions:
                if isinstance(definition, FragmentDefinitionNode):
                    table, name = fragments, definition.name.value
                else:
                    if definition.name is None:
                        raise DocumentNotFoundError(f"{path}: every operation needs a name")
                    table, name = operations, definition.name.value
                if name in table and table[name][0] != path:
                    raise DocumentNotFoundError(f"{name} is defined twice: {table[name][0]} and {path}")
                table[name] = (path, definition)
        self._fragments = fragments
        self._operations = operations

    @property
    def operations(self) -> dict[str, tuple[Path, OperationDefinitionNode]]:
        if self._operations is None:
            with self._lock:
                if self._operations is None:
                    self._load()
        return self._operations  # type: ignore[return-value]

    def operation_type(self, name: str) -> str:
        return self._operation(name).operation.value

    def _operation(self, name: str) -> OperationDefinitionNode:
        try:
            return self.operations[name][1]
        except KeyError:
            folders = ", ".join(str(d) for d in self.dirs)
            raise DocumentNotFoundError(f"No GraphQL operation named {name!r} under {folders}") from None

    def text(self, name: str) -> str:
        """The document to send for operation `name`: the operation plus the fragments it needs."""
        cached = self._texts.get(name)
        if cached is not None:
            return cached
        operation = self._operation(name)
        needed: dict[str, FragmentDefinitionNode] = {}
        todo = _spreads(operation)
        while todo:
            fragment_name = todo.pop()
            if fragment_name in needed:
                continue
            if fragment_name not in self._fragments:
                raise DocumentNotFoundError(f"Operation {name!r} uses fragment {fragment_name!r}, which no file defines")
            fragment = self._fragments[fragment_name][1]
            needed[fragment_name] = fragment
            todo |= _spreads(fragment)
        ordered = [needed[n] for n in sorted(needed)]
        text = print_ast(DocumentNode(definitions=[operation, *ordered]))
        self._texts[name] = text
        return text

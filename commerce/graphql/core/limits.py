"""Validation rules that refuse queries too deep or too costly before anything runs."""
from __future__ import annotations

from graphql import GraphQLError, ValidationRule
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode, IntValueNode, VariableNode


def _selections(node, fragments, seen):
    for selection in node.selection_set.selections if node.selection_set else []:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _selections(selection, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                yield from _selections(fragments[name], fragments, seen | {name})


def _page_size(field: FieldNode, variables: dict) -> int:
    for argument in field.arguments or []:
        if argument.name.value in ("first", "last"):
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(int(value.value), 1)
            if isinstance(value, VariableNode):
                raw = variables.get(value.name.value)
                if isinstance(raw, int):
                    return max(raw, 1)
            return 100
    return 1


def measure(node, fragments, variables, depth=0, multiplier=1) -> tuple[int, int]:
    """(max depth, cost): cost counts each field once per object it may be resolved on."""
    max_depth, cost = depth, 0
    for field in _selections(node, fragments, frozenset()):
        size = _page_size(field, variables)
        cost += multiplier
        if field.selection_set:
            sub_depth, sub_cost = measure(field, fragments, variables, depth + 1, multiplier * size)
            max_depth = max(max_depth, sub_depth)
            cost += sub_cost
    return max_depth, cost


def limit_errors(document, max_depth: int, max_cost: int, variables: dict | None) -> list[GraphQLError]:
    """The depth/cost errors of a parsed document. A plain walk, apart from graphql-core's
    validate(): the cost depends on the variables (`first: $first`), so it is checked on every
    request while the variable-free rules are validated once per document (execute.py)."""
    errors = []
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    for definition in document.definitions:
        if definition.kind != "operation_definition":
            continue
        depth, cost = measure(definition, fragments, variables or {})
        if depth > max_depth:
            errors.append(
                GraphQLError(
                    f"Query is too deep: depth {depth} exceeds the limit of {max_depth}.",
                    extensions={"exception": {"code": "QUERY_TOO_DEEP"}},
                )
            )
        elif cost > max_cost:
            errors.append(
                GraphQLError(
                    f"The query exceeds the maximum cost of {max_cost}. Actual cost is {cost}.",
                    extensions={"exception": {"code": "QUERY_TOO_COMPLEX"}},
                )
            )
    return errors


def make_limit_rule(max_depth: int, max_cost: int, variables: dict | None):
    """The same limits as a graphql-core validation rule, for callers that run validate()."""

    class QueryLimitsRule(ValidationRule):
        def enter_document(self, node, *_args):
            for error in limit_errors(node, max_depth, max_cost, variables):
                self.report_error(error)

    return QueryLimitsRule

"""Validation rules that refuse queries too deep or too costly before anything runs.

Introspection (`__schema`, `__type` and what is under them) is measured apart from the rest of
the operation, against its own bounds. The standard introspection query that GraphiQL and
graphql-js's getIntrospectionQuery() send nests `ofType` nine times under `__schema > types >
fields > args > type`: 14 levels, deeper than any query of the shop needs, so one depth limit
cannot both let it through and stop deep data queries. Its work, on the other hand, is fixed
by the size of the schema, so its own bounds can be tight: a little deeper than the standard
query, about twice its estimated cost, and a few introspection fields per operation — enough
for any tool, and not for hundreds of aliased `__schema` or a fields > type > fields > … cycle.
"""

from __future__ import annotations

from functools import lru_cache

from graphql import GraphQLError, ValidationRule
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode, IntValueNode, VariableNode

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
# The standard query is 14 deep (see above); one level of slack.
INTROSPECTION_MAX_DEPTH = 15
# GraphiQL asks one `__schema`; tools that look types up one by one ask a few `__type`s.
INTROSPECTION_MAX_FIELDS = 10
# Fields of the introspection types that return lists, each counted as this many items: the
# cost estimates how many values a selection resolves, as page sizes do for connections.
INTROSPECTION_LIST_FIELDS = frozenset({"types", "directives", "fields", "inputFields", "args", "interfaces", "possibleTypes", "enumValues"})
INTROSPECTION_LIST_SIZE = 10


def _selections(node, fragments, visited: set):
    """The fields of one selection set with fragments expanded, as graphql-core collects them:
    a fragment spread a second time in the same selection set adds nothing (and a cycle of
    fragments, which validation refuses, ends instead of recursing forever)."""
    for selection in node.selection_set.selections if node.selection_set else []:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _selections(selection, fragments, visited)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in visited:
                visited.add(name)
                yield from _selections(fragments[name], fragments, visited)


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


def _introspection_list_size(field: FieldNode, _variables: dict) -> int:
    return INTROSPECTION_LIST_SIZE if field.name.value in INTROSPECTION_LIST_FIELDS else 1


class _Measure:
    """Depth and cost of fields, each field node measured once.

    A field's subtree has a fixed depth and a cost proportional to the number of objects it is
    resolved on, so both are kept per AST node: a fragment spread under many fields (even one
    that doubles at every level) costs one walk of the fragment, not one per use. A node met
    again while it is being measured is a fragment cycle, which validation refuses; it counts
    as nothing here rather than recursing forever."""

    def __init__(self, fragments, variables, size_of):
        self.fragments, self.variables, self.size_of = fragments, variables, size_of
        self.known: dict[int, tuple[int, int]] = {}
        self.in_progress: set[int] = set()

    def children(self, node) -> tuple[int, int]:
        """(depth, cost per object) of a selection set's fields."""
        depth, cost = 0, 0
        for field in _selections(node, self.fragments, set()):
            field_depth, field_cost = self.field(field)
            depth, cost = max(depth, field_depth), cost + field_cost
        return depth, cost

    def field(self, field: FieldNode) -> tuple[int, int]:
        """(levels of selection sets under the field, cost of the field on one object)."""
        key = id(field)
        if key in self.known:
            return self.known[key]
        if key in self.in_progress or not field.selection_set:
            return 0, 1
        self.in_progress.add(key)
        depth, cost = self.children(field)
        self.in_progress.discard(key)
        self.known[key] = result = (depth + 1, 1 + self.size_of(field, self.variables) * cost)
        return result


def measure(node, fragments, variables, depth=0, multiplier=1) -> tuple[int, int]:
    """(max depth, cost) of the operation's data fields, introspection left out: cost counts
    each field once per object it may be resolved on."""
    measured = _Measure(fragments, variables or {}, _page_size)
    max_depth, cost = depth, 0
    for field in _selections(node, fragments, set()):
        if field.name.value in INTROSPECTION_FIELDS:
            continue
        field_depth, field_cost = measured.field(field)
        max_depth, cost = max(max_depth, depth + field_depth), cost + multiplier * field_cost
    return max_depth, cost


def measure_introspection(node, fragments) -> tuple[int, int, int]:
    """(introspection fields, max depth, estimated cost) of the operation's introspection."""
    measured = _Measure(fragments, {}, _introspection_list_size)
    count, max_depth, cost = 0, 0, 0
    for field in _selections(node, fragments, set()):
        if field.name.value not in INTROSPECTION_FIELDS:
            continue
        field_depth, field_cost = measured.field(field)
        count, max_depth, cost = count + 1, max(max_depth, field_depth), cost + field_cost
    return count, max_depth, cost


@lru_cache(maxsize=1)
def introspection_max_cost() -> int:
    """Twice the estimated cost of graphql-core's standard introspection query, every option on
    (graphql-js's getIntrospectionQuery(), which GraphiQL sends, is the same document)."""
    from graphql import get_introspection_query, parse

    document = parse(
        get_introspection_query(
            descriptions=True, specified_by_url=True, directive_is_repeatable=True, schema_description=True, input_value_deprecation=True
        )
    )
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    operation = next(d for d in document.definitions if d.kind == "operation_definition")
    return 2 * measure_introspection(operation, fragments)[2]


def _too_deep(depth: int, limit: int) -> GraphQLError:
    return GraphQLError(
        f"Query is too deep: depth {depth} exceeds the limit of {limit}.", extensions={"exception": {"code": "QUERY_TOO_DEEP"}}
    )


def _too_costly(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"exception": {"code": "QUERY_TOO_COMPLEX"}})


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
            errors.append(_too_deep(depth, max_depth))
        elif cost > max_cost:
            errors.append(_too_costly(f"The query exceeds the maximum cost of {max_cost}. Actual cost is {cost}."))
        count, depth, cost = measure_introspection(definition, fragments)
        if depth > INTROSPECTION_MAX_DEPTH:
            errors.append(_too_deep(depth, INTROSPECTION_MAX_DEPTH))
        elif count > INTROSPECTION_MAX_FIELDS:
            errors.append(
                _too_costly(
                    f"An operation may select at most {INTROSPECTION_MAX_FIELDS} __schema or __type fields; this one selects {count}."
                )
            )
        elif cost > introspection_max_cost():
            errors.append(_too_costly(f"The introspection exceeds the maximum cost of {introspection_max_cost()}. Actual cost is {cost}."))
    return errors


def make_limit_rule(max_depth: int, max_cost: int, variables: dict | None):
    """The same limits as a graphql-core validation rule, for callers that run validate()."""

    class QueryLimitsRule(ValidationRule):
        def enter_document(self, node, *_args):
            for error in limit_errors(node, max_depth, max_cost, variables):
                self.report_error(error)

    return QueryLimitsRule

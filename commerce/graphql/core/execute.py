"""Run one GraphQL document against the core schema: the single path for HTTP and in-process calls."""

from __future__ import annotations

import logging
import math
from functools import lru_cache

from django.conf import settings
from graphql import DocumentNode, GraphQLError, GraphQLSchema, ValidationRule, execute, parse, specified_rules, validate

from commerce.core.json_input import MAX_JSON_DEPTH, problem_in, text_problem

from .context import RequestContext
from .credential_mutations import CredentialMutationsLimitRule
from .dataloaders import BatchingExecutionContext

logger = logging.getLogger("commerce.graphql")


def _schema():
    from commerce.graphql.api import schema

    return schema.graphql_schema


class InputLiteralsRule(ValidationRule):
    """Literal argument values that would fail below GraphQL, refused as validation errors:
    text PostgreSQL cannot store (NUL, lone surrogates: a database error in whichever resolver
    uses the string), float literals beyond double range (1e400 parses to infinity, which
    PostgreSQL cannot compare with a numeric column), and list/object literals nested deeper
    than any input type (the bound JSON variables have). Variables get the same checks in
    execute_document: together they cover every String, ID and custom scalar input in one place
    instead of in each resolver."""

    def __init__(self, context):
        super().__init__(context)
        self.nesting = 0

    def enter_string_value(self, node, *_args):
        problem = text_problem(node.value)
        if problem:
            self.report_error(GraphQLError(problem, node))

    def enter_float_value(self, node, *_args):
        if not math.isfinite(float(node.value)):
            self.report_error(GraphQLError(f"Float cannot represent {node.value}: the number is out of range.", node))

    def enter_list_value(self, node, *_args):
        self.nesting += 1
        if self.nesting > MAX_JSON_DEPTH:
            self.report_error(GraphQLError(f"Input value is nested too deeply: the limit is {MAX_JSON_DEPTH} levels.", node))
            self.nesting -= 1  # its leave is skipped with it
            return self.SKIP
        return None

    def leave_list_value(self, *_args):
        self.nesting -= 1

    enter_object_value = enter_list_value
    leave_object_value = leave_list_value


VALIDATION_RULES = (*specified_rules, CredentialMutationsLimitRule, InputLiteralsRule)


@lru_cache(maxsize=512)
def _parse_and_validate(schema: GraphQLSchema, query: str) -> tuple[DocumentNode, tuple[GraphQLError, ...]]:
    """Parse and run the spec's validation rules once per distinct document: storefronts send
    the same few documents with new variables, and re-validating one cost ~5 ms of a ~40 ms
    products page. Those rules do not look at variables; the cost limits, which do, run on
    every request. Parse errors raise and are not cached; the AST is never mutated by
    execute(), so sharing it between requests and threads is safe."""
    try:
        document = parse(query)
        return document, tuple(validate(schema, document, VALIDATION_RULES))
    except RecursionError:
        # graphql-core's parser has its own nesting limit, but some validation rules recurse
        # once per level too: whatever runs out of stack, the request is refused, not a 500.
        raise GraphQLError("The document is nested too deeply.") from None


def parse_document(query: str) -> DocumentNode:
    """The parsed (and cached) document; raises GraphQLError if it does not parse."""
    return _parse_and_validate(_schema(), query)[0]


def format_error(error: GraphQLError) -> dict:
    original = error.original_error
    formatted = error.formatted
    extensions = dict(formatted.get("extensions") or {})
    if original is not None and not isinstance(original, GraphQLError):
        code = type(original).__name__
        # Anything unexpected is logged with its stack; the caller sees no internals outside DEBUG.
        logger.error("GraphQL resolver error", exc_info=original)
        if not settings.DEBUG:
            formatted["message"] = "Internal Server Error"
            code = "INTERNAL_ERROR"
        extensions["exception"] = {"code": code}
    extensions.setdefault("exception", {"code": "GraphQLError"})
    formatted["extensions"] = extensions
    return formatted


def execute_document(
    query: str | None,
    variables: dict | None = None,
    operation_name: str | None = None,
    context: RequestContext | None = None,
) -> tuple[dict, bool]:
    """Return (response body, ok) where ok is False for documents that could not run at all."""
    context = context or RequestContext()
    if not query or not isinstance(query, str):
        return {"errors": [_error("Must provide query string.")]}, False
    if variables is not None and not isinstance(variables, dict):
        return {"errors": [_error("Variables are invalid JSON.")]}, False
    if variables:
        # The literal checks of InputLiteralsRule, for values sent as variables; here rather
        # than in the HTTP view so that in-process callers are held to them too.
        problem = problem_in(variables, max_depth=MAX_JSON_DEPTH, allow_nul=False)
        if problem:
            return {"errors": [_error(problem)]}, False
    schema = _schema()
    try:
        document, spec_errors = _parse_and_validate(schema, query)
    except GraphQLError as error:
        return {"errors": [format_error(error)]}, False
    from .limits import limit_errors

    # Limit errors first, as when the limit rule ran inside validate() (it fires on the document node).
    validation_errors = [*limit_errors(document, settings.GRAPHQL_MAX_DEPTH, settings.GRAPHQL_MAX_COST, variables), *spec_errors]
    if validation_errors:
        return {"errors": [format_error(e) for e in validation_errors]}, False
    result = execute(
        schema,
        document,
        context_value=context,
        variable_values=variables,
        operation_name=operation_name,
        execution_context_class=BatchingExecutionContext,
    )
    if result.data is None and result.errors and all(not e.path for e in result.errors):
        # Nothing ran: missing or ill-typed variables, or an unknown operation name.
        return {"errors": [format_error(e) for e in result.errors]}, False
    body: dict = {"data": result.data}
    if result.errors:
        body["errors"] = [format_error(e) for e in result.errors]
    return body, True


def _error(message: str, code: str = "GraphQLError") -> dict:
    return {"message": message, "extensions": {"exception": {"code": code}}}

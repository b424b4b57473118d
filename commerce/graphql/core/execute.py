"""Run one GraphQL document against the core schema: the single path for HTTP and in-process calls."""
from __future__ import annotations

import logging

from django.conf import settings
from graphql import GraphQLError, execute, parse, specified_rules, validate

from .context import RequestContext
from .dataloaders import BatchingExecutionContext

logger = logging.getLogger("commerce.graphql")


def _schema():
    from commerce.graphql.api import schema

    return schema.graphql_schema


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
    try:
        document = parse(query)
    except GraphQLError as error:
        return {"errors": [format_error(error)]}, False
    from .limits import make_limit_rule

    schema = _schema()
    rules = [*specified_rules, make_limit_rule(settings.GRAPHQL_MAX_DEPTH, settings.GRAPHQL_MAX_COST, variables)]
    validation_errors = validate(schema, document, rules)
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

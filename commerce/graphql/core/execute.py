"""Run one GraphQL document against the core schema: the single path for HTTP and in-process calls."""
from __future__ import annotations

import logging
import math
from functools import lru_cache

from django.conf import settings
from graphql import DocumentNode, GraphQLError, GraphQLSchema, ValidationRule, execute, parse, specified_rules, validate

from commerce.core.json_input import MAX_JSON_DEPTH, NUL_MESSAGE, problem_in

from .context import RequestContext
from .credential_mutations import CredentialMutationsLimitRule
from .dataloaders import BatchingExecutionContext

logger = logging.getLogger("commerce.graphql")


def _schema():
    from commerce.graphql.api import schema

    return schema.graphql_schema


@lru_cache(maxsize=512)
def _parse_and_validate(schema: GraphQLSchema, query: str) -> tuple[DocumentNode, tuple[GraphQLError, ...]]:
    """Parse and run the spec's validation rules once per distinct document: storefronts send
    the same few documents with new variables, and re-validating one cost ~5 ms of a ~40 ms
    products page. Those rules do not look at variables; the cost limits, which do, run on
    every request. Parse errors raise and are not cached; the AST is never mutated by
    execute(), so sharing it between requests and threads is safe."""
    document = parse(query)
    return document, tuple(validate(schema, document, (*specified_rules, CredentialMutationsLimitRule)))


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

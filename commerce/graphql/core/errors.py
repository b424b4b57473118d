"""Errors in Saleor's shapes.

Permission and request-level problems are top-level GraphQL errors whose
`extensions.exception.code` names the kind (PermissionDenied, GraphQLError, NOT_FOUND…);
validation problems of a mutation are returned in its payload's `errors { field code message }`.
"""
from __future__ import annotations

from graphql import GraphQLError


class SaleorGraphQLError(GraphQLError):
    code = "GraphQLError"

    def __init__(self, message: str, code: str | None = None, **kwargs):
        code = code or self.code
        extensions = {"exception": {"code": code}}
        super().__init__(message, extensions=extensions, **kwargs)


class PermissionDenied(SaleorGraphQLError):
    code = "PermissionDenied"

    def __init__(self, message: str | None = None, permissions=None):
        if message is None:
            if permissions:
                names = ", ".join(p.name if hasattr(p, "name") else str(p) for p in permissions)
                message = f"To access this path, you need one of the following permissions: {names}"
            else:
                message = "You do not have permission to perform this action"
        super().__init__(message)


class ChannelNotFound(SaleorGraphQLError):
    code = "NOT_FOUND"


class ValidationError(Exception):
    """Raised inside a mutation's clean step; becomes payload errors.

    `errors` maps a field name (or None) to (code, message) pairs.
    """

    def __init__(self, errors: dict | list | str, code: str = "INVALID", field: str | None = None):
        if isinstance(errors, str):
            errors = [(field, code, errors)]
        elif isinstance(errors, dict):
            errors = [(f, c, m) for f, pairs in errors.items() for c, m in (pairs if isinstance(pairs, list) else [pairs])]
        self.errors = list(errors)
        super().__init__("; ".join(m for _, _, m in self.errors))

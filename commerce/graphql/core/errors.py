"""Errors in Saleor's shapes.

Permission and request-level problems are top-level GraphQL errors whose
`extensions.exception.code` names the kind (PermissionDenied, GraphQLError, NOT_FOUND…);
validation problems of a mutation are returned in its payload's `errors { field code message }`.
"""

from __future__ import annotations

from graphql import GraphQLError

from commerce.core.validation import flatten


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


# Error fields beyond field/code/message that a Saleor error type may carry: lists of IDs…
LIST_PARAMS = (
    "attributes",
    "values",
    "channels",
    "warehouses",
    "variants",
    "products",
    "stocks",
    "channel_listings",
    "shipping_zones",
    "lines",
    "order_lines",
)


def payload_error(error_type, field, code, message, params=None, field_attr: str = "field"):
    """One entry of a payload's `errors`: Saleor's code when `error_type` knows it (INVALID
    otherwise), and the IDs / address type a service named in `params` where the type has them."""
    code_type = error_type._meta.fields["code"].type
    known = {member.name for member in getattr(code_type, "of_type", code_type)._meta.enum}
    code = (code or "").upper()
    params = params or {}
    kwargs = {field_attr: field, "code": code if code in known else "INVALID", "message": message}
    for name in LIST_PARAMS:
        if params.get(name) and name in error_type._meta.fields:
            kwargs[name] = list(params[name])
    if params.get("warehouse") and "warehouse" in error_type._meta.fields:
        kwargs["warehouse"] = params["warehouse"]
    if params.get("address_type") and "address_type" in error_type._meta.fields:
        kwargs["address_type"] = params["address_type"].lower()
    return error_type(**kwargs)


def payload_errors(exc, error_type, field_attr: str = "field") -> list:
    """A payload's `errors` for the (Django) ValidationError a service or input resolving raised."""
    return [payload_error(error_type, f, c, m, p, field_attr) for f, c, m, p in flatten(exc)]

"""What can go wrong when a client runs a document, as exceptions a caller can tell apart."""

from __future__ import annotations


class SaleorClientError(Exception):
    """Base of every error raised by the client."""


class TransportError(SaleorClientError):
    """The server could not be reached or did not answer with GraphQL JSON (after retries)."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status


class DocumentNotFoundError(SaleorClientError):
    """No operation of that name in the client's document folders, or a fragment is missing."""


class GraphQLRequestError(SaleorClientError):
    """The server refused the document before running it (syntax, validation, limits, token)."""

    def __init__(self, errors: list[dict], *, operation_name: str | None = None):
        self.errors = errors
        self.operation_name = operation_name
        messages = "; ".join(str(e.get("message")) for e in errors) or "request refused"
        super().__init__(f"{operation_name or 'operation'}: {messages}")


class GraphQLResponseError(SaleorClientError):
    """The document ran but the response has top-level errors; `data` holds what was resolved."""

    def __init__(self, errors: list[dict], data: dict | None = None, *, operation_name: str | None = None):
        self.errors = errors
        self.data = data
        self.operation_name = operation_name
        messages = "; ".join(str(e.get("message")) for e in errors)
        super().__init__(f"{operation_name or 'operation'}: {messages}")


class PermissionDeniedError(GraphQLResponseError):
    """A top-level error with extensions.exception.code == "PermissionDenied"."""


class MutationError(SaleorClientError):
    """A mutation payload came back with a non-empty `errors` list (Saleor's input errors)."""

    def __init__(self, field: str, errors: list[dict], data: dict | None = None, *, operation_name: str | None = None):
        self.field = field
        self.errors = errors
        self.data = data
        self.operation_name = operation_name
        details = "; ".join(f"{e.get('field')}: {e.get('code')} {e.get('message') or ''}".strip() for e in errors)
        super().__init__(f"{operation_name or 'operation'} {field}: {details}")

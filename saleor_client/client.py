"""SaleorClient: run a named operation from the .graphql files with variables, get plain dicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .documents import DocumentStore
from .errors import GraphQLRequestError, GraphQLResponseError, MutationError, PermissionDeniedError

PERMISSION_DENIED = "PermissionDenied"


def error_code(error: dict) -> str | None:
    extensions = error.get("extensions") or {}
    exception = extensions.get("exception") or {}
    return exception.get("code") or extensions.get("code")


@dataclass
class Response:
    """One operation's result: `data` (plain dicts) and the top-level `errors`, not yet judged."""

    operation_name: str
    operation_type: str
    data: dict | None
    errors: list[dict] = field(default_factory=list)

    @property
    def permission_denied(self) -> bool:
        return any(error_code(e) == PERMISSION_DENIED for e in self.errors)

    def payload_errors(self) -> list[tuple[str, list[dict]]]:
        """(root field, errors) for every root payload whose `errors` list is non-empty."""
        found = []
        for name, value in (self.data or {}).items():
            if isinstance(value, dict) and isinstance(value.get("errors"), list) and value["errors"]:
                found.append((name, value["errors"]))
        return found

    def raise_for_errors(self, *, payload_errors: bool = False) -> None:
        if self.errors:
            cls = PermissionDeniedError if self.permission_denied else GraphQLResponseError
            raise cls(self.errors, self.data, operation_name=self.operation_name)
        if payload_errors:
            for name, errors in self.payload_errors():
                raise MutationError(name, errors, self.data, operation_name=self.operation_name)

    def data_or_raise(self, *, payload_errors: bool = True) -> dict:
        """`data`, or an exception for top-level errors and (by default) mutation payload errors."""
        self.raise_for_errors(payload_errors=payload_errors)
        return self.data or {}


def _request_error(body: dict, errors: list[dict]) -> bool:
    # A request error (e.g. a missing variable) stops execution before any field runs: no data
    # and no error with a `path`. Servers differ on whether they still send `"data": null`.
    return body.get("data") is None and bool(errors) and not any(e.get("path") for e in errors)


_stores: dict[tuple[Path, ...], DocumentStore] = {}


def document_store(dirs) -> DocumentStore:
    """One parsed store per folder set, shared by every client that uses those folders."""
    if isinstance(dirs, (str, Path)):
        dirs = [dirs]
    key = tuple(Path(d).resolve() for d in dirs)
    if key not in _stores:
        _stores[key] = DocumentStore(list(key))
    return _stores[key]


class SaleorClient:
    """`SaleorClient(transport, documents_dirs).execute("ProductList", {"channel": "online"})`.

    `execute` returns `data` as a plain dict and raises GraphQLRequestError (document refused),
    PermissionDeniedError / GraphQLResponseError (top-level errors), TransportError (network) and,
    with raise_on_payload_errors=True, MutationError for a payload's non-empty `errors`.
    `request` returns the whole Response without judging its errors.
    """

    def __init__(self, transport, documents_dirs=None, *, documents: DocumentStore | None = None):
        if documents is None:
            if documents_dirs is None:
                raise ValueError("pass documents_dirs (folders of .graphql files) or documents")
            documents = document_store(documents_dirs)
        self.transport = transport
        self.documents = documents

    def with_transport(self, transport) -> "SaleorClient":
        """The same documents, another caller (e.g. the anonymous client's staff twin)."""
        return SaleorClient(transport, documents=self.documents)

    def document(self, operation_name: str) -> str:
        return self.documents.text(operation_name)

    def request(self, operation_name: str, variables: dict | None = None) -> Response:
        query = self.documents.text(operation_name)
        operation_type = self.documents.operation_type(operation_name)
        raw = self.transport.send(query, variables, operation_name, idempotent=operation_type == "query")
        errors = raw.body.get("errors") or []
        if raw.refused or _request_error(raw.body, errors):
            raise GraphQLRequestError(errors, operation_name=operation_name)
        return Response(operation_name, operation_type, raw.body.get("data"), errors)

    def execute(self, operation_name: str, variables: dict | None = None, *, raise_on_payload_errors: bool = False) -> dict:
        response = self.request(operation_name, variables)
        response.raise_for_errors(payload_errors=raise_on_payload_errors)
        return response.data or {}

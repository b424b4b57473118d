"""The one GraphQL client of storefront, POS and catalog sync.

Documents live in .graphql files and are run by operation name over a transport: in-process
(the embedded core) or HTTP (our core elsewhere, or any Saleor 3.x server).
"""

from .client import Response, SaleorClient, document_store, error_code
from .documents import DocumentStore
from .errors import (
    DocumentNotFoundError,
    GraphQLRequestError,
    GraphQLResponseError,
    MutationError,
    PermissionDeniedError,
    SaleorClientError,
    TransportError,
)
from .transports import HttpTransport, InProcessTransport, RawResponse

__all__ = [
    "DocumentNotFoundError",
    "DocumentStore",
    "GraphQLRequestError",
    "GraphQLResponseError",
    "HttpTransport",
    "InProcessTransport",
    "MutationError",
    "PermissionDeniedError",
    "RawResponse",
    "Response",
    "SaleorClient",
    "SaleorClientError",
    "TransportError",
    "document_store",
    "error_code",
]

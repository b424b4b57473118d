"""Per-address limits on the API's abuse-prone mutations (sign-in, registration, checkout),
counted in the shared cache by commerce.core.ratelimit. Apps (server-to-server, with their own
tokens and permissions) are not limited here.

Sign-in and registration are counted per execution, by the mutation itself (count_execution):
one document may alias tokenCreate many times, and each alias is one more password hash. The
view's check() only refuses, with HTTP 429, a request whose address has used them up already.
Checkout mutations are cheap one by one and counted in the view before anything runs: each
checkout mutation of the document counts, aliases and fragments included (one document of a
hundred aliased checkoutCreate is a hundred carts)."""

from __future__ import annotations

from django.conf import settings
from graphql import FragmentDefinitionNode, GraphQLError, OperationDefinitionNode, OperationType

from commerce.core.ratelimit import RateLimited, client_ip, hit, refuse_if_exhausted

from .credential_mutations import root_fields
from .errors import SaleorGraphQLError
from .execute import _parse_and_validate, _schema

CHECKOUT_MUTATIONS_PREFIX = "checkout"
PAYMENT_MUTATIONS = {"paymentGatewayInitialize", "transactionInitialize", "transactionProcess"}
# Mutations counted each time they run: (scope, setting naming the rate).
PER_EXECUTION = {
    "tokenCreate": ("sign-in", "RATE_LIMIT_SIGN_IN"),
    "accountRegister": ("account-register", "RATE_LIMIT_ACCOUNT_REGISTER"),
}
PER_EXECUTION_SCOPES = set(PER_EXECUTION.values())


class TooManyRequests(SaleorGraphQLError):
    code = "TooManyRequests"

    def __init__(self, retry_after: int):
        super().__init__("Too many requests. Try again later.")
        self.extensions["exception"]["retryAfter"] = retry_after


def scope_of(field_name: str) -> tuple[str, str] | None:
    if field_name in PER_EXECUTION:
        return PER_EXECUTION[field_name]
    if field_name.startswith(CHECKOUT_MUTATIONS_PREFIX) or field_name in PAYMENT_MUTATIONS:
        return "checkout", "RATE_LIMIT_CHECKOUT"
    return None


def count_execution(context, field_name: str) -> None:
    """Count one run of `field_name` (tokenCreate, accountRegister) against its per-address
    limit; raise TooManyRequests past it, before the mutation does any work. Called outside the
    mutation's transaction: with the database as the cache, a rollback would undo the count.

    Only requests that came over HTTP are counted here. In-process callers (the storefront's
    sign-in and registration pages) are counted by the storefront's middleware per form post,
    against the shopper's address, which the in-process context does not carry."""
    request = getattr(context, "request", None)
    if context.app is not None or request is None:
        return
    scope, setting = PER_EXECUTION[field_name]
    try:
        hit(scope, client_ip(request), getattr(settings, setting, ""))
    except RateLimited as limited:
        raise TooManyRequests(limited.retry_after) from None


def mutation_fields(query, operation_name) -> list[str]:
    """Root fields of the mutation that would run, one entry per occurrence (aliases, inline
    fragments and fragment spreads included); [] for anything unparsable (the executor answers
    that itself)."""
    if not isinstance(query, str) or "mutation" not in query:
        return []
    try:
        document, _ = _parse_and_validate(_schema(), query)
    except GraphQLError:
        return []
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [d for d in operations if d.name and d.name.value == operation_name]
    elif len(operations) > 1:
        return []
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    return [
        field.name.value
        for operation in operations
        if operation.operation == OperationType.MUTATION
        for field in root_fields(operation.selection_set, fragments.get)
    ]


def check(request, context, query, operation_name) -> None:
    """Raise commerce.core.ratelimit.RateLimited when one of the document's mutations is over:
    per-document scopes are counted here, per-execution ones only looked at (their mutations
    count themselves)."""
    if context.app is not None:
        return
    occurrences: dict[tuple[str, str], int] = {}
    for name in mutation_fields(query, operation_name):
        scope = scope_of(name)
        if scope is not None:
            occurrences[scope] = occurrences.get(scope, 0) + 1
    for (scope, setting), count in sorted(occurrences.items()):
        if (scope, setting) in PER_EXECUTION_SCOPES:
            refuse_if_exhausted(scope, client_ip(request), getattr(settings, setting, ""))
        else:
            hit(scope, client_ip(request), getattr(settings, setting, ""), weight=count)

"""Per-address limits on the API's abuse-prone mutations (sign-in, registration, checkout),
counted in the shared cache by commerce.core.ratelimit. Apps (server-to-server, with their own
tokens and permissions) are not limited here."""
from __future__ import annotations

from django.conf import settings
from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType

from commerce.core.ratelimit import client_ip, hit

from .execute import _parse_and_validate, _schema

CHECKOUT_MUTATIONS_PREFIX = "checkout"
PAYMENT_MUTATIONS = {"paymentGatewayInitialize", "transactionInitialize", "transactionProcess"}


def scope_of(field_name: str) -> tuple[str, str] | None:
    if field_name in {"tokenCreate"}:
        return "sign-in", "RATE_LIMIT_SIGN_IN"
    if field_name == "accountRegister":
        return "account-register", "RATE_LIMIT_ACCOUNT_REGISTER"
    if field_name.startswith(CHECKOUT_MUTATIONS_PREFIX) or field_name in PAYMENT_MUTATIONS:
        return "checkout", "RATE_LIMIT_CHECKOUT"
    return None


def mutation_fields(query, operation_name) -> list[str]:
    """Top-level fields of the mutation that would run; [] for anything unparsable (the
    executor answers that itself)."""
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
    return [
        selection.name.value
        for operation in operations if operation.operation == OperationType.MUTATION
        for selection in operation.selection_set.selections if isinstance(selection, FieldNode)
    ]


def check(request, context, query, operation_name) -> None:
    """Raise commerce.core.ratelimit.RateLimited when one of the document's mutations is over."""
    if context.app is not None:
        return
    scopes = {scope_of(name) for name in mutation_fields(query, operation_name)} - {None}
    for scope, setting in sorted(scopes):
        hit(scope, client_ip(request), getattr(settings, setting, ""))

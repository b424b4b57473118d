"""Saleor's transactions API: paymentGatewayInitialize, transactionInitialize,
transactionProcess, transactionRequestAction. Logic lives in commerce.payment.actions."""

import graphene

from commerce.core.permissions import PermissionEnum
from commerce.core.validation import error, problems
from commerce.graphql.core.inputs import PositiveDecimal
from commerce.graphql.core.model_mutations import decode_id
from commerce.graphql.core.mutations import BaseMutation
from commerce.payment import actions
from commerce.payment.gateways import GatewayError, available_gateways, get_gateway
from commerce.payment.models import TransactionItem as TransactionItemModel
from commerce.payment.services import Actor

from .errors import (
    PaymentGatewayConfigError,
    PaymentGatewayInitializeError,
    TransactionInitializeError,
    TransactionProcessError,
    TransactionRequestActionError,
)
from .enums import TransactionActionEnum, TransactionFlowStrategyEnum
from .types import JSON, PaymentGatewayConfig, TransactionEvent, TransactionItem


class PaymentGatewayToInitialize(graphene.InputObjectType):
    id = graphene.String(required=True, description="The identifier of the payment gateway app to initialize.")
    data = graphene.Field(JSON, description="The data that will be passed to the payment gateway.")


def _enum_value(value):
    return getattr(value, "value", value)


def resolve_source(context, global_id: str, field: str = "id"):
    """A checkout or an order by its Saleor ID; the ID is the shopper's capability, as in Saleor
    (checkout tokens and order ids are random UUIDs) — but a customer's checkout is theirs:
    one the caller may not use is not found (the checkout mutations' rule, can_use_checkout)."""
    from commerce.checkout.models import Checkout
    from commerce.graphql.checkout.base import can_use_checkout
    from commerce.order.models import Order

    type_name, pk = decode_id(global_id, ("Checkout", "Order"), field)
    model = Checkout if type_name == "Checkout" else Order
    obj = None
    try:
        obj = model.objects.select_related("channel").filter(pk=pk).first()
    except (ValueError, Exception):  # noqa: BLE001 - a malformed UUID is an unknown node
        obj = None
    if obj is not None and type_name == "Checkout" and not can_use_checkout(context, obj):
        obj = None
    if obj is None:
        raise problems([(field, "NOT_FOUND", f"Couldn't resolve to a node: {global_id}")])
    return obj


def resolve_transaction(global_id: str | None, token, context, field: str = "id") -> TransactionItemModel:
    """The transaction named by ID or token, as the caller may see it: a payment of a checkout
    the caller may not use is not found either (so no mutation can forget the check)."""
    if (global_id is None) == (token is None):
        raise problems([(field, "INVALID", "Provide either id or token.")])
    if global_id is not None:
        _, token = decode_id(global_id, "TransactionItem", field)
    item = TransactionItem.get_node(None, token)
    if item is not None and item.checkout_id and item.order_id is None:
        from commerce.graphql.checkout.base import can_use_checkout

        if not can_use_checkout(context, item.checkout):
            item = None
    if item is None:
        raise problems([(field, "NOT_FOUND", f"Couldn't resolve to a node: {global_id or token}")])
    return item


class PaymentMutation(BaseMutation):
    """Runs perform_mutation without one enclosing database transaction: the services commit
    what they record step by step around calls to the payment provider."""

    atomic = False
    # The provider's refusal is the shopper's answer, in the payload.
    refusals = (GatewayError,)

    class Meta:
        abstract = True

    @classmethod
    def as_validation_error(cls, exc: GatewayError):
        return error(exc.field, exc.code, exc.message)


class PaymentGatewayInitialize(PaymentMutation):
    gateway_configs = graphene.List(graphene.NonNull(PaymentGatewayConfig))

    class Arguments:
        id = graphene.ID(required=True, description="The ID of the checkout or order.")
        amount = PositiveDecimal(description="The amount requested for initializing the payment gateway.")
        payment_gateways = graphene.List(
            graphene.NonNull(PaymentGatewayToInitialize), description="List of payment gateways to initialize."
        )

    class Meta:
        description = "Initializes a payment gateway session. It triggers the webhook `PAYMENT_GATEWAY_INITIALIZE_SESSION`, to the requested `paymentGateways`."
        error_type_class = PaymentGatewayInitializeError

    @classmethod
    def perform_mutation(cls, root, info, id, amount=None, payment_gateways=None):
        source = resolve_source(info.context, id)
        channel = source.channel
        offered = {g.id for g in available_gateways(channel)}
        requested = payment_gateways if payment_gateways is not None else [{"id": gid, "data": None} for gid in sorted(offered)]
        configs = []
        for request in requested:
            gateway = get_gateway(request["id"]) if request["id"] in offered else None
            if gateway is None:
                configs.append(
                    PaymentGatewayConfig(
                        id=request["id"],
                        data=None,
                        errors=[
                            PaymentGatewayConfigError(
                                field="id", code="NOT_FOUND", message="Active app with `HANDLE_PAYMENT` permissions or gateway not found."
                            )
                        ],
                    )
                )
                continue
            configs.append(PaymentGatewayConfig(id=request["id"], data=gateway.session_data(amount, request.get("data")), errors=[]))
        return cls(gateway_configs=configs, errors=[])


class TransactionInitialize(PaymentMutation):
    transaction = graphene.Field(TransactionItem, description="The initialized transaction.")
    transaction_event = graphene.Field(TransactionEvent, description="The event created for the initialized transaction.")
    data = graphene.Field(JSON, description="The JSON data required to finalize the payment.")

    class Arguments:
        id = graphene.ID(required=True, description="The ID of the checkout or order.")
        amount = PositiveDecimal(
            description="The amount requested for initializing the payment. If not provided, the difference between checkout.total - transactions that are already processed will be send."
        )
        action = graphene.Argument(TransactionFlowStrategyEnum, description="The expected action called for the transaction.")
        payment_gateway = graphene.Argument(
            PaymentGatewayToInitialize, required=True, description="Payment gateway used to initialize the transaction."
        )
        idempotency_key = graphene.String(description="The idempotency key assigned to the action.")
        customer_ip_address = graphene.String(description="The customer's IP address.")

    class Meta:
        description = "Initializes a transaction session. It triggers the webhook `TRANSACTION_INITIALIZE_SESSION`, to the requested `paymentGateways`."
        error_type_class = TransactionInitializeError

    @classmethod
    def perform_mutation(cls, root, info, id, payment_gateway, amount=None, action=None, idempotency_key=None, customer_ip_address=None):
        source = resolve_source(info.context, id)
        outcome = actions.initialize(
            source,
            payment_gateway["id"],
            data=payment_gateway.get("data"),
            amount=amount,
            idempotency_key=idempotency_key,
            action=_enum_value(action),
            actor=Actor.of(info.context),
            request=getattr(info.context, "request", None),
        )
        return cls(transaction=outcome.transaction, transaction_event=outcome.event, data=outcome.data, errors=[])


class TransactionProcess(PaymentMutation):
    transaction = graphene.Field(TransactionItem, description="The processed transaction.")
    transaction_event = graphene.Field(TransactionEvent, description="The event created for the processed transaction.")
    data = graphene.Field(JSON, description="The json data required to finalize the payment.")

    class Arguments:
        id = graphene.ID(description="The ID of the transaction to process.")
        token = graphene.UUID(description="The token of the transaction to process.")
        data = graphene.Argument(JSON, description="The data that will be passed to the payment gateway.")
        customer_ip_address = graphene.String(description="The customer's IP address.")

    class Meta:
        description = (
            "Processes a transaction session. It triggers the webhook `TRANSACTION_PROCESS_SESSION`, to the assigned `paymentGateways`."
        )
        error_type_class = TransactionProcessError

    @classmethod
    def perform_mutation(cls, root, info, id=None, token=None, data=None, customer_ip_address=None):
        item = resolve_transaction(id, token, info.context)
        outcome = actions.process(item, data, getattr(info.context, "request", None))
        return cls(transaction=outcome.transaction, transaction_event=outcome.event, data=outcome.data, errors=[])


class TransactionRequestAction(PaymentMutation):
    transaction = graphene.Field(TransactionItem)

    class Arguments:
        id = graphene.ID(description="The ID of the transaction.")
        token = graphene.UUID(description="The token of the transaction.")
        action_type = graphene.Argument(TransactionActionEnum, required=True, description="Determines the action type.")
        amount = PositiveDecimal(
            description="Transaction request amount. If empty for refund or capture, maximal possible amount will be used."
        )
        refund_reason = graphene.String(description="Reason of the refund.")
        refund_reason_reference = graphene.ID(description="ID of a `Page` to reference as reason for the refund.")

    class Meta:
        description = "Request an action for payment transaction. Requires the HANDLE_PAYMENTS permission."
        permissions = (PermissionEnum.HANDLE_PAYMENTS,)
        error_type_class = TransactionRequestActionError

    @classmethod
    def perform_mutation(cls, root, info, action_type, id=None, token=None, amount=None, refund_reason=None, refund_reason_reference=None):
        item = resolve_transaction(id, token, info.context)
        item = actions.request_action(item, _enum_value(action_type), amount, Actor.of(info.context), reason=refund_reason or "")
        return cls(transaction=item, errors=[])


class PaymentMutations(graphene.ObjectType):
    payment_gateway_initialize = PaymentGatewayInitialize.Field()
    transaction_initialize = TransactionInitialize.Field()
    transaction_process = TransactionProcess.Field()
    transaction_request_action = TransactionRequestAction.Field()

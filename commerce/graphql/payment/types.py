import graphene
from graphene.types.generic import GenericScalar
from prices import Money as PriceMoney

from commerce.graphql.core.types import Money, ModelObjectType, NonNullList, ObjectWithMetadata
from commerce.payment import models

from .dataloaders import TransactionEventsByTransactionIdLoader
from .enums import TransactionActionEnum, TransactionEventTypeEnum
from .errors import PaymentGatewayConfigError


class JSON(GenericScalar):
    """Saleor's JSON scalar: any JSON value."""

    class Meta:
        name = "JSON"


def _money(field):
    return lambda root, info: PriceMoney(getattr(root, field), root.currency)


class TransactionEvent(ModelObjectType):
    created_at = graphene.DateTime(required=True)
    psp_reference = graphene.String(required=True, description="PSP reference of transaction.")
    message = graphene.String(required=True, description="Message related to the transaction's event.")
    external_url = graphene.String(
        required=True, description="The url that will allow to redirect user to payment provider page with transaction details."
    )
    amount = graphene.Field(Money, required=True, description="The amount related to this event.")
    type = graphene.Field(TransactionEventTypeEnum, description="The type of action related to this event.")
    idempotency_key = graphene.String(description="Idempotency key assigned to the event.")

    class Meta:
        model = models.TransactionEvent
        description = "Represents transaction's event."

    resolve_amount = staticmethod(_money("amount_value"))


class TransactionItem(ModelObjectType):
    token = graphene.UUID(required=True, description="The transaction token.")
    created_at = graphene.DateTime(required=True)
    modified_at = graphene.DateTime(required=True)
    actions = NonNullList(TransactionActionEnum, description="List of actions that can be performed in the current state of a payment.")
    authorized_amount = graphene.Field(Money, required=True, description="Total amount authorized for this payment.")
    authorize_pending_amount = graphene.Field(
        Money, required=True, description="Total amount of ongoing authorization requests for the transaction."
    )
    refunded_amount = graphene.Field(Money, required=True, description="Total amount refunded for this payment.")
    refund_pending_amount = graphene.Field(Money, required=True, description="Total amount of ongoing refund requests for the transaction.")
    canceled_amount = graphene.Field(Money, required=True, description="Total amount canceled for this payment.")
    cancel_pending_amount = graphene.Field(Money, required=True, description="Total amount of ongoing cancel requests for the transaction.")
    charged_amount = graphene.Field(Money, required=True, description="Total amount charged for this payment.")
    charge_pending_amount = graphene.Field(Money, required=True, description="Total amount of ongoing charge requests for the transaction.")
    name = graphene.String(required=True, description="Name of the transaction.")
    message = graphene.String(required=True, description="Message related to the transaction.")
    psp_reference = graphene.String(required=True, description="PSP reference of transaction.")
    events = NonNullList(TransactionEvent, description="List of all transaction's events.")
    external_url = graphene.String(
        required=True, description="The url that will allow to redirect user to payment provider page with transaction details."
    )

    class Meta:
        model = models.TransactionItem
        interfaces = (ObjectWithMetadata,)
        description = "Represents a payment transaction."

    # Saleor identifies transactions by token, never by the sequential database key.
    @staticmethod
    def resolve_id(root, info):
        return str(root.token)

    @classmethod
    def get_node(cls, info, id):
        return models.TransactionItem.objects.filter(token=id).first() if _is_uuid(id) else None

    @staticmethod
    def resolve_actions(root, info):
        return [TransactionActionEnum.get(a) for a in root.available_actions]

    @staticmethod
    def resolve_events(root, info):
        return TransactionEventsByTransactionIdLoader(info.context).load(root.pk)

    resolve_authorized_amount = staticmethod(_money("authorized_value"))
    resolve_authorize_pending_amount = staticmethod(_money("authorize_pending_value"))
    resolve_refunded_amount = staticmethod(_money("refunded_value"))
    resolve_refund_pending_amount = staticmethod(_money("refund_pending_value"))
    resolve_canceled_amount = staticmethod(_money("canceled_value"))
    resolve_cancel_pending_amount = staticmethod(_money("cancel_pending_value"))
    resolve_charged_amount = staticmethod(_money("charged_value"))
    resolve_charge_pending_amount = staticmethod(_money("charge_pending_value"))


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class GatewayConfigLine(graphene.ObjectType):
    field = graphene.String(required=True, description="Gateway config key.")
    value = graphene.String(description="Gateway config value for key.")

    class Meta:
        description = "Payment gateway client configuration key and value pair."


class PaymentGateway(graphene.ObjectType):
    name = graphene.String(required=True, description="Payment gateway name.")
    id = graphene.ID(required=True, description="Payment gateway ID.")
    config = NonNullList(GatewayConfigLine, description="Payment gateway client configuration.")
    currencies = NonNullList(graphene.String, description="Payment gateway supported currencies.")

    class Meta:
        description = "Available payment gateway backend with configuration necessary to setup client."

    @staticmethod
    def resolve_config(root, info):
        return [GatewayConfigLine(field=f, value=v) for f, v in root.config]


class PaymentGatewayConfig(graphene.ObjectType):
    id = graphene.String(required=True)
    data = graphene.Field(JSON)
    errors = graphene.List(graphene.NonNull(PaymentGatewayConfigError))

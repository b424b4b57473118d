import graphene

from commerce.payment.models import TransactionAction, TransactionEventType

TransactionActionEnum = graphene.Enum("TransactionActionEnum", [(value.upper(), value) for value, _ in TransactionAction.CHOICES])
TransactionEventTypeEnum = graphene.Enum("TransactionEventTypeEnum", [(name, value) for value, name in TransactionEventType.CHOICES])


class TransactionFlowStrategyEnum(graphene.Enum):
    AUTHORIZATION = "authorization"
    CHARGE = "charge"

import graphene

from commerce.discount import models
from commerce.graphql.core.types import ModelObjectType, ObjectWithMetadata


class DiscountValueTypeEnum(graphene.Enum):
    FIXED = "fixed"
    PERCENTAGE = "percentage"


class VoucherTypeEnum(graphene.Enum):
    SHIPPING = "shipping"
    ENTIRE_ORDER = "entire_order"
    SPECIFIC_PRODUCT = "specific_product"


class Voucher(ModelObjectType):
    name = graphene.String(description="The name of the voucher.")
    code = graphene.String(description="The code of the voucher.")
    usage_limit = graphene.Int(description="The number of times a voucher can be used.")
    used = graphene.Int(required=True, description="Usage count of the voucher.")
    start_date = graphene.DateTime(required=True, description="The start date and time of voucher.")
    end_date = graphene.DateTime(description="The end date and time of voucher.")
    apply_once_per_customer = graphene.Boolean(required=True, description="Determine if the voucher can be applied once per customer.")
    only_for_staff = graphene.Boolean(required=True, description="Determine if the voucher is available only for staff members.")
    min_checkout_items_quantity = graphene.Int(description="Determine minimum quantity of items for checkout.")
    discount_value_type = graphene.Field(
        DiscountValueTypeEnum, required=True, description="Determines a type of discount for voucher - value or percentage"
    )
    type = graphene.Field(VoucherTypeEnum, required=True, description="Determines a type of voucher.")

    class Meta:
        description = "Vouchers allow giving discounts to particular customers on categories, collections or specific products."
        model = models.Voucher
        interfaces = (ObjectWithMetadata,)

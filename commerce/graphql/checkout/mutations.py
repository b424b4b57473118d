"""Saleor's checkout mutations. Each resolves IDs, locks the checkout row the caller may use
(base.get_locked_checkout: a customer's checkout is theirs), and calls one function of
commerce.checkout.services (or complete.complete_checkout)."""

from __future__ import annotations

import graphene

from commerce.account.models import User
from commerce.channel.models import Channel
from commerce.checkout import services
from commerce.checkout.complete import complete_checkout
from commerce.checkout.models import CheckoutLine as CheckoutLineModel
from commerce.core.permissions import PermissionEnum
from commerce.core.validation import problems
from commerce.graphql.account.inputs import AddressInput, address_input_data
from commerce.graphql.core.context import has_one_of_permissions
from commerce.graphql.core.enums import LanguageCodeEnum
from commerce.graphql.core.errors import PermissionDenied
from commerce.graphql.core.inputs import MetadataInput, PositiveDecimal, metadata_dict
from commerce.graphql.core.model_mutations import decode_id, get_node, get_nodes
from commerce.graphql.core.types import NonNullList
from commerce.product.models import ProductVariant
from commerce.shipping.models import ShippingMethod as ShippingMethodModel
from commerce.warehouse.models import Warehouse as WarehouseModel

from .base import DomainMutation, get_completable_checkout_token, get_locked_checkout
from .dataloaders import forget_checkout
from .errors import CheckoutError
from .types import Checkout


class CheckoutLineInput(graphene.InputObjectType):
    quantity = graphene.Int(required=True, description="The number of items purchased.")
    variant_id = graphene.ID(required=True, description="ID of the product variant.")
    price = PositiveDecimal(
        description="Custom price of the item. Requires HANDLE_CHECKOUTS and MANAGE_CHECKOUTS permissions (not supported here)."
    )
    force_new_line = graphene.Boolean(
        default_value=False, description="Flag that allow force splitting the same variant into multiple lines."
    )
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="Fields required to update the object's metadata.")


class CheckoutLineUpdateInput(graphene.InputObjectType):
    variant_id = graphene.ID(deprecation_reason="Use `lineId` instead.")
    quantity = graphene.Int(description="The number of items purchased. Optional for apps, required for any other users.")
    price = PositiveDecimal(description="Custom price of the item (not supported here).")
    line_id = graphene.ID(description="ID of the line.")
    metadata = graphene.List(graphene.NonNull(MetadataInput))


class CheckoutCreateInput(graphene.InputObjectType):
    channel = graphene.String(description="Slug of a channel in which to create a checkout.")
    lines = NonNullList(
        CheckoutLineInput, description="A list of checkout lines, each containing information about an item in the checkout."
    )
    email = graphene.String(description="The customer's email address.")
    shipping_address = AddressInput(description="The mailing address to where the checkout will be shipped.")
    save_shipping_address = graphene.Boolean(
        description="Indicates whether the shipping address should be saved to the user's address book upon checkout completion. Can only be set when a shipping address is provided; saved when not specified."
    )
    billing_address = AddressInput(description="Billing address of the customer.")
    save_billing_address = graphene.Boolean(
        description="Indicates whether the billing address should be saved to the user's address book upon checkout completion. Can only be set when a billing address is provided; saved when not specified."
    )
    language_code = graphene.Argument(LanguageCodeEnum, description="Checkout language code.")
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="Checkout public metadata.")


def _lines(rows, field="lines"):
    if rows and any(row.get("price") is not None for row in rows):
        raise problems([("price", "INVALID", "Custom prices are not supported.")])
    variants = get_nodes(
        [row["variant_id"] for row in rows],
        "ProductVariant",
        ProductVariant,
        "variantId",
        queryset=ProductVariant.objects.select_related("product"),
    )
    return [
        (variant, row["quantity"], row.get("force_new_line"), metadata_dict(row.get("metadata"))) for variant, row in zip(variants, rows)
    ]


def _user(info):
    user = info.context.user
    return user if getattr(user, "is_authenticated", False) else None


class CheckoutPayload(DomainMutation):
    checkout = graphene.Field(Checkout)

    class Meta:
        abstract = True

    @classmethod
    def done(cls, info, checkout, **extra):
        forget_checkout(info.context, checkout.pk)
        return cls(checkout=checkout, **extra)


def _arguments(common: dict, **extra):
    return type("Arguments", (), {**common, **extra})


def _checkout_args(with_checkout_id=True):
    args = {
        "id": graphene.ID(description="The checkout's ID."),
        "token": graphene.UUID(deprecation_reason="Use `id` instead."),
    }
    if with_checkout_id:
        args["checkout_id"] = graphene.ID(deprecation_reason="Use `id` instead.")
    return args


class CheckoutCreate(CheckoutPayload):
    created = graphene.Boolean(deprecation_reason="Always returns `true`.")

    class Arguments:
        input = CheckoutCreateInput(required=True, description="Fields required to create checkout.")

    class Meta:
        description = "Create a new checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, input):
        slug = input.get("channel")
        if not slug:
            raise problems([("channel", "MISSING_CHANNEL_SLUG", "You need to provide channel slug.")])
        channel = Channel.objects.filter(slug=slug).first()
        if channel is None:
            raise problems([("channel", "NOT_FOUND", f"Channel with '{slug}' slug does not exist.")])
        language = input.get("language_code")
        for kind in ("shipping", "billing"):
            if input.get(f"save_{kind}_address") is not None and not input.get(f"{kind}_address"):
                raise problems(
                    [
                        (
                            f"save{kind.title()}Address",
                            "MISSING_ADDRESS_DATA",
                            f"This option can only be selected if a {kind} address is provided.",
                        )
                    ]
                )
        checkout = services.create_checkout(
            channel,
            _lines(input.get("lines") or []),
            email=input.get("email"),
            shipping_address=address_input_data(input["shipping_address"]) if input.get("shipping_address") else None,
            billing_address=address_input_data(input["billing_address"]) if input.get("billing_address") else None,
            language_code=getattr(language, "value", language) if language else None,
            user=_user(info),
            metadata=metadata_dict(input.get("metadata")),
            save_shipping_address=input.get("save_shipping_address") is not False,
            save_billing_address=input.get("save_billing_address") is not False,
        )
        return cls.done(info, checkout, created=True)


class CheckoutLinesAdd(CheckoutPayload):
    Arguments = _arguments(
        _checkout_args(),
        lines=NonNullList(
            CheckoutLineInput, description="A list of checkout lines, each containing information about an item in the checkout."
        ),
    )

    class Meta:
        description = "Adds a checkout line to the existing checkout. If line was already in checkout, its quantity will be increased."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, lines, **data):
        checkout = get_locked_checkout(info, data)
        services.add_lines(checkout, _lines(lines), user=_user(info))
        return cls.done(info, checkout)


class CheckoutLinesUpdate(CheckoutPayload):
    Arguments = _arguments(
        _checkout_args(),
        lines=NonNullList(CheckoutLineUpdateInput, description="A list of checkout lines."),
    )

    class Meta:
        description = "Updates checkout line in the existing checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, lines, **data):
        checkout = get_locked_checkout(info, data)
        own = {line.pk: line for line in CheckoutLineModel.objects.filter(checkout=checkout).select_related("variant__product")}
        by_variant = {line.variant_id: line for line in own.values()}
        updates = []
        for row in lines:
            if row.get("price") is not None:
                raise problems([("price", "INVALID", "Custom prices are not supported.")])
            if row.get("quantity") is None:
                raise problems([("quantity", "REQUIRED", "Quantity is required.")])
            if row.get("line_id"):
                _, pk = decode_id(row["line_id"], "CheckoutLine", "lineId")
                line = next((l for l in own.values() if str(l.pk) == str(pk)), None)
                if line is None:
                    raise problems([("lineId", "INVALID", "Provided line_ids aren't part of checkout.")], code="INVALID")
            elif row.get("variant_id"):
                variant = get_node(row["variant_id"], "ProductVariant", ProductVariant, "variantId")
                line = by_variant.get(variant.pk)
                if line is None:
                    services.add_lines(checkout, [(variant, row["quantity"])], user=_user(info)) if row["quantity"] > 0 else None
                    continue
            else:
                raise problems([("lineId", "REQUIRED", "Provide lineId.")])
            updates.append((line, row["quantity"], metadata_dict(row.get("metadata"))))
        if updates:
            services.update_lines(checkout, updates, user=_user(info))
        return cls.done(info, checkout)


class CheckoutLinesDelete(CheckoutPayload):
    Arguments = _arguments(
        _checkout_args(with_checkout_id=False),
        lines_ids=NonNullList(graphene.ID, description="A list of checkout lines."),
    )

    class Meta:
        description = "Deletes checkout lines."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, lines_ids, **data):
        checkout = get_locked_checkout(info, data)
        lines = get_nodes(
            lines_ids, "CheckoutLine", CheckoutLineModel, "lineId", queryset=CheckoutLineModel.objects.filter(checkout=checkout)
        )
        services.delete_lines(checkout, lines)
        return cls.done(info, checkout)


class CheckoutEmailUpdate(CheckoutPayload):
    Arguments = _arguments(
        _checkout_args(),
        email=graphene.String(required=True, description="email."),
    )

    class Meta:
        description = "Updates email address in the existing checkout object."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, email, **data):
        checkout = get_locked_checkout(info, data)
        services.set_email(checkout, email.strip())
        return cls.done(info, checkout)


class CheckoutShippingAddressUpdate(CheckoutPayload):
    Arguments = _arguments(
        _checkout_args(),
        shipping_address=AddressInput(required=True, description="The mailing address to where the checkout will be shipped."),
        save_address=graphene.Boolean(
            default_value=True,
            description="Indicates whether the shipping address should be saved to the user's address book upon checkout completion. If not provided, the default behavior is to save the address.",
        ),
    )

    class Meta:
        description = "Update shipping address in the existing checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, shipping_address, save_address=True, **data):
        checkout = get_locked_checkout(info, data)
        address = address_input_data(shipping_address)
        services.set_address(
            checkout, "shipping", address, skip_validation=bool(address.pop("skip_validation", False)), save=save_address is not False
        )
        return cls.done(info, checkout)


class CheckoutBillingAddressUpdate(CheckoutPayload):
    Arguments = _arguments(
        _checkout_args(),
        billing_address=AddressInput(required=True, description="The billing address of the checkout."),
        save_address=graphene.Boolean(
            default_value=True,
            description="Indicates whether the billing address should be saved to the user's address book upon checkout completion. If not provided, the default behavior is to save the address.",
        ),
    )

    class Meta:
        description = "Update billing address in the existing checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, billing_address, save_address=True, **data):
        checkout = get_locked_checkout(info, data)
        address = address_input_data(billing_address)
        services.set_address(
            checkout, "billing", address, skip_validation=bool(address.pop("skip_validation", False)), save=save_address is not False
        )
        return cls.done(info, checkout)


class CheckoutDeliveryMethodUpdate(CheckoutPayload):
    Arguments = _arguments(
        _checkout_args(with_checkout_id=False),
        delivery_method_id=graphene.ID(description="Delivery Method ID (`Warehouse` ID or `ShippingMethod` ID)."),
    )

    class Meta:
        description = "Updates the delivery method (shipping method or pick up point) of the checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, delivery_method_id=None, **data):
        checkout = get_locked_checkout(info, data)
        if not delivery_method_id:
            services.set_delivery_method(checkout)
            return cls.done(info, checkout)
        type_name, _ = decode_id(delivery_method_id, ("ShippingMethod", "Warehouse"), "deliveryMethodId")
        if type_name == "Warehouse":
            warehouse = get_node(delivery_method_id, "Warehouse", WarehouseModel, "deliveryMethodId")
            services.set_delivery_method(checkout, warehouse=warehouse)
        else:
            method = get_node(delivery_method_id, "ShippingMethod", ShippingMethodModel, "deliveryMethodId")
            services.set_delivery_method(checkout, shipping_method=method)
        return cls.done(info, checkout)


class CheckoutCustomerAttach(CheckoutPayload):
    Arguments = _arguments(
        _checkout_args(),
        customer_id=graphene.ID(
            description="ID of customer to attach to checkout. Requires IMPERSONATE_USER permission when customerId is different than the logged-in user."
        ),
    )

    class Meta:
        description = "Sets the customer as the owner of the checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, customer_id=None, **data):
        me = _user(info)
        if customer_id:
            customer = get_node(customer_id, "User", User, "customerId")
            if (me is None or me.pk != customer.pk) and not has_one_of_permissions(info.context, [PermissionEnum.IMPERSONATE_USER]):
                raise PermissionDenied(permissions=[PermissionEnum.IMPERSONATE_USER])
        elif me is None:
            raise PermissionDenied("You need to be authenticated to attach a customer to a checkout.")
        else:
            customer = me
        checkout = get_locked_checkout(info, data)
        if (
            checkout.user_id
            and checkout.user_id != customer.pk
            and not has_one_of_permissions(info.context, [PermissionEnum.IMPERSONATE_USER])
        ):
            raise PermissionDenied("This checkout belongs to another customer.")
        services.attach_customer(checkout, customer)
        return cls.done(info, checkout)


class CheckoutAddPromoCode(CheckoutPayload):
    Arguments = _arguments(
        _checkout_args(),
        promo_code=graphene.String(required=True, description="Gift card code or voucher code."),
    )

    class Meta:
        description = "Adds a gift card or a voucher to a checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, root, info, promo_code, **data):
        checkout = get_locked_checkout(info, data)
        services.add_promo_code(checkout, promo_code, user=_user(info))
        return cls.done(info, checkout)


class CheckoutComplete(DomainMutation):
    order = graphene.Field("commerce.graphql.order.types.Order", description="Placed order.")
    confirmation_needed = graphene.Boolean(
        required=True, description="Set to true if payment needs to be confirmed before checkout is complete."
    )
    confirmation_data = graphene.JSONString(description="Confirmation data used to process additional authorization steps.")

    Arguments = _arguments(
        _checkout_args(),
        payment_data=graphene.JSONString(description="Client-side generated data required to finalize the payment."),
        redirect_url=graphene.String(description="URL of a view where users should be redirected to see the order details."),
        metadata=graphene.List(graphene.NonNull(MetadataInput), description="Fields required to update the checkout metadata."),
    )

    class Meta:
        description = "Completes the checkout: stock is allocated, the order is created and the checkout removed."
        error_type_class = CheckoutError

    @classmethod
    def error_payload(cls, errors):
        response = super().error_payload(errors)
        response.confirmation_needed = False  # non-null in Saleor's schema
        return response

    @classmethod
    def perform_mutation(cls, root, info, payment_data=None, redirect_url=None, metadata=None, **data):
        token = get_completable_checkout_token(info, data)
        result = complete_checkout(
            token,
            user=_user(info),
            app=info.context.app,
            payment_data=payment_data,
            metadata=metadata_dict(metadata),
            redirect_url=redirect_url,
        )
        return cls(order=result.order, confirmation_needed=result.confirmation_needed, confirmation_data=result.confirmation_data)


class CheckoutMutations(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_lines_delete = CheckoutLinesDelete.Field()
    checkout_email_update = CheckoutEmailUpdate.Field()
    checkout_shipping_address_update = CheckoutShippingAddressUpdate.Field()
    checkout_billing_address_update = CheckoutBillingAddressUpdate.Field()
    checkout_delivery_method_update = CheckoutDeliveryMethodUpdate.Field()
    checkout_customer_attach = CheckoutCustomerAttach.Field()
    checkout_add_promo_code = CheckoutAddPromoCode.Field()
    checkout_complete = CheckoutComplete.Field()

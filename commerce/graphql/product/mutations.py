"""Catalog write mutations in Saleor 3.23's shapes: parse input (global IDs → rows), call
commerce.product.services, shape the payload. Products, variants and collections are returned
wrapped in a ChannelContext without a channel, as Saleor does for mutation results."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction

from commerce.attribute.history import ChangedBy
from commerce.attribute.models import Attribute, AttributeValue
from commerce.channel.models import Channel
from commerce.core.permissions import PermissionEnum
from commerce.core.validation import flatten, problems
from commerce.graphql.attribute.inputs import parse_attribute_inputs, want_attribute_inputs
from commerce.graphql.core import bulk
from commerce.graphql.core.errors import payload_error
from commerce.graphql.core.inputs import ErrorPolicyEnum, metadata_dict
from commerce.graphql.core.model_mutations import (
    DIRECT,
    Nodes,
    get_by_external_reference,
    get_node,
    get_nodes,
)
from commerce.graphql.core.mutations import BaseMutation
from commerce.graphql.core.types import NonNullList
from commerce.product import models, services
from commerce.warehouse.models import Warehouse

from .errors import (
    BulkProductError,
    CollectionError,
    ProductBulkCreateError,
    ProductChannelListingError,
    ProductError,
    ProductVariantBulkError,
)
from .inputs import (
    CategoryInput,
    CollectionCreateInput,
    ProductBulkCreateInput,
    ProductChannelListingUpdateInput,
    ProductCreateInput,
    ProductInput,
    ProductTypeInput,
    ProductVariantBulkCreateInput,
    ProductVariantChannelListingAddInput,
    ProductVariantCreateInput,
)
from .types import Category, ChannelContext, Collection, Product, ProductType, ProductVariant

MANAGE_PRODUCTS = (PermissionEnum.MANAGE_PRODUCTS,)


def _ctx(obj):
    return ChannelContext(obj, None) if obj is not None else None


def _enum_value(value):
    return getattr(value, "value", value)


def _seo(input, out: dict) -> None:
    if input.get("seo") is not None:
        seo = input["seo"]
        if "title" in seo:
            out["seo_title"] = seo.get("title")
        if "description" in seo:
            out["seo_description"] = seo.get("description")


def product_fields(input, nodes: Nodes = DIRECT) -> dict:
    """Service keyword arguments for the ProductInput fields the caller actually sent."""
    out = {}
    for key in ("name", "slug", "description", "rating", "external_reference"):
        if key in input:
            out[key] = input[key]
    if "category" in input:
        out["category"] = nodes.get_node(input["category"], "Category", models.Category, "category") if input["category"] else None
    if "weight" in input:
        out["weight_grams"] = input["weight"]
    for key in ("metadata", "private_metadata"):
        if input.get(key) is not None:
            out[key] = metadata_dict(input[key])
    _seo(input, out)
    return out


def get_product(id=None, external_reference=None, field="id"):
    if bool(id) == bool(external_reference):
        raise problems([(field, "GRAPHQL_ERROR", "Give exactly one of 'id' and 'externalReference'.")])
    if id:
        return get_node(id, "Product", models.Product, "id")
    return get_by_external_reference(models.Product, external_reference, "externalReference")


def variant_listing_entries(listings, field="channelListings", nodes: Nodes = DIRECT) -> list[dict]:
    entries = []
    for listing in listings or []:
        entry = {"channel": nodes.get_node(listing["channel_id"], "Channel", Channel, "channelId"), "price": listing.get("price")}
        for key in ("cost_price", "prior_price"):
            if key in listing:
                entry[key] = listing[key]
        entries.append(entry)
    return entries


def variant_kwargs(input, product, nodes: Nodes = DIRECT) -> dict:
    kwargs = {
        "product": product,
        "attributes": parse_attribute_inputs(input.get("attributes"), nodes=nodes),
        "sku": input.get("sku"),
        "name": input.get("name") or "",
        "track_inventory": True if input.get("track_inventory") is None else input["track_inventory"],
        "weight_grams": input.get("weight"),
        "quantity_limit_per_customer": input.get("quantity_limit_per_customer"),
        "external_reference": input.get("external_reference"),
        "metadata": metadata_dict(input.get("metadata")),
        "private_metadata": metadata_dict(input.get("private_metadata")),
        "stocks": [(nodes.get_node(s["warehouse"], "Warehouse", Warehouse, "warehouse"), s["quantity"]) for s in input.get("stocks") or []],
    }
    if input.get("channel_listings"):
        kwargs["channel_listings"] = variant_listing_entries(input["channel_listings"], nodes=nodes)
    return kwargs


def product_listing_entry(listing, nodes: Nodes = DIRECT) -> dict:
    entry = {"channel": nodes.get_node(listing["channel_id"], "Channel", Channel, "channelId")}
    for key in ("is_published", "published_at", "visible_in_listings", "is_available_for_purchase", "available_for_purchase_at"):
        if key in listing:
            entry[key] = listing[key]
    return entry


# --- Types, categories, collections -----------------------------------------------------------


class ProductTypeCreate(BaseMutation):
    product_type = graphene.Field(ProductType)

    class Arguments:
        input = ProductTypeInput(required=True, description="Fields required to create a product type.")

    class Meta:
        description = "Creates a new product type."
        permissions = (PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES,)
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root, info, input):
        product_type = services.create_product_type(
            name=input.get("name") or "",
            slug=input.get("slug"),
            kind=_enum_value(input.get("kind")) or "normal",
            has_variants=True if input.get("has_variants") is None else input["has_variants"],
            is_shipping_required=True if input.get("is_shipping_required") is None else input["is_shipping_required"],
            weight_grams=input.get("weight"),
            product_attributes=get_nodes(input.get("product_attributes") or [], "Attribute", Attribute, "productAttributes"),
            variant_attributes=get_nodes(input.get("variant_attributes") or [], "Attribute", Attribute, "variantAttributes"),
        )
        return cls(product_type=product_type)


class CategoryCreate(BaseMutation):
    category = graphene.Field(Category)

    class Arguments:
        input = CategoryInput(required=True, description="Fields required to create a category.")
        parent = graphene.ID(description="ID of the parent category. If empty, category will be top level category.", name="parent")

    class Meta:
        description = "Creates a new category."
        permissions = MANAGE_PRODUCTS
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root, info, input, parent=None):
        seo = {}
        _seo(input, seo)
        category = services.create_category(
            name=input.get("name") or "",
            slug=input.get("slug"),
            parent=get_node(parent, "Category", models.Category, "parent") if parent else None,
            description=input.get("description"),
            background_image_alt=input.get("background_image_alt") or "",
            metadata=metadata_dict(input.get("metadata")),
            private_metadata=metadata_dict(input.get("private_metadata")),
            **seo,
        )
        return cls(category=category)


class CollectionCreate(BaseMutation):
    collection = graphene.Field(Collection)

    class Arguments:
        input = CollectionCreateInput(required=True, description="Fields required to create a collection.")

    class Meta:
        description = "Creates a new collection."
        permissions = MANAGE_PRODUCTS
        error_type_class = CollectionError

    @classmethod
    def perform_mutation(cls, root, info, input):
        seo = {}
        _seo(input, seo)
        collection = services.create_collection(
            name=input.get("name") or "",
            slug=input.get("slug"),
            description=input.get("description"),
            background_image_alt=input.get("background_image_alt") or "",
            metadata=metadata_dict(input.get("metadata")),
            private_metadata=metadata_dict(input.get("private_metadata")),
            products=get_nodes(input.get("products") or [], "Product", models.Product, "products"),
            **seo,
        )
        return cls(collection=_ctx(collection))


class CollectionAddProducts(BaseMutation):
    collection = graphene.Field(Collection)

    class Arguments:
        collection_id = graphene.ID(required=True, description="ID of a collection.")
        products = NonNullList(graphene.ID, description="List of product IDs.")

    class Meta:
        description = "Adds products to a collection."
        permissions = MANAGE_PRODUCTS
        error_type_class = CollectionError

    @classmethod
    def perform_mutation(cls, root, info, collection_id, products):
        collection = get_node(collection_id, "Collection", models.Collection, "collectionId")
        services.add_products_to_collection(collection, get_nodes(products, "Product", models.Product, "products"))
        return cls(collection=_ctx(collection))


# --- Products ----------------------------------------------------------------------------------


class ProductCreate(BaseMutation):
    product = graphene.Field(Product)

    class Arguments:
        input = ProductCreateInput(required=True, description="Fields required to create a product.")

    class Meta:
        description = "Creates a new product."
        permissions = MANAGE_PRODUCTS
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root, info, input):
        product = services.create_product(
            product_type=get_node(input["product_type"], "ProductType", models.ProductType, "productType"),
            attributes=parse_attribute_inputs(input.get("attributes")),
            collections=get_nodes(input.get("collections") or [], "Collection", models.Collection, "collections"),
            changed_by=ChangedBy.of(info.context),
            **product_fields(input),
        )
        return cls(product=_ctx(product))


class ProductUpdate(BaseMutation):
    product = graphene.Field(Product)

    class Arguments:
        id = graphene.ID(description="ID of a product to update.")
        external_reference = graphene.String(description="External ID of a product to update.")
        input = ProductInput(required=True, description="Fields required to update a product.")

    class Meta:
        description = "Updates an existing product."
        permissions = MANAGE_PRODUCTS
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root, info, input, id=None, external_reference=None):
        product = get_product(id, external_reference)
        collections = None
        if input.get("collections") is not None:
            collections = get_nodes(input["collections"], "Collection", models.Collection, "collections")
        # The sync sends every OCOP attribute of a changed product: read them once, not one by one.
        nodes = Nodes()
        want_attribute_inputs(input.get("attributes"), nodes)
        nodes.load({Attribute: Attribute.objects.prefetch_related("reference_page_types")})
        product = services.update_product(
            product,
            attributes=parse_attribute_inputs(input.get("attributes"), nodes=nodes),
            collections=collections,
            changed_by=ChangedBy.of(info.context),
            **product_fields(input),
        )
        return cls(product=_ctx(product))


class ProductDelete(BaseMutation):
    product = graphene.Field(Product)

    class Arguments:
        id = graphene.ID(description="ID of a product to delete.")
        external_reference = graphene.String(description="External ID of a product to delete.")

    class Meta:
        description = "Deletes a product."
        permissions = MANAGE_PRODUCTS
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root, info, id=None, external_reference=None):
        return cls(product=_ctx(services.delete_product(get_product(id, external_reference))))


class ProductVariantCreate(BaseMutation):
    product_variant = graphene.Field(ProductVariant)

    class Arguments:
        input = ProductVariantCreateInput(required=True, description="Fields required to create a product variant.")

    class Meta:
        description = "Creates a new variant for a product."
        permissions = MANAGE_PRODUCTS
        error_type_class = ProductError

    @classmethod
    def perform_mutation(cls, root, info, input):
        product = get_node(input["product"], "Product", models.Product, "product")
        variant = services.create_variant(**variant_kwargs(input, product))
        return cls(product_variant=_ctx(variant))


class ProductChannelListingUpdate(BaseMutation):
    product = graphene.Field(Product)

    class Arguments:
        id = graphene.ID(required=True, description="ID of a product to update.")
        input = ProductChannelListingUpdateInput(required=True, description="Fields required to create or update product channel listings.")

    class Meta:
        description = "Manage product's availability in channels."
        permissions = MANAGE_PRODUCTS
        error_type_class = ProductChannelListingError

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        product = get_node(id, "Product", models.Product, "id")
        services.update_product_channel_listings(
            product,
            update=[product_listing_entry(entry) for entry in input.get("update_channels") or []],
            remove=get_nodes(input.get("remove_channels") or [], "Channel", Channel, "removeChannels"),
        )
        return cls(product=_ctx(product))


class ProductVariantChannelListingUpdate(BaseMutation):
    variant = graphene.Field(ProductVariant)

    class Arguments:
        id = graphene.ID(description="ID of a variant to update.")
        sku = graphene.String(description="SKU of a variant to update.")
        input = NonNullList(
            ProductVariantChannelListingAddInput,
            description="List of fields required to create or upgrade product variant channel listings.",
        )

    class Meta:
        description = "Manage product variant prices in channels."
        permissions = MANAGE_PRODUCTS
        error_type_class = ProductChannelListingError

    @classmethod
    def perform_mutation(cls, root, info, input, id=None, sku=None):
        if bool(id) == bool(sku):
            raise problems([("id", "GRAPHQL_ERROR", "Give exactly one of 'id' and 'sku'.")])
        if id:
            variant = get_node(id, "ProductVariant", models.ProductVariant, "id")
        else:
            variant = models.ProductVariant.objects.filter(sku=sku).first()
            if variant is None:
                raise problems([("sku", "NOT_FOUND", f"Couldn't resolve to a node: {sku}")])
        services.update_variant_channel_listings(variant, variant_listing_entries(input, "input"))
        return cls(variant=_ctx(variant))


# --- Bulk --------------------------------------------------------------------------------------


def _want_bulk_nodes(products) -> Nodes:
    """Every row, listing and variant's IDs, read with one query per model for the batch."""
    nodes = Nodes()
    for row in products:
        nodes.want(row.get("product_type"), "ProductType", models.ProductType)
        if row.get("category"):
            nodes.want(row["category"], "Category", models.Category)
        for gid in row.get("collections") or []:
            nodes.want(gid, "Collection", models.Collection)
        want_attribute_inputs(row.get("attributes"), nodes)
        for listing in row.get("channel_listings") or []:
            nodes.want(listing.get("channel_id"), "Channel", Channel)
        for variant in row.get("variants") or []:
            want_attribute_inputs(variant.get("attributes"), nodes)
            for stock in variant.get("stocks") or []:
                nodes.want(stock.get("warehouse"), "Warehouse", Warehouse)
            for listing in variant.get("channel_listings") or []:
                nodes.want(listing.get("channel_id"), "Channel", Channel)
    return nodes.load(
        {
            # What the services then read of them without asking again.
            models.ProductType: models.ProductType.objects.prefetch_related("product_attributes", "variant_attributes"),
            Attribute: Attribute.objects.prefetch_related("reference_page_types"),
            AttributeValue: AttributeValue.objects.all(),
        }
    )


def _new_product(row, nodes: Nodes) -> services.NewProduct:
    """Resolve one ProductBulkCreateInput; a part that fails to resolve is handed on as its error."""
    try:
        new = services.NewProduct(
            product_type=nodes.get_node(row["product_type"], "ProductType", models.ProductType, "productType"),
            attributes=parse_attribute_inputs(row.get("attributes"), nodes=nodes),
            collections=nodes.get_nodes(row.get("collections") or [], "Collection", models.Collection, "collections"),
            fields=product_fields(row, nodes),
        )
    except DjangoValidationError as exc:
        return services.NewProduct(error=exc)
    for listing in row.get("channel_listings") or []:
        try:
            new.channel_listings.append(product_listing_entry(listing, nodes))
        except DjangoValidationError as exc:
            new.channel_listings.append(exc)
    for variant in row.get("variants") or []:
        try:
            kwargs = variant_kwargs(variant, None, nodes)
            del kwargs["product"]
            new.variants.append(kwargs)
        except DjangoValidationError as exc:
            new.variants.append(exc)
    return new


class ProductBulkResult(graphene.ObjectType):
    product = graphene.Field(Product, description="Product data.")
    errors = graphene.List(graphene.NonNull(ProductBulkCreateError), description="List of errors occurred on create attempt.")


class ProductBulkCreate(BaseMutation):
    count = graphene.Int(required=True, description="Returns how many objects were created.")
    results = NonNullList(ProductBulkResult, description="List of the created products.")

    class Arguments:
        error_policy = ErrorPolicyEnum(description="Policies of error handling. DEFAULT: REJECT_EVERYTHING")
        products = NonNullList(ProductBulkCreateInput, description="Input list of products to create.")

    class Meta:
        description = "Creates products."
        permissions = MANAGE_PRODUCTS
        error_type_class = ProductBulkCreateError

    error_field_attr = "path"

    @classmethod
    def perform_mutation(cls, root, info, products, error_policy=None):
        policy = bulk.policy_value(error_policy)
        nodes = _want_bulk_nodes(products)
        rows = services.bulk_create_products(
            [_new_product(row, nodes) for row in products],
            ignore_failed=policy == bulk.IGNORE_FAILED,
            all_or_nothing=policy == bulk.REJECT_EVERYTHING,
            changed_by=ChangedBy.of(info.context),
        )
        results = [
            ProductBulkResult(
                product=_ctx(product),
                errors=[payload_error(ProductBulkCreateError, p, c, m, params, "path") for p, c, m, params in errors],
            )
            for product, errors in rows
        ]
        count = sum(1 for product, _ in rows if product is not None)
        return cls(count=count, results=results, errors=[])


class ProductVariantBulkResult(graphene.ObjectType):
    product_variant = graphene.Field(ProductVariant, description="Product variant data.")
    errors = graphene.List(graphene.NonNull(ProductVariantBulkError), description="List of errors occurred on create attempt.")


class ProductVariantBulkCreate(BaseMutation):
    count = graphene.Int(required=True, description="Returns how many objects were created.")
    product_variants = NonNullList(ProductVariant, description="List of the created variants.")
    results = NonNullList(ProductVariantBulkResult, description="List of the created variants.")

    class Arguments:
        error_policy = ErrorPolicyEnum(description="Policies of error handling. DEFAULT: REJECT_EVERYTHING")
        product = graphene.ID(required=True, description="ID of the product to create the variants for.")
        variants = NonNullList(ProductVariantBulkCreateInput, description="Input list of product variants to create.")

    class Meta:
        description = "Creates product variants for a given product."
        permissions = MANAGE_PRODUCTS
        error_type_class = BulkProductError

    @classmethod
    def perform_mutation(cls, root, info, product, variants, error_policy=None):
        policy = bulk.policy_value(error_policy)
        product = get_node(product, "Product", models.Product, "product")
        # The product row is locked first, then stock rows in (warehouse, variant) order.
        models.Product.objects.select_for_update().filter(pk=product.pk).first()
        rows, failed = bulk.run_rows(variants, lambda v: services.create_variant(**variant_kwargs(v, product)), policy)
        reject_all = failed and policy == bulk.REJECT_EVERYTHING
        if reject_all:
            transaction.set_rollback(True)
        results, created = [], []
        for variant, exc in rows:
            if variant is not None and not reject_all:
                created.append(_ctx(variant))
            results.append(
                ProductVariantBulkResult(
                    product_variant=None if reject_all or variant is None else _ctx(variant),
                    errors=[payload_error(ProductVariantBulkError, f, c, m, p) for f, c, m, p in (flatten(exc) if exc else [])],
                )
            )
        return cls(count=len(created), product_variants=created, results=results, errors=[])


class ProductMutations(graphene.ObjectType):
    product_type_create = ProductTypeCreate.Field()
    category_create = CategoryCreate.Field()
    collection_create = CollectionCreate.Field()
    collection_add_products = CollectionAddProducts.Field()
    product_create = ProductCreate.Field()
    product_update = ProductUpdate.Field()
    product_delete = ProductDelete.Field()
    product_bulk_create = ProductBulkCreate.Field()
    product_variant_create = ProductVariantCreate.Field()
    product_variant_bulk_create = ProductVariantBulkCreate.Field()
    product_channel_listing_update = ProductChannelListingUpdate.Field()
    product_variant_channel_listing_update = ProductVariantChannelListingUpdate.Field()

"""The staff dashboard: Django admin over every model of the commerce apps.

Changelists must stay fast on a 10,000-product catalog, so every column that crosses a relation
is either joined (list_select_related) or computed in SQL for the page at once (subquery
annotations); foreign keys to big tables are autocomplete widgets, never <select>s of every row.
Models added later by other apps without an admin of their own get a plain one
(see `register_remaining_models`, called from DashboardConfig.ready).
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import Count, Exists, OuterRef, Subquery, Sum
from django.urls import reverse
from django.utils.html import format_html
from mptt.admin import MPTTModelAdmin

from commerce.account.models import Address, User
from commerce.app.models import App, AppToken
from commerce.attribute import history
from commerce.attribute.models import (
    CHOICE_INPUT_TYPES,
    AssignedPageAttributeValue,
    AssignedProductAttributeValue,
    AssignedVariantAttribute,
    AssignedVariantAttributeValue,
    Attribute,
    AttributePage,
    AttributeProduct,
    AttributeTranslation,
    AttributeValue,
    AttributeValueTranslation,
    AttributeVariant,
    ProductAttributeChange,
)
from commerce.channel.models import Channel
from commerce.page.models import Page, PageTranslation, PageType
from commerce.product.models import (
    Category,
    CategoryTranslation,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    CollectionTranslation,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
    ProductVariantTranslation,
    Thumbnail,
    VariantMedia,
)
from commerce.warehouse.models import Allocation, ChannelWarehouse, Reservation, Stock, Warehouse

admin.site.site_header = "OCOP Market — quản trị"
admin.site.site_title = "OCOP Market"
admin.site.index_title = "Bảng điều khiển"

RETAIL_CHANNEL = "online"
BIG_TABLE_PAGE_SIZE = 50


def format_vnd(amount) -> str:
    """VND has no minor unit: 125000 → '125.000 ₫'."""
    if amount is None:
        return "—"
    return f"{int(amount):,} ₫".replace(",", ".")


def image_preview(field_file, size: int = 48):
    if not field_file:
        return "—"
    name = field_file if isinstance(field_file, str) else field_file.name
    from django.core.files.storage import default_storage

    return format_html(
        '<img src="{}" alt="" width="{}" height="{}" style="object-fit:cover;border-radius:4px">', default_storage.url(name), size, size
    )


def attribute_value_subquery(slug: str, field: str = "name"):
    return Subquery(
        AssignedProductAttributeValue.objects.filter(product=OuterRef("pk"), value__attribute__slug=slug)
        .order_by("sort_order", "pk")
        .values(f"value__{field}")[:1]
    )


class BigTableAdmin(admin.ModelAdmin):
    """Defaults for tables that grow with the catalog: no full COUNT(*) on filtered pages."""

    list_per_page = BIG_TABLE_PAGE_SIZE
    show_full_result_count = False


class RecordsProductValueChanges:
    """For admins whose rows are, or are assigned as, products' attribute values: a staff edit
    here goes around the attribute services, so it enters the history of tracked values
    (commerce.attribute.history) from here, with the staff user who made it."""

    def products_of(self, queryset) -> list[int]:
        raise NotImplementedError

    def _products_of_object(self, obj) -> list[int]:
        return self.products_of(self.model.objects.filter(pk=obj.pk)) if obj.pk else []

    def save_model(self, request, obj, form, change):
        ids = set(self._products_of_object(obj)) | set(self.products_after_save(obj))
        with history.recording(ids, history.ChangedBy(user=request.user)):
            super().save_model(request, obj, form, change)

    def products_after_save(self, obj) -> list[int]:
        return []

    def delete_model(self, request, obj):
        with history.recording(self._products_of_object(obj), history.ChangedBy(user=request.user)):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with history.recording(self.products_of(queryset), history.ChangedBy(user=request.user)):
            super().delete_queryset(request, queryset)


# --- Channels ------------------------------------------------------------------------------


class ChannelWarehouseInline(admin.TabularInline):
    model = ChannelWarehouse
    extra = 0
    autocomplete_fields = ("warehouse", "channel")
    fields = ("channel", "warehouse", "sort_order")
    ordering = ("sort_order", "pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("channel", "warehouse")


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "currency_code", "default_country", "is_active", "checkout_reservation_minutes")
    list_filter = ("is_active", "currency_code")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (ChannelWarehouseInline,)


# --- Attributes ----------------------------------------------------------------------------


class AttributeTranslationInline(admin.TabularInline):
    model = AttributeTranslation
    extra = 0


URL_FIELD_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class AttributeValueInline(admin.TabularInline):
    """Only for attributes with shared choices; per-product values (dates, texts, numbers)
    number one per product and are edited with the product."""

    model = AttributeValue
    extra = 0
    fields = ("name", "slug", "value", "external_reference")
    show_change_link = True
    formfield_overrides = URL_FIELD_HTTPS


@admin.register(Attribute)
class AttributeAdmin(admin.ModelAdmin):
    list_display = (
        "slug",
        "name",
        "type",
        "input_type",
        "entity_type",
        "visible_in_storefront",
        "filterable_in_storefront",
        "value_required",
    )
    list_filter = ("type", "input_type", "visible_in_storefront", "filterable_in_storefront")
    search_fields = ("slug", "name", "external_reference")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("reference_page_types",)
    inlines = (AttributeValueInline, AttributeTranslationInline)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and obj.input_type not in CHOICE_INPUT_TYPES:
            inlines = [inline for inline in inlines if not isinstance(inline, AttributeValueInline)]
        return inlines


class AttributeValueTranslationInline(admin.TabularInline):
    model = AttributeValueTranslation
    extra = 0


@admin.register(AttributeValue)
class AttributeValueAdmin(RecordsProductValueChanges, BigTableAdmin):
    list_display = ("name", "slug", "attribute", "sort_order", "reference_page", "date_time", "numeric")
    list_select_related = ("attribute", "reference_page")
    list_filter = ("attribute__type", "attribute__input_type", "attribute")
    search_fields = ("name", "slug", "attribute__slug", "plain_text")
    autocomplete_fields = ("attribute", "reference_product", "reference_variant", "reference_page")
    formfield_overrides = URL_FIELD_HTTPS
    inlines = (AttributeValueTranslationInline,)

    def products_of(self, queryset) -> list[int]:
        return list(AssignedProductAttributeValue.objects.filter(value__in=queryset).values_list("product_id", flat=True).distinct())


@admin.register(AttributeTranslation)
class AttributeTranslationAdmin(admin.ModelAdmin):
    list_display = ("attribute", "language_code", "name")
    list_select_related = ("attribute",)
    list_filter = ("language_code",)
    search_fields = ("name", "attribute__slug")
    autocomplete_fields = ("attribute",)


@admin.register(AttributeValueTranslation)
class AttributeValueTranslationAdmin(BigTableAdmin):
    list_display = ("attribute_value", "attribute_slug", "language_code", "name")
    list_select_related = ("attribute_value__attribute",)
    list_filter = ("language_code",)
    search_fields = ("name", "attribute_value__name", "attribute_value__attribute__slug")
    autocomplete_fields = ("attribute_value",)

    @admin.display(description="Thuộc tính", ordering="attribute_value__attribute__slug")
    def attribute_slug(self, obj):
        return obj.attribute_value.attribute.slug


class _AttributeAssignmentAdmin(admin.ModelAdmin):
    list_select_related = ("attribute",)
    search_fields = ("attribute__slug", "attribute__name")
    autocomplete_fields = ("attribute",)


@admin.register(AttributeProduct)
class AttributeProductAdmin(_AttributeAssignmentAdmin):
    list_display = ("attribute", "product_type", "sort_order")
    list_select_related = ("attribute", "product_type")
    list_filter = ("product_type",)
    autocomplete_fields = ("attribute", "product_type")


@admin.register(AttributeVariant)
class AttributeVariantAdmin(_AttributeAssignmentAdmin):
    list_display = ("attribute", "product_type", "variant_selection", "sort_order")
    list_select_related = ("attribute", "product_type")
    list_filter = ("product_type", "variant_selection")
    autocomplete_fields = ("attribute", "product_type")


@admin.register(AttributePage)
class AttributePageAdmin(_AttributeAssignmentAdmin):
    list_display = ("attribute", "page_type", "sort_order")
    list_select_related = ("attribute", "page_type")
    list_filter = ("page_type",)
    autocomplete_fields = ("attribute", "page_type")


@admin.register(AssignedProductAttributeValue)
class AssignedProductAttributeValueAdmin(RecordsProductValueChanges, BigTableAdmin):
    list_display = ("product", "attribute_name", "value", "sort_order")
    list_select_related = ("product", "value__attribute")
    list_filter = ("value__attribute",)
    search_fields = ("product__name", "product__external_reference", "value__name")
    autocomplete_fields = ("product", "value")

    @admin.display(description="Thuộc tính", ordering="value__attribute__slug")
    def attribute_name(self, obj):
        return obj.value.attribute.name

    def products_of(self, queryset) -> list[int]:
        return list(queryset.values_list("product_id", flat=True).distinct())

    def products_after_save(self, obj) -> list[int]:
        return [obj.product_id]  # a row moved to another product changes that one too


@admin.register(ProductAttributeChange)
class ProductAttributeChangeAdmin(BigTableAdmin):
    """The history of tracked values (stars, certificate dates, status): read only, as a record."""

    list_display = ("changed_at", "product", "attribute", "old_value", "new_value", "user", "app")
    list_select_related = ("product", "attribute", "user", "app")
    list_filter = ("attribute",)
    search_fields = ("product__name", "=product__external_reference")
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AssignedVariantAttribute)
class AssignedVariantAttributeAdmin(BigTableAdmin):
    list_display = ("id", "variant", "assignment")
    list_select_related = ("variant", "assignment__attribute", "assignment__product_type")
    search_fields = ("variant__sku", "variant__name")
    autocomplete_fields = ("variant",)
    raw_id_fields = ("assignment",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assignment__attribute", "assignment__product_type")


@admin.register(AssignedVariantAttributeValue)
class AssignedVariantAttributeValueAdmin(BigTableAdmin):
    list_display = ("id", "variant_sku", "value", "sort_order")
    list_select_related = ("assignment__variant", "value")
    search_fields = ("assignment__variant__sku", "value__name")
    autocomplete_fields = ("value",)
    raw_id_fields = ("assignment",)

    @admin.display(description="SKU", ordering="assignment__variant__sku")
    def variant_sku(self, obj):
        return obj.assignment.variant.sku


@admin.register(AssignedPageAttributeValue)
class AssignedPageAttributeValueAdmin(BigTableAdmin):
    list_display = ("page", "attribute_name", "value", "sort_order")
    list_select_related = ("page", "value__attribute")
    list_filter = ("value__attribute",)
    search_fields = ("page__title", "value__name")
    autocomplete_fields = ("page", "value")

    @admin.display(description="Thuộc tính", ordering="value__attribute__slug")
    def attribute_name(self, obj):
        return obj.value.attribute.name


# --- Pages (OCOP producers are pages of type ocop-producer) --------------------------------


class AttributePageInline(admin.TabularInline):
    model = AttributePage
    extra = 0
    autocomplete_fields = ("attribute",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attribute")


@admin.register(PageType)
class PageTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "page_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AttributePageInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_count=Count("pages"))

    @admin.display(description="Số trang", ordering="page_count")
    def page_count(self, obj):
        return obj.page_count


class AssignedPageAttributeValueInline(admin.TabularInline):
    model = AssignedPageAttributeValue
    extra = 0
    fields = ("attribute_name", "value")
    readonly_fields = ("attribute_name",)
    autocomplete_fields = ("value",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("value__attribute")

    @admin.display(description="Thuộc tính")
    def attribute_name(self, obj):
        return obj.value.attribute.name if obj.pk else "—"


class PageTranslationInline(admin.StackedInline):
    model = PageTranslation
    extra = 0


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "page_type", "is_published", "published_at", "created_at")
    list_select_related = ("page_type",)
    list_filter = ("page_type", "is_published")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("page_type",)
    date_hierarchy = "created_at"
    inlines = (AssignedPageAttributeValueInline, PageTranslationInline)


@admin.register(PageTranslation)
class PageTranslationAdmin(admin.ModelAdmin):
    list_display = ("page", "language_code", "title")
    list_select_related = ("page",)
    list_filter = ("language_code",)
    search_fields = ("title", "page__title")
    autocomplete_fields = ("page",)


# --- Categories, product types -------------------------------------------------------------


class CategoryTranslationInline(admin.StackedInline):
    model = CategoryTranslation
    extra = 0


@admin.register(Category)
class CategoryAdmin(MPTTModelAdmin):
    list_display = ("name", "slug", "updated_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    readonly_fields = ("background_preview",)
    mptt_level_indent = 20
    inlines = (CategoryTranslationInline,)

    @admin.display(description="Xem trước")
    def background_preview(self, obj):
        return image_preview(obj.background_image, 160)


@admin.register(CategoryTranslation)
class CategoryTranslationAdmin(admin.ModelAdmin):
    list_display = ("category", "language_code", "name")
    list_select_related = ("category",)
    list_filter = ("language_code",)
    search_fields = ("name", "category__name")
    autocomplete_fields = ("category",)


class AttributeProductInline(admin.TabularInline):
    model = AttributeProduct
    extra = 0
    autocomplete_fields = ("attribute",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attribute")


class AttributeVariantInline(admin.TabularInline):
    model = AttributeVariant
    extra = 0
    autocomplete_fields = ("attribute",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attribute")


@admin.register(ProductType)
class ProductTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "has_variants", "is_shipping_required", "product_count")
    list_filter = ("kind", "has_variants", "is_shipping_required")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AttributeProductInline, AttributeVariantInline)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_count=Count("products"))

    @admin.display(description="Số sản phẩm", ordering="product_count")
    def product_count(self, obj):
        return obj.product_count


# --- Products ------------------------------------------------------------------------------


class ProductVariantInline(admin.TabularInline):
    model = ProductVariant
    extra = 0
    fields = ("sku", "name", "track_inventory", "is_preorder", "weight_grams", "external_reference")
    show_change_link = True


class ProductChannelListingInline(admin.TabularInline):
    model = ProductChannelListing
    extra = 0
    fields = (
        "channel",
        "is_published",
        "published_at",
        "visible_in_listings",
        "available_for_purchase_at",
        "currency",
        "discounted_price_amount",
    )
    readonly_fields = ("discounted_price_amount",)
    autocomplete_fields = ("channel",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("channel")


class ProductMediaInline(admin.TabularInline):
    model = ProductMedia
    extra = 0
    fields = ("preview", "image", "alt", "type", "external_url")
    readonly_fields = ("preview",)

    @admin.display(description="Ảnh")
    def preview(self, obj):
        return image_preview(obj.image, 64)


class AssignedProductAttributeValueInline(admin.TabularInline):
    model = AssignedProductAttributeValue
    extra = 0
    fields = ("attribute_name", "value")
    readonly_fields = ("attribute_name",)
    autocomplete_fields = ("value",)
    verbose_name = "giá trị thuộc tính"
    verbose_name_plural = "Thuộc tính (hạng sao, chứng nhận, chủ thể…)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("value__attribute")

    @admin.display(description="Thuộc tính")
    def attribute_name(self, obj):
        return obj.value.attribute.name if obj.pk else "—"


class ProductTranslationInline(admin.StackedInline):
    model = ProductTranslation
    extra = 0


class _ProductAttributeFilter(admin.SimpleListFilter):
    attribute_slug = ""

    def lookups(self, request, model_admin):
        values = AttributeValue.objects.filter(attribute__slug=self.attribute_slug).order_by("sort_order", "pk")
        return [(value.slug, value.name) for value in values]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        assigned = AssignedProductAttributeValue.objects.filter(
            product=OuterRef("pk"), value__attribute__slug=self.attribute_slug, value__slug=self.value()
        )
        return queryset.filter(Exists(assigned))


class OcopStarsFilter(_ProductAttributeFilter):
    title = "hạng sao OCOP"
    parameter_name = "ocop_stars"
    attribute_slug = "ocop-stars"


class OcopStatusFilter(_ProductAttributeFilter):
    title = "trạng thái chứng nhận"
    parameter_name = "ocop_status"
    attribute_slug = "ocop-status"


class PublishedInChannelFilter(admin.SimpleListFilter):
    title = "đang bán ở kênh"
    parameter_name = "channel"

    def lookups(self, request, model_admin):
        return list(Channel.objects.values_list("slug", "name"))

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        listed = ProductChannelListing.objects.filter(product=OuterRef("pk"), channel__slug=self.value(), is_published=True)
        return queryset.filter(Exists(listed))


@admin.register(Product)
class ProductAdmin(BigTableAdmin):
    list_display = (
        "thumbnail",
        "name",
        "ocop_stars",
        "ocop_status",
        "retail_price",
        "category",
        "product_type",
        "external_reference",
        "updated_at",
    )
    list_display_links = ("thumbnail", "name")
    list_select_related = ("category", "product_type")
    list_filter = (OcopStarsFilter, OcopStatusFilter, PublishedInChannelFilter, "category", "product_type", "search_index_dirty")
    search_fields = ("name", "slug", "=external_reference", "=variants__sku")
    autocomplete_fields = ("category", "product_type", "default_variant")
    prepopulated_fields = {"slug": ("name",)}
    date_hierarchy = "updated_at"
    readonly_fields = ("created_at", "updated_at", "search_document", "search_index_dirty")
    fieldsets = (
        (None, {"fields": ("name", "slug", "product_type", "category", "external_reference", "default_variant")}),
        ("Mô tả", {"fields": ("description", "description_plaintext")}),
        ("SEO", {"fields": ("seo_title", "seo_description"), "classes": ("collapse",)}),
        ("Khác", {"fields": ("weight_grams", "rating", "metadata", "private_metadata"), "classes": ("collapse",)}),
        ("Tìm kiếm", {"fields": ("search_index_dirty", "search_document", "created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (
        AssignedProductAttributeValueInline,
        ProductVariantInline,
        ProductChannelListingInline,
        ProductMediaInline,
        ProductTranslationInline,
    )

    def get_queryset(self, request):
        first_image = ProductMedia.objects.filter(product=OuterRef("pk")).order_by("sort_order", "pk").values("image")[:1]
        retail = ProductChannelListing.objects.filter(product=OuterRef("pk"), channel__slug=RETAIL_CHANNEL).values(
            "discounted_price_amount"
        )[:1]
        return (
            super()
            .get_queryset(request)
            .defer("search_vector")
            .annotate(
                first_image=Subquery(first_image),
                retail_price_amount=Subquery(retail),
                stars_slug=attribute_value_subquery("ocop-stars", "slug"),
                stars_name=attribute_value_subquery("ocop-stars"),
                status_name=attribute_value_subquery("ocop-status"),
            )
        )

    @admin.display(description="Ảnh")
    def thumbnail(self, obj):
        return image_preview(getattr(obj, "first_image", None))

    @admin.display(description="Hạng sao", ordering="stars_slug")
    def ocop_stars(self, obj):
        return obj.stars_name or "—"

    @admin.display(description="Chứng nhận", ordering="status_name")
    def ocop_status(self, obj):
        return obj.status_name or "—"

    @admin.display(description="Giá bán lẻ", ordering="retail_price_amount")
    def retail_price(self, obj):
        return format_vnd(obj.retail_price_amount)

    def save_model(self, request, obj, form, change):
        obj.search_index_dirty = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # The attribute inline writes assignments directly, around the attribute services.
        with history.recording([form.instance.pk], history.ChangedBy(user=request.user)):
            super().save_related(request, form, formsets, change)
        from commerce.product.services import refresh_discounted_prices

        product = form.instance
        refresh_discounted_prices(product.pk, product.channel_listings.values_list("channel_id", flat=True))


@admin.register(ProductTranslation)
class ProductTranslationAdmin(BigTableAdmin):
    list_display = ("product", "language_code", "name")
    list_select_related = ("product",)
    list_filter = ("language_code",)
    search_fields = ("name", "product__name")
    autocomplete_fields = ("product",)


class StockInline(admin.TabularInline):
    model = Stock
    extra = 0
    fields = ("warehouse", "quantity", "quantity_allocated")
    readonly_fields = ("quantity_allocated",)
    autocomplete_fields = ("warehouse",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("warehouse")


class ProductVariantChannelListingInline(admin.TabularInline):
    model = ProductVariantChannelListing
    extra = 0
    fields = ("channel", "currency", "price_amount", "cost_price_amount", "prior_price_amount", "discounted_price_amount")
    autocomplete_fields = ("channel",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("channel")


class AssignedVariantAttributeInline(admin.TabularInline):
    model = AssignedVariantAttribute
    extra = 0
    fields = ("assignment", "value_names")
    readonly_fields = ("assignment", "value_names")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assignment__attribute", "assignment__product_type").prefetch_related("values")

    @admin.display(description="Giá trị")
    def value_names(self, obj):
        return ", ".join(value.name for value in obj.values.all()) or "—"


class ProductVariantTranslationInline(admin.TabularInline):
    model = ProductVariantTranslation
    extra = 0


class VariantMediaInline(admin.TabularInline):
    model = VariantMedia
    extra = 0
    autocomplete_fields = ("media",)


@admin.register(ProductVariant)
class ProductVariantAdmin(BigTableAdmin):
    list_display = ("sku", "name", "product", "retail_price", "stock_quantity", "track_inventory", "updated_at")
    list_select_related = ("product",)
    list_filter = ("track_inventory", "is_preorder")
    search_fields = ("=sku", "name", "product__name", "=external_reference")
    autocomplete_fields = ("product",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (
        ProductVariantChannelListingInline,
        StockInline,
        AssignedVariantAttributeInline,
        VariantMediaInline,
        ProductVariantTranslationInline,
    )

    def get_queryset(self, request):
        retail = ProductVariantChannelListing.objects.filter(variant=OuterRef("pk"), channel__slug=RETAIL_CHANNEL).values("price_amount")[
            :1
        ]
        stock = (
            Stock.objects.filter(product_variant=OuterRef("pk"))
            .order_by()
            .values("product_variant")
            .annotate(total=Sum("quantity"))
            .values("total")
        )
        return super().get_queryset(request).annotate(retail_price_amount=Subquery(retail), stock_total=Subquery(stock))

    @admin.display(description="Giá bán lẻ", ordering="retail_price_amount")
    def retail_price(self, obj):
        return format_vnd(obj.retail_price_amount)

    @admin.display(description="Tồn kho", ordering="stock_total")
    def stock_quantity(self, obj):
        return obj.stock_total if obj.stock_total is not None else 0

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        from commerce.product.services import refresh_discounted_prices

        variant = form.instance
        refresh_discounted_prices(variant.product_id, variant.channel_listings.values_list("channel_id", flat=True))


@admin.register(ProductVariantTranslation)
class ProductVariantTranslationAdmin(BigTableAdmin):
    list_display = ("product_variant", "language_code", "name")
    list_select_related = ("product_variant",)
    list_filter = ("language_code",)
    search_fields = ("name", "product_variant__sku")
    autocomplete_fields = ("product_variant",)


@admin.register(ProductChannelListing)
class ProductChannelListingAdmin(BigTableAdmin):
    list_display = ("product", "channel", "is_published", "visible_in_listings", "published_at", "available_for_purchase_at", "price")
    list_select_related = ("product", "channel")
    list_filter = ("channel", "is_published", "visible_in_listings")
    search_fields = ("product__name", "=product__external_reference")
    autocomplete_fields = ("product", "channel")

    @admin.display(description="Giá thấp nhất", ordering="discounted_price_amount")
    def price(self, obj):
        return format_vnd(obj.discounted_price_amount)


@admin.register(ProductVariantChannelListing)
class ProductVariantChannelListingAdmin(BigTableAdmin):
    list_display = ("variant", "product_name", "channel", "price", "cost_price_amount", "discounted_price_amount")
    list_select_related = ("variant__product", "channel")
    list_filter = ("channel",)
    search_fields = ("=variant__sku", "variant__product__name")
    autocomplete_fields = ("variant", "channel")

    @admin.display(description="Sản phẩm", ordering="variant__product__name")
    def product_name(self, obj):
        return obj.variant.product.name

    @admin.display(description="Giá", ordering="price_amount")
    def price(self, obj):
        return format_vnd(obj.price_amount)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from commerce.product.services import refresh_discounted_prices

        refresh_discounted_prices(obj.variant.product_id, [obj.channel_id])


@admin.register(ProductMedia)
class ProductMediaAdmin(BigTableAdmin):
    list_display = ("preview", "product", "alt", "type", "sort_order")
    list_select_related = ("product",)
    list_filter = ("type",)
    search_fields = ("product__name", "alt")
    autocomplete_fields = ("product",)
    readonly_fields = ("large_preview",)

    @admin.display(description="Ảnh")
    def preview(self, obj):
        return image_preview(obj.image)

    @admin.display(description="Xem trước")
    def large_preview(self, obj):
        return image_preview(obj.image, 320)


@admin.register(VariantMedia)
class VariantMediaAdmin(BigTableAdmin):
    list_display = ("id", "variant", "media")
    list_select_related = ("variant", "media")
    search_fields = ("=variant__sku",)
    autocomplete_fields = ("variant", "media")


class CollectionProductInline(admin.TabularInline):
    model = CollectionProduct
    extra = 0
    autocomplete_fields = ("product",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")


class CollectionChannelListingInline(admin.TabularInline):
    model = CollectionChannelListing
    extra = 0
    autocomplete_fields = ("channel",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("channel")


class CollectionTranslationInline(admin.StackedInline):
    model = CollectionTranslation
    extra = 0


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "product_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (CollectionChannelListingInline, CollectionProductInline, CollectionTranslationInline)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_count=Count("collectionproduct"))

    @admin.display(description="Số sản phẩm", ordering="product_count")
    def product_count(self, obj):
        return obj.product_count


@admin.register(CollectionProduct)
class CollectionProductAdmin(BigTableAdmin):
    list_display = ("collection", "product", "sort_order")
    list_select_related = ("collection", "product")
    list_filter = ("collection",)
    search_fields = ("product__name", "collection__name")
    autocomplete_fields = ("collection", "product")


@admin.register(CollectionChannelListing)
class CollectionChannelListingAdmin(admin.ModelAdmin):
    list_display = ("collection", "channel", "is_published", "published_at")
    list_select_related = ("collection", "channel")
    list_filter = ("channel", "is_published")
    autocomplete_fields = ("collection", "channel")


@admin.register(CollectionTranslation)
class CollectionTranslationAdmin(admin.ModelAdmin):
    list_display = ("collection", "language_code", "name")
    list_select_related = ("collection",)
    list_filter = ("language_code",)
    autocomplete_fields = ("collection",)


@admin.register(Thumbnail)
class ThumbnailAdmin(BigTableAdmin):
    list_display = ("preview", "size", "format", "product_media", "category", "collection")
    list_select_related = ("product_media", "category", "collection")
    list_filter = ("size", "format")
    autocomplete_fields = ("product_media", "category", "collection")

    @admin.display(description="Ảnh")
    def preview(self, obj):
        return image_preview(obj.image)


# --- Warehouses and stock ------------------------------------------------------------------


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "ward_commune", "province", "click_and_collect_option", "is_private", "stock_link")
    list_select_related = ("address",)
    list_filter = ("click_and_collect_option", "is_private", "channels")
    search_fields = ("name", "slug", "address__city", "=external_reference")
    autocomplete_fields = ("address",)
    inlines = (ChannelWarehouseInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(stock_count=Count("stock"))

    @admin.display(description="Xã/Phường", ordering="address__city")
    def ward_commune(self, obj):
        return obj.address.city

    @admin.display(description="Tỉnh", ordering="address__country_area")
    def province(self, obj):
        return obj.address.country_area

    @admin.display(description="Tồn kho", ordering="stock_count")
    def stock_link(self, obj):
        url = reverse("admin:warehouse_stock_changelist") + f"?warehouse__id__exact={obj.pk}"
        return format_html('<a href="{}">{} mã hàng</a>', url, obj.stock_count)


@admin.register(ChannelWarehouse)
class ChannelWarehouseAdmin(admin.ModelAdmin):
    list_display = ("channel", "warehouse", "sort_order")
    list_select_related = ("channel", "warehouse")
    list_filter = ("channel",)
    search_fields = ("warehouse__name", "channel__slug")
    autocomplete_fields = ("channel", "warehouse")


@admin.register(Stock)
class StockAdmin(BigTableAdmin):
    list_display = ("id", "sku", "product_name", "warehouse", "quantity", "quantity_allocated", "available_quantity")
    list_display_links = ("id", "sku")
    list_editable = ("quantity",)
    list_select_related = ("product_variant__product", "warehouse")
    list_filter = ("warehouse",)
    search_fields = ("=product_variant__sku", "product_variant__product__name", "warehouse__name")
    autocomplete_fields = ("warehouse", "product_variant")
    readonly_fields = ("quantity_allocated",)

    @admin.display(description="SKU", ordering="product_variant__sku")
    def sku(self, obj):
        return obj.product_variant.sku

    @admin.display(description="Sản phẩm", ordering="product_variant__product__name")
    def product_name(self, obj):
        return obj.product_variant.product.name

    @admin.display(description="Còn bán được")
    def available_quantity(self, obj):
        return obj.available


class _StockHoldAdmin(BigTableAdmin):
    list_select_related = ("stock__product_variant", "stock__warehouse")
    raw_id_fields = ("stock",)
    list_filter = ("stock__warehouse",)

    @admin.display(description="SKU", ordering="stock__product_variant__sku")
    def sku(self, obj):
        return obj.stock.product_variant.sku

    @admin.display(description="Kho", ordering="stock__warehouse__name")
    def warehouse(self, obj):
        return obj.stock.warehouse.name


@admin.register(Allocation)
class AllocationAdmin(_StockHoldAdmin):
    list_display = ("id", "order_line_id", "sku", "warehouse", "quantity_allocated")
    search_fields = ("=order_line__id", "=stock__product_variant__sku")


@admin.register(Reservation)
class ReservationAdmin(_StockHoldAdmin):
    list_display = ("id", "checkout_line_id", "sku", "warehouse", "quantity_reserved", "reserved_until")
    search_fields = ("=checkout_line__id", "=stock__product_variant__sku")
    date_hierarchy = "reserved_until"


# --- Accounts ------------------------------------------------------------------------------


@admin.register(Address)
class AddressAdmin(BigTableAdmin):
    list_display = ("__str__", "first_name", "last_name", "company_name", "phone", "country")
    list_filter = ("country", "country_area")
    search_fields = ("first_name", "last_name", "company_name", "street_address_1", "city", "phone")


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)
        field_classes = {}

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Đã có tài khoản dùng email này.")
        return email


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, with the e-mail address as the login."""

    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    list_display = ("email", "first_name", "last_name", "is_staff", "is_superuser", "is_active", "date_joined", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "first_name", "last_name", "=external_reference")
    ordering = ("email",)
    list_per_page = BIG_TABLE_PAGE_SIZE
    show_full_result_count = False
    autocomplete_fields = ("addresses", "default_shipping_address", "default_billing_address")
    readonly_fields = ("date_joined", "updated_at", "last_login", "uuid")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Thông tin cá nhân", {"fields": ("first_name", "last_name", "language_code", "note", "external_reference")}),
        ("Địa chỉ", {"fields": ("addresses", "default_shipping_address", "default_billing_address")}),
        ("Quyền", {"fields": ("is_active", "is_confirmed", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Thời điểm", {"fields": ("last_login", "date_joined", "updated_at", "last_password_reset_request")}),
        ("Khác", {"fields": ("uuid", "jwt_token_key", "metadata", "private_metadata"), "classes": ("collapse",)}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),)


# --- Apps ----------------------------------------------------------------------------------


class AppTokenInline(admin.TabularInline):
    """Tokens are shown by their last four characters; only a hash is stored. New tokens are
    made with the "Tạo token mới" action, which shows the raw value once."""

    model = AppToken
    extra = 0
    fields = ("name", "token_last_4", "token_hash", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(App)
class AppAdmin(admin.ModelAdmin):
    list_display = ("name", "identifier", "type", "is_active", "created_at", "token_count")
    list_filter = ("is_active", "type")
    search_fields = ("name", "identifier")
    filter_horizontal = ("permissions",)
    readonly_fields = ("uuid",)
    inlines = (AppTokenInline,)
    actions = ("create_token",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(token_count=Count("tokens"))

    @admin.display(description="Số token", ordering="token_count")
    def token_count(self, obj):
        return obj.token_count

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "permissions":
            # Permission.__str__ reads its content type: join it rather than one query a row.
            kwargs["queryset"] = Permission.objects.select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.action(description="Tạo token mới (chỉ hiện một lần)")
    def create_token(self, request, queryset):
        for app in queryset:
            _, raw = AppToken.objects.create_with_token(app, name=f"dashboard:{request.user.email}")
            self.message_user(request, f"Token mới của {app.name}: {raw} — hãy lưu lại, token sẽ không hiện lần nữa.", messages.WARNING)


@admin.register(AppToken)
class AppTokenAdmin(admin.ModelAdmin):
    list_display = ("app", "name", "token_last_4", "created_at")
    list_select_related = ("app",)
    list_filter = ("app",)
    search_fields = ("name", "app__name", "=token_last_4")
    readonly_fields = ("app", "name", "token_hash", "token_last_4", "created_at")

    def has_add_permission(self, request):
        return False


# --- Models without an admin of their own --------------------------------------------------


class FallbackModelAdmin(BigTableAdmin):
    """A plain admin for a commerce model nobody has written one for yet."""

    def __init__(self, model, admin_site):
        self.raw_id_fields = tuple(f.name for f in model._meta.fields if f.is_relation and f.many_to_one)
        self.list_select_related = self.raw_id_fields or False
        super().__init__(model, admin_site)


def register_remaining_models(site: admin.AdminSite = admin.site) -> list[type]:
    """Register every concrete commerce model that has no admin yet; return the ones added."""
    added = []
    for config in apps.get_app_configs():
        if not config.name.startswith("commerce."):
            continue
        for model in config.get_models():
            meta = model._meta
            if meta.abstract or not meta.managed or meta.proxy or site.is_registered(model):
                continue
            site.register(model, FallbackModelAdmin)
            added.append(model)
    return added

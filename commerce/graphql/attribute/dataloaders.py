"""Loaders for attributes and the attributes assigned to products, variants and pages.

Use from any type's resolver (one instance per request, batched per level of the query):

    from commerce.graphql.attribute.dataloaders import SelectedAttributesByProductIdLoader

    @staticmethod
    def resolve_attributes(root, info):           # Product.attributes: [SelectedAttribute!]!
        return SelectedAttributesByProductIdLoader(info.context).load(root.pk)

`SelectedAttributesBy{Product,Variant,Page}IdLoader(context).load(id)` resolves to a list of
`SelectedAttributeData(attribute, values)` (see types.py), which `SelectedAttribute` renders:
every attribute of the object's type in the type's order (`AttributeProduct`/`AttributeVariant`/
`AttributePage.sort_order`), even those without values (`values: []`), as Saleor does; values
in their assignment order, then the value's `sort_order`. Callers that are neither staff nor an
app see only attributes with `visible_in_storefront`. Each loader runs two SQL queries per batch,
whatever the number of objects. `SelectedAttributesByVariantIdLoader` also sets
`variant_selection` on each item, for `ProductVariant.attributes(variantSelection:)`.

`AttributesByIdLoader`, `AttributeValuesByIdLoader`: objects by primary key.
`AttributeTranslationLoader`, `AttributeValueTranslationLoader`: keys are (pk, "vi"|"en").
"""

from __future__ import annotations

from django.db.models import F

from commerce.attribute import models
from commerce.graphql.core.dataloaders import ByIdLoader, DataLoader, group_by

from .types import SelectedAttributeData


class AttributesByIdLoader(ByIdLoader):
    model = models.Attribute


class AttributeValuesByIdLoader(ByIdLoader):
    model = models.AttributeValue


class AttributeValuesByAttributeIdLoader(DataLoader):
    """All values of each attribute, in their sort order."""

    def batch_load(self, keys):
        grouped = group_by(
            models.AttributeValue.objects.filter(attribute_id__in=keys).order_by("sort_order", "pk"), lambda v: v.attribute_id
        )
        return [grouped.get(key, []) for key in keys]


class TranslationLoader(DataLoader):
    """Translations keyed by (object pk, base language code); None when there is none."""

    model = None
    field = ""

    def batch_load(self, keys):
        ids = {pk for pk, _ in keys}
        languages = {language for _, language in keys}
        rows = self.model.objects.filter(**{f"{self.field}__in": ids, "language_code__in": languages})
        found = {(getattr(row, f"{self.field}_id"), row.language_code): row for row in rows}
        return [found.get(key) for key in keys]


class AttributeTranslationLoader(TranslationLoader):
    model = models.AttributeTranslation
    field = "attribute"


class AttributeValueTranslationLoader(TranslationLoader):
    model = models.AttributeValueTranslation
    field = "attribute_value"


def _only_visible(context) -> bool:
    return not context.is_staff_or_app


def _assemble(keys, links_by_key, values_by_key_and_attribute, on_item=None):
    """One list of SelectedAttributeData per key, in the type's attribute order."""
    result = []
    for key in keys:
        items = []
        for link in links_by_key.get(key, []):
            item = SelectedAttributeData(attribute=link.attribute, values=values_by_key_and_attribute.get((key, link.attribute_id), []))
            if on_item:
                on_item(item, link)
            items.append(item)
        result.append(items)
    return result


class _SelectedAttributesLoader(DataLoader):
    """Two queries: the type's attribute links for every object, then the assigned values.

    Subclasses name the link model, the path from a link to the objects of its type, and the
    assignment model with the path from an assignment to the object.
    """

    link_model = None  # AttributeProduct / AttributeVariant / AttributePage
    link_to_object = ""  # e.g. "product_type__products__id"
    assignment_model = None
    assignment_to_object = ""  # e.g. "product_id"

    def links(self, keys):
        queryset = (
            self.link_model.objects.filter(**{f"{self.link_to_object}__in": keys})
            .annotate(object_id=F(self.link_to_object))
            .select_related("attribute")
            .order_by("object_id", F("sort_order").asc(nulls_last=True), "pk")
        )
        if _only_visible(self.context):
            queryset = queryset.filter(attribute__visible_in_storefront=True)
        return queryset

    def assignments(self, keys):
        return (
            self.assignment_model.objects.filter(**{f"{self.assignment_to_object}__in": keys})
            .annotate(object_id=F(self.assignment_to_object))
            .select_related("value")
            .order_by(F("sort_order").asc(nulls_last=True), F("value__sort_order").asc(nulls_last=True), "pk")
        )

    def on_item(self, item, link):
        pass

    def batch_load(self, keys):
        links_by_key = group_by(self.links(keys), lambda link: link.object_id)
        values = group_by(self.assignments(keys), lambda a: (a.object_id, a.value.attribute_id))
        values = {key: [a.value for a in assignments] for key, assignments in values.items()}
        return _assemble(keys, links_by_key, values, self.on_item)


class SelectedAttributesByProductIdLoader(_SelectedAttributesLoader):
    link_model = models.AttributeProduct
    link_to_object = "product_type__products__id"
    assignment_model = models.AssignedProductAttributeValue
    assignment_to_object = "product_id"


class SelectedAttributesByPageIdLoader(_SelectedAttributesLoader):
    link_model = models.AttributePage
    link_to_object = "page_type__pages__id"
    assignment_model = models.AssignedPageAttributeValue
    assignment_to_object = "page_id"


class SelectedAttributesByVariantIdLoader(_SelectedAttributesLoader):
    link_model = models.AttributeVariant
    link_to_object = "product_type__products__variants__id"
    assignment_model = models.AssignedVariantAttributeValue
    assignment_to_object = "assignment__variant_id"

    def on_item(self, item, link):
        item.variant_selection = link.variant_selection

from django.db.models import Count

from commerce.attribute.models import AttributePage
from commerce.graphql.attribute.dataloaders import TranslationLoader
from commerce.graphql.core.dataloaders import ByIdLoader, DataLoader, group_by
from commerce.page import models


class PageTypesByIdLoader(ByIdLoader):
    model = models.PageType


class PagesByIdLoader(ByIdLoader):
    model = models.Page


class PageTranslationLoader(TranslationLoader):
    model = models.PageTranslation
    field = "page"


class AttributesByPageTypeIdLoader(DataLoader):
    """A page type's attributes in their assigned order (all of them: PageType.attributes is a
    schema field for editors, so storefront visibility does not apply)."""

    def batch_load(self, keys):
        links = AttributePage.objects.filter(page_type_id__in=keys).select_related("attribute").order_by("sort_order", "pk")
        grouped = group_by(links, lambda link: link.page_type_id)
        return [[link.attribute for link in grouped.get(key, [])] for key in keys]


class PageCountByPageTypeIdLoader(DataLoader):
    def batch_load(self, keys):
        counts = dict(
            models.Page.objects.filter(page_type_id__in=keys)
            .order_by()
            .values("page_type_id")
            .annotate(n=Count("pk"))
            .values_list("page_type_id", "n")
        )
        return [counts.get(key, 0) for key in keys]

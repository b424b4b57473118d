from django.apps import AppConfig


class BusinessConfig(AppConfig):
    """Gift shops buying at wholesale: business accounts and their approval, the wholesale
    channel's rules, saved lists, payment terms and trade documents. Saleor has no model for
    these, so they live here, beside the core, as an App keeps its own tables."""

    name = "commerce.business"
    label = "business"
    verbose_name = "Khách hàng doanh nghiệp (bán sỉ)"

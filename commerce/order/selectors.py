"""Reads of orders: staff search (number, e-mail, customer name, SKU, external reference)."""

from django.db.models import Exists, OuterRef, Q

from .models import OrderLine


def search_orders(orders, query: str):
    query = (query or "").strip().lstrip("#")
    if not query:
        return orders
    condition = (
        Q(user_email__icontains=query)
        | Q(user__first_name__icontains=query)
        | Q(user__last_name__icontains=query)
        | Q(external_reference__iexact=query)
        | Q(voucher_code__iexact=query)
        | Q(Exists(OrderLine.objects.filter(order_id=OuterRef("pk"), product_sku__iexact=query)))
    )
    if query.isdigit():
        condition |= Q(number=int(query))
    return orders.filter(condition)

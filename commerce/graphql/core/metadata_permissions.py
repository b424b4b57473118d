"""Who may read an object's private metadata: Saleor 3.23's PRIVATE_META_PERMISSION_MAP.

Private metadata is where integrations keep what shoppers must not see (costs, suppliers,
registry ids), and being staff or an app is not enough: each type names the permission that
manages it, and any one of the listed permissions opens it. A type missing from the map is
closed to everyone, as in Saleor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from commerce.core.permissions import PermissionEnum as P

from .errors import PermissionDenied


def _attribute(root, _context) -> Sequence[P]:
    from commerce.attribute.models import AttributeType

    if root.type == AttributeType.PAGE_TYPE:
        return (P.MANAGE_PAGE_TYPES_AND_ATTRIBUTES,)
    return (P.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES,)


def _user(root, _context) -> Sequence[P]:
    return (P.MANAGE_STAFF,) if root.is_staff else (P.MANAGE_USERS,)


def _address(root, context) -> Sequence[P]:
    """A customer's address is the customers' managers', a staff member's the staff managers';
    a warehouse's address has no private metadata anyone may read through it (Saleor)."""
    from commerce.warehouse.models import Warehouse

    from .context import has_one_of_permissions

    if not has_one_of_permissions(context, [P.MANAGE_USERS, P.MANAGE_STAFF]):
        raise PermissionDenied(permissions=[P.MANAGE_USERS, P.MANAGE_STAFF])  # no need to look further
    if root.user_addresses.filter(is_staff=True).exists():
        return (P.MANAGE_STAFF,)
    if Warehouse.objects.filter(address_id=root.pk).exists():
        raise PermissionDenied()
    return (P.MANAGE_USERS,)


def _fixed(*permissions: P) -> Callable[[object, object], Sequence[P]]:
    return lambda _root, _context: permissions


PRIVATE_METADATA_PERMISSIONS: dict[str, Callable[[object, object], Sequence[P]]] = {
    "Address": _address,
    "Attribute": _attribute,
    "Category": _fixed(P.MANAGE_PRODUCTS),
    "Channel": _fixed(P.MANAGE_CHANNELS),
    "Checkout": _fixed(P.MANAGE_CHECKOUTS),
    "CheckoutLine": _fixed(P.MANAGE_CHECKOUTS),
    "Collection": _fixed(P.MANAGE_PRODUCTS),
    "Fulfillment": _fixed(P.MANAGE_ORDERS, P.HANDLE_TAXES),
    "Order": _fixed(P.MANAGE_ORDERS, P.HANDLE_TAXES),
    "OrderLine": _fixed(P.MANAGE_ORDERS, P.HANDLE_TAXES),
    "Page": _fixed(P.MANAGE_PAGES),
    "PageType": _fixed(P.MANAGE_PAGE_TYPES_AND_ATTRIBUTES),
    "Product": _fixed(P.MANAGE_PRODUCTS),
    "ProductMedia": _fixed(P.MANAGE_PRODUCTS),
    "ProductType": _fixed(P.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES),
    "ProductVariant": _fixed(P.MANAGE_PRODUCTS),
    "ShippingMethod": _fixed(P.MANAGE_SHIPPING),
    "TransactionItem": _fixed(P.HANDLE_PAYMENTS),
    "User": _user,
    "Voucher": _fixed(P.MANAGE_DISCOUNTS),
    "Warehouse": _fixed(P.MANAGE_PRODUCTS),
}


def require_private_metadata_access(type_name: str, root, context) -> None:
    """Raise PermissionDenied unless the caller holds one of the permissions of `type_name`."""
    from .context import has_one_of_permissions

    permissions_of = PRIVATE_METADATA_PERMISSIONS.get(type_name)
    if permissions_of is None:
        raise PermissionDenied()
    permissions = list(permissions_of(root, context))
    if not has_one_of_permissions(context, permissions):
        raise PermissionDenied(permissions=permissions)

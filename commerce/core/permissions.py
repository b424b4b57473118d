"""Saleor's permission names and where they live as Django permissions.

Each Saleor PermissionEnum value is a Django permission `<app_label>.<codename>`, declared in
the Meta of the app's main model, so that groups, staff users and apps share one mechanism.
"""

from enum import Enum


class PermissionEnum(str, Enum):
    MANAGE_USERS = "account.manage_users"
    MANAGE_STAFF = "account.manage_staff"
    IMPERSONATE_USER = "account.impersonate_user"
    MANAGE_APPS = "app.manage_apps"
    MANAGE_CHECKOUTS = "core.manage_checkouts"
    HANDLE_CHECKOUTS = "core.handle_checkouts"
    HANDLE_TAXES = "core.handle_taxes"
    MANAGE_TAXES = "core.manage_taxes"
    MANAGE_CHANNELS = "channel.manage_channels"
    MANAGE_DISCOUNTS = "core.manage_discounts"
    MANAGE_GIFT_CARD = "core.manage_gift_card"
    MANAGE_MENUS = "core.manage_menus"
    MANAGE_ORDERS = "core.manage_orders"
    MANAGE_ORDERS_IMPORT = "core.manage_orders_import"
    MANAGE_PAGES = "page.manage_pages"
    MANAGE_PAGE_TYPES_AND_ATTRIBUTES = "page.manage_page_types_and_attributes"
    HANDLE_PAYMENTS = "core.handle_payments"
    MANAGE_PLUGINS = "core.manage_plugins"
    MANAGE_PRODUCTS = "product.manage_products"
    MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES = "product.manage_product_types_and_attributes"
    MANAGE_SHIPPING = "core.manage_shipping"
    MANAGE_SETTINGS = "core.manage_settings"
    MANAGE_TRANSLATIONS = "core.manage_translations"

    @property
    def codename(self) -> str:
        return self.value.split(".", 1)[1]

    @property
    def app_label(self) -> str:
        return self.value.split(".", 1)[0]

    @classmethod
    def from_codename(cls, app_label: str, codename: str) -> "PermissionEnum | None":
        try:
            return cls(f"{app_label}.{codename}")
        except ValueError:
            return None

import graphene

from commerce.core.permissions import PermissionEnum as PermissionEnumValues


class LanguageCodeEnum(graphene.Enum):
    """The languages the shop speaks (a subset of Saleor's LanguageCodeEnum)."""

    EN = "en"
    EN_US = "en-us"
    VI = "vi"
    VI_VN = "vi-vn"


def language_code_value(enum_value) -> str:
    """'vi' for LanguageCodeEnum.VI_VN or 'VI': translations are stored by base language."""
    raw = getattr(enum_value, "value", enum_value) or ""
    return str(raw).lower().split("-")[0].split("_")[0]


PermissionEnum = graphene.Enum("PermissionEnum", [(p.name, p.name) for p in PermissionEnumValues])


class OrderDirection(graphene.Enum):
    ASC = "asc"
    DESC = "desc"

    @property
    def description(self):
        return "Specifies the direction in which to sort a list."


def is_descending(direction) -> bool:
    """True for OrderDirection.DESC, whether given as the enum member, its name or its value."""
    return getattr(direction, "name", direction) in ("DESC", "desc")

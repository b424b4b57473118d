"""The wholesale channel's rules, enforced by the checkout services (commerce.checkout) so that
every way in — the API, the storefront, a script — meets them:

    is_wholesale_channel(channel) -> bool
    may_see_channel(channel, user) -> bool                       only APPROVED business accounts see its prices
    check_buyer(channel, user, language, field="channel")      only APPROVED business accounts buy
    check_lines(checkout, line_infos)                            case packs and minimum quantities
    check_order_minimum(checkout, subtotal)                      the channel's minimum order value

They raise Django ValidationError with Saleor's CheckoutErrorCode values (INVALID: Saleor has no
dedicated code for these) and a message in the checkout's language that says what to change.
Other channels cost nothing: the channel's slug decides before any query is made.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from graphene.relay import Node

from commerce.core.validation import ErrorCollector, error
from commerce.notifications.formatting import language_of, money

from .models import BusinessAccount, BusinessAccountStatus, WholesaleChannelTerms, WholesaleRule


def is_wholesale_channel(channel) -> bool:
    return getattr(channel, "slug", None) in settings.WHOLESALE_CHANNELS


def say(language: str | None, vi: str, en: str) -> str:
    return en if language_of(language) == "en" else vi


def account_of(user) -> BusinessAccount | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return BusinessAccount.objects.filter(user_id=user.pk).first()


def buyer_problem(user, language: str | None) -> str | None:
    """Why `user` may not buy at wholesale, or None when they may."""
    if user is None or not getattr(user, "is_authenticated", False):
        return say(
            language,
            "Kênh bán sỉ chỉ dành cho doanh nghiệp đã được duyệt: vui lòng đăng nhập bằng tài khoản doanh nghiệp.",
            "The wholesale channel is for approved business accounts only: sign in with your business account.",
        )
    account = account_of(user)
    if account is None:
        return say(
            language,
            "Tài khoản này chưa đăng ký mua sỉ: hãy gửi hồ sơ doanh nghiệp để được duyệt.",
            "This account has not applied for wholesale buying: submit a business application first.",
        )
    if account.status == BusinessAccountStatus.APPLIED:
        return say(
            language,
            "Hồ sơ doanh nghiệp của bạn đang chờ duyệt; bạn có thể đặt hàng sỉ khi hồ sơ được duyệt.",
            "Your business application is awaiting approval; you can order at wholesale once it is approved.",
        )
    if account.status == BusinessAccountStatus.DECLINED:
        reason = f" {account.decision_reason}" if account.decision_reason else ""
        return say(language, f"Hồ sơ doanh nghiệp của bạn đã bị từ chối.{reason}", f"Your business application was declined.{reason}")
    return None


def may_see_channel(channel, user) -> bool:
    """Whether a shopper (not staff, not an app: those see every channel) may see the channel's
    catalog. A wholesale channel's prices are the trade terms offered to approved gift shops, so
    only an APPROVED business account sees them; every other channel is open to all. The API
    treats a channel a shopper may not see as Saleor treats an inactive one: nothing on sale."""
    if not is_wholesale_channel(channel):
        return True
    return buyer_problem(user, None) is None


def check_buyer(channel, user, language: str | None, field: str = "channel") -> None:
    if not is_wholesale_channel(channel):
        return
    problem = buyer_problem(user, language)
    if problem:
        raise error(field, "INVALID", problem)


def _label(variant, product=None) -> str:
    product = product or variant.product
    name = product.name + (f" — {variant.name}" if variant.name else "")
    return f"{variant.sku} ({name})" if variant.sku else name


def rules_for(variant_ids) -> dict:
    return {r.variant_id: r for r in WholesaleRule.objects.filter(variant_id__in=list(variant_ids))}


def line_problems(rule, quantity: int, language: str | None, label: str) -> list[str]:
    """What is wrong with `quantity` units of a variant under `rule` (for pages that check a
    quick order's rows before sending them)."""
    problems = []
    if rule is None:
        return problems
    if quantity < rule.min_quantity:
        problems.append(
            say(
                language,
                f"{label}: số lượng tối thiểu là {rule.min_quantity}, bạn đặt {quantity}.",
                f"{label}: the minimum quantity is {rule.min_quantity}; you ordered {quantity}.",
            )
        )
    if rule.case_pack > 1 and quantity % rule.case_pack:
        lower = quantity - quantity % rule.case_pack
        upper = lower + rule.case_pack
        options = f"{lower} {say(language, 'hoặc', 'or')} {upper}" if lower else str(upper)
        problems.append(
            say(
                language,
                f"{label}: bán theo thùng {rule.case_pack} đơn vị, số lượng phải là bội số của {rule.case_pack} (ví dụ {options}); bạn đặt {quantity}.",
                f"{label}: sold in cases of {rule.case_pack}, the quantity must be a multiple of {rule.case_pack} (e.g. {options}); you ordered {quantity}.",
            )
        )
    return problems


def check_lines(checkout, line_infos) -> None:
    if not is_wholesale_channel(checkout.channel) or not line_infos:
        return
    quantities: dict = {}
    infos: dict = {}
    for info in line_infos:
        quantities[info.variant.pk] = quantities.get(info.variant.pk, 0) + info.line.quantity
        infos.setdefault(info.variant.pk, info)
    rules = rules_for(quantities)
    errors = ErrorCollector()
    for variant_id, quantity in quantities.items():
        info = infos[variant_id]
        for message in line_problems(rules.get(variant_id), quantity, checkout.language_code, _label(info.variant, info.product)):
            errors.add("quantity", "INVALID", message, variants=[Node.to_global_id("ProductVariant", variant_id)])
    errors.raise_if_any()


def minimum_order_value(channel) -> Decimal:
    terms = WholesaleChannelTerms.objects.filter(channel_id=channel.pk).first()
    return terms.min_order_value if terms else Decimal(0)


def check_order_minimum(checkout, subtotal: Decimal) -> None:
    if not is_wholesale_channel(checkout.channel):
        return
    minimum = minimum_order_value(checkout.channel)
    if minimum and subtotal < minimum:
        lang = language_of(checkout.language_code)
        need, have = money(minimum, checkout.currency, lang), money(subtotal, checkout.currency, lang)
        missing = money(minimum - subtotal, checkout.currency, lang)
        raise error(
            "lines",
            "INVALID",
            say(
                lang,
                f"Đơn hàng sỉ tối thiểu {need} (chưa tính phí giao hàng); đơn của bạn là {have}, cần thêm {missing}.",
                f"The minimum wholesale order is {need} before shipping; your order is {have}, {missing} short.",
            ),
        )


def minimum_order_value_for_slug(slug: str) -> Decimal:
    terms = WholesaleChannelTerms.objects.filter(channel__slug=slug).first()
    return terms.min_order_value if terms else Decimal(0)

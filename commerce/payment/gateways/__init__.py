"""The payment gateways the shop offers, by Saleor gateway id.

`available_gateways(channel)` is what checkout.availablePaymentGateways lists; a gateway whose
settings are missing (Stripe without keys, VietQR without an account) is simply not offered."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..models import COD, STRIPE, VIETQR


class GatewayError(Exception):
    """The gateway refused or could not be reached; `code` is a Saleor error code."""

    def __init__(self, message: str, code: str = "INVALID", field: str | None = None):
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


@dataclass
class GatewayDescriptor:
    """Saleor's PaymentGateway: id, name, currencies, public config lines."""

    id: str
    name: str
    currencies: list[str]
    config: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass
class InitializeResult:
    event_type: str
    amount: Decimal
    psp_reference: str = ""
    message: str = ""
    external_id: str | None = None
    data: dict | None = None


def _gateways() -> dict:
    from . import cod, stripe, vietqr

    return {STRIPE: stripe, COD: cod, VIETQR: vietqr}


def get_gateway(gateway_id: str):
    """The gateway module, or None when unknown or not configured."""
    module = _gateways().get(gateway_id)
    return module if module is not None and module.is_enabled() else None


def available_gateways(channel=None) -> list[GatewayDescriptor]:
    currency = getattr(channel, "currency_code", None) or "VND"
    out = []
    for module in _gateways().values():
        if module.is_enabled() and currency in module.CURRENCIES:
            out.append(GatewayDescriptor(id=module.ID, name=module.NAME, currencies=list(module.CURRENCIES), config=module.public_config()))
    return out

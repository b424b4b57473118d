"""Registers and cashiers: pairing a device with a one-time code, device tokens, cashier PINs.

Codes and tokens are kept only as SHA-256 hashes (they are long random strings, so a fast hash
is enough); PINs are short, so they get the project's password hasher (Argon2) and a lock-out
after too many wrong tries."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from ..models import Cashier, Register, RegisterPairing


class AuthError(Exception):
    def __init__(self, message: str, code: str = "INVALID", retry_after: int | None = None):
        super().__init__(message)
        self.code = code
        self.retry_after = retry_after


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_pairing_code(register: Register) -> str:
    """An 8-digit code for the dashboard to show; typed on the device within the validity."""
    code = f"{secrets.randbelow(10**8):08d}"
    RegisterPairing.objects.filter(register=register, used_at__isnull=True).update(expires_at=timezone.now())
    RegisterPairing.objects.create(
        register=register,
        code_hash=_hash(code),
        expires_at=timezone.now() + timedelta(minutes=settings.POS_PAIRING_CODE_MINUTES),
    )
    return code


@transaction.atomic
def pair(code: str) -> tuple[Register, str]:
    """Trade a one-time code for a device token (returned once). Re-pairing replaces the old
    token, so a lost phone stops working as soon as its register is paired again."""
    pairing = (
        RegisterPairing.objects.select_for_update()
        .select_related("register__booth__fair")
        .filter(code_hash=_hash((code or "").strip()))
        .first()
    )
    now = timezone.now()
    if pairing is None or pairing.used_at is not None or pairing.expires_at <= now or not pairing.register.is_active:
        raise AuthError("Mã ghép máy không đúng hoặc đã hết hạn.", "INVALID_CODE")
    pairing.used_at = now
    pairing.save(update_fields=["used_at"])
    token = secrets.token_urlsafe(32)
    register = pairing.register
    register.token_hash = _hash(token)
    register.paired_at = now
    register.save(update_fields=["token_hash", "paired_at"])
    return register, token


def register_for_token(token: str) -> Register:
    if not token:
        raise AuthError("Thiếu mã thiết bị.", "NO_TOKEN")
    register = Register.objects.select_related("booth__fair").filter(token_hash=_hash(token), is_active=True).first()
    if register is None:
        raise AuthError("Mã thiết bị không hợp lệ.", "INVALID_TOKEN")
    return register


def set_pin(cashier: Cashier, pin: str) -> None:
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValueError("PIN: 4-8 digits")
    cashier.pin_hash = make_password(pin)
    cashier.failed_attempts = 0
    cashier.locked_until = None


def sign_in(register: Register, cashier_id: int, pin: str) -> Cashier:
    """Check a cashier's PIN on this register's booth. After POS_PIN_MAX_ATTEMPTS wrong PINs
    the cashier is locked for POS_PIN_LOCK_MINUTES: a 4-digit PIN cannot be guessed by trying."""
    with transaction.atomic():
        cashier = Cashier.objects.select_for_update().filter(pk=cashier_id, booth_id=register.booth_id, is_active=True).first()
        if cashier is None:
            raise AuthError("Không có thu ngân này ở gian hàng.", "NOT_FOUND")
        now = timezone.now()
        if cashier.locked_until and cashier.locked_until > now:
            raise AuthError(
                "Nhập sai PIN quá nhiều lần; thử lại sau.", "LOCKED", retry_after=int((cashier.locked_until - now).total_seconds()) + 1
            )
        if check_password(pin or "", cashier.pin_hash):
            cashier.failed_attempts, cashier.locked_until = 0, None
            cashier.save(update_fields=["failed_attempts", "locked_until"])
            return cashier
        cashier.failed_attempts += 1
        if cashier.failed_attempts >= settings.POS_PIN_MAX_ATTEMPTS:
            cashier.locked_until = now + timedelta(minutes=settings.POS_PIN_LOCK_MINUTES)
            cashier.failed_attempts = 0
        cashier.save(update_fields=["failed_attempts", "locked_until"])
    raise AuthError("PIN không đúng.", "WRONG_PIN")

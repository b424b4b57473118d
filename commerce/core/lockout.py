"""Brute-force protection for the staff dashboard (and anything else that signs in through
django.contrib.auth.authenticate): after ADMIN_LOGIN_FAILURE_LIMIT failed attempts for one
username from one address, that pair is refused for ADMIN_LOGIN_LOCKOUT_SECONDS — even with
the right password — and every refusal is logged. Counted in the shared cache, so all workers
agree. Other users, and the same user from elsewhere, are not affected."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from .ratelimit import client_ip

logger = logging.getLogger("commerce.security")


def _key(username: str, request) -> str:
    ip = client_ip(request) if request is not None else "-"
    digest = hashlib.sha256(f"{(username or '').strip().lower()}|{ip}".encode()).hexdigest()[:32]
    return f"admin-login-failures:{digest}"


def is_locked(username: str, request) -> bool:
    return (cache.get(_key(username, request)) or 0) >= settings.ADMIN_LOGIN_FAILURE_LIMIT


class LockoutBackend(ModelBackend):
    """Django's ModelBackend, refusing a locked-out username+address before any password is
    checked (PermissionDenied also stops authenticate() from trying other backends)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            from django.contrib.auth import get_user_model

            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is not None and is_locked(username, request):
            logger.warning("Sign-in refused: %r is locked out from %s", username, client_ip(request) if request else "-")
            raise PermissionDenied("locked out")
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs):
    from django.contrib.auth import get_user_model

    username = credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD)
    if not username:
        return
    key = _key(username, request)
    window = settings.ADMIN_LOGIN_LOCKOUT_SECONDS
    if not cache.add(key, 1, window):
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, window)


@receiver(user_logged_in)
def _reset_failures(sender, request, user, **kwargs):
    cache.delete(_key(user.get_username(), request))

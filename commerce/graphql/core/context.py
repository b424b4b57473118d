"""Who is calling: an anonymous shopper, a customer or staff user (JWT), or an app (token).

The HTTP view and the in-process client both build a `RequestContext`, so resolvers see the same
thing whichever way a document arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone


@dataclass
class RequestContext:
    user: Any = None
    app: Any = None
    request: Any = None
    language_code: str = "vi"
    request_time: Any = field(default_factory=timezone.now)
    META: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.user is None:
            self.user = AnonymousUser()

    @property
    def is_staff_or_app(self) -> bool:
        return bool(self.app) or bool(getattr(self.user, "is_staff", False) and self.user.is_active)


def requestor_is_staff_or_app(context) -> bool:
    return context.is_staff_or_app


def has_permissions(context, permissions) -> bool:
    """True when the user or app holds ALL of `permissions` (PermissionEnum members)."""
    values = [p.value for p in permissions]
    if context.app is not None:
        return context.app.has_perms(values)
    user = context.user
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.is_staff and user.has_perms(values)


def has_one_of_permissions(context, permissions) -> bool:
    return any(has_permissions(context, [p]) for p in permissions)

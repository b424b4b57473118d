"""Helpers for resolvers that need a permission or an authenticated caller."""

from __future__ import annotations

from functools import wraps

from commerce.core.permissions import PermissionEnum

from .context import has_one_of_permissions
from .errors import PermissionDenied


def staff_or_app_required(fn):
    """Saleor's AUTHENTICATED_STAFF_USER / AUTHENTICATED_APP."""

    @wraps(fn)
    def wrapper(root, info, *args, **kwargs):
        if not info.context.is_staff_or_app:
            raise PermissionDenied(
                "To access this path, you need one of the following permissions: AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER"
            )
        return fn(root, info, *args, **kwargs)

    return wrapper


def permission_required(*permissions: PermissionEnum):
    """Any one of `permissions` suffices, as in Saleor's one-of checks."""

    def decorator(fn):
        @wraps(fn)
        def wrapper(root, info, *args, **kwargs):
            if not has_one_of_permissions(info.context, permissions):
                raise PermissionDenied(permissions=permissions)
            return fn(root, info, *args, **kwargs)

        return wrapper

    return decorator

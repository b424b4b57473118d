"""Users' JWTs: issuing and reading access and refresh tokens.

Domain logic — sign-in (commerce.account.services), the wholesale pages and the API's bearer
authentication (commerce.graphql.core.auth) all read tokens the same way, so it lives with the
accounts rather than in the API layer.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timezone as dt_timezone

import jwt
from django.conf import settings

from .models import User

ACCESS = "access"
REFRESH = "refresh"
ALGORITHM = "HS256"


def _now() -> datetime:
    return datetime.now(dt_timezone.utc)


def create_token(user: User, token_type: str) -> str:
    ttl = settings.JWT_ACCESS_TTL if token_type == ACCESS else settings.JWT_REFRESH_TTL
    now = _now()
    payload = {
        "iat": now,
        "exp": now + ttl,
        "token": user.jwt_token_key,
        "email": user.email,
        "type": token_type,
        "user_id": str(user.uuid),
        "is_staff": user.is_staff,
    }
    if token_type == REFRESH:
        payload["csrfToken"] = secrets.token_urlsafe(16)
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=ALGORITHM)


class InvalidToken(Exception):
    pass


def decode_token(token: str, expected_type: str = ACCESS) -> dict:
    try:
        payload = jwt.decode(token, settings.SECRET_KEY, algorithms=[ALGORITHM])
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("Signature has expired") from exc
    except jwt.PyJWTError as exc:
        raise InvalidToken("Invalid token") from exc
    if payload.get("type") != expected_type:
        raise InvalidToken("Invalid token type")
    return payload


def user_from_payload(payload: dict) -> User | None:
    """The active user a token names, or None once the user is gone, deactivated, or has
    rotated their token key (which revokes every token issued before)."""
    user = User.objects.filter(uuid=payload.get("user_id"), is_active=True).first()
    if user is None or user.jwt_token_key != payload.get("token", ""):
        return None
    return user

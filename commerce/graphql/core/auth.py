"""The API's bearer authentication: a user's JWT (commerce.account.tokens) or an app's opaque
hashed token."""

from __future__ import annotations

from commerce.account.tokens import ACCESS, InvalidToken, decode_token, user_from_payload
from commerce.app.models import AppToken, hash_token


def authenticate_bearer(raw: str):
    """Return (user, app) for an Authorization bearer value; raises InvalidToken."""
    if raw.count(".") == 2:
        user = user_from_payload(decode_token(raw, ACCESS))
        if user is None:
            raise InvalidToken("Invalid token")
        return user, None
    token = AppToken.objects.select_related("app").filter(token_hash=hash_token(raw), app__is_active=True).first()
    if token is None:
        raise InvalidToken("Invalid token")
    return None, token.app

"""Accounts: signing in, tokens, registering.

Every function raises Django's ValidationError with Saleor's
AccountErrorCode names, so the GraphQL mutations stay thin and any other caller (a view, a
command) gets the same answers.
"""

from __future__ import annotations

import re

import jwt
from django.contrib.auth import password_validation
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone

from .tokens import ACCESS, REFRESH, InvalidToken, create_token, decode_token, user_from_payload
from commerce.core.validation import problems

from .models import User

INVALID_CREDENTIALS_MESSAGE = "Please, enter valid credentials"

# Failed sign-ins per e-mail address: after this many within the window, further attempts are
# refused (LOGIN_ATTEMPT_DELAYED) until the window passes, which slows password guessing
# without locking the owner out for long.
LOGIN_FAILURE_LIMIT = 5
LOGIN_FAILURE_WINDOW_SECONDS = 600


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def _failures_key(email: str) -> str:
    return f"login-failures:{email}"


def _record_failure(email: str) -> None:
    key = _failures_key(email)
    if not cache.add(key, 1, LOGIN_FAILURE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, LOGIN_FAILURE_WINDOW_SECONDS)


def issue_tokens(user: User) -> dict:
    refresh = create_token(user, REFRESH)
    return {
        "token": create_token(user, ACCESS),
        "refresh_token": refresh,
        "csrf_token": decode_token(refresh, REFRESH)["csrfToken"],
    }


def sign_in(email: str, password: str) -> tuple[User, dict]:
    """The user and fresh tokens for valid credentials of an active account."""
    email = normalize_email(email)
    if (cache.get(_failures_key(email)) or 0) >= LOGIN_FAILURE_LIMIT:
        raise problems([("email", "LOGIN_ATTEMPT_DELAYED", "Too many failed sign-in attempts. Try again in a few minutes.")])
    user = User.objects.filter(email=email).first()
    if user is None:
        # Hash anyway so that a missing account takes as long as a wrong password.
        User().set_password(password)
        _record_failure(email)
        raise problems([("email", "INVALID_CREDENTIALS", INVALID_CREDENTIALS_MESSAGE)])
    if not user.check_password(password):
        _record_failure(email)
        raise problems([("email", "INVALID_CREDENTIALS", INVALID_CREDENTIALS_MESSAGE)])
    if not user.is_active:
        raise problems([("email", "INACTIVE", "Account inactive.")])
    if not user.is_confirmed:
        raise problems([("email", "ACCOUNT_NOT_CONFIRMED", "Account needs to be confirmed via email.")])
    cache.delete(_failures_key(email))
    user.last_login = timezone.now()
    user.save(update_fields=["last_login", "updated_at"])
    return user, issue_tokens(user)


def _token_error(field: str, error: InvalidToken) -> DjangoValidationError:
    cause = error.__cause__
    if isinstance(cause, jwt.ExpiredSignatureError):
        return problems([(field, "JWT_SIGNATURE_EXPIRED", "Signature has expired")])
    if isinstance(cause, jwt.DecodeError):
        return problems([(field, "JWT_DECODE_ERROR", "Error decoding signature.")])
    return problems([(field, "JWT_INVALID_TOKEN", "Invalid token.")])


def refresh_access_token(refresh_token: str | None) -> tuple[User, str]:
    if not refresh_token:
        raise problems([("refreshToken", "JWT_MISSING_TOKEN", "Missing refreshToken")])
    try:
        payload = decode_token(refresh_token, REFRESH)
    except InvalidToken as error:
        raise _token_error("refreshToken", error)
    user = user_from_payload(payload)
    if user is None:
        # Deleted, deactivated, or signed out everywhere since (rotated jwt_token_key).
        raise problems([("refreshToken", "JWT_INVALID_TOKEN", "Invalid token.")])
    return user, create_token(user, ACCESS)


def verify_token(token: str) -> tuple[User, dict]:
    """The user and payload of a valid access or refresh token."""
    try:
        payload = decode_token(token, ACCESS)
    except InvalidToken as error:
        if str(error) != "Invalid token type":
            raise _token_error("token", error)
        try:
            payload = decode_token(token, REFRESH)
        except InvalidToken as second:
            raise _token_error("token", second)
    user = user_from_payload(payload)
    if user is None:
        raise problems([("token", "JWT_INVALID_TOKEN", "Invalid token.")])
    return user, payload


def _password_errors(password: str, user: User) -> list:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as error:
        return [("password", (e.code or "INVALID_PASSWORD").upper(), " ".join(e.messages)) for e in error.error_list]
    return []


def register(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    language_code: str = "vi",
    metadata: dict | None = None,
) -> User:
    """Create an active customer account; every problem with the input is reported at once."""
    email = normalize_email(email)
    errors = []
    try:
        validate_email(email)
    except DjangoValidationError:
        errors.append(("email", "INVALID", "Enter a valid email address."))
    else:
        if User.objects.filter(email=email).exists():
            errors.append(("email", "UNIQUE", "User with this Email already exists."))
    user = User(email=email, first_name=(first_name or "").strip(), last_name=(last_name or "").strip(), language_code=language_code)
    errors += _password_errors(password, user)
    if errors:
        raise problems(errors)
    user.metadata = dict(metadata or {})
    user.is_confirmed = True  # no confirmation e-mail flow yet: accounts are usable at once
    user.set_password(password)
    user.save()
    return user


# --- Password reset (Saleor's requestPasswordReset / setPassword) ----------------------------

RESET_MESSAGES = {
    "vi": (
        "Đặt lại mật khẩu — OCOP Tây Ninh",
        "Xin chào,\n\nBạn (hoặc ai đó) vừa yêu cầu đặt lại mật khẩu cho tài khoản {email}.\n"
        "Mở liên kết sau để đặt mật khẩu mới (liên kết dùng được một lần):\n\n{link}\n\n"
        "Nếu bạn không yêu cầu, hãy bỏ qua email này; mật khẩu cũ vẫn giữ nguyên.\n",
    ),
    "en": (
        "Reset your password — OCOP Tây Ninh",
        "Hello,\n\nYou (or someone else) asked to reset the password of the account {email}.\n"
        "Open this link to choose a new password (it works once):\n\n{link}\n\n"
        "If you did not ask for this, ignore this e-mail; your password stays as it is.\n",
    ),
}


# Characters a browser reads differently from urlsplit (a backslash as "/", whitespace and controls
# dropped): a link holding one could go elsewhere than the host we checked.
_AMBIGUOUS_URL_CHARACTERS = re.compile(r"[\\\s\x00-\x1f\x7f]")


def redirect_host_error(url: str) -> str | None:
    """Why an e-mailed link may not point at `url`, or None when it may: it must be http(s) to
    a host this server answers to (ALLOWED_HOSTS) or a declared client host
    (ALLOWED_CLIENT_HOSTS, Saleor's setting), whatever the port — the quick start is
    127.0.0.1:8000. A "*" in ALLOWED_HOSTS does not count: it would let anyone have our e-mail
    carry a reset token to a site of theirs; a client host "*" is the operator's explicit choice."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.http.request import validate_host

    try:
        parts = urlsplit(url or "")
        hostname = parts.hostname
    except ValueError:
        return "The redirect URL is not a valid URL."
    if parts.scheme not in ("http", "https") or not hostname or "@" in parts.netloc or _AMBIGUOUS_URL_CHARACTERS.search(url):
        return "The redirect URL must be an absolute http(s) URL."
    host = f"[{hostname}]" if ":" in hostname else hostname  # IPv6, as ALLOWED_HOSTS writes it
    allowed = [*getattr(settings, "ALLOWED_CLIENT_HOSTS", []), *(h for h in settings.ALLOWED_HOSTS if h != "*")]
    if not validate_host(host, allowed):
        return f"{hostname} is not allowed. Please check `ALLOWED_CLIENT_HOSTS` configuration."
    return None


def _reset_requested_lately(user: User) -> bool:
    from django.conf import settings

    last = user.last_password_reset_request
    return last is not None and (timezone.now() - last).total_seconds() < settings.RESET_PASSWORD_LOCK_TIME


def request_password_reset(email: str, redirect_url: str) -> None:
    """E-mail a one-time link `redirect_url?email=…&token=…` (Django's token: it stops working
    once the password changes or after PASSWORD_RESET_TIMEOUT).

    As Saleor 3.23: an unknown or inactive address gets the same answer as a known one and no
    e-mail, so the API cannot tell who has an account; and within RESET_PASSWORD_LOCK_TIME of
    the last link nothing more is sent, so the form cannot flood an inbox. A redirect URL to a
    host not allowed is refused whoever asks: that is a client's configuration error."""
    from urllib.parse import urlencode

    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import send_mail

    problem = redirect_host_error(redirect_url)
    if problem:
        raise problems([("redirectUrl", "INVALID", problem)])
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None or _reset_requested_lately(user):
        return
    token = default_token_generator.make_token(user)
    link = f"{redirect_url}{'&' if '?' in redirect_url else '?'}{urlencode({'email': user.email, 'token': token})}"
    subject, body = RESET_MESSAGES.get((user.language_code or "vi")[:2], RESET_MESSAGES["vi"])
    # Sent before the mutation answers (the quick start writes it under var/mail), so a mail
    # server that refuses it is an error the caller sees, never a silent "sent".
    send_mail(subject, body.format(email=user.email, link=link), None, [user.email])
    user.last_password_reset_request = timezone.now()
    user.save(update_fields=["last_password_reset_request", "updated_at"])


def set_password(email: str, token: str, password: str) -> tuple[User, dict]:
    from django.contrib.auth.tokens import default_token_generator

    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None:
        raise problems([("email", "NOT_FOUND", "User with this email doesn't exist")])
    if not default_token_generator.check_token(user, token or ""):
        raise problems([("token", "INVALID", "Invalid or expired token.")])
    errors = _password_errors(password, user)
    if errors:
        raise problems(errors)
    user.set_password(password)
    user.last_login = timezone.now()  # also retires the reset token
    user.save(update_fields=["password", "last_login", "updated_at"])
    return user, issue_tokens(user)

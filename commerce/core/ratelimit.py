"""Fixed-window rate limits in Django's cache, shared by every gunicorn worker and server.

Settings name a rate as "LIMIT/SECONDS" (e.g. "20/300"); "0" or "" switches a limit off. The
counters live in the default cache, which production points at Redis (REDIS_URL/CACHE_URL) or
PostgreSQL (see config/settings.py), so a client cannot spread attempts over workers.

    from commerce.core.ratelimit import RateLimited, hit
    try:
        hit("sign-in", client_ip(request), settings.RATE_LIMIT_SIGN_IN)
    except RateLimited as limited:
        ... answer 429 with Retry-After: limited.retry_after

(The fair POS counts per register in PostgreSQL instead: pos/services/ratelimit.py.)
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


class RateLimited(Exception):
    def __init__(self, scope: str, retry_after: int):
        super().__init__(f"rate limit {scope!r} exceeded")
        self.scope = scope
        self.retry_after = max(int(retry_after), 1)


def parse_rate(rate: str | tuple[int, int] | None) -> tuple[int, int]:
    """(limit, window seconds); (0, 0) when switched off."""
    if not rate:
        return 0, 0
    if isinstance(rate, tuple):
        return rate
    limit, _, window = str(rate).partition("/")
    limit_n, window_n = int(limit or 0), int(window or 60)
    return (limit_n, window_n) if limit_n > 0 and window_n > 0 else (0, 0)


def _key(scope: str, identity: str, bucket: int) -> str:
    # Hashed: identities may hold e-mail addresses or characters memcached/Redis dislike.
    digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{bucket}"


def hit(scope: str, identity: str, rate: str | tuple[int, int] | None, weight: int = 1) -> int:
    """Count `weight` requests (one, or each of several one document holds) of `identity`
    against `scope`; raise RateLimited past the limit."""
    limit, window = parse_rate(rate)
    if not limit:
        return 0
    now = time.time()
    bucket = int(now // window)
    key = _key(scope, identity, bucket)
    if cache.add(key, weight, window + 1):
        count = weight
    else:
        try:
            count = cache.incr(key, weight)
        except ValueError:  # expired between add and incr
            cache.add(key, weight, window + 1)
            count = weight
    if count > limit:
        raise RateLimited(scope, window - (now % window))
    return count


def refuse_if_exhausted(scope: str, identity: str, rate: str | tuple[int, int] | None) -> None:
    """Raise RateLimited when `identity` has already used up `scope` in this window, without
    counting: for a gate in front of work that counts each of its own steps with hit()."""
    limit, window = parse_rate(rate)
    if not limit:
        return
    now = time.time()
    if (cache.get(_key(scope, identity, int(now // window))) or 0) >= limit:
        raise RateLimited(scope, window - (now % window))


def client_ip(request) -> str:
    """The caller's address: REMOTE_ADDR, or — behind the declared proxy — the address the proxy
    appended last to X-Forwarded-For (earlier entries are whatever the client sent)."""
    if getattr(settings, "BEHIND_HTTPS_PROXY", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or "unknown"

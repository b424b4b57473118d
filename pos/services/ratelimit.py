"""Fixed-window rate limits counted in PostgreSQL: one upsert per request, shared by every web
process and server behind the load balancer (no per-process memory to bypass)."""

from __future__ import annotations

import time

from django.db import connection

WINDOW_SECONDS = 60


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__("rate limited")
        self.retry_after = retry_after


def hit(key: str, limit: int, window: int = WINDOW_SECONDS) -> int:
    """Count one request for `key`; raise RateLimited past `limit` in the current window."""
    if limit <= 0:
        return 0
    now = int(time.time())
    bucket = now // window
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO pos_ratebucket (key, "window", count) VALUES (%s, %s, 1) '
            'ON CONFLICT (key, "window") DO UPDATE SET count = pos_ratebucket.count + 1 RETURNING count',
            [key[:200], bucket],
        )
        count = cursor.fetchone()[0]
        if count == 1 and bucket % 10 == 0:
            # Old windows are useless; sweep now and then rather than on every request.
            cursor.execute('DELETE FROM pos_ratebucket WHERE "window" < %s', [bucket - 2])
    if count > limit:
        raise RateLimited(retry_after=window - now % window)
    return count

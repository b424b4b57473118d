"""How a document reaches a core: in this process, or over HTTP to ours or any Saleor 3.x server.

A transport's `send(query, variables, operation_name, *, idempotent)` returns a `RawResponse`:
the JSON body and whether the server refused the document before running it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from .errors import TransportError


@dataclass
class RawResponse:
    body: dict
    refused: bool
    status: int = 200


class InProcessTransport:
    """Run documents against the embedded core: same schema, context and error shapes as
    POST /graphql/, without an HTTP hop. Acts as anonymous, as `user` (customer or staff) or as
    `app`. The body goes through JSON like the HTTP view's, so both transports return equal data.
    """

    def __init__(self, user=None, app=None, *, token: str | None = None, language_code: str | None = None, json_roundtrip: bool = True):
        if sum(x is not None for x in (user, app, token)) > 1:
            raise ValueError("act as a user, an app or a token's bearer, not several")
        self.user = user
        self.app = app
        # A JWT or app token, authenticated per request exactly as the HTTP view does, so a
        # client that keeps tokens (the storefront's session) works the same on both transports.
        self.token = token
        self.language_code = language_code
        self.json_roundtrip = json_roundtrip

    def _context(self):
        from django.conf import settings

        from commerce.graphql.core.context import RequestContext

        user, app = self.user, self.app
        if self.token is not None:
            from commerce.graphql.core.auth import authenticate_bearer

            user, app = authenticate_bearer(self.token)
        return RequestContext(user=user, app=app, language_code=self.language_code or settings.LANGUAGE_CODE)

    def send(self, query: str, variables: dict | None = None, operation_name: str | None = None, *, idempotent: bool = True) -> RawResponse:
        from commerce.account.tokens import InvalidToken
        from commerce.graphql.core.execute import _error, execute_document

        try:
            context = self._context()
        except InvalidToken as exc:
            # What the HTTP view answers (401) for a bad or expired bearer token.
            code = "ExpiredSignatureError" if "expired" in str(exc).lower() else "InvalidTokenError"
            return RawResponse(body={"errors": [_error(str(exc), code)]}, refused=True, status=401)
        body, ok = execute_document(query, variables, operation_name, context)
        if self.json_roundtrip:
            from django.core.serializers.json import DjangoJSONEncoder

            body = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
        return RawResponse(body=body, refused=not ok, status=200 if ok else 400)

    def __repr__(self) -> str:
        who = (
            f"app={self.app}"
            if self.app is not None
            else f"user={self.user}"
            if self.user is not None
            else "token"
            if self.token
            else "anonymous"
        )
        return f"InProcessTransport({who})"


class HttpTransport:
    """POST JSON to a GraphQL endpoint with `Authorization: Bearer <token>` (a user's JWT or an
    app's token). Connection errors and 5xx answers are retried `retries` times with exponential
    back-off; mutations are retried only when the request never reached the server, since a
    5xx or a read timeout may come after the write happened.
    """

    def __init__(
        self,
        url: str,
        token: str | None = None,
        *,
        timeout: float = 10,
        retries: int = 2,
        backoff: float = 0.25,
        headers: dict | None = None,
        session=None,
    ):
        import requests

        self.url = url
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.headers = dict(headers or {})
        self.session = session or requests.Session()

    def _headers(self) -> dict:
        headers = {"Content-Type": "application/json", "Accept": "application/json", **self.headers}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def send(self, query: str, variables: dict | None = None, operation_name: str | None = None, *, idempotent: bool = True) -> RawResponse:
        import requests

        payload: dict[str, Any] = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        if operation_name:
            payload["operationName"] = operation_name
        data = json.dumps(payload)
        attempt = 0
        while True:
            try:
                response = self.session.post(self.url, data=data, headers=self._headers(), timeout=self.timeout)
            except requests.exceptions.RequestException as exc:
                never_sent = isinstance(exc, (requests.exceptions.ConnectTimeout,)) or (
                    isinstance(exc, requests.exceptions.ConnectionError) and not isinstance(exc, requests.exceptions.ReadTimeout)
                )
                if attempt < self.retries and (idempotent or never_sent):
                    self._sleep(attempt)
                    attempt += 1
                    continue
                raise TransportError(f"{self.url}: {type(exc).__name__}: {exc}") from exc
            if response.status_code >= 500:
                if attempt < self.retries and idempotent:
                    self._sleep(attempt)
                    attempt += 1
                    continue
                raise TransportError(f"{self.url} answered HTTP {response.status_code}", status=response.status_code)
            return self._parse(response)

    def _parse(self, response) -> RawResponse:
        try:
            body = response.json()
        except ValueError:
            snippet = response.text[:200]
            raise TransportError(
                f"{self.url} answered HTTP {response.status_code} with a non-JSON body: {snippet!r}", status=response.status_code
            ) from None
        if not isinstance(body, dict):
            raise TransportError(f"{self.url} answered with JSON that is not a GraphQL response", status=response.status_code)
        refused = "data" not in body or (body.get("data") is None and 400 <= response.status_code < 500)
        return RawResponse(body=body, refused=refused, status=response.status_code)

    def _sleep(self, attempt: int) -> None:
        time.sleep(self.backoff * (2**attempt))

    def close(self) -> None:
        self.session.close()

    def __repr__(self) -> str:
        return f"HttpTransport({self.url!r}, token={'set' if self.token else 'none'})"

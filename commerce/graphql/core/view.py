"""POST /graphql/ (JSON, single or batched) and GraphiQL on GET from a browser."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from graphql import GraphQLError, OperationType
from graphql.utilities import get_operation_ast

from commerce.account.tokens import InvalidToken
from commerce.core import json_input
from commerce.core.ratelimit import RateLimited
from commerce.core.security import content_security_policy

from . import ratelimits
from .auth import authenticate_bearer
from .context import RequestContext
from .execute import _error, execute_document, parse_document

# A body holds a batch (list) of operations (objects) whose variables (an object) nest up to
# json_input.MAX_JSON_DEPTH levels: the variables' own limit is checked in execute_document.
MAX_BODY_DEPTH = json_input.MAX_JSON_DEPTH + 3


def build_context(request: HttpRequest) -> RequestContext:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    user = app = None
    if header.lower().startswith("bearer "):
        user, app = authenticate_bearer(header[7:].strip())
    language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
    return RequestContext(user=user, app=app, request=request, language_code=language, META=request.META)


@method_decorator(csrf_exempt, name="dispatch")  # token auth only; no cookies are read
class GraphQLView(View):
    http_method_names = ["get", "post", "options"]

    def get(self, request):
        if settings.PLAYGROUND_ENABLED and "text/html" in request.META.get("HTTP_ACCEPT", ""):
            nonce = secrets.token_urlsafe(16)
            response = HttpResponse(_graphiql_page(request, nonce), content_type="text/html; charset=utf-8")
            # GraphiQL's bootstrap is one inline script: allowed by its nonce, nothing else inline.
            response["Content-Security-Policy"] = content_security_policy({"script-src": [f"'nonce-{nonce}'"]})
            return response
        query = request.GET.get("query")
        if not query:
            return JsonResponse({"errors": [_error("Must provide query string.")]}, status=400)
        variables = None
        if request.GET.get("variables"):
            try:
                variables = json_input.loads(request.GET["variables"], max_depth=MAX_BODY_DEPTH)
            except json_input.InvalidJSONInput as error:
                return JsonResponse({"errors": [_error(str(error))]}, status=400)
            except ValueError:
                return JsonResponse({"errors": [_error("Variables are invalid JSON.")]}, status=400)
        operation = {"query": query, "variables": variables, "operationName": request.GET.get("operationName") or None}
        return self._run(request, [operation], batched=False, read_only=True)

    def options(self, request, *args, **kwargs):
        response = HttpResponse(status=200)
        response["Allow"] = "GET, POST, OPTIONS"
        return response

    def post(self, request):
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.GRAPHQL_MAX_BODY_BYTES:
            return JsonResponse(
                {
                    "errors": [
                        _error(f"Request body is too large: the limit is {settings.GRAPHQL_MAX_BODY_BYTES} bytes.", "REQUEST_TOO_LARGE")
                    ]
                },
                status=413,
            )
        content_type = request.META.get("CONTENT_TYPE", "")
        if "application/json" not in content_type and content_type:
            return JsonResponse({"errors": [_error("Unsupported content type: send application/json.")]}, status=415)
        try:
            payload = json_input.loads(request.body or b"null", max_depth=MAX_BODY_DEPTH)
        except json_input.InvalidJSONInput as error:
            return JsonResponse({"errors": [_error(str(error))]}, status=400)
        except (ValueError, UnicodeDecodeError):
            return JsonResponse({"errors": [_error("Unable to parse query.")]}, status=400)
        if isinstance(payload, list):
            if not payload or len(payload) > 20 or not all(isinstance(p, dict) for p in payload):
                return JsonResponse({"errors": [_error("A batch holds 1 to 20 operations.")]}, status=400)
            return self._run(request, payload, batched=True)
        if not isinstance(payload, dict):
            return JsonResponse({"errors": [_error("Unable to parse query.")]}, status=400)
        return self._run(request, [payload], batched=False)

    def _run(self, request, operations, batched: bool, read_only: bool = False):
        try:
            context = build_context(request)
        except InvalidToken as exc:
            code = "ExpiredSignatureError" if "expired" in str(exc).lower() else "InvalidTokenError"
            return JsonResponse({"errors": [_error(str(exc), code)]}, status=401)
        responses, statuses = [], []
        for operation in operations:
            query = operation.get("query")
            try:
                ratelimits.check(request, context, query, operation.get("operationName"))
            except RateLimited as limited:
                response = JsonResponse({"errors": [_error("Too many requests. Try again later.", "TooManyRequests")]}, status=429)
                response["Retry-After"] = str(limited.retry_after)
                return response
            refused = _operation_refused_over_get(query, operation.get("operationName")) if read_only else None
            if refused:
                responses.append({"errors": [_error(f"Can only perform a {refused} operation from a POST request.")]})
                statuses.append(405)
                continue
            body, ok = execute_document(query, operation.get("variables"), operation.get("operationName"), context)
            responses.append(body)
            statuses.append(200 if ok else 400)
        if batched:
            return JsonResponse(responses, safe=False, status=200)
        return JsonResponse(responses[0], status=statuses[0])


def _operation_refused_over_get(query, operation_name) -> str | None:
    """'mutation' or 'subscription' when that is what the request would execute, else None.

    GET must not change anything (it is cached, prefetched, and sent by a plain link), so the
    operation is chosen exactly as graphql-core's execute() will choose it — the one named by
    operationName, or the document's only operation — whatever comments, fragments or other
    operations come before it. A document that does not parse, or names no operation that
    exists, runs nothing: execute_document reports it."""
    if not isinstance(query, str):
        return None
    try:
        document = parse_document(query)
    except GraphQLError:
        return None
    operation = get_operation_ast(document, operation_name if isinstance(operation_name, str) else None)
    if operation is None or operation.operation == OperationType.QUERY:
        return None
    return operation.operation.value


def _graphiql_page(request, nonce: str) -> str:
    asset = lambda name: static(f"graphene_django_graphiql_static/{name}")  # noqa: E731
    csrf = get_token(request)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OCOP Market — GraphQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{asset("graphiql.min.css")}">
<style>html,body,#graphiql{{height:100%;margin:0}}</style></head>
<body><div id="graphiql">Loading GraphiQL…</div>
<script src="{asset("react.production.min.js")}"></script>
<script src="{asset("react-dom.production.min.js")}"></script>
<script src="{asset("graphiql.min.js")}"></script>
<script nonce="{nonce}">
  const fetcher = GraphiQL.createFetcher({{url: window.location.pathname, headers: {{"X-CSRFToken": "{csrf}"}}}});
  const root = ReactDOM.createRoot ? ReactDOM.createRoot(document.getElementById('graphiql')) : null;
  const el = React.createElement(GraphiQL, {{fetcher, defaultQuery: '{{\\n  products(channel: "online", first: 24) {{\\n    totalCount\\n    edges {{ node {{ name slug pricing {{ priceRange {{ start {{ gross {{ amount currency }} }} }} }} }} }}\\n  }}\\n}}\\n'}});
  if (root) root.render(el); else ReactDOM.render(el, document.getElementById('graphiql'));
</script></body></html>"""

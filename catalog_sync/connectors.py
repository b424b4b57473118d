"""Getting an export: a local file, a file over HTTP, or the registry's JSON feed (paged by
`next` or `?page=N`, conditional with ETag / Last-Modified, with timeouts and retries)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .parse import Parsed, UnreadableSource, parse_bytes, parse_items

FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
MAX_PAGES = 10_000


class SourceUnavailable(Exception):
    """The file is not there or the registry cannot be reached; nothing was touched."""


@dataclass
class Fetched:
    parsed: Parsed | None  # None when the feed answered 304 Not Modified
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.parsed is None


@dataclass
class HttpPolicy:
    timeout: float = 15.0
    retries: int = 3
    backoff: float = 0.5


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def read_file(path: str | Path, mapping=None) -> Fetched:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SourceUnavailable(f"cannot read {path}: {exc.strerror or exc}") from exc
    return Fetched(parse_bytes(data, mapping))


def _get(session, url: str, headers: dict, policy: HttpPolicy):
    import requests

    last = ""
    for attempt in range(policy.retries + 1):
        if attempt:
            time.sleep(policy.backoff * 2 ** (attempt - 1))
        try:
            response = session.get(url, headers=headers, timeout=policy.timeout)
        except (requests.ConnectionError, requests.Timeout) as exc:
            last = f"{exc.__class__.__name__}: {exc}"
            continue
        if response.status_code >= 500 or response.status_code == 429:
            last = f"HTTP {response.status_code}"
            continue
        if response.status_code >= 400:
            raise SourceUnavailable(f"registry answered HTTP {response.status_code} for {url}")
        return response
    raise SourceUnavailable(f"registry unreachable at {url} after {policy.retries + 1} attempts ({last})")


def _with_page(url: str, page: int) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query["page"] = str(page)
    return urlunsplit(parts._replace(query=urlencode(query)))


def _looks_like_file(url: str, response) -> bool:
    kind = response.headers.get("Content-Type", "")
    if "json" in kind:
        return False
    return urlsplit(url).path.lower().endswith(FILE_SUFFIXES) or not response.content.lstrip().startswith(b"{")


def read_url(url: str, mapping=None, *, etag: str = "", last_modified: str = "", policy: HttpPolicy | None = None, session=None) -> Fetched:
    import requests

    policy = policy or HttpPolicy()
    session = session or requests.Session()
    conditional = {}
    if etag:
        conditional["If-None-Match"] = etag
    if last_modified:
        conditional["If-Modified-Since"] = last_modified
    first = _get(session, url, conditional, policy)
    if first.status_code == 304:
        return Fetched(None, etag, last_modified)
    validators = {"etag": first.headers.get("ETag", ""), "last_modified": first.headers.get("Last-Modified", "")}
    if _looks_like_file(url, first):
        return Fetched(parse_bytes(first.content, mapping), **validators)
    items: list = []
    response, page_url, page = first, url, 1
    for _ in range(MAX_PAGES):
        try:
            body = response.json()
        except ValueError as exc:
            raise UnreadableSource(f"the feed at {page_url} did not answer JSON") from exc
        if not isinstance(body, dict) or not isinstance(body.get("items"), list):
            raise UnreadableSource(f"the feed at {page_url} has no 'items' list")
        items.extend(body["items"])
        if "next" in body:
            next_url = body["next"]
        else:  # no `next` key at all: walk ?page=N until a page comes back empty
            page += 1
            next_url = _with_page(url, page) if body["items"] else None
        if not next_url:
            break
        page_url = requests.compat.urljoin(page_url, next_url)
        response = _get(session, page_url, {}, policy)
    return Fetched(parse_items(items, mapping), **validators)


def fetch(location: str, mapping=None, *, etag: str = "", last_modified: str = "", policy: HttpPolicy | None = None) -> Fetched:
    if is_url(location):
        return read_url(location, mapping, etag=etag, last_modified=last_modified, policy=policy)
    return read_file(location, mapping)

"""The storefront's way to the core: its own documents, over the in-process transport by
default or over HTTP when SALEOR_API_URL points at another server (ours or a real Saleor)."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from saleor_client import HttpTransport, InProcessTransport, SaleorClient

DOCUMENTS = [Path(__file__).resolve().parent / "graphql"]


@lru_cache(maxsize=1)
def shopper_client() -> SaleorClient:
    url = os.environ.get("SALEOR_API_URL")
    transport = HttpTransport(url) if url else InProcessTransport()
    return SaleorClient(transport, DOCUMENTS)

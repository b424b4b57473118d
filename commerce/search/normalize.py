"""Text as a Vietnamese shopper types it: without diacritics, lower case, đ written as d.

Shoppers on phones often type `muoi ot` for "Muối ớt" or `banh trang` for "Bánh tráng"; the index
and every query go through the same function so both sides meet on plain ASCII-ish words.
"""

from __future__ import annotations

import re
import unicodedata

# đ/Đ is a letter of its own, not d plus a combining mark, so NFD leaves it alone.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})
_WORD = re.compile(r"[0-9a-z]+")


def normalize_text(text: str | None) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def query_terms(query: str | None) -> list[str]:
    """The words of a query, safe to put into a tsquery (letters and digits only)."""
    return _WORD.findall(normalize_text(query))


def prefix_tsquery(terms: list[str]) -> str:
    """`muoi:* & ot:*` — every word must match, the last ones may be unfinished."""
    return " & ".join(_prefix_lexeme(term) for term in terms)


def _prefix_lexeme(term: str) -> str:
    # PostgreSQL's text parser reads "btp-002" in a document as 'btp' and the signed integer
    # '-002', while query_terms splits the typed "BTP-002" into btp and 002: let a number match
    # either lexeme, or SKUs would only be found by the (slower) trigram fallback.
    if term[0].isdigit():
        return f"({term}:* | '-{term}':*)"
    return f"{term}:*"

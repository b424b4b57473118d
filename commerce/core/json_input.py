"""Reading JSON that strangers send (GraphQL bodies and variables, signed webhooks).

json.loads alone accepts more than the rest of the server can take:
- nesting deep enough to raise RecursionError in the parser itself (a 500), and, below that,
  deep enough to trip every recursive consumer after it (GraphQL input coercion, JSONField
  serialisation, PostgreSQL's jsonb parser);
- the NaN/Infinity tokens (not JSON) and numbers such as 1e400 that become float infinity,
  which PostgreSQL cannot compare with a numeric column and jsonb cannot store;
- the NUL character, which PostgreSQL refuses in text and jsonb — a database error on the
  first query that uses it.
These helpers refuse all of that up front with an InvalidJSONInput whose message is meant for
the caller.
"""

from __future__ import annotations

import json
import math
from typing import Any

# Deeper than any real payload (Saleor's deepest inputs, `where` filters with AND/OR, nest
# about ten levels) and far below where recursion becomes a problem.
MAX_JSON_DEPTH = 32

NUL_MESSAGE = "Text must not contain the NUL character (U+0000)."
SURROGATE_MESSAGE = "Text must be valid Unicode: an unpaired surrogate (\\ud800–\\udfff) is not accepted."


def text_problem(text: str) -> str | None:
    """Why PostgreSQL could not store the string, or None: the NUL character (refused in text and
    jsonb), or a lone surrogate — which a JSON escape such as "\\ud800" can carry, and which
    is not UTF-8 (psycopg fails to encode it: a 500 in whichever query uses it)."""
    if "\x00" in text:
        return NUL_MESSAGE
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE_MESSAGE
    return None


def storable(text: str) -> bool:
    return text_problem(text) is None


class InvalidJSONInput(ValueError):
    pass


def _refuse_constant(token: str):
    raise InvalidJSONInput(f"{token} is not a JSON number.")


class NestedTooDeeply(InvalidJSONInput):
    pass


def loads(raw: str | bytes, *, max_depth: int = MAX_JSON_DEPTH, allow_nul: bool = True, parse_float=None) -> Any:
    """json.loads, refusing what the server must not see (see the module's docstring).
    `parse_float=Decimal` keeps 1e400 a (huge) number for the caller to refuse by range.

    Raises NestedTooDeeply or InvalidJSONInput for those, ValueError/UnicodeDecodeError for
    malformed JSON."""
    try:
        value = json.loads(raw, parse_constant=_refuse_constant, parse_float=parse_float)
    except RecursionError:
        raise NestedTooDeeply(too_deep_message(max_depth)) from None
    problem = problem_in(value, max_depth=max_depth, allow_nul=allow_nul)
    if problem:
        raise (NestedTooDeeply if problem == too_deep_message(max_depth) else InvalidJSONInput)(problem)
    return value


def too_deep_message(max_depth: int) -> str:
    return f"JSON input is nested too deeply: the limit is {max_depth} levels."


def problem_in(value: Any, *, max_depth: int = MAX_JSON_DEPTH, allow_nul: bool = True) -> str | None:
    """What is wrong with an already decoded value (nesting, non-finite numbers, and — unless
    allow_nul — text PostgreSQL cannot store: NUL, lone surrogates), or None.

    Iterative, so that the check itself cannot overflow the stack on a deep value."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list, tuple)):
            if depth > max_depth:
                return too_deep_message(max_depth)
            if isinstance(item, dict):
                if not allow_nul:
                    for key in item:
                        problem = text_problem(key) if isinstance(key, str) else None
                        if problem:
                            return problem
                children = item.values()
            else:
                children = item
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(item, float):
            if not math.isfinite(item):
                return "Numbers must be finite: NaN, Infinity and values beyond ±1.8e308 are not accepted."
        elif not allow_nul and isinstance(item, str):
            problem = text_problem(item)
            if problem:
                return problem
    return None

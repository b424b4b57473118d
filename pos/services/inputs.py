"""Reading what a register sends, strictly: the JSON body and each field's type and range.

Anything a device (or anyone holding its token, or no token at all for /pair) can send must end
as a clear 400, never as an exception deep in the ORM or the database: a list where an id is
meant, 1e400 (Python's json makes that float('inf')), "abc" as an amount, 100,000 nested
brackets (json.loads recurses and raises RecursionError), a string PostgreSQL cannot store
(NUL, a lone surrogate).

A problem is raised as BadInput(field, problem): the API answers it in Vietnamese, the sync's
per-sale rejections in the English of their existing `field: reason` strings."""

from __future__ import annotations

import uuid as uuidlib
from decimal import Decimal

from commerce.core import json_input
from commerce.core.db import BIGINT_MAX
from commerce.core.json_input import storable

# The deepest real body is a sync batch: {"sales": [{"lines": [{…}]}]}, four levels; a sale's
# payload is stored as the device sent it, so a little room for extra fields, no more.
MAX_DEPTH = 12
# What DecimalField(max_digits=14, decimal_places=0) — every amount column — can hold.
MAX_VND = 10**14 - 1
# Primary keys are bigint.
MAX_ID = BIGINT_MAX

# problem → (Vietnamese, English); {field} and the keyword arguments are filled in.
PROBLEMS = {
    "required": ("{field}: bắt buộc.", "{field}: required"),
    "integer": ("{field}: phải là một số nguyên.", "{field}: a whole number"),
    "integer_range": ("{field}: phải là số nguyên từ {minimum} đến {maximum}.", "{field}: a whole number from {minimum} to {maximum}"),
    "amount": ("{field}: phải là số tiền nguyên đồng, không âm.", "{field}: VND amounts are whole non-negative numbers"),
    "amount_range": ("{field}: số tiền vượt quá {maximum} ₫.", "{field}: more than {maximum} VND"),
    "text": ("{field}: phải là chuỗi ký tự.", "{field}: a string"),
    "text_length": ("{field}: dài quá {maximum} ký tự.", "{field}: at most {maximum} characters"),
    "text_characters": (
        "{field}: có ký tự không lưu được (NUL hoặc mã UTF-16 lẻ).",
        "{field}: holds characters that cannot be stored (NUL or a lone surrogate)",
    ),
    "uuid": ("{field}: phải là một UUID.", "{field}: not a UUID"),
    "object": ("{field}: phải là một đối tượng JSON.", "{field}: a JSON object"),
    "list": ("{field}: phải là một danh sách.", "{field}: a list"),
    "choice": ("{field}: phải là một trong {choices}.", "{field}: one of {choices}"),
}


class BadInput(ValueError):
    """A field that is missing, of the wrong type or out of range."""

    def __init__(self, field: str, problem: str, code: str = "INVALID", **params):
        self.field, self.problem, self.code, self.params = field, problem, code, params
        super().__init__(self.english)

    def _text(self, language: int) -> str:
        return PROBLEMS[self.problem][language].format(field=self.field, **self.params)

    @property
    def vietnamese(self) -> str:
        return self._text(0)

    @property
    def english(self) -> str:
        return self._text(1)


class BadBody(ValueError):
    """A body that is not a JSON object at all; the whole request is refused."""

    code = "INVALID_JSON"

    def __init__(self, message: str):
        super().__init__(message)
        self.vietnamese = message


def json_object(raw: bytes | str | None) -> dict:
    """The request body as a dict, read by the core's reader of untrusted JSON (nesting, NaN,
    Infinity refused). Numbers with a fraction or exponent become Decimal, so 1e400 is a
    (huge, refused later by range) number and never float('inf'). Text is checked per field
    (labels are repaired rather than refused), so NUL is let through here."""
    try:
        data = json_input.loads(raw or b"{}", max_depth=MAX_DEPTH, parse_float=Decimal)
    except json_input.NestedTooDeeply:
        raise BadBody("Dữ liệu JSON lồng nhau quá sâu.")
    except ValueError:  # NaN/Infinity, JSONDecodeError, bad UTF-8, an integer of more than 4,300 digits
        raise BadBody("Dữ liệu gửi lên không phải JSON hợp lệ.")
    if not isinstance(data, dict):
        raise BadBody("Dữ liệu gửi lên phải là một đối tượng JSON.")
    return data


def required(value, field: str):
    if value is None or value == "":
        raise BadInput(field, "required")
    return value


def integer(value, field: str, *, minimum: int = 1, maximum: int = MAX_ID, required: bool = True) -> int | None:
    """A JSON integer (not a bool, not 1.5, not "12") between minimum and maximum."""
    if value is None:
        if required:
            raise BadInput(field, "required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(field, "integer")
    if not minimum <= value <= maximum:
        raise BadInput(field, "integer_range", "OUT_OF_RANGE", minimum=minimum, maximum=maximum)
    return value


def identifier(value, field: str, *, required: bool = False) -> int | None:
    """An id: a positive integer, or (as older clients send) a string of ASCII digits."""
    if value in (None, "") and not required:
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        value = int(value)
    return integer(value, field, minimum=1, maximum=MAX_ID, required=required)


def amount(value, field: str, *, maximum: int = MAX_VND) -> Decimal:
    """Whole, non-negative VND that fits the amount columns. Accepts a JSON integer or an
    integral number written with a fraction or exponent (41000.0, 4.1e4)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise BadInput(field, "amount")
    if isinstance(value, float):  # a Python caller; the API's parser makes Decimal
        if value != value or value in (float("inf"), float("-inf")):
            raise BadInput(field, "amount")
        value = Decimal(repr(value))
    number = Decimal(value)
    if not number.is_finite():
        raise BadInput(field, "amount")
    # Range before anything else: to_integral_value() of 1E+999999 would overflow.
    if number < 0:
        raise BadInput(field, "amount")
    if number > maximum:
        raise BadInput(field, "amount_range", "OUT_OF_RANGE", maximum=maximum)
    if number != number.to_integral_value():
        raise BadInput(field, "amount")
    return abs(number.quantize(Decimal(1)))  # abs: -0 is 0


def text(value, field: str, *, max_length: int, required: bool = False, default: str = "") -> str:
    if value is None or value == "":
        if required:
            raise BadInput(field, "required")
        return default
    if not isinstance(value, str):
        raise BadInput(field, "text")
    if len(value) > max_length:
        raise BadInput(field, "text_length", "OUT_OF_RANGE", maximum=max_length)
    if not storable(value):
        raise BadInput(field, "text_characters")
    return value


def uuid(value, field: str, *, required: bool = True) -> uuidlib.UUID | None:
    if value in (None, "") and not required:
        return None
    if not isinstance(value, str):
        raise BadInput(field, "uuid")
    try:
        return uuidlib.UUID(value)
    except ValueError:
        raise BadInput(field, "uuid")


def choice(value, field: str, choices, *, default=None):
    if value in (None, "") and default is not None:
        return default
    if not isinstance(value, str) or value not in choices:
        raise BadInput(field, "choice", choices=", ".join(sorted(choices)))
    return value


def json_safe(value, _depth: int = 0):
    """A copy of parsed JSON that PostgreSQL's jsonb takes whatever the device sent: Decimal
    back to a number (or, beyond a float's range, its text), strings with NUL or lone
    surrogates repaired. For keeping refused input for staff; what is accepted is validated."""
    if _depth > MAX_DEPTH + 2:
        return "…"
    if isinstance(value, dict):
        return {_safe_text(str(k)): json_safe(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v, _depth + 1) for v in value]
    if isinstance(value, str):
        return _safe_text(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value if abs(value) <= MAX_ID else str(value)
    if isinstance(value, (Decimal, float)):
        try:
            number = float(value)
        except (OverflowError, ValueError):
            return str(value)
        return number if number == number and abs(number) != float("inf") else str(value)
    return str(value)


def _safe_text(value: str) -> str:
    if storable(value):
        return value
    # NUL and lone surrogates (U+D800–U+DFFF on their own) become U+FFFD, the replacement mark.
    return "".join("\ufffd" if c == "\x00" or "\ud800" <= c <= "\udfff" else c for c in value)

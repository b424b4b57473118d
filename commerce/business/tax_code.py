"""Vietnamese tax codes (mã số thuế, MST).

An enterprise has 10 digits; a branch or dependent unit has 13 — the parent's 10, then a
3-digit unit number, written `0312345678-001` (the hyphen is often left out). The 10th digit is
a check digit over the first nine: weights 31, 29, 23, 19, 17, 13, 7, 5, 3; check = 10 − (sum
mod 11), which must equal the 10th digit (a code whose check would be 10 is never issued).

    normalize_tax_code(raw) -> "0312345678" or "0312345678-001"   raises InvalidTaxCode
    is_valid_tax_code(raw) -> bool
"""

from __future__ import annotations

import re

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_FORMAT = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")


class InvalidTaxCode(ValueError):
    """`reason` is one of "format", "checksum", "branch" (for the message in the user's language)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def check_digit(first_nine: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_nine, WEIGHTS))
    return 10 - (total % 11)


def normalize_tax_code(raw: str) -> str:
    text = re.sub(r"[\s.]", "", raw or "")
    match = _FORMAT.match(text)
    if not match:
        raise InvalidTaxCode("format", "A tax code is 10 digits, or 13 digits written 10-3 (e.g. 0312345678-001).")
    main, branch = match.groups()
    if check_digit(main[:9]) != int(main[9]):
        raise InvalidTaxCode("checksum", "The check digit (10th digit) of this tax code is wrong.")
    if branch is not None and branch == "000":
        raise InvalidTaxCode("branch", "A branch number runs from 001 to 999.")
    return f"{main}-{branch}" if branch else main


def is_valid_tax_code(raw: str) -> bool:
    try:
        normalize_tax_code(raw)
    except InvalidTaxCode:
        return False
    return True

"""Money and dates in the reader's language: `125.000 ₫` in Vietnamese, `₫125,000` in English."""

from __future__ import annotations

from babel.dates import format_datetime
from babel.numbers import format_currency
from django.utils import timezone

LOCALES = {"vi": "vi_VN", "en": "en_US"}


def language_of(code: str | None) -> str:
    base = (code or "vi").lower().replace("_", "-").split("-")[0]
    return base if base in LOCALES else "vi"


def money(amount, currency: str, language: str) -> str:
    return format_currency(amount, currency, locale=LOCALES[language_of(language)], decimal_quantization=True)


def when(value, language: str) -> str:
    return format_datetime(timezone.localtime(value), "medium", locale=LOCALES[language_of(language)])

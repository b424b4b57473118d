"""How services report bad input: Django's ValidationError keyed by the API field name, with
Saleor's error code as `code` and, where Saleor's error type has them, the IDs involved in
`params` ({"attributes": [...], "values": [...], "warehouses": [...], "channels": [...]}).

The GraphQL layer turns these into payload errors; the registry sync and the POS read them as is.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


def error(field: str | None, code: str, message: str, **params) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code, params=params or None)]})


def problems(rows) -> ValidationError:
    """One ValidationError for (field, code, message) problems found together; a field's
    problems are reported together, in the order they were found."""
    errors = ErrorCollector()
    for field, code, message in rows:
        errors.add(field, code, message)
    return ValidationError(errors.errors)


def flatten(exc: ValidationError) -> list[tuple[str | None, str, str, dict]]:
    """(field, code, message, params) for each problem in `exc`."""
    out = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for e in errors:
                out.append(
                    (field, (e.code or "INVALID"), e.message % e.params if e.params and "%(" in e.message else e.message, e.params or {})
                )
    else:
        for e in exc.error_list:
            out.append((None, (e.code or "INVALID"), e.message, e.params or {}))
    return out


class ErrorCollector:
    """Gathers several problems so a caller sees them all at once, as Saleor reports them."""

    def __init__(self):
        self.errors: dict[str | None, list[ValidationError]] = {}

    def add(self, field: str | None, code: str, message: str, **params) -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code=code, params=params or None))

    def extend(self, exc: ValidationError, prefix: str | None = None) -> None:
        for field, code, message, params in flatten(exc):
            name = f"{prefix}.{field}" if prefix and field else (prefix or field)
            self.add(name, code, message, **params)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

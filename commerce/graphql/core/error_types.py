"""Builds Saleor's error enums and types from their member lists, so each domain's errors.py
stays a list of names."""

from __future__ import annotations

import graphene

from .types import NonNullList


def error_code_enum(name: str, codes: list[str]):
    return graphene.Enum(name, [(c, c) for c in codes])


def error_type(name: str, code_enum, *, field_attr: str = "field", extra: tuple[str, ...] = (), extra_types: dict | None = None):
    attrs = {
        field_attr: graphene.String(
            description="Name of a field that caused the error. A value of `null` indicates that the error isn't associated with a particular field."
        ),
        "message": graphene.String(description="The error message."),
        "code": graphene.Field(code_enum, required=True, description="The error code."),
    }
    for extra_name in extra:
        attrs[extra_name] = graphene.List(graphene.NonNull(graphene.ID))
    attrs.update(extra_types or {})
    return type(name, (graphene.ObjectType,), {**attrs, "Meta": type("Meta", (), {"name": name})})


__all__ = ["NonNullList", "error_code_enum", "error_type"]

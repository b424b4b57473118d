"""Inputs and scalars shared by the write API (Saleor's names and parsing rules)."""
from __future__ import annotations

import decimal

import graphene
from django_countries import countries
from graphql.language import ast


class PositiveDecimal(graphene.Scalar):
    """Positive Decimal scalar implementation.

    As in Saleor, a negative or malformed amount parses to null; the mutation then reports it
    with its own error code (INVALID_PRICE for prices) instead of failing the whole request.
    """

    @staticmethod
    def serialize(value):
        return float(value)

    @staticmethod
    def parse_value(value):
        try:
            number = decimal.Decimal(str(value))
        except (decimal.DecimalException, ValueError):
            return None
        if not number.is_finite() or number < 0:
            return None
        return number

    @classmethod
    def parse_literal(cls, node, _variables=None):
        if isinstance(node, (ast.FloatValueNode, ast.IntValueNode, ast.StringValueNode)):
            return cls.parse_value(node.value)
        return None


WEIGHT_TO_GRAMS = {"g": 1, "kg": 1000, "lb": 453.59237, "oz": 28.349523125, "tonne": 1_000_000}


class WeightScalar(graphene.Scalar):
    """A number (kilograms, Saleor's default unit) or {value, unit}; parsed to grams."""

    @staticmethod
    def serialize(value):
        return value

    @staticmethod
    def parse_value(value):
        unit = "kg"
        if isinstance(value, dict):
            unit = str(value.get("unit", "kg")).lower()
            value = value.get("value")
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
        factor = WEIGHT_TO_GRAMS.get(unit)
        return None if factor is None else number * factor

    @classmethod
    def parse_literal(cls, node, _variables=None):
        if isinstance(node, (ast.FloatValueNode, ast.IntValueNode, ast.StringValueNode)):
            return cls.parse_value(node.value)
        if isinstance(node, ast.ObjectValueNode):
            return cls.parse_value({f.name.value: f.value.value for f in node.fields})
        return None


# Saleor's CountryCode lists django-countries' codes; "EU" is Saleor's extra we don't need.
CountryCode = graphene.Enum("CountryCode", [(code, code) for code, _ in countries])


class MetadataInput(graphene.InputObjectType):
    key = graphene.String(required=True, description="Key of a metadata item.")
    value = graphene.String(required=True, description="Value of a metadata item.")


class SeoInput(graphene.InputObjectType):
    title = graphene.String(description="SEO title.")
    description = graphene.String(description="SEO description.")


class ErrorPolicyEnum(graphene.Enum):
    IGNORE_FAILED = "ignore_failed"
    REJECT_EVERYTHING = "reject_everything"
    REJECT_FAILED_ROWS = "reject_failed_rows"


def metadata_dict(items) -> dict | None:
    if items is None:
        return None
    return {item["key"]: item["value"] for item in items}

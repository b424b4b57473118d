"""Inputs and scalars shared by the write API (Saleor's names and parsing rules)."""

from __future__ import annotations

import decimal
import math

import graphene
from django_countries import countries
from graphql import Undefined
from graphql.language import ast

from commerce.core.db import MONEY_AMOUNT_LIMIT


# Every amount column is numeric(20, 3): an amount of 10^17 or more cannot be stored, and
# reaching the database it is an overflow error, not an answer.
MAX_AMOUNT = MONEY_AMOUNT_LIMIT
# Any Decimal whose exponent stays within ±1000 is a number PostgreSQL's numeric can compare
# (it holds 131072 digits before the point and 16383 after); 1e999999 would be a database error.
MAX_DECIMAL_EXPONENT = 1000


def _finite_decimal(value) -> decimal.Decimal | None:
    """A Decimal from a number or its text, or None for garbage, NaN, ±Infinity and
    magnitudes no database column can take. Floats go through str() to keep the digits typed."""
    if isinstance(value, bool):
        return None
    try:
        number = decimal.Decimal(str(value).strip())
    except (decimal.DecimalException, ValueError):
        return None
    if not number.is_finite() or abs(number.adjusted()) > MAX_DECIMAL_EXPONENT:
        return None
    return number


class Decimal(graphene.Scalar):
    """graphene's Decimal, hardened: NaN, Infinity and astronomically large or small values are
    invalid input (graphene accepts them, and the database then fails on them), and float
    literals parse as Saleor's Decimal parses them."""

    class Meta:
        # The description graphene's Decimal has in the schema.
        description = "The `Decimal` scalar type represents a python Decimal."

    serialize = staticmethod(graphene.Decimal.serialize)

    @staticmethod
    def parse_value(value):
        number = _finite_decimal(value)
        return Undefined if number is None else number

    @classmethod
    def parse_literal(cls, node, _variables=None):
        if isinstance(node, (ast.FloatValueNode, ast.IntValueNode, ast.StringValueNode)):
            return cls.parse_value(node.value)
        return Undefined


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
        # (Not in the docstring, which is the schema's description:) NaN, Infinity and amounts
        # too large for the amount columns are malformed amounts too.
        number = _finite_decimal(value)
        if number is None or number < 0 or number >= MAX_AMOUNT:
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
        if not math.isfinite(number):
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

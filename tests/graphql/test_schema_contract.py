"""Our schema is a faithful subset of Saleor 3.23's: every type, field, argument, input field and
enum value we expose exists in Saleor with the same name and the same type."""

from __future__ import annotations

import os
import pathlib

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    build_schema,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
SALEOR_SCHEMA = pathlib.Path(os.environ.get("SALEOR_SCHEMA", ROOT.parent / "shared" / "saleor" / "schema-3.23.28.graphql"))


@pytest.fixture(scope="module")
def saleor_schema():
    if not SALEOR_SCHEMA.exists():
        pytest.fail(f"Saleor's schema is missing at {SALEOR_SCHEMA}; set SALEOR_SCHEMA")
    return build_schema(SALEOR_SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def our_schema():
    from graphql import print_schema

    from commerce.graphql.api import schema

    # Rebuilt from its SDL, as any client sees it (graphene's own type classes compare unequal).
    return build_schema(print_schema(schema.graphql_schema))


def contract_problems(ours, saleor) -> list[str]:
    problems = []
    for name, our_type in ours.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        their_type = saleor.type_map.get(name)
        if their_type is None:
            problems.append(f"type {name} is not in Saleor's schema")
            continue
        if type(our_type) is not type(their_type):
            problems.append(f"type {name} is a {type(our_type).__name__}, Saleor's a {type(their_type).__name__}")
            continue
        if isinstance(our_type, (GraphQLObjectType, GraphQLInterfaceType)):
            their_interfaces = {i.name for i in their_type.interfaces}
            for interface in our_type.interfaces:
                if interface.name not in their_interfaces:
                    problems.append(f"{name} implements {interface.name}, Saleor's does not")
            for field_name, field in our_type.fields.items():
                their_field = their_type.fields.get(field_name)
                if their_field is None:
                    problems.append(f"{name}.{field_name} is not in Saleor's schema")
                    continue
                if str(field.type) != str(their_field.type):
                    problems.append(f"{name}.{field_name}: {field.type}, Saleor: {their_field.type}")
                for arg_name, arg in field.args.items():
                    their_arg = their_field.args.get(arg_name)
                    if their_arg is None:
                        problems.append(f"{name}.{field_name}({arg_name}) is not in Saleor's schema")
                    elif str(arg.type) != str(their_arg.type):
                        problems.append(f"{name}.{field_name}({arg_name}): {arg.type}, Saleor: {their_arg.type}")
        elif isinstance(our_type, GraphQLInputObjectType):
            for field_name, field in our_type.fields.items():
                their_field = their_type.fields.get(field_name)
                if their_field is None:
                    problems.append(f"input {name}.{field_name} is not in Saleor's schema")
                elif str(field.type) != str(their_field.type):
                    problems.append(f"input {name}.{field_name}: {field.type}, Saleor: {their_field.type}")
            for field_name, field in their_type.fields.items():
                if str(field.type).endswith("!") and field.default_value is None and field_name not in our_type.fields:
                    problems.append(f"input {name}.{field_name} is required by Saleor but missing here")
        elif isinstance(our_type, GraphQLEnumType):
            missing = set(our_type.values) - set(their_type.values)
            if missing:
                problems.append(f"enum {name} has values Saleor lacks: {sorted(missing)}")
        elif isinstance(our_type, GraphQLUnionType):
            extra = {t.name for t in our_type.types} - {t.name for t in their_type.types}
            if extra:
                problems.append(f"union {name} has members Saleor lacks: {sorted(extra)}")
        elif isinstance(our_type, GraphQLScalarType):
            pass
    return problems


def test_our_schema_is_a_subset_of_saleors(our_schema, saleor_schema):
    problems = contract_problems(our_schema, saleor_schema)
    assert not problems, "\n".join(problems)


def test_the_contract_check_catches_a_renamed_field(saleor_schema):
    drifted = build_schema("type Query { shop: Shop! }  type Shop { nam: String! }")
    assert "Shop.nam is not in Saleor's schema" in contract_problems(drifted, saleor_schema)

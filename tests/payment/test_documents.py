"""Every document the payment tests send is valid against Saleor 3.23's schema and ours."""

import pathlib

import pytest
from graphql import build_schema, parse, validate

from .documents import ALL

SALEOR = pathlib.Path(__file__).resolve().parents[3] / "shared" / "saleor" / "schema-3.23.28.graphql"


@pytest.mark.parametrize("document", ALL)
def test_document_validates_against_saleor_and_ours(document):
    from commerce.graphql.api import schema

    saleor = build_schema(SALEOR.read_text(encoding="utf-8"))
    assert validate(saleor, parse(document)) == []
    assert validate(schema.graphql_schema, parse(document)) == []

"""Operations are found by name with exactly the fragments they use, from any file of the set."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import parse

from saleor_client import DocumentNotFoundError, DocumentStore

DOCUMENTS = Path(__file__).parent / "graphql"


def fragment_names(text: str) -> set[str]:
    return {d.name.value for d in parse(text).definitions if d.kind == "fragment_definition"}


def test_an_operation_carries_its_fragments_transitively_across_files():
    store = DocumentStore([DOCUMENTS])
    text = store.text("ChannelBySlug")
    assert fragment_names(text) == {"ChannelFields", "ChannelMoney"}  # ChannelMoney is in another file
    assert "UnusedShopFragment" not in text
    assert store.operation_type("ChannelBySlug") == "query"


def test_an_operation_without_fragments_is_sent_alone():
    text = DocumentStore([DOCUMENTS]).text("ShopName")
    assert [d.kind for d in parse(text).definitions] == ["operation_definition"]


def test_unknown_operation_names_the_folders(tmp_path):
    with pytest.raises(DocumentNotFoundError, match="NoSuchOperation"):
        DocumentStore([DOCUMENTS]).text("NoSuchOperation")


def test_missing_fragment_is_reported(tmp_path):
    (tmp_path / "a.graphql").write_text("query A { shop { ...Missing } }")
    with pytest.raises(DocumentNotFoundError, match="Missing"):
        DocumentStore([tmp_path]).text("A")


def test_an_operation_name_defined_twice_is_an_error(tmp_path):
    (tmp_path / "a.graphql").write_text("query A { shop { name } }")
    (tmp_path / "b.graphql").write_text("query A { shop { name } }")
    with pytest.raises(DocumentNotFoundError, match="defined twice"):
        DocumentStore([tmp_path]).text("A")


def test_schema_dumps_are_skipped_and_subfolders_are_read(tmp_path):
    (tmp_path / "schema.graphql").write_text("type Query { shop: String }")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ops.graphql").write_text("query B { shop { name } }")
    assert DocumentStore([tmp_path]).text("B").startswith("query B")


def test_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(DocumentNotFoundError, match="not found"):
        DocumentStore([tmp_path / "nope"]).text("A")

"""One mutation base: every mutation of the schema runs through BaseMutation.mutate (permission
check, rate-limit hook, transaction policy, one error mapper), and services open their own
transactions, so a caller outside GraphQL gets all-or-nothing writes too."""

from __future__ import annotations

import pytest

from commerce.graphql.api import schema
from commerce.graphql.core.mutations import BaseMutation
from commerce.product import services
from commerce.product.models import Collection, Product


def _mutation_classes() -> dict[str, type]:
    """Each field of the schema's Mutation type → the graphene Mutation class resolving it."""
    mutation_type = schema.graphql_schema.mutation_type
    out = {}
    for name, field in mutation_type.fields.items():
        resolver = field.resolve
        # graphene binds Mutation.Field() resolvers as partial(cls._meta.resolver / mutate).
        target = getattr(resolver, "func", resolver)
        cls = getattr(target, "__self__", None)
        out[name] = cls
    return out


def test_every_mutation_derives_from_the_one_base():
    classes = _mutation_classes()
    assert classes, "the schema has no mutations"
    outside = sorted(name for name, cls in classes.items() if not (isinstance(cls, type) and issubclass(cls, BaseMutation)))
    assert outside == []


def test_only_the_base_defines_mutate():
    overriding = sorted(
        f"{name}: {klass.__module__}.{klass.__qualname__}"
        for name, cls in _mutation_classes().items()
        for klass in cls.__mro__
        if klass is not BaseMutation and issubclass(klass, BaseMutation) and "mutate" in vars(klass)
    )
    assert overriding == []


def test_a_service_called_outside_graphql_writes_whole_or_not_at_all(db, product_type):
    # The collection is not saved, so linking the new product to it fails after the product row
    # was inserted: the service's own transaction must take that row back.
    unsaved = Collection(name="Quà Tây Ninh", slug="qua-tay-ninh")
    with pytest.raises(ValueError):
        services.create_product(product_type=product_type, name="Muối tôm", slug="muoi-tom", collections=[unsaved])
    assert not Product.objects.filter(slug="muoi-tom").exists()

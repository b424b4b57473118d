"""GET runs queries only (hardening issue, point 9).

The view used to look at the document's first characters: a mutation after a comment, after a
fragment, or named by operationName after a query ran over GET — from a link, an <img>, a
prefetch. The operation is now chosen as graphql-core chooses the one it executes, and a
mutation or subscription over GET is refused with 405 before anything runs.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from commerce.checkout.models import Checkout

pytestmark = pytest.mark.django_db

CREATE = 'checkoutCreate(input: {channel: "online", lines: [], email: "lan@example.com"}) { checkout { id } errors { code } }'


def get(client, query: str, operation_name: str | None = None):
    params = {"query": query}
    if operation_name is not None:
        params["operationName"] = operation_name
    response = client.get("/graphql/", params)
    return response, json.loads(response.content)


def test_the_mutation_used_here_does_create_a_checkout(client, channel_online):
    """The control: over POST the document below writes a row."""
    response = client.post("/graphql/", data=json.dumps({"query": "mutation { %s }" % CREATE}), content_type="application/json")
    assert json.loads(response.content)["data"]["checkoutCreate"]["errors"] == []
    assert Checkout.objects.count() == 1


@pytest.mark.parametrize(
    "query,operation_name",
    [
        ("mutation { %s }" % CREATE, None),
        ("# just a comment\nmutation { %s }" % CREATE, None),
        ("\n\n   # one\n   # two\n\tmutation Create { %s }" % CREATE, None),
        (",,, mutation { %s }" % CREATE, None),  # commas are insignificant tokens in GraphQL
        ("\ufeffmutation { %s }" % CREATE, None),  # a byte order mark is ignored too
        ('fragment C on Checkout { id }\nmutation { checkoutCreate(input: {channel: "online", lines: []}) { checkout { ...C } } }', None),
        ("query Q { shop { name } }\nmutation M { %s }" % CREATE, "M"),
        ("# mutation M is below\nquery Q { shop { name } } mutation M { %s } query R { shop { name } }" % CREATE, "M"),
    ],
)
def test_mutation_over_get_is_refused_wherever_it_sits(client, channel_online, query, operation_name):
    response, body = get(client, query, operation_name)
    assert response.status_code == 405, body
    assert body["errors"][0]["message"] == "Can only perform a mutation operation from a POST request."
    assert "data" not in body
    assert not Checkout.objects.exists()


def test_subscription_over_get_is_refused(client):
    response, body = get(client, "# a comment\nsubscription S { event { __typename } }")
    assert response.status_code == 405
    assert body["errors"][0]["message"] == "Can only perform a subscription operation from a POST request."


def test_the_query_named_by_operation_name_runs_over_get(client, channel_online):
    response, body = get(client, "mutation M { %s }\nquery Q { shop { name } }" % CREATE, "Q")
    assert response.status_code == 200, body
    assert body["data"]["shop"]["name"]
    assert not Checkout.objects.exists()


@pytest.mark.parametrize(
    "query,operation_name,status",
    [
        ("# mutation { checkoutCreate }\n{ shop { name } }", None, 200),  # "mutation" only in a comment
        ("query { shop { name } } mutation { %s }" % CREATE, None, 400),  # which one? graphql-core runs neither
        ("query Q { shop { name } } mutation M { %s }" % CREATE, "Nope", 400),  # no such operation
        ("mutation { shop { name ", None, 400),  # does not parse
    ],
)
def test_get_documents_that_run_no_mutation(client, channel_online, query, operation_name, status):
    response, body = get(client, query, operation_name)
    assert response.status_code == status, body
    assert not Checkout.objects.exists()


ignored = st.sampled_from(["", " ", "\n", "\t", ",", "\ufeff", "# note\n", "#mutation\n", "# query\n"])
others = st.sampled_from(
    ["fragment C on Checkout { id }", "query Q { shop { name } }", "query R($x: Int) { shop { name } }", "fragment S on Shop { name }"]
)


@hsettings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(st.tuples(ignored, others), max_size=3), between=ignored, after=st.lists(others, max_size=2))
def test_whatever_comes_around_it_a_named_mutation_is_refused_over_get(client, channel_online, before, between, after):
    document = "".join(padding + other + "\n" for padding, other in before) + between + "mutation M { %s }\n" % CREATE + "\n".join(after)
    response, body = get(client, document, "M")
    assert response.status_code == 405, (document, body)
    assert not Checkout.objects.exists()

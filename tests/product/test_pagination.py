"""Keyset pagination of `products` in both directions, and its limits."""

from tests.conftest import get_graphql_content

from .queries import PRODUCTS_QUERY


def _page(client, **variables):
    content = get_graphql_content(client.post_graphql(PRODUCTS_QUERY, {"channel": "online", **variables}))
    return content["data"]["products"]


def _names(page):
    return [edge["node"]["name"] for edge in page["edges"]]


def test_forward_and_backward_round_trip(api_client, products_factory):
    products_factory(7)
    expected = [f"Bánh tráng phơi sương {i}" for i in range(7)]

    first = _page(api_client, first=3)
    assert first["totalCount"] == 7
    assert _names(first) == expected[:3]
    assert first["pageInfo"]["hasNextPage"] is True and first["pageInfo"]["hasPreviousPage"] is False

    second = _page(api_client, first=3, after=first["pageInfo"]["endCursor"])
    assert _names(second) == expected[3:6]
    third = _page(api_client, first=3, after=second["pageInfo"]["endCursor"])
    assert _names(third) == expected[6:]
    assert third["pageInfo"]["hasNextPage"] is False

    # Back from the start of the third page: the same rows as the second, same cursors.
    back = _page(api_client, last=3, before=third["pageInfo"]["startCursor"])
    assert _names(back) == expected[3:6]
    assert [e["cursor"] for e in back["edges"]] == [e["cursor"] for e in second["edges"]]
    assert back["pageInfo"]["hasPreviousPage"] is True

    last = _page(api_client, last=2)
    assert _names(last) == expected[5:]


def test_first_above_100_is_refused(api_client, products_factory):
    products_factory(1)
    response = api_client.post_graphql(PRODUCTS_QUERY, {"channel": "online", "first": 101})
    content = get_graphql_content(response, ignore_errors=True)
    assert content["errors"][0]["message"] == (
        "Requesting 101 records on the `products` connection exceeds the `first` limit of 100 records."
    )


def test_bad_cursor_is_an_error_not_a_crash(api_client, products_factory):
    products_factory(1)
    for cursor in ("garbage!!", "WyJhIl0=", "bm90IGpzb24="):
        response = api_client.post_graphql(PRODUCTS_QUERY, {"channel": "online", "first": 5, "after": cursor})
        content = get_graphql_content(response, ignore_errors=True)
        assert content["errors"][0]["message"] == "Received cursor is invalid."
        assert content["errors"][0]["extensions"]["exception"]["code"] == "GraphQLError"


def test_unknown_channel_is_an_error(api_client, products_factory):
    products_factory(1)
    content = get_graphql_content(api_client.post_graphql(PRODUCTS_QUERY, {"channel": "nope", "first": 5}), ignore_errors=True)
    assert content["errors"][0]["extensions"]["exception"]["code"] == "NOT_FOUND"
    assert content["data"]["products"] is None


def test_bad_id_in_filter_is_an_error(api_client, products_factory):
    products_factory(1)
    content = get_graphql_content(
        api_client.post_graphql(PRODUCTS_QUERY, {"channel": "online", "first": 5, "filter": {"categories": ["not-an-id"]}}),
        ignore_errors=True,
    )
    assert "Invalid ID" in content["errors"][0]["message"]

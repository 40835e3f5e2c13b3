"""Every error path answers RFC 9457 problem+json with a stable code; bad input is never a 500."""

from __future__ import annotations

import pytest

ERROR_CASES = [
    ("/v1/places/atlantis", 404, "place_not_found"),
    ("/v1/sources/atlantis", 404, "source_not_found"),
    ("/v1/nowhere", 404, "not_found"),
    ("/v1/search", 422, "invalid_parameter"),  # q missing
    ("/v1/search?q=" + "x" * 201, 422, "invalid_parameter"),
    ("/v1/search?q=Vladivostok&limit=0", 422, "invalid_parameter"),
    ("/v1/search?q=Vladivostok&limit=100000", 422, "invalid_parameter"),
    ("/v1/search?q=Vladivostok&offset=-1", 422, "invalid_parameter"),
    ("/v1/search?q=Vladivostok&mode=regex", 422, "invalid_parameter"),
    ("/v1/search?q=Vladivostok&lang=xx-yy-zz", 422, "invalid_parameter"),
    ("/v1/search?q=Vladivostok&country=RUS", 422, "invalid_parameter"),
    ("/v1/places?limit=abc", 422, "invalid_parameter"),
    ("/v1/places?origin=martian", 422, "invalid_parameter"),
    ("/v1/sources?kind=poem", 422, "invalid_parameter"),
    ("/v1/places/" + "a" * 121, 422, "invalid_parameter"),
]


@pytest.mark.parametrize(("path", "status", "code"), ERROR_CASES)
def test_error_paths_share_one_body(client, path, status, code):
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"].endswith(code)
    assert body["title"] and body["detail"]


@pytest.mark.parametrize(
    ("params", "loc", "kind"),
    [
        ({"q": "x", "limit": 0}, ["query", "limit"], "greater_than_equal"),
        ({"q": "x", "limit": "ten"}, ["query", "limit"], "int_parsing"),
        ({"limit": 5}, ["query", "q"], "missing"),
        ({"q": "x", "mode": "fuzzy"}, ["query", "mode"], "literal_error"),
        ({"q": "x", "country": "RUS"}, ["query", "country"], "string_pattern_mismatch"),
        ({"q": "x", "offset": -1}, ["query", "offset"], "greater_than_equal"),
    ],
)
def test_validation_problems_keep_field_locations(client, params, loc, kind):
    response = client.get("/v1/search", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert {"loc": loc, "type": kind} in [
        {"loc": e["loc"], "type": e["type"]} for e in response.json()["errors"]
    ]


def test_search_ignores_unknown_parameters(client):
    response = client.get("/v1/search", params={"q": "Vladivostok", "colour": "red"})
    assert response.status_code == 200
    assert response.json()["items"][0]["place"]["id"] == "vladivostok"


def test_search_parameters_in_openapi_are_the_ones_it_reads(client):
    """/v1/search reads its query string by hand (gazetteer.api.query): the documented
    parameters must still be exactly the ones it accepts, described, typed and bounded."""
    from gazetteer.api.search import SearchQuery

    spec = client.get("/openapi.json").json()
    parameters = {p["name"]: p for p in spec["paths"]["/v1/search"]["get"]["parameters"]}
    assert list(parameters) == list(SearchQuery.model_fields)
    assert parameters["q"]["required"] and not parameters["mode"]["required"]
    assert all(p["in"] == "query" and p["description"] for p in parameters.values())
    assert parameters["mode"]["schema"]["enum"] == ["full", "prefix"]
    assert parameters["offset"]["schema"]["maximum"] == 1_000_000


def test_method_not_allowed_is_a_problem(client):
    response = client.post("/v1/places")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


@pytest.mark.parametrize("query", ["\x00", "'; DROP TABLE place; --", "%", "_", "\\", "🏙️", "ᡥᠠᡳᡧᡝᠨᠸᡝᡳ", " ", "\u200b", "(((", "a" * 200])
def test_hostile_queries_are_answered_not_crashed(client, query):
    response = client.get("/v1/search", params={"q": query})
    assert response.status_code in (200, 422)
    assert client.get("/v1/health").json()["places"] >= 60


@pytest.mark.parametrize(
    "path",
    [
        "/v1/sources/compare?a=%00&b=x",  # PostgreSQL would refuse it inside the query (a 500)
        "/v1/attestations?source=%00",
        "/v1/search?q=Vladi%00vostok",
        "/v1/places/vladivostok%00",
    ],
)
def test_nul_characters_are_refused_before_any_query(client, path):
    response = client.get(path)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid_parameter" and "NUL" in body["detail"]


def test_entity_tags_are_strong_quoted_and_follow_the_bytes():
    from gazetteer.api.etags import entity_tag

    tag = entity_tag(b'{"id": "vladivostok"}')
    assert tag.startswith('"') and tag.endswith('"') and not tag.startswith('W/')
    assert tag == entity_tag(b'{"id": "vladivostok"}') != entity_tag(b'{"id": "khabarovsk"}')

"""Map by map: a source's labels, two sources compared, and the source × name matrix."""

from __future__ import annotations

import pytest

ITEM_14_PLACES = {
    "vladivostok",
    "ussuriysk",
    "khabarovsk",
    "blagoveshchensk",
    "sakhalin",
    "nerchinsk",
    "nikolayevsk-on-amur",
    "stanovoy-range",
}


def test_compare_is_not_read_as_a_source_id(client):
    response = client.get(
        "/v1/sources/compare",
        params={"a": "sbsm-2003-public-map-rules", "b": "mnr-2023-public-map-norms"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["a"]["id"] == "sbsm-2003-public-map-rules"
    assert body["b"]["id"] == "mnr-2023-public-map-norms"
    assert {p["place_id"] for p in body["places"]} >= ITEM_14_PLACES
    summary = body["summary"]
    assert sum(summary.values()) == len(body["places"])
    for place in body["places"]:
        if place["change"] == "unchanged":
            assert place["a"] and place["b"] and not place["changes"]
    assert body["message"].startswith("From ")


@pytest.mark.parametrize(
    "params",
    [
        {"a": "mnr-2023-public-map-norms", "b": "atlantis"},
        {"a": "atlantis", "b": "mnr-2023-public-map-norms"},
    ],
)
def test_compare_with_an_unknown_source_is_a_404(client, params):
    response = client.get("/v1/sources/compare", params=params)
    assert response.status_code == 404
    assert response.json()["code"] == "source_not_found"


@pytest.mark.parametrize(
    "params", [{}, {"a": "mnr-2023-public-map-norms"}, {"a": "x" * 121, "b": "y"}]
)
def test_compare_needs_two_ids(client, params):
    response = client.get("/v1/sources/compare", params=params)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_parameter"


def test_a_source_compared_with_itself_is_unchanged(client):
    body = client.get(
        "/v1/sources/compare",
        params={"a": "mnr-2023-public-map-norms", "b": "mnr-2023-public-map-norms"},
    ).json()
    assert body["summary"]["unchanged"] == len(body["places"]) >= 8


def test_what_the_2023_norms_printed_place_by_place(client):
    response = client.get(
        "/v1/sources/mnr-2023-public-map-norms/attestations", params={"limit": 100}
    )
    assert response.status_code == 200
    page = response.json()
    assert page["source"]["id"] == "mnr-2023-public-map-norms"
    assert {a["place_id"] for a in page["items"]} >= ITEM_14_PLACES
    assert [a["place_id"] for a in page["items"]] == sorted(a["place_id"] for a in page["items"])
    labels = {(a["place_id"], a["label"], a["role"]) for a in page["items"]}
    assert ("vladivostok", "符拉迪沃斯托克（海参崴）", "parenthetical") in labels
    first = client.get(
        "/v1/sources/mnr-2023-public-map-norms/attestations", params={"limit": 2}
    ).json()
    second = client.get(
        "/v1/sources/mnr-2023-public-map-norms/attestations", params={"limit": 2, "offset": 2}
    ).json()
    assert first["total"] == page["total"] and len(first["items"]) == 2
    assert first["items"] != second["items"]
    only = client.get(
        "/v1/sources/mnr-2023-public-map-norms/attestations", params={"place": "vladivostok"}
    ).json()
    assert {a["place_id"] for a in only["items"]} == {"vladivostok"}


def test_attestations_of_an_unknown_source_is_a_404(client):
    response = client.get("/v1/sources/atlantis/attestations")
    assert response.status_code == 404
    assert response.json()["code"] == "source_not_found"


def test_matrix_of_sources_and_names(client):
    response = client.get("/v1/attestations", params={"place": "vladivostok"})
    assert response.status_code == 200
    matrix = response.json()
    columns = [s["id"] for s in matrix["sources"]]
    assert "mnr-2023-public-map-norms" in columns
    dates = [s["date"] for s in matrix["sources"] if s["date"]]
    assert dates == sorted(dates)
    used = {
        row["name"]["text"]: {u["source_id"] for u in row["uses"]}
        for row in matrix["rows"]
        if row["name"]
    }
    assert "mnr-2023-public-map-norms" in used["海参崴"]
    maps = client.get(
        "/v1/attestations", params={"place": "vladivostok", "source_kind": "map"}
    ).json()
    assert all(s["kind"] == "map" for s in maps["sources"])
    assert maps["message"]


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({}, 422, "invalid_parameter"),
        ({"place": "atlantis"}, 404, "place_not_found"),
        ({"place": "vladivostok", "source_kind": "poem"}, 422, "invalid_parameter"),
        ({"place": "vladivostok", "lang": "xx-yy-zz"}, 422, "invalid_parameter"),
    ],
)
def test_matrix_errors(client, params, status, code):
    response = client.get("/v1/attestations", params=params)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_tiny_compare_finds_changed_and_dropped_places(tiny):
    body = tiny.get(
        "/v1/sources/compare", params={"a": "test-rules-2003", "b": "test-norms-2023"}
    ).json()
    assert body["summary"] == {"added": 0, "dropped": 1, "changed": 1, "unchanged": 0}
    assert [p["change"] for p in body["places"]] == ["changed", "dropped"]
    changed = body["places"][0]
    kinds = sorted(c["kind"] for c in changed["changes"])
    assert kinds == ["form_changed", "name_dropped", "role_changed"]
    form = next(c for c in changed["changes"] if c["kind"] == "form_changed")
    assert (form["a_label"], form["b_label"]) == ("诺沃格勒（旧城）", "诺沃格勒")
    role = next(c for c in changed["changes"] if c["kind"] == "role_changed")
    assert (role["a_role"], role["b_role"]) == ("primary_label", "sole_label")
    assert len(body["b"]["claims"]) == 2, "claims about a source are shown with it"


def test_tiny_matrix_of_maps(tiny):
    matrix = tiny.get(
        "/v1/attestations", params={"place": "testville", "source_kind": "map"}
    ).json()
    assert [s["id"] for s in matrix["sources"]] == ["test-map-1900", "test-map-2023"]
    rows = {r["name"]["text"]: [u["source_id"] for u in r["uses"]] for r in matrix["rows"]}
    assert rows == {"旧城": ["test-map-1900"], "诺沃格勒": ["test-map-2023"]}
    zh_only = tiny.get(
        "/v1/attestations", params={"place": "testville", "source_kind": "treaty"}
    ).json()
    assert zh_only["rows"] == [] and "No treaty sources" in zh_only["message"]

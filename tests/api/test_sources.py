"""GET /v1/sources and /v1/sources/{id}."""

from __future__ import annotations

ITEM_14_LABELS = {
    "符拉迪沃斯托克（海参崴）",
    "乌苏里斯克（双城子）",
    "哈巴罗夫斯克（伯力）",
    "布拉戈维申斯克（海兰泡）",
    "萨哈林岛（库页岛）",
    "涅尔琴斯克（尼布楚）",
    "尼古拉耶夫斯克（庙街）",
    "斯塔诺夫山脉（外兴安岭）",
}


def test_the_2023_regulation_shows_the_eight_forms_of_item_14(client):
    response = client.get("/v1/sources/mnr-2023-public-map-norms")
    assert response.status_code == 200
    source = response.json()
    assert source["kind"] == "map_content_regulation"
    assert source["date"].startswith("2023")
    item_14 = {a["label"] for a in source["attestations"] if "14" in (a["locator"] or "") or "十四" in (a["locator"] or "")}
    assert item_14 >= ITEM_14_LABELS
    assert set(source["printed_labels"]) >= ITEM_14_LABELS
    places = {a["place_id"] for a in source["attestations"] if a["label"] in ITEM_14_LABELS}
    assert len(places) == 8


def test_sources_list_covers_every_kind_needed(client):
    # Ask per kind: the seed has more sources than one page, so the first page proves nothing.
    for kind in ("map_content_regulation", "treaty", "dataset"):
        assert client.get("/v1/sources", params={"kind": kind, "limit": 1}).json()["total"] >= 1, kind
    treaties = client.get("/v1/sources", params={"kind": "treaty", "limit": 100}).json()
    assert treaties["total"] >= 3
    assert all(s["kind"] == "treaty" for s in treaties["items"])


def test_bad_source_kind_is_rejected(client):
    response = client.get("/v1/sources", params={"kind": "poem"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_parameter"


def test_unknown_source_is_a_problem(client):
    response = client.get("/v1/sources/no-such-map")
    assert response.status_code == 404
    assert response.json()["code"] == "source_not_found"

"""GET /v1/places and /v1/places/{id} through HTTP against the seeded database."""

from __future__ import annotations

import pytest


def _names(record, **match):
    return [n for n in record["names"] if all(n.get(k) == v for k, v in match.items())]


def test_vladivostok_has_its_whole_record(client):
    response = client.get("/v1/places/vladivostok")
    assert response.status_code == 200
    place = response.json()
    assert place["feature_type"] == "city"
    assert "RU" in place["country_codes"]
    assert place["admin_region"] == "Primorsky Krai"
    assert place["coordinates"]["lat"] == pytest.approx(43.1, abs=0.1)
    assert place["external_ids"]["geonames"] == 2013348
    official = _names(place, text="Владивосток", lang="ru")
    assert official and official[0]["kind"] == "official"
    romanised = [n for n in place["names"] if n["romanisation_of"] == official[0]["id"]]
    assert any(n["text"] == "Vladivostok" and n["lang"].startswith("ru-Latn") for n in romanised)
    assert _names(place, text="符拉迪沃斯托克", lang="zh-Hans")[0]["kind"] == "exonym"
    assert _names(place, text="符拉迪沃斯托克", lang="zh-Hant")
    historical = _names(place, text="海参崴", lang="zh-Hans")[0]
    assert historical["kind"] == "historical"
    assert historical["pinyin"] and historical["pinyin"].lower().replace(" ", "") == "hǎishēnwǎi"
    assert _names(place, text="海參崴", lang="zh-Hant")
    assert any(n["lang"] == "zh-Latn-pinyin" for n in place["names"])
    for name in place["names"]:
        assert bool(name["sources"]) != name["derived"], name
    labels = {(a["label"], a["role"], a["source"]["id"]) for a in place["attestations"]}
    assert ("符拉迪沃斯托克（海参崴）", "parenthetical", "mnr-2023-public-map-norms") in labels
    assert ("符拉迪沃斯托克（海参崴）", "primary_label", "mnr-2023-public-map-norms") in labels


def test_ussuriysk_carries_its_former_names_with_periods(client):
    place = client.get("/v1/places/ussuriysk").json()
    former = {n["text"]: n for n in place["names"] if n["kind"] == "former_official" and n["lang"] == "ru"}
    assert {"Никольск-Уссурийский", "Ворошилов"} <= set(former)
    assert former["Ворошилов"]["period"]["start"].startswith("1935")
    assert former["Ворошилов"]["period"]["end"].startswith("1957")
    assert _names(place, text="双城子")


def test_border_island_shows_status_per_source(client):
    place = client.get("/v1/places/bolshoy-ussuriysky-island").json()
    aspects = {(s["aspect"], s["source"]["id"]) for s in place["sovereignty"]}
    assert any(aspect == "legal" for aspect, _ in aspects)
    assert any(aspect in ("reported", "depicted") for aspect, _ in aspects)
    assert all(s["sources"] or s["source"] for s in place["sovereignty"])


def test_list_places_filters_and_paginates(client):
    everything = client.get("/v1/places", params={"limit": 100}).json()
    assert everything["total"] >= 60
    cities = client.get("/v1/places", params={"type": "city", "limit": 100}).json()
    assert cities["total"] >= 5
    assert all(p["feature_type"] == "city" for p in cities["items"])
    first = client.get("/v1/places", params={"limit": 5, "offset": 0}).json()
    second = client.get("/v1/places", params={"limit": 5, "offset": 5}).json()
    assert len(first["items"]) == 5
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}
    primorye = client.get("/v1/places", params={"region": "primorsky krai", "limit": 100}).json()
    assert "vladivostok" in {p["id"] for p in primorye["items"]}
    china = client.get("/v1/places", params={"country": "cn", "limit": 100}).json()
    assert "vladivostok" not in {p["id"] for p in china["items"]}
    assert china["total"] >= 1


def test_unknown_place_is_a_problem(client):
    response = client.get("/v1/places/atlantis")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "place_not_found"


def test_a_form_made_by_rule_says_so_and_shows_its_originals_sources(client):
    place = client.get("/v1/places/stanovoy-range").json()
    original = _names(place, text="Становой хребет", lang="ru")[0]
    derived = _names(place, text="Stanovoy khrebet")[0]
    assert derived["derived"] is True and derived["sources"] == []
    derivation = derived["derivation"]
    assert derivation["system"] == "bgn-pcgn"
    assert derivation["derived_from"] == {
        "id": original["id"], "text": "Становой хребет", "lang": "ru", "kind": "official"
    }
    assert {c["source"]["id"] for c in derivation["sources"]} == {
        c["source"]["id"] for c in original["sources"]
    } != set()
    assert original["derived"] is False and original["derivation"] is None


def test_no_name_comes_back_without_a_source_or_a_derivation(client):
    ids, offset, total = [], 0, 1
    while offset < total:
        page = client.get("/v1/places", params={"limit": 100, "offset": offset}).json()
        ids += [item["id"] for item in page["items"]]
        offset, total = offset + 100, page["total"]
    assert len(ids) == total
    for place_id in ids:
        for name in client.get(f"/v1/places/{place_id}").json()["names"]:
            if name["derived"]:
                assert name["derivation"]["sources"], (place_id, name["text"])
            else:
                assert name["sources"], (place_id, name["text"])

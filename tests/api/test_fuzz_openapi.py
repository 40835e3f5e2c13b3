"""Property-based fuzzing of every route from the OpenAPI document (schemathesis).

Whatever a client sends, valid by the schema or not, the API answers with a documented status
and never a 500; every error is problem+json.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from gazetteer.config import Settings
from gazetteer.main import create_app
from tests.conftest import SEED_DIR

ROUTES = [
    "/v1/search",
    "/v1/places",
    "/v1/places/{place_id}",
    "/v1/places/{place_id}/timeline",
    "/v1/places/{place_id}/status",
    "/v1/places/{place_id}/usage",
    "/v1/sources",
    "/v1/sources/{source_id}",
    "/v1/sources/{source_id}/attestations",
    "/v1/sources/compare",
    "/v1/attestations",
]


# Imported places (the GeoNames dump fixture, on top of the seed) beside a curated one that the
# dump matched; Pogranichnyy has no alternate names, so no label at all (the old 500 of /usage).
IMPORTED_PLACES = [
    "geonames-524901", "geonames-2027467", "geonames-2037013", "geonames-2017364", "vladivostok",
]


@pytest.fixture(scope="session")
def fuzzed(imported_url: str):
    app = create_app(Settings(database_url=imported_url, seed_dir=SEED_DIR))
    with TestClient(app):  # runs the lifespan: engine and search index
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_route_is_fuzzed(fuzzed):
    documented = {result.ok().path for result in fuzzed.get_all_operations()}
    assert set(ROUTES) <= documented


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda mode: mode.value)
def test_no_route_fails_on_any_input(fuzzed, path, mode):
    operation = fuzzed[path]["GET"]
    strategy = operation.as_strategy(generation_mode=mode)

    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=st.data())
    def check(data):
        case = data.draw(strategy)
        response = case.call()
        assert response.status_code < 500, (case.path_parameters, case.query, response.text[:300])
        if response.status_code >= 400:
            content_type = response.headers.get("content-type") or [""]  # a list per header
            assert content_type[0].startswith("application/problem+json"), response.text[:300]

    check()


@pytest.mark.parametrize("path", [r for r in ROUTES if "{place_id}" in r])
def test_place_routes_on_imported_places(fuzzed, path):
    operation = fuzzed[path]["GET"]
    strategy = operation.as_strategy(generation_mode=GenerationMode.POSITIVE)

    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=st.data(), place_id=st.sampled_from(IMPORTED_PLACES))
    def check(data, place_id):
        case = data.draw(strategy)
        case.path_parameters = {"place_id": place_id}
        response = case.call()
        assert response.status_code < 500, (place_id, case.query, response.text[:300])

    check()

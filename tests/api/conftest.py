"""Fixtures shared by the API tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from gazetteer.db import migrate
from tests.factories import tiny_client


@pytest.fixture(scope="session")
def tiny(tmp_path_factory, database_factory) -> Iterator[TestClient]:
    """A client over the small invented seed of tests/factories.py (edge cases the real seed
    does not have: disagreeing rules, open and approximate periods)."""
    url = database_factory.new_url()
    migrate(url)
    with tiny_client(url, tmp_path_factory.mktemp("tiny-seed")) as client:
        yield client

"""Test databases are built by the migrations, on SQLite by default and on PostgreSQL when
GAZETTEER_TEST_POSTGRES_URL names a server (each pytest worker gets a database of its own)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from gazetteer.config import PROJECT_ROOT, Settings, get_settings
from gazetteer.db import make_engine, migrate, session_scope
from gazetteer.importers.seed import load_seed
from gazetteer.main import create_app

POSTGRES_ENV = "GAZETTEER_TEST_POSTGRES_URL"
SEED_DIR = PROJECT_ROOT / "seed"
SHARED_SPECS = PROJECT_ROOT.parent / "shared" / "specs"


def backend() -> str:
    return "postgresql" if os.environ.get(POSTGRES_ENV) else "sqlite"


class DatabaseFactory:
    """Makes empty databases on the configured backend and drops them afterwards."""

    def __init__(self, tmp_dir: Path) -> None:
        self.tmp_dir = tmp_dir
        self.admin_url = os.environ.get(POSTGRES_ENV)
        self.created: list[str] = []

    def new_url(self) -> str:
        if not self.admin_url:
            return f"sqlite:///{self.tmp_dir / f'{uuid.uuid4().hex}.db'}"
        name = f"gazetteer_test_{uuid.uuid4().hex[:12]}"
        admin = create_engine(_psycopg(self.admin_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.created.append(name)
        return make_url(_psycopg(self.admin_url)).set(database=name).render_as_string(False)

    def drop_all(self) -> None:
        if not self.admin_url:
            return
        admin = create_engine(_psycopg(self.admin_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _psycopg(url: str) -> str:
    return Settings(database_url=url).database_url


@pytest.fixture(scope="session")
def database_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("db"))
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session")
def seeded_url(database_factory: DatabaseFactory) -> str:
    """A migrated database holding the real curated seed; tests must not write to it."""
    url = database_factory.new_url()
    migrate(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_seed(session, SEED_DIR)
    engine.dispose()
    return url


@pytest.fixture
def empty_url(database_factory: DatabaseFactory) -> str:
    """A freshly migrated, empty database of this test's own."""
    url = database_factory.new_url()
    migrate(url)
    return url


@pytest.fixture
def use_database(monkeypatch):
    """Point the CLI (which reads settings from the environment) at a database."""

    def _use(url: str) -> None:
        monkeypatch.setenv("GAZETTEER_DATABASE_URL", url)
        get_settings.cache_clear()

    yield _use
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def settings(seeded_url: str) -> Settings:
    return Settings(database_url=seeded_url, seed_dir=SEED_DIR)


@pytest.fixture(scope="session")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


DUMP_DIR = Path(__file__).parent / "importers" / "data" / "dump"
DUMP_DATE = "2024-05-01"


@pytest.fixture(scope="session")
def imported_url(database_factory: DatabaseFactory) -> str:
    """The real seed plus the small GeoNames dump fixture (tests/importers/data/dump) imported
    on top of it: imported places beside curated ones; tests must not write to it."""
    import datetime as dt

    from gazetteer.importers.geonames_dump_import import import_geonames_dump

    url = database_factory.new_url()
    migrate(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_seed(session, SEED_DIR)
    import_geonames_dump(
        engine, DUMP_DIR / "RU.txt", DUMP_DIR / "alternateNamesV2.txt",
        admin1_file=DUMP_DIR / "admin1CodesASCII.txt", dump_date=dt.date.fromisoformat(DUMP_DATE),
    )
    engine.dispose()
    return url

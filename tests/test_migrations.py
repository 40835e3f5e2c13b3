"""The schema comes only from the migrations, and the migrations match the models."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import gazetteer.models  # noqa: F401
from gazetteer.db import alembic_config, make_engine, migrate

TABLES = {"place", "name", "source", "attestation", "sovereignty", "claim", "citation", "change"}


def test_migrations_from_empty_to_head_match_the_models(database_factory):
    url = database_factory.new_url()
    migrate(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) >= TABLES
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()


def test_downgrade_to_base_and_up_again(database_factory):
    url = database_factory.new_url()
    migrate(url)
    command.downgrade(alembic_config(url), "base")
    engine = make_engine(url)
    with engine.connect() as connection:
        assert not TABLES & set(inspect(connection).get_table_names())
    engine.dispose()
    migrate(url)

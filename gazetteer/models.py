"""SQLModel tables. Migrations in migrations/versions mirror these; `alembic check` keeps them honest.

Ids of places and sources are readable slugs (stable across imports); names, attestations and
citations use integer keys because there will be millions of them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, Index, String
from sqlmodel import Field, SQLModel


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Place(SQLModel, table=True):
    __tablename__ = "place"

    id: str = Field(primary_key=True, max_length=120)
    feature_type: str = Field(index=True, max_length=40)
    country_codes: str = Field(default="", max_length=40, description="Space-separated ISO codes")
    admin_region: str | None = Field(default=None, max_length=200, index=True)
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None
    geonames_id: int | None = Field(default=None, unique=True)
    wikidata_id: str | None = Field(default=None, max_length=20, index=True)
    osm_id: str | None = Field(default=None, max_length=40)
    status_note: str | None = None
    note: str | None = None
    confidence: str = Field(default="medium", max_length=10)
    origin: str = Field(default="curated", max_length=20, index=True)
    version: int = Field(default=1)
    content_hash: str | None = Field(
        default=None, max_length=64, description="Fingerprint of the seed record last loaded"
    )
    updated_at: dt.datetime = Field(default_factory=_utcnow)


class Source(SQLModel, table=True):
    __tablename__ = "source"

    id: str = Field(primary_key=True, max_length=120)
    kind: str = Field(index=True, max_length=40)
    title: str
    title_lang: str | None = Field(default=None, max_length=35)
    title_en: str | None = None
    issuer: str | None = None
    date: str | None = Field(default=None, max_length=20)
    date_earliest: dt.date | None = None
    date_latest: dt.date | None = None
    edition: str | None = None
    url: str | None = None
    locator: str | None = None
    note: str | None = None
    confidence: str = Field(default="medium", max_length=10)
    prescriptive: bool = Field(default=False)
    contexts: str = Field(default="", description="Space-separated usage contexts")
    updated_at: dt.datetime = Field(default_factory=_utcnow)


class Name(SQLModel, table=True):
    __tablename__ = "name"
    __table_args__ = (Index("ix_name_place_lang", "place_id", "lang"),)

    id: int | None = Field(default=None, primary_key=True)
    place_id: str = Field(foreign_key="place.id", ondelete="CASCADE", max_length=120)
    seed_key: str | None = Field(default=None, max_length=80)
    text: str = Field(sa_column=Column(String(500), nullable=False, index=True))
    lang: str = Field(max_length=35, index=True)
    kind: str = Field(max_length=30)
    preferred: bool = Field(default=False)
    valid_from: str | None = Field(default=None, max_length=20)
    valid_to: str | None = Field(default=None, max_length=20)
    from_earliest: dt.date | None = None
    from_latest: dt.date | None = None
    to_earliest: dt.date | None = None
    to_latest: dt.date | None = None
    romanisation_system: str | None = Field(default=None, max_length=30)
    romanisation_of_id: int | None = Field(
        default=None, foreign_key="name.id", ondelete="SET NULL"
    )
    derived: bool = Field(
        default=False, description="Produced by rule from romanisation_of; cites nothing itself"
    )
    note: str | None = None
    confidence: str = Field(default="medium", max_length=10)
    origin: str = Field(default="curated", max_length=20)


class Attestation(SQLModel, table=True):
    __tablename__ = "attestation"

    id: int | None = Field(default=None, primary_key=True)
    place_id: str = Field(foreign_key="place.id", ondelete="CASCADE", max_length=120, index=True)
    name_id: int | None = Field(default=None, foreign_key="name.id", ondelete="SET NULL")
    source_id: str = Field(foreign_key="source.id", ondelete="CASCADE", max_length=120, index=True)
    label: str
    role: str = Field(max_length=30)
    locator: str | None = None
    quote: str | None = None
    note: str | None = None
    confidence: str = Field(default="medium", max_length=10)


class Sovereignty(SQLModel, table=True):
    """How one source settled, depicted or reported the status of a contested feature."""

    __tablename__ = "sovereignty"

    id: int | None = Field(default=None, primary_key=True)
    place_id: str = Field(foreign_key="place.id", ondelete="CASCADE", max_length=120, index=True)
    source_id: str = Field(foreign_key="source.id", ondelete="CASCADE", max_length=120)
    aspect: str = Field(max_length=20)
    status: str = Field(max_length=60)
    valid_from: str | None = Field(default=None, max_length=20)
    from_earliest: dt.date | None = None
    note: str | None = None
    confidence: str = Field(default="medium", max_length=10)


class Claim(SQLModel, table=True):
    """One of several disagreeing claims about a field of a place, name or source."""

    __tablename__ = "claim"
    __table_args__ = (Index("ix_claim_subject", "subject_type", "subject_id"),)

    id: int | None = Field(default=None, primary_key=True)
    subject_type: str = Field(max_length=20)
    subject_id: str = Field(max_length=120)
    field: str = Field(max_length=60)
    value: str
    note: str | None = None


class Citation(SQLModel, table=True):
    """A fact cites a source. Exactly one subject column is set."""

    __tablename__ = "citation"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN place_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN name_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN attestation_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN described_source_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN sovereignty_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN claim_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="ck_citation_one_subject",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(foreign_key="source.id", ondelete="CASCADE", max_length=120, index=True)
    locator: str | None = None
    note: str | None = None
    place_id: str | None = Field(
        default=None, foreign_key="place.id", ondelete="CASCADE", max_length=120, index=True
    )
    name_id: int | None = Field(default=None, foreign_key="name.id", ondelete="CASCADE", index=True)
    attestation_id: int | None = Field(
        default=None, foreign_key="attestation.id", ondelete="CASCADE", index=True
    )
    described_source_id: str | None = Field(
        default=None, foreign_key="source.id", ondelete="CASCADE", max_length=120, index=True
    )
    sovereignty_id: int | None = Field(
        default=None, foreign_key="sovereignty.id", ondelete="CASCADE", index=True
    )
    claim_id: int | None = Field(
        default=None, foreign_key="claim.id", ondelete="CASCADE", index=True
    )


class Change(SQLModel, table=True):
    """One committed write that the search indexes must follow: its id is the revision.

    Writers add rows through ``repository.record_changes`` in their own transaction; every API
    process polls for ids above the one it serves. ``place_id`` is null for a change to many
    places at once (the followers rebuild their index). No foreign key: a deleted place's id
    must stay recorded.
    """

    __tablename__ = "change"
    __table_args__ = {"sqlite_autoincrement": True}  # ids never reused, even after pruning

    id: int | None = Field(default=None, primary_key=True)
    place_id: str | None = Field(default=None, max_length=120)
    at: dt.datetime = Field(default_factory=_utcnow)

"""Settings read from the environment (prefix GAZETTEER_), in one place."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_URL = f"sqlite:///{PROJECT_ROOT / 'gazetteer.db'}"


class Settings(BaseSettings):
    """Runtime configuration; every field documents itself for `gazetteer --help` and the docs."""

    model_config = SettingsConfigDict(env_prefix="GAZETTEER_", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_SQLITE_URL,
        description="SQLAlchemy URL of the database: SQLite (default, a file beside the project) "
        "or PostgreSQL (postgresql+psycopg://user@host/db).",
    )
    seed_dir: Path = Field(
        default=PROJECT_ROOT / "seed",
        description="Folder holding the curated seed (places/ and sources/ YAML files).",
    )
    max_query_length: int = Field(
        default=200, ge=1, le=10_000, description="Longest search query accepted, in characters."
    )
    max_page_size: int = Field(
        default=100, ge=1, le=10_000, description="Largest page size a client may request."
    )
    default_page_size: int = Field(default=20, ge=1, description="Page size when none is given.")
    index_workers: int | None = Field(
        default=None, ge=1,
        description="Processes deriving search keys when an index of 200,000 names or more is "
        "built (default: one per available CPU; 1 builds in the API process alone).",
    )
    build_index_on_startup: bool = Field(
        default=True,
        description="Build the search index when the API starts (turn off only for tools that "
        "never search).",
    )

    index_poll_seconds: float = Field(
        default=0.5, ge=0, le=60,
        description="How often each API process polls the database's change log to bring its "
        "search index up to date with writes by any process (imports, seed loads, other "
        "workers); a change is searchable within about this delay. 0 turns following off.",
    )
    index_overlay_places: int = Field(
        default=2000, ge=1,
        description="Changed places a process keeps in its small overlay index before it "
        "rebuilds the whole index in the background (the old index answers meanwhile).",
    )

    # Hostile input: limits enforced by `gazetteer serve` and the API's guards.
    max_request_head_bytes: int = Field(
        default=32_768, ge=1024, le=1_048_576,
        description="Largest request line plus headers a connection may send, in bytes; a "
        "larger head is refused with 431 and the connection closed (enforced by `gazetteer "
        "serve` before any parsing into memory beyond this).",
    )
    request_head_timeout_seconds: float = Field(
        default=10.0, gt=0, le=600,
        description="Seconds a connection has to send a complete request head, counted from "
        "the connection opening or the previous response ending; an idle or trickling "
        "(slowloris) connection gets 408 and is closed.",
    )
    keep_alive_timeout_seconds: int = Field(
        default=5, ge=1, le=600,
        description="Seconds an idle keep-alive connection stays open after a response "
        "(uvicorn's timeout_keep_alive).",
    )
    limit_concurrency: int | None = Field(
        default=1000, ge=1,
        description="Connections plus in-flight requests a worker accepts before answering "
        "503 (uvicorn's limit_concurrency); unset for no limit.",
    )
    max_body_bytes: int = Field(
        default=1_048_576, ge=0,
        description="Largest request body accepted, in bytes; a larger one gets 413.",
    )

    @field_validator("database_url")
    @classmethod
    def _normalise_postgres_driver(cls, url: str) -> str:
        """Accept plain postgresql:// URLs and use the psycopg 3 driver we ship with."""
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url


@lru_cache
def get_settings() -> Settings:
    return Settings()

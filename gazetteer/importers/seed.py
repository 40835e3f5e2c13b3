"""Read, check and load the curated seed (`seed/places/*.yaml`, `seed/sources/*.yaml`).

Loading is idempotent: a place's names keep their ids across reloads (matched by their key in
the file), everything else about a curated place is replaced by what the files say now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError
from sqlmodel import Session

from gazetteer import repository
from gazetteer.inputs import CitationIn, NameIn, PlaceIn, SourceIn


class SeedError(Exception):
    """The seed is not loadable; `problems` lists every problem found, file by file."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the seed:\n" + "\n".join(problems))


@dataclass
class SeedBundle:
    sources: list[SourceIn] = field(default_factory=list)
    places: list[PlaceIn] = field(default_factory=list)


@dataclass
class SeedStats:
    sources: int = 0
    places: int = 0
    names: int = 0
    attestations: int = 0
    sovereignty: int = 0
    claims: int = 0
    citations: int = 0


def read_seed(seed_dir: Path) -> SeedBundle:
    """Parse and validate every file; raise SeedError listing all problems at once."""
    problems: list[str] = []
    bundle = SeedBundle()
    for folder, model, target in (
        ("sources", SourceIn, bundle.sources),
        ("places", PlaceIn, bundle.places),
    ):
        for path in sorted((seed_dir / folder).glob("*.yaml")):
            record = _parse_file(path, model, problems)
            if record is None:
                continue
            if record.id != path.stem:
                problems.append(f"{path}: id {record.id!r} does not match the file name")
            target.append(record)
    problems.extend(check_references(bundle))
    if problems:
        raise SeedError(problems)
    return bundle


def _parse_file(path: Path, model: type[SourceIn] | type[PlaceIn], problems: list[str]):  # type: ignore[no-untyped-def]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(f"{path}: not valid YAML: {exc}")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            problems.append(f"{path}: {where}: {error['msg']}")
        return None


def check_references(bundle: SeedBundle) -> list[str]:
    """Cross-file rules: unique ids, no dangling references, no uncited fact."""
    problems: list[str] = []
    source_ids = _unique_ids("sources", (s.id for s in bundle.sources), problems)
    _unique_ids("places", (p.id for p in bundle.places), problems)
    geonames_seen: dict[int, str] = {}

    def cited(where: str, citations: list[CitationIn], *, required: bool = True) -> None:
        if required and not citations:
            problems.append(f"{where}: cites no source")
        for citation in citations:
            if citation.source not in source_ids:
                problems.append(f"{where}: cites unknown source {citation.source!r}")

    for source in bundle.sources:
        cited(f"source {source.id}", source.cited_by, required=False)
        for i, claim in enumerate(source.claims):
            cited(f"source {source.id} claim {i}", claim.sources)
    for place in bundle.places:
        where = f"place {place.id}"
        cited(where, place.sources)
        geonames_id = place.external_ids.geonames
        if geonames_id is not None:
            if geonames_id in geonames_seen:
                problems.append(f"{where}: GeoNames id {geonames_id} also on {geonames_seen[geonames_id]}")
            geonames_seen[geonames_id] = place.id
        names_by_key: dict[str, NameIn] = {}
        for name in place.names:
            if name.key in names_by_key:
                problems.append(f"{where}: duplicate name key {name.key!r}")
            names_by_key[name.key] = name
        for name in place.names:
            name_where = f"{where} name {name.key!r}"
            target = names_by_key.get(name.romanisation_of) if name.romanisation_of else None
            if name.romanisation_of and target is None:
                problems.append(f"{name_where}: romanisation_of unknown key {name.romanisation_of!r}")
            if name.derived and target is not None and (target.derived or not target.sources):
                problems.append(
                    f"{name_where}: derived from {name.romanisation_of!r}, which cites no source"
                )
            cited(name_where, name.sources, required=not name.derived)
            for i, claim in enumerate(name.claims):
                cited(f"{name_where} claim {i}", claim.sources)
        for i, attestation in enumerate(place.attestations):
            att_where = f"{where} attestation {i}"
            if attestation.source not in source_ids:
                problems.append(f"{att_where}: unknown source {attestation.source!r}")
            if attestation.name is not None and attestation.name not in names_by_key:
                problems.append(f"{att_where}: unknown name key {attestation.name!r}")
            cited(att_where, attestation.sources, required=False)
        for i, statement in enumerate(place.sovereignty):
            if statement.source not in source_ids:
                problems.append(f"{where} sovereignty {i}: unknown source {statement.source!r}")
            cited(f"{where} sovereignty {i}", statement.sources, required=False)
        for i, claim in enumerate(place.claims):
            cited(f"{where} claim {i}", claim.sources)
    return problems


def _unique_ids(what: str, ids: Iterable[str], problems: list[str]) -> set[str]:
    seen: set[str] = set()
    for identifier in ids:
        if identifier in seen:
            problems.append(f"{what}: duplicate id {identifier!r}")
        seen.add(identifier)
    return seen


def load_seed(session: Session, seed_dir: Path) -> SeedStats:
    """Check the whole seed, then write it in the caller's transaction; the places it changed
    go into the change log, so that running API processes follow."""
    bundle = read_seed(seed_dir)
    stats = SeedStats()
    changed: list[str] = []
    for source in bundle.sources:
        repository.upsert_source(session, source)
        stats.sources += 1
    session.flush()
    for source in bundle.sources:
        stats.claims += repository.replace_source_claims(session, source)
        stats.citations += len(source.cited_by)
    for place in bundle.places:
        written = repository.upsert_curated_place(session, place)
        stats.places += 1
        stats.names += written.names
        stats.attestations += written.attestations
        stats.sovereignty += written.sovereignty
        stats.claims += written.claims
        stats.citations += written.citations
        changed.extend(written.changed_places)
    repository.record_changes(session, changed)
    return stats

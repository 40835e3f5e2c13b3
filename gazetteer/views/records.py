"""Turn database rows into the public record shapes of gazetteer.schemas."""

from __future__ import annotations

from collections.abc import Sequence

from gazetteer.labels import display_labels
from gazetteer.models import Attestation, Citation, Claim, Name, Place, Source, Sovereignty
from gazetteer.repository import PlaceDetails
from gazetteer.schemas import (
    AttestationOut,
    CitationOut,
    ClaimOut,
    Coordinates,
    DerivationOut,
    ExternalIds,
    NameOut,
    NameRef,
    Period,
    PlaceOut,
    PlaceSummary,
    SourceOut,
    SourceRef,
    SovereigntyOut,
)
from gazetteer.text.chinese import display_pinyin, to_simplified
from gazetteer.vocabulary import RomanisationSystem

Citations = dict[tuple[str, object], list[Citation]]


def source_ref(source: Source) -> SourceRef:
    return SourceRef(
        id=source.id, kind=source.kind, title=source.title, title_en=source.title_en,
        date=source.date,
    )


def source_out(source: Source) -> SourceOut:
    return SourceOut(
        id=source.id, kind=source.kind, title=source.title, title_lang=source.title_lang,
        title_en=source.title_en, issuer=source.issuer, date=source.date, edition=source.edition,
        url=source.url, locator=source.locator, note=source.note, confidence=source.confidence,
        prescriptive=source.prescriptive, contexts=source.contexts.split(),
    )


def citations_out(
    citations: Sequence[Citation], sources: dict[str, Source]
) -> list[CitationOut]:
    return [
        CitationOut(source=source_ref(sources[c.source_id]), locator=c.locator, note=c.note)
        for c in citations
        if c.source_id in sources
    ]


def claims_out(
    claims: Sequence[Claim], citations: Citations, sources: dict[str, Source]
) -> list[ClaimOut]:
    return [
        ClaimOut(
            field=claim.field, value=claim.value, note=claim.note,
            sources=citations_out(citations.get(("claim_id", claim.id), []), sources),
        )
        for claim in claims
    ]


def period_out(name: Name) -> Period | None:
    if not (name.valid_from or name.valid_to):
        return None
    return Period(
        start=name.valid_from, end=name.valid_to,
        start_earliest=_iso(name.from_earliest), start_latest=_iso(name.from_latest),
        end_earliest=_iso(name.to_earliest), end_latest=_iso(name.to_latest),
    )


def seed_pinyin(names: Sequence[Name]) -> dict[int, tuple[str, bool]]:
    """The pinyin the seed records for a Chinese name, shared by its simplified and traditional
    spellings, with whether a source prints it: a recorded reading (attested first, then one
    derived by hand) wins over the one pypinyin would guess (参 shēn/cān)."""
    by_id = {n.id: n for n in names}
    by_simplified: dict[str, tuple[str, bool]] = {}
    for name in sorted(names, key=lambda n: n.derived):
        original = by_id.get(name.romanisation_of_id)
        if original and name.romanisation_system == RomanisationSystem.HANYU_PINYIN:
            by_simplified.setdefault(to_simplified(original.text), (name.text, not name.derived))
    if not by_simplified:
        return {}
    chinese = ((n.id, to_simplified(n.text)) for n in names if n.lang.startswith("zh-Han"))
    return {
        name_id: by_simplified[simplified]
        for name_id, simplified in chinese
        if name_id is not None and simplified in by_simplified
    }


def derivation_out(
    name: Name, details: PlaceDetails, by_id: dict[int, Name] | None = None
) -> DerivationOut | None:
    """For a form produced by rule: the rule, the name it came from and that name's sources."""
    if not name.derived or name.romanisation_of_id is None:
        return None
    if by_id is None:
        by_id = {n.id: n for n in details.names if n.id is not None}
    original = by_id.get(name.romanisation_of_id)
    if original is None or original.id is None:
        return None
    return DerivationOut(
        system=name.romanisation_system or "unknown",
        derived_from=NameRef(
            id=original.id, text=original.text, lang=original.lang, kind=original.kind
        ),
        sources=citations_out(
            details.citations.get(("name_id", original.id), []), details.sources
        ),
    )


def name_out(
    name: Name,
    details: PlaceDetails,
    pinyin: dict[int, tuple[str, bool]],
    by_id: dict[int, Name] | None = None,
) -> NameOut:
    assert name.id is not None
    recorded, attested = pinyin.get(name.id, (None, False))
    generated = (
        display_pinyin(name.text) if name.lang.startswith("zh-Han") and not recorded else None
    )
    return NameOut(
        id=name.id, text=name.text, lang=name.lang, kind=name.kind, preferred=name.preferred,
        period=period_out(name), romanisation_system=name.romanisation_system,
        romanisation_of=name.romanisation_of_id,
        derived=name.derived, derivation=derivation_out(name, details, by_id),
        pinyin=recorded or generated,
        pinyin_attested=attested if (recorded or generated) else None,
        note=name.note, confidence=name.confidence, origin=name.origin,
        sources=citations_out(details.citations.get(("name_id", name.id), []), details.sources),
        claims=claims_out(
            details.claims.get(("name", str(name.id)), []), details.citations, details.sources
        ),
    )


def attestation_out(
    attestation: Attestation, names: dict[int, Name], details: PlaceDetails
) -> AttestationOut:
    assert attestation.id is not None
    name = names.get(attestation.name_id) if attestation.name_id else None
    return AttestationOut(
        id=attestation.id, place_id=attestation.place_id,
        source=source_ref(details.sources[attestation.source_id]),
        name_id=attestation.name_id, name_text=name.text if name else None,
        name_lang=name.lang if name else None, label=attestation.label, role=attestation.role,
        locator=attestation.locator, quote=attestation.quote, note=attestation.note,
        confidence=attestation.confidence,
        sources=citations_out(
            details.citations.get(("attestation_id", attestation.id), []), details.sources
        ),
    )


def sovereignty_out(statement: Sovereignty, details: PlaceDetails) -> SovereigntyOut:
    assert statement.id is not None
    return SovereigntyOut(
        id=statement.id, source=source_ref(details.sources[statement.source_id]),
        aspect=statement.aspect, status=statement.status, start=statement.valid_from,
        note=statement.note, confidence=statement.confidence,
        sources=citations_out(
            details.citations.get(("sovereignty_id", statement.id), []), details.sources
        ),
    )


def place_summary(place: Place, labels: dict[str, str]) -> PlaceSummary:
    return PlaceSummary(**_summary_fields(place, labels))


def place_out(details: PlaceDetails) -> PlaceOut:
    place = details.place
    names = {n.id: n for n in details.names if n.id is not None}
    pinyin = seed_pinyin(details.names)
    labels = display_labels(details.names)
    return PlaceOut(
        **_summary_fields(place, labels),
        status_note=place.status_note, note=place.note, confidence=place.confidence,
        version=place.version,
        names=[name_out(n, details, pinyin, names) for n in details.names],
        attestations=[attestation_out(a, names, details) for a in details.attestations],
        sovereignty=[sovereignty_out(s, details) for s in details.sovereignty],
        claims=claims_out(
            details.claims.get(("place", place.id), []), details.citations, details.sources
        ),
        sources=citations_out(details.citations.get(("place_id", place.id), []), details.sources),
    )


def _summary_fields(place: Place, labels: dict[str, str]) -> dict[str, object]:
    coordinates = (
        Coordinates(lat=place.latitude, lon=place.longitude)
        if place.latitude is not None and place.longitude is not None
        else None
    )
    return {
        "id": place.id,
        "feature_type": place.feature_type,
        "country_codes": place.country_codes.split(),
        "admin_region": place.admin_region,
        "coordinates": coordinates,
        "population": place.population,
        "external_ids": ExternalIds(
            geonames=place.geonames_id, wikidata=place.wikidata_id, osm=place.osm_id
        ),
        "labels": labels,
        "origin": place.origin,
    }


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]

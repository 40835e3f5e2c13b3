"""Map by map: /v1/sources/compare, /v1/sources/{source_id}/attestations and /v1/attestations.

Included before the sources router so that /v1/sources/compare is not read as a source id.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from gazetteer.api.deps import PaginationDep, SessionDep, SourceFromPath, place_from_path
from gazetteer.api.history import with_example
from gazetteer.schemas import AttestationMatrix, SourceAttestationPage, SourceComparison
from gazetteer.views import comparison
from gazetteer.views.usage import check_lang
from gazetteer.vocabulary import SourceKind

router = APIRouter(prefix="/v1", tags=["sources"])

COMPARE_EXAMPLE: dict[str, Any] = {
    "a": {
        "id": "sbsm-2003-public-map-rules",
        "kind": "map_content_regulation",
        "date": "2003-05-09",
    },
    "b": {
        "id": "mnr-2023-public-map-norms",
        "kind": "map_content_regulation",
        "date": "2023-02-06",
    },
    "summary": {"added": 0, "dropped": 0, "changed": 0, "unchanged": 8},
    "message": "From … (2003-05-09) to … (2023-02-06): 0 place(s) added, 0 dropped, 0 changed, "
    "8 unchanged.",
    "places": [
        {
            "place_id": "vladivostok",
            "place_label": "Vladivostok",
            "change": "unchanged",
            "a": [{"label": "符拉迪沃斯托克（海参崴）", "role": "parenthetical"}],
            "b": [{"label": "符拉迪沃斯托克（海参崴）", "role": "parenthetical"}],
            "changes": [],
        }
    ],
}

ATTESTATIONS_EXAMPLE: dict[str, Any] = {
    "source": {"id": "mnr-2023-public-map-norms", "kind": "map_content_regulation"},
    "total": 16,
    "limit": 20,
    "offset": 0,
    "items": [
        {
            "place_id": "blagoveshchensk",
            "place_label": "Blagoveshchensk",
            "name_text": "海兰泡",
            "name_lang": "zh-Hans",
            "name_kind": "historical",
            "label": "布拉戈维申斯克（海兰泡）",
            "role": "parenthetical",
            "locator": "item 14 (十四)",
            "confidence": "high",
        }
    ],
}

MATRIX_EXAMPLE: dict[str, Any] = {
    "place": {"id": "bolshoy-ussuriysky-island", "feature_type": "island"},
    "source_kind": "map",
    "sources": [{"id": "standard-map-2023", "kind": "map", "date": "2023-08-28"}],
    "rows": [
        {
            "name": {"text": "黑瞎子岛", "lang": "zh-Hans", "kind": "exonym"},
            "uses": [{"source_id": "standard-map-2023", "label": "黑瞎子岛", "role": "sole_label"}],
        }
    ],
    "message": "1 map sources used 1 of this place's names.",
}


@router.get(
    "/sources/compare",
    summary="Compare two sources: names added, dropped, changed in form or role",
    response_model=SourceComparison,
    responses=with_example(COMPARE_EXAMPLE, 404, 422),
)
def compare_sources(
    session: SessionDep,
    a: Annotated[
        str,
        Query(
            description="The first source (usually the older).",
            examples=["sbsm-2003-public-map-rules"],
            max_length=120,
        ),
    ],
    b: Annotated[
        str,
        Query(
            description="The second source.", examples=["mnr-2023-public-map-norms"], max_length=120
        ),
    ],
) -> SourceComparison:
    """Place by place, what changed from source a to source b."""
    return comparison.compare_sources(session, a, b)


@router.get(
    "/sources/{source_id}/attestations",
    summary="What a source printed, place by place",
    response_model=SourceAttestationPage,
    responses=with_example(ATTESTATIONS_EXAMPLE, 404, 422),
)
def source_attestations(
    session: SessionDep,
    source: SourceFromPath,
    page: PaginationDep,
    place: Annotated[
        str | None, Query(description="Only this place.", examples=["vladivostok"], max_length=120)
    ] = None,
) -> SourceAttestationPage:
    """Every label the source printed, exactly as printed, with its role and the name it uses."""
    return comparison.source_attestations(
        session, source, place_id=place, limit=page.limit, offset=page.offset
    )


@router.get(
    "/attestations",
    summary="Which sources (e.g. official maps) used which name of a place",
    response_model=AttestationMatrix,
    responses=with_example(MATRIX_EXAMPLE, 404, 422),
)
def attestation_matrix(
    session: SessionDep,
    place: Annotated[
        str,
        Query(
            description="Place id (slug).", examples=["bolshoy-ussuriysky-island"], max_length=120
        ),
    ],
    source_kind: Annotated[
        SourceKind | None, Query(description="Only sources of this kind, e.g. map.")
    ] = None,
    lang: Annotated[
        str | None,
        Query(
            description="Only names in this language (BCP 47 prefix match).",
            examples=["zh"],
            max_length=35,
        ),
    ] = None,
) -> AttestationMatrix:
    """A matrix: sources as columns in date order, names as rows, each cell the label printed."""
    if lang is not None:
        check_lang(lang)
    found = place_from_path(session, place)
    return comparison.attestation_matrix(
        session, found, source_kind=source_kind.value if source_kind else None, lang=lang
    )

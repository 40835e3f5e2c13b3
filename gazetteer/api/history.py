"""GET /v1/places/{place_id}/timeline and /status: names through time, status per source."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from gazetteer.api.deps import PlaceFromPath, SessionDep
from gazetteer.errors import problem_responses
from gazetteer.schemas import PlaceStatus, Timeline
from gazetteer.views import history

router = APIRouter(prefix="/v1/places", tags=["history"])


def with_example(example: dict[str, Any], *statuses: int) -> dict[int | str, dict[str, Any]]:
    """Declared problem responses plus an example of the 200 body (merged with the model)."""
    responses = problem_responses(*statuses)
    responses[200] = {
        "description": "Successful response",
        "content": {"application/json": {"example": example}},
    }
    return responses


TIMELINE_EXAMPLE: dict[str, Any] = {  # abridged from the real answer for Vladivostok
    "place": {"id": "vladivostok", "feature_type": "city", "labels": {"ru": "Владивосток"}},
    "spans": [
        {
            "id": 2,
            "text": "Владивосток",
            "lang": "ru",
            "kind": "official",
            "preferred": True,
            "period": {
                "start": "1860",
                "end": None,
                "start_earliest": "1860-01-01",
                "start_latest": "1860-12-31",
            },
            "sources": [],
            "claims": [],
        },
    ],
    "events": [
        {
            "type": "name_start",
            "date": "1860",
            "date_earliest": "1860-01-01",
            "date_latest": "1860-12-31",
            "approximate": False,
            "caption": "Владивосток (ru, official) comes into use",
        },
        {
            "type": "attestation",
            "date": "2003-05-09",
            "date_earliest": "2003-05-09",
            "date_latest": "2003-05-09",
            "approximate": False,
            "caption": "Several provisions on the representation of content on public maps: "
            "符拉迪沃斯托克（海参崴）",
            "source": {"id": "sbsm-2003-public-map-rules", "kind": "map_content_regulation"},
            "label": "符拉迪沃斯托克（海参崴）",
            "parts": [
                {"name_text": "符拉迪沃斯托克", "role": "primary_label"},
                {"name_text": "海参崴", "role": "parenthetical"},
            ],
        },
        {
            "type": "attestation",
            "date": "2023-02-06",
            "date_earliest": "2023-02-06",
            "date_latest": "2023-02-06",
            "approximate": False,
            "caption": "Norms for the representation of content on public maps: "
            "符拉迪沃斯托克（海参崴）",
            "source": {"id": "mnr-2023-public-map-norms", "kind": "map_content_regulation"},
            "label": "符拉迪沃斯托克（海参崴）",
            "parts": [
                {
                    "name_text": "符拉迪沃斯托克",
                    "role": "primary_label",
                    "locator": "item 14 (十四)",
                },
                {"name_text": "海参崴", "role": "parenthetical", "locator": "item 14 (十四)"},
            ],
            "claims": [
                {"field": "date", "value": "2023-02-06", "sources": []},
                {"field": "date", "value": "2023-02-14", "sources": []},
            ],
        },
    ],
    "undated": [],
    "names_without_period": [{"id": 7, "text": "海参崴", "lang": "zh-Hans", "kind": "historical"}],
    "claims": [],
}

STATUS_EXAMPLE: dict[str, Any] = {
    "place": {"id": "bolshoy-ussuriysky-island", "feature_type": "island"},
    "legal": [
        {
            "aspect": "legal",
            "status": "divided",
            "effective_date": "2005-06-02",
            "source": {"id": "supplementary-agreement-2004", "kind": "treaty"},
        }
    ],
    "depicted": [],
    "reported": [
        {
            "aspect": "reported",
            "status": "chinese",
            "agrees_with_legal": False,
            "legal_in_force": {
                "statement_id": 3,
                "status": "divided",
                "source_id": "supplementary-agreement-2004",
            },
            "source": {"id": "standard-map-2023", "kind": "map"},
        }
    ],
    "claims": [],
    "message": "1 depiction(s) or report(s) differ from the legal status in force at their date; "
    "each is shown with its source.",
}


@router.get(
    "/{place_id}/timeline",
    summary="A place's names, attestations and status changes in date order",
    response_model=Timeline,
    responses=with_example(TIMELINE_EXAMPLE, 404, 422),
)
def get_timeline(session: SessionDep, place: PlaceFromPath) -> Timeline:
    """Names as spans, then every dated event (periods, sources printing a label, status)."""
    return history.timeline(session, place)


@router.get(
    "/{place_id}/status",
    summary="Legal status beside what maps depicted or were reported to show",
    response_model=PlaceStatus,
    responses=with_example(STATUS_EXAMPLE, 404, 422),
)
def get_status(session: SessionDep, place: PlaceFromPath) -> PlaceStatus:
    """Sovereignty statements grouped as legal, depicted and reported, each with its source."""
    return history.place_status(session, place)

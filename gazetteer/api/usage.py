"""GET /v1/places/{place_id}/usage: which form each recorded rule prescribes, and where."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from gazetteer.api.deps import PlaceFromPath, SessionDep
from gazetteer.api.history import with_example
from gazetteer.schemas import UsageAdvice
from gazetteer.views.usage import usage_advice
from gazetteer.vocabulary import USAGE_CONTEXTS

router = APIRouter(prefix="/v1/places", tags=["usage"])

USAGE_EXAMPLE: dict[str, Any] = {
    "place": {"id": "vladivostok", "feature_type": "city"},
    "lang": "zh-Hans",
    "context": "prc-public-map",
    "agreement": "single",
    "message": "Norms for the representation of content on public maps (2023-02-06) prescribes "
    "符拉迪沃斯托克（海参崴）.",
    "rules": [
        {
            "source": {
                "id": "mnr-2023-public-map-norms",
                "kind": "map_content_regulation",
                "date": "2023-02-06",
                "prescriptive": True,
                "contexts": ["prc-public-map"],
            },
            "form": "符拉迪沃斯托克（海参崴）",
            "parts": [
                {"name_text": "符拉迪沃斯托克", "role": "primary_label"},
                {"name_text": "海参崴", "role": "parenthetical"},
            ],
            "locator": "item 14 (十四)",
        }
    ],
    "other_contexts": [],
    "silent_sources": [],
}


@router.get(
    "/{place_id}/usage",
    summary="Usage advice: the form each recorded rule prescribes for a language and context",
    response_model=UsageAdvice,
    responses=with_example(USAGE_EXAMPLE, 404, 422),
)
def get_usage(
    session: SessionDep,
    place: PlaceFromPath,
    lang: Annotated[
        str,
        Query(
            description="Target language tag (BCP 47); zh matches zh-Hans and zh-Hant.",
            examples=["zh-Hans"],
            max_length=35,
        ),
    ],
    context: Annotated[
        str,
        Query(
            description=f"Where the text will appear: one of {', '.join(USAGE_CONTEXTS)}.",
            examples=["prc-public-map"],
            max_length=40,
        ),
    ],
) -> UsageAdvice:
    """Each prescriptive source's form, quoted and cited; says so when no rule is recorded."""
    return usage_advice(session, place, lang, context)

"""A query string read into one pydantic model by hand, and described in OpenAPI from it.

For the hot route (/v1/search) FastAPI's per-request parameter machinery cost more than the
search itself on small databases (docs/benchmarks.md). Validating the query string with the
model's compiled validator keeps the same checks and the same 422 errors at a fraction of
the cost; the OpenAPI parameters come from the same model, so docs and checks cannot drift.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


def read_query(model: type[Model], request: Request) -> Model:
    """The request's query string as ``model``; a bad value raises FastAPI's validation error
    (located under "query", as for declared parameters), which the app answers with a 422
    problem."""
    try:
        return model.model_validate(dict(request.query_params))
    except ValidationError as exc:
        raise RequestValidationError(
            [{**error, "loc": ("query", *error["loc"])} for error in exc.errors()]
        ) from None


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """OpenAPI parameter objects for ``model``'s fields, as FastAPI would write them."""
    schema = model.model_json_schema()
    required = set(schema.get("required", ()))
    return [
        {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": field,
            "description": field.get("description", ""),
        }
        for name, field in schema["properties"].items()
    ]


def json_response(model: BaseModel) -> Response:
    """``model`` serialised once by its own serializer, bypassing FastAPI's re-validation of
    a returned value against the route's response model (the route still declares that
    model for OpenAPI)."""
    return Response(content=model.model_dump_json(), media_type="application/json")

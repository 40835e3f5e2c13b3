"""One error tree, one body: RFC 9457 problem+json with a stable machine-readable `code`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "urn:gazetteer:problem:"
logger = logging.getLogger("gazetteer")


class Problem(BaseModel):
    """The body of every error response (RFC 9457)."""

    type: str = Field(description="URI naming the problem type.", examples=[PROBLEM_TYPE_BASE + "place_not_found"])
    title: str = Field(description="Short, human-readable summary of the problem type.")
    status: int = Field(description="HTTP status code.", examples=[404])
    detail: str = Field(description="What went wrong in this occurrence.")
    code: str = Field(description="Stable machine-readable error code.", examples=["place_not_found"])
    instance: str | None = Field(default=None, description="The request path.")
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="For validation problems: each invalid field and why."
    )


class GazetteerError(Exception):
    status: int = 500
    code: str = "internal_error"
    title: str = "Internal error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(GazetteerError):
    status = 404
    code = "not_found"
    title = "Not found"


class PlaceNotFound(NotFoundError):
    code = "place_not_found"
    title = "Place not found"


class SourceNotFound(NotFoundError):
    code = "source_not_found"
    title = "Source not found"


class InvalidParameter(GazetteerError):
    status = 422
    code = "invalid_parameter"
    title = "Invalid parameter"


class NotReady(GazetteerError):
    status = 503
    code = "not_ready"
    title = "Not ready"


def problem_response(
    status: int, code: str, title: str, detail: str, request: Request,
    errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    body = Problem(
        type=PROBLEM_TYPE_BASE + code, title=title, status=status, detail=detail, code=code,
        instance=request.url.path, errors=errors,
    )
    return JSONResponse(
        jsonable_encoder(body, exclude_none=True), status_code=status, media_type=PROBLEM_MEDIA_TYPE
    )


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries declaring the problem body for the given statuses."""
    descriptions = {404: "Not found", 422: "Invalid parameter", 503: "Not ready"}
    return {
        status: {
            "model": Problem,
            "description": descriptions.get(status, "Error"),
            "content": {PROBLEM_MEDIA_TYPE: {}},
        }
        for status in statuses
    }


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 406: "not_acceptable"}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(GazetteerError)
    async def _gazetteer_error(request: Request, exc: GazetteerError) -> JSONResponse:
        return problem_response(exc.status, exc.code, exc.title, exc.detail, request)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        return problem_response(422, "invalid_parameter", "Invalid parameter", detail, request, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        title = str(exc.detail) if exc.detail else "HTTP error"
        detail = f"{request.method} {request.url.path}: {title}"
        return problem_response(exc.status_code, code, title, detail, request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error on %s", request.url.path)
        return problem_response(
            500, "internal_error", "Internal error", "The server failed; this is a bug.", request
        )

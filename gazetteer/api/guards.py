"""Input no route should ever see, refused before routing."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from gazetteer.errors import problem_response

__all__ = ["RejectNulCharacters"]


class RejectNulCharacters:
    """422 for a NUL character anywhere in the path or query string.

    PostgreSQL text cannot hold NUL, so such a value would fail deep in a query (a 500), while
    SQLite would quietly compare it; no gazetteer value contains one. A pure ASGI middleware:
    one bytes search per request, nothing on the hot path's event loop beyond that."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            b"%00" in scope.get("query_string", b"") or "\x00" in scope.get("path", "")
        ):
            response = problem_response(
                422, "invalid_parameter", "Invalid parameter",
                "Paths and query parameters must not contain NUL characters (%00).",
                Request(scope),
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

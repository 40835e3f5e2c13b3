"""Input no route should ever see, refused before routing."""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from gazetteer.errors import problem_response

__all__ = ["RejectMalformedTarget", "malformed_target"]

_BROKEN_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def malformed_target(raw_path: bytes, query_string: bytes) -> str | None:
    """Why the request target is malformed (a NUL, a broken %-escape, bytes that are not
    UTF-8), or None. Starlette would silently turn the last two into U+FFFD, so a query such
    as `%ff` would search for a replacement character instead of being refused."""
    for part, raw in (("path", raw_path), ("query string", query_string)):
        if _BROKEN_ESCAPE.search(raw):
            return f"The {part} holds a '%' not followed by two hexadecimal digits."
        decoded = unquote_to_bytes(raw) if b"%" in raw else raw
        if b"\x00" in decoded:
            return "Paths and query parameters must not contain NUL characters (%00)."
        try:
            decoded.decode("utf-8")
        except UnicodeDecodeError:
            return f"The {part} holds percent-encoded bytes that are not UTF-8 (e.g. %ff)."
    return None


class RejectMalformedTarget:
    """422 for a NUL character, a broken %-escape or non-UTF-8 bytes in the path or query.

    PostgreSQL text cannot hold NUL, so such a value would fail deep in a query (a 500), while
    SQLite would quietly compare it; no gazetteer value contains one. A pure ASGI middleware:
    one bytes search per request, nothing on the hot path's event loop beyond that."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        reason = None
        if scope["type"] == "http":
            raw_path = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogateescape")
            reason = malformed_target(raw_path, scope.get("query_string", b""))
        if reason is not None:
            response = problem_response(
                422, "invalid_parameter", "Invalid parameter", reason, Request(scope)
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

"""Connection-level limits uvicorn does not enforce: request-head size and request-head deadline.

uvicorn 0.54 bounds neither: its httptools protocol (the default when httptools is installed)
buffers a header block of any size (a 100 MB one was accepted), and neither protocol arms a
timer before the first request of a connection nor while a later request's head trickles in
(its keep-alive timer is cancelled by the first byte), so an idle or slowloris connection stays
open forever. These protocol classes add both, for h11 and httptools alike, and are handed to
uvicorn by `gazetteer serve` (`http=`). They act before any ASGI code runs, so the refusal costs
no parsing beyond the bytes already read.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from gazetteer.config import get_settings
from gazetteer.errors import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE

__all__ = ["GuardedH11Protocol", "GuardedHttpToolsProtocol", "raw_problem"]


def raw_problem(status: int, reason: str, code: str, detail: str) -> bytes:
    """A complete HTTP/1.1 problem+json response that closes the connection, as raw bytes."""
    body = json.dumps(
        {"type": PROBLEM_TYPE_BASE + code, "title": reason, "status": status,
         "detail": detail, "code": code},
        ensure_ascii=False,
    ).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: {PROBLEM_MEDIA_TYPE}\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    ).encode()
    return head + body


class RequestHeadGuard:
    """Mixin over a uvicorn HTTP protocol: each request head must be at most
    `max_request_head_bytes` and must arrive whole within `request_head_timeout_seconds` of
    the connection opening or of the previous response finishing."""

    transport: asyncio.Transport
    loop: asyncio.AbstractEventLoop
    cycle: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = get_settings()
        self._head_limit = settings.max_request_head_bytes
        self._head_timeout = settings.request_head_timeout_seconds
        self._head_bytes = 0
        self._awaiting_head = True
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)  # type: ignore[misc]
        self._await_next_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_deadline()
        super().connection_lost(exc)  # type: ignore[misc]

    def data_received(self, data: bytes) -> None:
        if self.transport.is_closing():
            return
        cycle_before = self.cycle
        if self._awaiting_head:
            self._head_bytes += len(data)
        super().data_received(data)  # type: ignore[misc]
        if self.cycle is not cycle_before:  # the parser finished a request head
            self._awaiting_head = False
            self._cancel_deadline()
        elif self._awaiting_head and self._head_bytes > self._head_limit:
            self._refuse(
                431, "Request Header Fields Too Large", "request_head_too_large",
                f"The request line and headers must not exceed {self._head_limit} bytes.",
            )

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        if not self.transport.is_closing():
            self._await_next_head()

    def _await_next_head(self) -> None:
        self._awaiting_head = True
        self._head_bytes = 0
        self._cancel_deadline()
        self._head_deadline = self.loop.call_later(self._head_timeout, self._head_timed_out)

    def _head_timed_out(self) -> None:
        self._head_deadline = None
        if self._awaiting_head and not self.transport.is_closing():
            self._refuse(
                408, "Request Timeout", "request_timeout",
                f"No complete request head arrived within {self._head_timeout:g} seconds.",
            )

    def _cancel_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _refuse(self, status: int, reason: str, code: str, detail: str) -> None:
        self._cancel_deadline()
        self._awaiting_head = False
        self.transport.write(raw_problem(status, reason, code, detail))
        self.transport.close()


class GuardedH11Protocol(RequestHeadGuard, H11Protocol):
    """uvicorn's h11 protocol with the request-head limits."""


class GuardedHttpToolsProtocol(RequestHeadGuard, HttpToolsProtocol):
    """uvicorn's httptools protocol with the request-head limits."""

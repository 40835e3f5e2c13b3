"""Entity tags: one rule for every representation, so that the tag a client read with GET is the
tag a conditional request (If-None-Match on reads, If-Match on writes) is compared against."""

from __future__ import annotations

import hashlib


def entity_tag(body: bytes) -> str:
    """A strong tag for a response body: the same bytes give the same tag in every process."""
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'

"""Validators shared by the seed loader, the importers and (later) the write API."""

from __future__ import annotations

import re

import langcodes

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def validate_language_tag(tag: str) -> str:
    """Return the tag if it is well-formed BCP 47 with registered subtags; raise otherwise."""
    if not tag or not langcodes.tag_is_valid(tag):
        raise ValueError(f"{tag!r} is not a valid BCP 47 language tag")
    return tag


def validate_slug(value: str) -> str:
    if not SLUG.match(value) or len(value) > 120:
        raise ValueError(f"{value!r} is not a slug (lowercase ASCII letters, digits and hyphens)")
    return value


def validate_country_code(value: str) -> str:
    if not COUNTRY_CODE.match(value):
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return value

"""Which name to show for a place in each language: one rule, used by every view."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class NameLike(Protocol):
    """A Name row or any row with the same four columns."""

    id: int | None
    lang: str
    text: str
    preferred: bool


def display_labels(names: Iterable[NameLike]) -> dict[str, str]:
    """One name per language tag: the preferred one, else the first recorded.

    Untagged variants (`und-*`, e.g. GeoNames alternates) are no language's label.
    """
    labels: dict[str, str] = {}
    for name in sorted(names, key=lambda n: (not n.preferred, n.id or 0)):
        if not name.lang.startswith("und"):
            labels.setdefault(name.lang, name.text)
    return labels


def place_label(labels: dict[str, str]) -> str | None:
    """The one label to show for a place in lists: English, then romanised Russian, then Russian."""
    for lang in ("en", "ru-Latn", "ru"):
        if lang in labels:
            return labels[lang]
    return next(iter(labels.values()), None)

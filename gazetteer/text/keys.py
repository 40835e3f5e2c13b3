"""The one entry point that turns names and queries into lookup keys.

Index and query go through the same folding functions, so a key built from a stored name
and a key built from a query are equal exactly when the match should be found. Keys live in
two spaces: ``n`` (normalised text, script preserved) and ``r`` (a Latin skeleton shared by
romanisations, pinyin and Palladius).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gazetteer.search.types import MatchKind
from gazetteer.text.chinese import (
    has_han,
    pinyin_readings,
    strip_tone_digits,
    to_simplified,
    wade_giles_to_pinyin,
)
from gazetteer.text.cyrillic import ROMANISATION_SYSTEM, is_cyrillic, romanise, skeleton
from gazetteer.text.generic import T_GENERIC, strip_generic
from gazetteer.text.morphology import lemma_variants
from gazetteer.text.normalise import _fold_char, compact, has_diacritics
from gazetteer.text.palladius import palladius_to_pinyin

__all__ = [
    "T_CYRILLIC",
    "T_DIACRITICS",
    "T_GENERIC",
    "T_INFLECTION",
    "T_LATIN",
    "T_PALLADIUS",
    "T_PINYIN",
    "T_TONES",
    "T_TRAD_SIMP",
    "T_WADE_GILES",
    "Key",
    "Space",
    "index_key_tuples",
    "index_keys",
    "query_keys",
]

Space = Literal["n", "r"]

T_DIACRITICS = "diacritics folded"
T_TRAD_SIMP = "traditional→simplified"
T_PINYIN = "Chinese read as pinyin"
T_TONES = "pinyin tone-stripped"
T_LATIN = "Latin spelling variants folded"
T_CYRILLIC = f"Cyrillic romanised ({ROMANISATION_SYSTEM})"
T_PALLADIUS = "Palladius→pinyin"
T_WADE_GILES = "Wade–Giles→pinyin"
T_INFLECTION = "inflection removed"

_TONE_VOWELS = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")


@dataclass(frozen=True, slots=True)
class Key:
    """A lookup key: its text, the match kind it stands for and how it was derived."""

    text: str
    match_kind: MatchKind
    transformations: tuple[str, ...] = ()
    space: Space = "n"


def _normalised(text: str, han: bool | None = None) -> tuple[str, tuple[str, ...]]:
    key = compact(text)
    if han if han is not None else has_han(key):
        simp = to_simplified(key)
        if simp != key:
            return simp, (T_TRAD_SIMP,)
    return key, ()


def _han_keys(text: str, kind: MatchKind, simplified: tuple[str, ...]) -> list[Key]:
    return [
        Key(sk, kind, (*simplified, T_PINYIN), "r")
        for reading in pinyin_readings(text)
        if (sk := skeleton(reading))
    ]


def _cyrillic_keys(text: str, kind: MatchKind, prefix: tuple[str, ...] = ()) -> list[Key]:
    keys = []
    # Palladius first: when both readings give one key, the more specific label wins.
    if (pinyin := palladius_to_pinyin(text)) and (sk := skeleton(pinyin)):
        keys.append(Key(sk, kind, (*prefix, T_PALLADIUS), "r"))
    if sk := skeleton(romanise(text)):
        keys.append(Key(sk, kind, (*prefix, T_CYRILLIC), "r"))
    return keys


def index_keys(text: str, lang: str) -> list[Key]:
    """Keys under which a stored name is found (``lang`` is kept for per-language rules).

    A name with generic feature words ("остров Большой Уссурийский", "Lake Khanka") also
    gets the keys of its text without them, marked ``T_GENERIC`` (see ``text.generic``).
    """
    del lang  # the script, not the tag, decides: tags of imported names are often wrong
    keys = _name_keys(text)
    if keys and (stripped := strip_generic(text)) is not None:
        keys.extend(_mark_generic(_name_keys(stripped)))
    return _dedupe(keys)


# ``compact`` of a plain-ASCII text in one ``str.translate``: the fold of each ASCII
# character, with those that fold to a space or to nothing deleted (``compact`` drops
# spaces). NFKC and case folding are the identity / ``lower`` on ASCII.
_ASCII_COMPACT = {
    c: (f if f.strip() else None) for c in range(128) for f in (_fold_char(chr(c)),)
}
_LATIN_KEY_TRANS = (T_LATIN,)

KeyTuple = tuple[str, tuple[str, ...], Space]


def index_key_tuples(text: str, lang: str) -> list[KeyTuple]:
    """``index_keys`` as (text, transformations, space) tuples, for bulk index builds.

    The same keys in the same order; plain-ASCII names (most of an import) take a fast
    path: one ``translate`` for the normalised key, no Han/Cyrillic checks, no ``Key``
    objects. Names with generic feature words go through ``index_keys``.
    """
    if text.isascii():
        n_key = text.lower().translate(_ASCII_COMPACT)
        if not n_key:
            return []
        if strip_generic(text) is None:
            # skeleton(text) == skeleton(n_key) on ASCII: both keep only [a-z0-9].
            sk = skeleton(n_key)
            if sk and sk != n_key:
                return [(n_key, (), "n"), (sk, _LATIN_KEY_TRANS, "r")]
            return [(n_key, (), "n")]
    return [(k.text, k.transformations, k.space) for k in index_keys(text, lang)]


def _mark_generic(keys: list[Key]) -> list[Key]:
    return [Key(k.text, k.match_kind, (*k.transformations, T_GENERIC), k.space) for k in keys]


def _name_keys(text: str) -> list[Key]:
    ascii_only = text.isascii()
    han = not ascii_only and has_han(text)
    n_key, n_trans = _normalised(text, han)
    if not n_key:
        return []
    keys = [Key(n_key, MatchKind.NORMALISED, n_trans, "n")]
    if han:
        keys.extend(_han_keys(text, MatchKind.ROMANISED, n_trans))
    elif not ascii_only and is_cyrillic(text):
        keys.extend(_cyrillic_keys(text, MatchKind.ROMANISED))
    else:
        sk = skeleton(text)
        if sk and sk != n_key:
            keys.append(Key(sk, MatchKind.ROMANISED, (T_LATIN,), "r"))
    return keys


def query_keys(query: str) -> list[Key]:
    """Keys to look up for a query, most trustworthy first.

    A query with generic feature words ("Lake Khanka") is also looked up without them;
    those keys come last and are marked ``T_GENERIC``.
    """
    keys = _query_keys(query)
    if keys and (stripped := strip_generic(query)) is not None:
        keys.extend(_mark_generic(_query_keys(stripped)))
    return _dedupe(keys)


def _query_keys(query: str) -> list[Key]:
    n_key, n_trans = _normalised(query)
    if not n_key:
        return []
    marks = has_diacritics(query)
    tones = marks and not _TONE_VOWELS.isdisjoint(query.casefold())
    if marks and not n_trans:
        n_trans = (T_TONES,) if tones else (T_DIACRITICS,)
    keys = [Key(n_key, MatchKind.NORMALISED, n_trans, "n")]
    if is_cyrillic(query):
        keys.extend(_cyrillic_keys(query, MatchKind.ROMANISED))
        for lemma in lemma_variants(query):
            if lemma_key := compact(lemma):
                keys.append(Key(lemma_key, MatchKind.INFLECTED, (T_INFLECTION,), "n"))
            keys.extend(_cyrillic_keys(lemma, MatchKind.INFLECTED, (T_INFLECTION,)))
    elif has_han(query):
        keys.extend(_han_keys(query, MatchKind.ROMANISED, n_trans))
    else:
        if sk := skeleton(query):
            keys.append(Key(sk, MatchKind.ROMANISED, (T_TONES,) if tones else (T_LATIN,), "r"))
        if (toneless := strip_tone_digits(query)) and (sk := skeleton(toneless)):
            keys.append(Key(sk, MatchKind.ROMANISED, (T_TONES,), "r"))
        if (wg := wade_giles_to_pinyin(query)) and (sk := skeleton(wg)):
            keys.append(Key(sk, MatchKind.ROMANISED, (T_WADE_GILES,), "r"))
    return keys


def _dedupe(keys: list[Key]) -> list[Key]:
    seen: set[tuple[str, str]] = set()
    out = []
    for key in keys:
        ident = (key.space, key.text)
        if ident not in seen:
            seen.add(ident)
            out.append(key)
    return out

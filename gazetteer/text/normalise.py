"""Script-neutral folding shared by index keys and queries.

Three levels, each a superset of the previous one's tolerance:

* :func:`clean` — NFKC, whitespace collapsed: what a human would call "the same text";
* :func:`fold_case` — ``clean`` plus case folding: the *exact* match level;
* :func:`normalise` / :func:`compact` — diacritics, ё, punctuation and dash variants folded:
  the *normalised* match level. ``compact`` also drops the spaces so that
  ``Nikolsk-Ussuriysky`` and ``Nikolsk Ussuriysky`` share one key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = ["CharTable", "clean", "compact", "fold_case", "has_diacritics", "normalise"]

# Apostrophe-like marks vanish (Mar'ino = Marino, Ol'ga = Olga); the soft-sign
# transliterations ʹ ʺ go with them so that BGN/PCGN and ISO 9 forms meet.
_VANISH = "'’‘‛′ʹʺʼʻʽ`´\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Letters without a canonical decomposition that people still type without their mark.
_SPECIAL = {
    "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "ħ": "h", "ŧ": "t", "ŀ": "l",
    "æ": "ae", "œ": "oe", "þ": "th", "ß": "ss", "ё": "е", "ѐ": "е", "ѝ": "и",
}
# Combining marks we fold away only for alphabets (Latin, Greek, Cyrillic) where they are
# diacritics; elsewhere (Thai vowels, kana voicing, Indic signs) they are part of the letter.
_DIACRITIC_BLOCKS = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF),
                     (0xFE20, 0xFE2F))
_KEEP_MARKS = frozenset("\u0306")  # breve: й is a letter of its own, not и with an accent
# One regular expression for "a diacritic we fold away", built from the two lists above.
_DIACRITIC_RE = re.compile(
    "".join(f"(?!{re.escape(mark)})" for mark in sorted(_KEEP_MARKS))
    + "["
    + "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in _DIACRITIC_BLOCKS)
    + "]"
)


def _is_diacritic(ch: str) -> bool:
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _DIACRITIC_BLOCKS)


def _is_alphabet(ch: str) -> bool:
    o = ord(ch)
    return o < 0x0530 or 0x1E00 <= o <= 0x1FFF or 0x2C60 <= o <= 0x2C7F or 0xA720 <= o <= 0xA7FF


def _fold_char(ch: str) -> str:
    """The folded form of one (already NFKC, case-folded) character."""
    if ch in _VANISH:
        return ""
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    cat = unicodedata.category(ch)
    if cat[0] in "PSZ":
        return " "
    if cat[0] == "C":
        return ""
    if cat[0] == "M":
        return "" if _is_diacritic(ch) else ch
    if cat[0] == "L" and _is_alphabet(ch):
        decomposed = unicodedata.normalize("NFD", ch)
        kept = "".join(c for c in decomposed if c in _KEEP_MARKS or not _is_diacritic(c))
        return unicodedata.normalize("NFC", kept)
    return ch


class CharTable(dict[int, str | None]):
    """A ``str.translate`` table computed per code point by ``convert`` on first sight of it
    (C-speed afterwards): a fold over all of Unicode without building it up front."""

    def __init__(self, convert: Callable[[str], str | None]) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, code: int) -> str | None:
        converted = self._convert(chr(code))
        self[code] = converted
        return converted


_FOLD = CharTable(_fold_char)


def clean(text: str) -> str:
    """NFKC with whitespace collapsed: full-width （） become (), ligatures split."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def fold_case(text: str) -> str:
    """``clean`` plus Unicode case folding; equality here is an *exact* match."""
    return clean(text).casefold()


def normalise(text: str) -> str:
    """Fold case, diacritics, ё→е, dashes and punctuation; words separated by one space."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if not folded.isascii():
        # NFKC composes; the table then folds per code point (and re-NFC keeps й whole).
        folded = unicodedata.normalize("NFC", folded.translate(_FOLD))
    else:
        folded = folded.translate(_FOLD)
    return " ".join(folded.split())


def compact(text: str) -> str:
    """``normalise`` without spaces: the normalised key."""
    return normalise(text).replace(" ", "")


def has_diacritics(text: str) -> bool:
    """Whether folding removed diacritics (used to explain a match, not to build keys)."""
    if text.isascii():
        return False
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _DIACRITIC_RE.search(unicodedata.normalize("NFD", folded)) is not None

"""Which writing system a string is in, as an ISO 15924 code.

Used to tag imported alternate names honestly (``und-Cyrl``, ``und-Hani``) when the source
gives no language, and to choose which romanisations a name or query needs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from functools import lru_cache

__all__ = ["detect_script", "script_of_char"]

# (first code point, last code point, ISO 15924 code), sorted by first code point.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latn"), (0x0061, 0x007A, "Latn"), (0x00C0, 0x024F, "Latn"),
    (0x0250, 0x02AF, "Latn"), (0x0370, 0x03FF, "Grek"), (0x0400, 0x052F, "Cyrl"),
    (0x0531, 0x058F, "Armn"), (0x0590, 0x05FF, "Hebr"), (0x0600, 0x06FF, "Arab"),
    (0x0700, 0x074F, "Syrc"), (0x0750, 0x077F, "Arab"), (0x0780, 0x07BF, "Thaa"),
    (0x07C0, 0x07FF, "Nkoo"), (0x08A0, 0x08FF, "Arab"), (0x0900, 0x097F, "Deva"),
    (0x0980, 0x09FF, "Beng"), (0x0A00, 0x0A7F, "Guru"), (0x0A80, 0x0AFF, "Gujr"),
    (0x0B00, 0x0B7F, "Orya"), (0x0B80, 0x0BFF, "Taml"), (0x0C00, 0x0C7F, "Telu"),
    (0x0C80, 0x0CFF, "Knda"), (0x0D00, 0x0D7F, "Mlym"), (0x0D80, 0x0DFF, "Sinh"),
    (0x0E00, 0x0E7F, "Thai"), (0x0E80, 0x0EFF, "Laoo"), (0x0F00, 0x0FFF, "Tibt"),
    (0x1000, 0x109F, "Mymr"), (0x10A0, 0x10FF, "Geor"), (0x1100, 0x11FF, "Hang"),
    (0x1200, 0x139F, "Ethi"), (0x13A0, 0x13FF, "Cher"), (0x1400, 0x167F, "Cans"),
    (0x1780, 0x17FF, "Khmr"), (0x1800, 0x18AF, "Mong"), (0x1C90, 0x1CBF, "Geor"),
    (0x1D00, 0x1DBF, "Latn"), (0x1E00, 0x1EFF, "Latn"), (0x1F00, 0x1FFF, "Grek"),
    (0x2C00, 0x2C5F, "Glag"), (0x2C60, 0x2C7F, "Latn"), (0x2D00, 0x2D2F, "Geor"),
    (0x2D30, 0x2D7F, "Tfng"), (0x2DE0, 0x2DFF, "Cyrl"), (0x2E80, 0x2FDF, "Hani"),
    (0x3005, 0x3007, "Hani"), (0x3021, 0x3029, "Hani"), (0x3041, 0x309F, "Hira"),
    (0x30A0, 0x30FF, "Kana"), (0x3100, 0x312F, "Bopo"), (0x3130, 0x318F, "Hang"),
    (0x31A0, 0x31BF, "Bopo"), (0x31F0, 0x31FF, "Kana"), (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"), (0xA000, 0xA4CF, "Yiii"), (0xA640, 0xA69F, "Cyrl"),
    (0xA720, 0xA7FF, "Latn"), (0xAC00, 0xD7AF, "Hang"), (0xF900, 0xFAFF, "Hani"),
    (0xFB1D, 0xFB4F, "Hebr"), (0xFB50, 0xFDFF, "Arab"), (0xFE70, 0xFEFF, "Arab"),
    (0xFF21, 0xFF3A, "Latn"), (0xFF41, 0xFF5A, "Latn"), (0xFF66, 0xFF9F, "Kana"),
    (0x20000, 0x3134F, "Hani"),
)
_STARTS = [r[0] for r in _RANGES]


@lru_cache(maxsize=65536)
def script_of_char(ch: str) -> str:
    """The script of one character; "Zyyy" (common) for digits, punctuation, spaces."""
    o = ord(ch)
    i = bisect_right(_STARTS, o) - 1
    if i >= 0 and _RANGES[i][0] <= o <= _RANGES[i][1]:
        return _RANGES[i][2]
    return "Zyyy"


def detect_script(text: str) -> str:
    """The dominant script of ``text``; mixtures that form one writing system are merged.

    Kana with or without kanji is ``Jpan`` (pure hiragana ``Hira``, pure katakana ``Kana``);
    pure Hangul is ``Hang``, Hangul with hanja ``Kore``; Manchu and Mongolian script share ``Mong``.
    """
    counts = Counter(script_of_char(c) for c in text if not c.isspace())
    counts.pop("Zyyy", None)
    if not counts:
        return "Zyyy"
    kana = "Hira" in counts or "Kana" in counts
    if kana and ("Hani" in counts or ("Hira" in counts and "Kana" in counts)):
        return "Jpan"
    if "Hang" in counts and "Hani" in counts:
        return "Kore"
    return counts.most_common(1)[0][0]

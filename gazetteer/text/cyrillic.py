"""Cyrillic ⇄ Latin: one romanisation plus a coarse Latin "phonetic skeleton".

Russian names reach us in many romanisations (BGN/PCGN Vladivostok, German Wladiwostok,
French Khabarovsk / Tchita, ISO 9 Habarovsk / Čita, scholarly Ussuriiskii). Rather than
transliterate every query into every system, both sides are reduced to a skeleton in which
those systems' differences vanish (w→v, kh/ch→h, tsch/tch→ch, ts→c, y/j→i, doubled letters
single). The skeleton is a key, never shown to users.
"""

from __future__ import annotations

import re
import unicodedata

from gazetteer.text.normalise import CharTable

__all__ = ["ROMANISATION_SYSTEM", "is_cyrillic", "romanise", "skeleton"]

ROMANISATION_SYSTEM = "BGN/PCGN"

# BGN/PCGN for Russian, with the letters of the other Cyrillic alphabets of the region.
_BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "ө": "o", "ү": "u",
    "һ": "h", "ң": "ng", "ә": "a", "ғ": "gh", "қ": "q", "ұ": "u", "ј": "j", "љ": "lj",
    "њ": "nj", "ћ": "c", "ђ": "d", "џ": "dz", "ѕ": "dz",
}
_VOWELS = set("аеёиоуыэюяіїєөүә")
_ROMAN_TABLE = str.maketrans(_BGN)


_CYRILLIC = re.compile("[\u0400-\u052f]")


def is_cyrillic(text: str) -> bool:
    """Whether the text contains Cyrillic letters."""
    return _CYRILLIC.search(text) is not None


def romanise(text: str) -> str:
    """Lower-case BGN/PCGN romanisation (е → ye at word start and after vowels)."""
    low = unicodedata.normalize("NFC", text.casefold()).replace("ё", "е")
    if "е" in low:
        # BGN/PCGN writes е as "ye" initially and after vowels, й, ъ, ь.
        low = re.sub(r"(?:(?<=^)|(?<=[\s\-аеёиоуыэюяйъь]))е", "\x00", low)
    return low.translate(_ROMAN_TABLE).replace("\x00", "ye")


# Letters of other Latin romanisations that carry a distinction we fold away only after
# mapping them to their BGN digraphs (ISO 9 č, š, ž, scholarly x for х...).
_PRE = str.maketrans({
    "č": "ch", "š": "sh", "ž": "zh", "ŝ": "shch", "ǆ": "dzh", "ç": "ts", "ĉ": "ch",
    "ǎ": "a", "ě": "e", "ĭ": "i", "ŭ": "u",
})
# Applied in order; the guards keep the common no-digraph case cheap on the build path.
_H_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("shch", "sh"), ("ssch", "sh"), ("sch", "sh"), ("tsch", "ch"), ("tch", "ch"),
    ("tsh", "ch"), ("ch", "h"), ("kh", "h"), ("gh", "h"), ("dzh", "z"), ("zh", "z"),
    ("ph", "f"),
)
_OTHER_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("dj", "z"), ("tz", "c"), ("ts", "c"), ("cz", "c"), ("ck", "k"),
)
_SINGLES = str.maketrans({"w": "v", "q": "k", "y": "i", "j": "i", "x": "ks"})
_SINGLE_SET = frozenset("wqyjx")
_NOT_KEY = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"(.)\1")
_DOUBLES = re.compile(r"(.)\1+")


# Deletes combining marks; ``skeleton`` runs a million times when an import is indexed.
_STRIP_COMBINING = CharTable(lambda ch: None if unicodedata.combining(ch) else ch)


def _first(match: re.Match[str]) -> str:
    return match.group(1)


def skeleton(latin: str) -> str:
    """Coarse Latin key in which common romanisation differences vanish ("" if not Latin)."""
    s = latin.casefold()
    if not s.isascii():
        s = unicodedata.normalize("NFKC", s).translate(_PRE)
        s = unicodedata.normalize("NFD", s).translate(_STRIP_COMBINING)
        if not s.isascii():
            return ""
    s = s.replace(" ", "").replace("-", "")
    if not s.isalnum():
        s = _NOT_KEY.sub("", s)
    if "h" in s:
        for a, b in _H_DIGRAPHS:
            if a in s:
                s = s.replace(a, b)
    for a, b in _OTHER_DIGRAPHS:
        if a in s:
            s = s.replace(a, b)
    if not _SINGLE_SET.isdisjoint(s):
        s = s.translate(_SINGLES)
    if s.startswith("ie"):
        s = s[1:]
    if _DOUBLE.search(s):
        s = _DOUBLES.sub(_first, s)
    return s

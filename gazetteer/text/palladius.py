"""The Palladius system: Russian Cyrillic spelling of Mandarin syllables.

Russian sources write Chinese names in Palladius (Хэйлунцзян, Харбин, Хайшэньвай). Parsing
such a spelling back into pinyin syllables lets a Cyrillic query reach a Chinese name that
has no Russian form of its own. The table is generated from initials and finals, with the
system's exceptions spelled out, so that every pinyin syllable has one Palladius form.
"""

from __future__ import annotations

from functools import cache, lru_cache

from gazetteer.text.chinese import PINYIN_SYLLABLES

__all__ = ["palladius_to_pinyin", "pinyin_to_palladius", "syllable_table"]

_INITIALS = {
    "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л",
    "g": "г", "k": "к", "h": "х", "j": "цз", "q": "ц", "x": "с", "zh": "чж", "ch": "ч",
    "sh": "ш", "r": "ж", "z": "цз", "c": "ц", "s": "с",
}
_FINALS = {
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу",
    "an": "ань", "en": "энь", "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр",
    "i": "и", "ia": "я", "ie": "е", "iao": "яо", "iu": "ю", "ian": "янь", "in": "инь",
    "iang": "ян", "ing": "ин", "iong": "юн", "u": "у", "ua": "уа", "uo": "о", "uai": "уай",
    "ui": "уй", "uan": "уань", "un": "унь", "uang": "уан", "v": "юй", "ve": "юэ",
    "van": "юань", "vn": "юнь", "ue": "юэ",
}
# Syllables without an initial, and the exceptions the generator would get wrong.
_WHOLE = {
    "a": "а", "ai": "ай", "an": "ань", "ang": "ан", "ao": "ао", "e": "э", "ei": "эй",
    "en": "энь", "eng": "эн", "er": "эр", "o": "о", "ou": "оу",
    "yi": "и", "ya": "я", "ye": "е", "yao": "яо", "you": "ю", "yan": "янь", "yin": "инь",
    "yang": "ян", "ying": "ин", "yong": "юн", "yu": "юй", "yue": "юэ", "yuan": "юань",
    "yun": "юнь", "wu": "у", "wa": "ва", "wo": "во", "wai": "вай", "wei": "вэй",
    "wan": "вань", "wen": "вэнь", "wang": "ван", "weng": "вэн",
    "zi": "цзы", "ci": "цы", "si": "сы", "zhi": "чжи", "chi": "чи", "shi": "ши", "ri": "жи",
    "hui": "хуэй",  # the regular хуй is avoided in print
    "lv": "люй", "nv": "нюй", "lve": "люэ", "nve": "нюэ", "lue": "люэ", "nue": "нюэ",
}


def _generate(syllable: str) -> str | None:
    if syllable in _WHOLE:
        return _WHOLE[syllable]
    for ini in sorted(_INITIALS, key=len, reverse=True):
        if syllable.startswith(ini):
            final = syllable[len(ini):]
            if ini in ("j", "q", "x") and final.startswith("u"):
                final = "v" + final[1:]  # ju = jü
            cyr = _FINALS.get(final)
            if cyr is None:
                return None
            # After ж, ш, ч, цз, ц, с the iotated vowels are written plainly in Russian
            # spelling only for the ü-finals; я/е/ю stay as they are in Palladius.
            return _INITIALS[ini] + cyr
    return None


# Spellings met in print besides the table's own: хуй for hui, older мын/фын for meng/feng.
_REVERSE_EXTRAS = {"хуй": "hui", "хой": "hui", "мын": "meng", "мынь": "men", "фын": "feng",
                   "фынь": "fen", "пын": "peng"}


@cache
def syllable_table() -> dict[str, str]:
    """Every toneless pinyin syllable (ü as v) mapped to its Palladius spelling."""
    table: dict[str, str] = {}
    for syl in sorted(PINYIN_SYLLABLES):
        cyr = _generate(syl)
        if cyr:
            table[syl] = cyr
    return table


@cache
def _reverse() -> dict[str, str]:
    # When two pinyin syllables share a Palladius form (lo / luo), keep the common one:
    # the longer pinyin spelling is the regular one in every such pair.
    rev: dict[str, str] = {}
    for syl, cyr in syllable_table().items():
        if cyr not in rev or len(syl) > len(rev[cyr]):
            rev[cyr] = syl
    rev.update(_REVERSE_EXTRAS)
    return rev


@cache
def _longest() -> int:
    return max(len(k) for k in _reverse())


def pinyin_to_palladius(pinyin: str) -> str | None:
    """One pinyin syllable (toneless) in Palladius, or None if it is not a syllable."""
    return syllable_table().get(pinyin.lower().replace("ü", "v"))


@lru_cache(maxsize=4096)
def palladius_to_pinyin(text: str, *, min_syllables: int = 2) -> str | None:
    """A Cyrillic word parsed as Palladius syllables, as joined pinyin; None if it does not parse.

    The parse prefers the fewest syllables (Хайшэньвай → hai shen wai, not ha i ...).
    Requiring two syllables keeps ordinary Russian words from parsing by accident.
    """
    # ъ only separates syllables (Чанъань = Chang'an): parse each side on its own.
    s = "".join(c for c in text.casefold().replace("ё", "е") if c.isalpha())
    if not s or not ("\u0400" <= s[0] <= "\u04ff"):
        return None
    total, out = 0, []
    for segment in s.split("ъ"):
        parsed = _parse(segment)
        if parsed is None:
            return None
        total += parsed[0]
        out.append(parsed[1])
    return "".join(out) if total >= min_syllables else None


def _parse(s: str) -> tuple[int, str] | None:
    """Fewest-syllable segmentation of ``s`` into Palladius syllables (dynamic programming)."""
    rev = _reverse()
    longest = _longest()
    n = len(s)
    best: list[tuple[int, str] | None] = [None] * (n + 1)
    best[0] = (0, "")
    for i in range(n):
        here = best[i]
        if here is None:
            continue
        for j in range(i + 1, min(n, i + longest) + 1):
            syl = rev.get(s[i:j])
            if syl is None:
                continue
            there = best[j]
            if there is None or here[0] + 1 < there[0]:
                best[j] = (here[0] + 1, here[1] + syl)
    return best[n]

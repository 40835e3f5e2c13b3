"""Chinese names: traditional→simplified folding and toneless pinyin keys.

Simplified and traditional spellings (海參崴 / 海参崴), pinyin with tone marks, tone numbers,
spaces or hyphens (Hǎishēnwǎi, hai3shen1wai3, Hai-shen-wai) and Wade–Giles (Po-li) must all
meet at one key. Keys are toneless, joined, lower-case pinyin ("haishenwai").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from gazetteer.text.script import script_of_char

__all__ = [
    "PINYIN_SYLLABLES",
    "display_pinyin",
    "has_han",
    "pinyin_readings",
    "strip_tone_digits",
    "to_simplified",
    "wade_giles_to_pinyin",
]

# Readings per name: pypinyin's phrase reading first, then the other readings of its
# polyphonic characters. Every combination is kept while there are at most this many;
# beyond that, each character's alternatives are swapped in one at a time.
_MAX_READINGS = 8
_MAX_SWAPS = 12


_FROM_CJK_RADICALS = re.compile("[\u2e80-\U0010ffff]")  # no Han character comes earlier


def has_han(text: str) -> bool:
    """Whether any character is a Han ideograph (kanji and hanja count)."""
    if _FROM_CJK_RADICALS.search(text) is None:
        return False
    return any(c >= "\u2e80" and script_of_char(c) == "Hani" for c in text)


@cache
def _t2s_table() -> dict[int, str]:
    # OpenCC's own character table (first candidate wins). Phrase-level conversion is not
    # needed for keys: they only have to fold both spellings to the same string.
    table: dict[int, str] = {}
    path = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        if len(trad) == 1 and simp:
            table[ord(trad)] = simp.split()[0]
    return table


def to_simplified(text: str) -> str:
    """Fold traditional characters to simplified (海參崴 → 海参崴, 廟街 → 庙街)."""
    return text.translate(_t2s_table())


def chinese_script(text: str) -> str | None:
    """`Hant` if any character has a simplified form, `Hans` for other Han text, else None.

    A name whose characters are the same in both scripts (北京) reads as `Hans`: the spelling
    of the mainland, where most such names are printed.
    """
    if not has_han(text):
        return None
    return "Hant" if to_simplified(text) != text else "Hans"


@cache
def _segmenter() -> tuple[object, object]:
    """pypinyin's own segmenter and the converter ``lazy_pinyin`` uses (default options)."""
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    converter = UltimateConverter(v_to_u=False, neutral_tone_with_five=False,
                                  tone_sandhi=False)
    return Pinyin(converter).seg, converter


@lru_cache(maxsize=65536)
def _word_pinyin(word: str) -> tuple[str, ...]:
    """``lazy_pinyin`` of one segment; place names repeat segments (村, 镇, 县…) a lot."""
    from pypinyin import Style

    _, converter = _segmenter()
    readings = converter.convert(word, Style.NORMAL, False, "default",  # type: ignore[attr-defined]
                                 strict=True)
    return tuple(itertools.chain.from_iterable(readings))


def _lazy_pinyin(han: str) -> list[str]:
    """Same as ``pypinyin.lazy_pinyin(han)``: segment, then convert each segment (cached)."""
    seg, _ = _segmenter()
    return [s for word in seg(han) for s in _word_pinyin(word)]  # type: ignore[operator]


@lru_cache(maxsize=32768)
def _char_readings(ch: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    readings = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    if not readings:
        return ()
    return tuple(dict.fromkeys(r.replace("ü", "v") for r in readings[0]))


def _clean_reading(syllables: list[str]) -> str:
    return "".join(s for s in syllables if s.isascii() and s.isalnum()).lower()


def pinyin_readings(text: str) -> list[str]:
    """Toneless joined pinyin readings of a Han string, the most likely first.

    Beside pypinyin's phrase-aware reading, other readings of polyphonic characters
    (heteronyms) are generated generically, so that 海参崴 is findable as "haishenwai" as
    well as pypinyin's "haishenwei", whichever reading of 参 or 崴 a source used: the full
    product of the characters' readings when it has at most ``_MAX_READINGS`` members,
    otherwise one swapped character at a time (at most ``_MAX_SWAPS``). Readings that
    sources attest for a particular place belong in the seed as names (lang
    ``zh-Latn-pinyin``), not here. Non-Han characters are dropped.
    """
    simp = to_simplified(text)
    han = "".join(c for c in simp if script_of_char(c) == "Hani")
    if not han:
        return []
    phrase = [s.replace("ü", "v") for s in _lazy_pinyin(han)]
    syllables = [_char_readings(c) for c in han]
    base = phrase if len(phrase) == len(han) else [r[0] if r else "" for r in syllables]
    out: dict[str, None] = {}
    if default := _clean_reading(base):
        out[default] = None
    # Each position: the phrase reading first, then the character's other readings.
    options = [
        tuple(dict.fromkeys((b, *r))) if r else (b,) for b, r in zip(base, syllables, strict=True)
    ]
    total = 1
    for opt in options:
        total *= len(opt)
    if total <= _MAX_READINGS:
        for combo in itertools.product(*options):
            out["".join(combo)] = None
    else:
        for i, opt in enumerate(options):
            for alt in opt[1:]:
                if len(out) > _MAX_SWAPS:
                    break
                out["".join([*base[:i], alt, *base[i + 1 :]])] = None
    return [r for r in out if r and r.isascii() and r.isalnum()]


def display_pinyin(text: str) -> str | None:
    """pypinyin's tone-marked reading of a Chinese name (海参崴 → Hǎishēnwēi); None if no Han.

    Generic on purpose: where sources attest another reading (Hǎishēnwǎi), the seed records
    it as a name of its own and callers should prefer that.
    """
    simp = to_simplified(text)
    han = "".join(c for c in simp if script_of_char(c) == "Hani")
    if not han:
        return None
    from pypinyin import Style, pinyin

    syllables = [r[0] for r in pinyin(han, style=Style.TONE, errors="ignore") if r]
    joined = "".join(syllables)
    return joined[:1].upper() + joined[1:] if joined else None


_TONE_DIGITS = re.compile(r"(?<=[a-zü])[1-5](?=[\s'’\-a-z]|$)")
_PINYIN_CHUNK = re.compile(r"[a-zü]+[1-5]")


def strip_tone_digits(text: str) -> str | None:
    """``hai3shen1wai3`` → ``haishenwai``; None when the text has no tone numbers."""
    low = unicodedata.normalize("NFKC", text).casefold()
    if len(_PINYIN_CHUNK.findall(low)) < 2:
        return None
    stripped = _TONE_DIGITS.sub("", low)
    return stripped if stripped != low else None


@cache
def _pinyin_syllables() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    out: set[str] = set()
    for readings in pinyin_dict.values():
        for r in readings.split(","):
            base = unicodedata.normalize("NFD", r)
            base = "".join(c for c in base if not unicodedata.combining(c) or c == "\u0308")
            out.add(unicodedata.normalize("NFC", base).replace("ü", "v"))
    return frozenset(out)


class _Syllables:
    """Lazy view of the set of toneless pinyin syllables (ü written v)."""

    def __contains__(self, item: object) -> bool:
        return item in _pinyin_syllables()

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(_pinyin_syllables())

    def __len__(self) -> int:
        return len(_pinyin_syllables())


PINYIN_SYLLABLES = _Syllables()

_APOS = "'’‘ʼ`´ʻ"
_WG_SEPARATORS = re.compile(r"[\s\-‐–—]+")
_WG_WHOLE = {
    "erh": "er", "ssu": "si", "szu": "si", "shih": "shi", "jih": "ri", "yu": "you",
    "yv": "yu", "yung": "yong", "yen": "yan", "yeh": "ye", "yveh": "yue", "yvan": "yuan",
    "yvn": "yun", "o": "e", "en": "en",
}


def _wg_syllable(token: str) -> str | None:
    aspirated = any(a in token for a in _APOS)
    t = "".join(c for c in token if c not in _APOS).replace("ü", "v").replace("ŭ", "u")
    if t in _WG_WHOLE:
        return _WG_WHOLE[t]
    if t in ("chih", "ch'ih"):
        return "chi" if aspirated else "zhi"
    initial, rest = "", t
    for wg, (plain, asp) in (
        ("hs", ("x", "x")), ("ch", ("zh", "ch")), ("ts", ("z", "c")), ("tz", ("z", "c")),
        ("sh", ("sh", "sh")), ("p", ("b", "p")), ("t", ("d", "t")), ("k", ("g", "k")),
        ("j", ("r", "r")),
    ):
        if t.startswith(wg):
            initial, rest = (asp if aspirated else plain), t[len(wg):]
            if wg == "tz" and rest == "u":
                rest = "i"
            break
    else:
        for c in "mfnlhswy":
            if t.startswith(c):
                initial, rest = c, t[1:]
                break
    if initial in ("zh", "ch") and rest[:1] in ("i", "v"):
        initial = "j" if initial == "zh" else "q"
    if rest == "ih":
        rest = "i"
    for a, b in (("ieh", "ie"), ("veh", "ue"), ("ien", "ian"), ("uei", "ui"), ("eh", "e")):
        if rest.endswith(a):
            rest = rest[: -len(a)] + b
            break
    if rest.endswith("ung"):
        rest = rest[:-3] + "ong"
    if rest == "o":
        if initial in ("g", "k", "h"):
            rest = "e"
        elif initial not in ("b", "p", "m", "f", "w", "y", ""):
            rest = "uo"
    if initial in ("j", "q", "x", "y") and rest.startswith("v"):
        rest = "u" + rest[1:]
    syl = initial + rest
    return syl if syl in _pinyin_syllables() else None


def _one_word(text: str) -> bool:
    """No separator and no apostrophe: not a Wade–Giles name, which spells syllables apart."""
    return sum(1 for t in _WG_SEPARATORS.split(text) if t) < 2 and not any(
        a in text for a in _APOS
    )


def wade_giles_to_pinyin(text: str) -> str | None:
    """A Wade–Giles spelling (``Po-li``, ``Ha-erh-pin``) as joined toneless pinyin, or None.

    Only hyphen- or space-separated syllables are tried (how Wade–Giles names are written);
    every syllable must convert to a real pinyin syllable.
    """
    low = unicodedata.normalize("NFKC", text).casefold()
    # Dropping marks cannot add or remove separators or apostrophes: decide on one word first.
    if _one_word(low):
        return None
    kept = (
        c for c in unicodedata.normalize("NFD", low)
        if c in "\u0308\u0306" or not unicodedata.combining(c)
    )
    low = unicodedata.normalize("NFC", "".join(kept))
    tokens = [t for t in _WG_SEPARATORS.split(low) if t]
    out = []
    for tok in tokens:
        syl = _wg_syllable(tok)
        if syl is None:
            return None
        out.append(syl)
    return "".join(out)

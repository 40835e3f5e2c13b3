"""Chinese names: traditional→simplified folding and toneless pinyin keys.

Simplified and traditional spellings (海參崴 / 海参崴), pinyin with tone marks, tone numbers,
spaces or hyphens (Hǎishēnwǎi, hai3shen1wai3, Hai-shen-wai) and Wade–Giles (Po-li) must all
meet at one key. Keys are toneless, joined, lower-case pinyin ("haishenwai").
"""

from __future__ import annotations

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

# Readings that sources use for toponyms where pypinyin's phrase reading differs or where
# both readings are attested (崴: wǎi in the historical name, wēi in modern dictionaries).
TOPONYM_READINGS: dict[str, tuple[str, ...]] = {
    "海参崴": ("haishenwai", "haishenwei"),
    "伯力": ("boli",),
    "庙街": ("miaojie",),
    "双城子": ("shuangchengzi",),
    "海兰泡": ("hailanpao",),
    "库页岛": ("kuyedao",),
    "江东六十四屯": ("jiangdongliushisitun",),
    "尼布楚": ("nibuchu",),
    "雅克萨": ("yakesa",),
}
_MAX_READINGS = 4


def has_han(text: str) -> bool:
    """Whether any character is a Han ideograph (kanji and hanja count)."""
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


@cache
def _pypinyin() -> tuple[object, object]:
    import pypinyin  # deferred: its dictionaries take a noticeable time to load

    return pypinyin.lazy_pinyin, pypinyin.pinyin


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

    Beside pypinyin's phrase-aware reading, other readings of polyphonic characters are
    combined (at most four keys), so that 海参崴 is findable as "haishenwai" whichever
    reading of 参 or 崴 a source used. Non-Han characters are dropped.
    """
    simp = to_simplified(text)
    han = "".join(c for c in simp if script_of_char(c) == "Hani")
    if not han:
        return []
    out: dict[str, None] = dict.fromkeys(TOPONYM_READINGS.get(han, ()))
    lazy_pinyin, _ = _pypinyin()
    phrase = [s.replace("ü", "v") for s in lazy_pinyin(han)]  # type: ignore[operator]
    default = _clean_reading(phrase)
    if default:
        out[default] = None
    # Other readings of polyphonic characters, one character at a time: combining them all
    # would mostly produce readings nobody uses (and multiply the index).
    syllables = [_char_readings(c) for c in han]
    base = phrase if len(phrase) == len(han) else [r[0] if r else "" for r in syllables]
    for i, readings in enumerate(syllables):
        for alt in readings:
            if len(out) >= _MAX_READINGS:
                break
            out["".join([*base[:i], alt, *base[i + 1 :]])] = None
    return [r for r in out if r and r.isascii()]


# Tone-marked display forms for names whose usual reading pypinyin's phrase table lacks.
_DISPLAY_READINGS: dict[str, str] = {"海参崴": "Hǎishēnwǎi"}


def display_pinyin(text: str) -> str | None:
    """Tone-marked pinyin for showing a Chinese name (海参崴 → Hǎishēnwǎi); None if no Han."""
    simp = to_simplified(text)
    han = "".join(c for c in simp if script_of_char(c) == "Hani")
    if not han:
        return None
    if han in _DISPLAY_READINGS:
        return _DISPLAY_READINGS[han]
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


def wade_giles_to_pinyin(text: str) -> str | None:
    """A Wade–Giles spelling (``Po-li``, ``Ha-erh-pin``) as joined toneless pinyin, or None.

    Only hyphen- or space-separated syllables are tried (how Wade–Giles names are written);
    every syllable must convert to a real pinyin syllable.
    """
    low = unicodedata.normalize("NFKC", text).casefold()
    kept = (
        c for c in unicodedata.normalize("NFD", low)
        if c in "\u0308\u0306" or not unicodedata.combining(c)
    )
    low = unicodedata.normalize("NFC", "".join(kept))
    tokens = [t for t in re.split(r"[\s\-‐–—]+", low) if t]
    if len(tokens) < 2 and not any(a in low for a in _APOS):
        return None
    out = []
    for tok in tokens:
        syl = _wg_syllable(tok)
        if syl is None:
            return None
        out.append(syl)
    return "".join(out)

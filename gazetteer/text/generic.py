"""Generic feature words ("island", "остров", "lake", "хребет") that people drop.

A user who types "Bolshoi Ussuriiskii" or "Khanka" means the island and the lake whose
names are "остров Большой Уссурийский" and "озеро Ханка"/"Lake Khanka". The index stores an
extra key for such names with these words removed, and a query that contains one is also
looked up without it; a match through a stripped key is marked ``T_GENERIC`` and ranks
below every match of the same kind through a full key (see ``search.ranking``).

Only *physical* feature words are listed. Administrative terms (край, область, район,
krai, oblast, province, county, city…) are deliberately absent: "Хабаровский край" and
"Хабаровск" are different places, and stripping "край" would make the region a rival of
the city for every lookup of the city's name.

Terms are compared after ``normalise`` (case, diacritics and punctuation folded), so
abbreviations with a full stop ("о.", "р.", "оз.") appear here without it.
"""

from __future__ import annotations

import re

from gazetteer.text.normalise import normalise

__all__ = ["GENERIC_TERMS", "T_GENERIC", "strip_generic"]

T_GENERIC = "generic term removed"

GENERIC_TERMS: frozenset[str] = frozenset(
    {
        # islands
        "остров", "о", "острова", "island", "islands", "isle", "ostrov", "岛",
        # rivers
        "река", "р", "river", "reka",
        # lakes
        "озеро", "оз", "lake", "ozero",
        # ranges and mountains
        "хребет", "хр", "range", "mountains", "mountain", "mts", "khrebet", "гора", "г",
        "mount", "mt", "gora", "горы", "gory",
        # waters of the coast
        "залив", "зал", "gulf", "bay", "zaliv", "бухта", "bukhta", "пролив", "strait",
        "proliv",
    }
)
# Han suffixes are not words (no spaces): 岛 above only matters in spaced text, which is rare.


# A cheap pre-check on the case-folded text (most names contain none of the terms).
_ANY_TERM = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(sorted(map(re.escape, GENERIC_TERMS), key=len, reverse=True))
    + r")(?![^\W\d_])"
)


def strip_generic(text: str) -> str | None:
    """``text`` (normalised, words space-separated) without generic feature words.

    None when no generic word occurs, or when nothing but generic words would remain
    ("Island" alone is a name, not a generic term).
    """
    if _ANY_TERM.search(text.casefold()) is None:
        return None
    words = normalise(text).split()
    kept = [w for w in words if w not in GENERIC_TERMS]
    if not kept or len(kept) == len(words):
        return None
    return " ".join(kept)

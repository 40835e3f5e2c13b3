"""Russian inflection → nominative lemma keys (во Владивостоке → владивосток).

Names are stored in the nominative, so only queries are lemmatised; the index never pays for
pymorphy3. Multiword names keep adjective–noun agreement (Хабаровского края → хабаровский
край, Амурской области → амурская область), a leading preposition is dropped, and words after
an inner preposition (Комсомольск-на-Амуре) are kept as written.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from gazetteer.text.normalise import normalise

__all__ = ["PREPOSITIONS", "lemma_variants"]

PREPOSITIONS = frozenset((
    "в", "во", "на", "под", "подо", "из", "изо", "до", "от", "ото", "к", "ко", "у", "около",
    "возле", "близ", "над", "за", "при", "с", "со", "о", "об", "обо", "по", "через", "между",
    "вблизи", "недалеко", "вокруг", "против", "напротив",
))
_MAX_VARIANTS = 4


@cache
def _analyzer() -> Any:
    # Loaded on first use: the dictionaries take ~0.5 s and most queries never need them.
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=65536)
def _parses(word: str) -> tuple[Any, ...]:
    return tuple(_analyzer().parse(word)[:4])


_INFLECTING = ("NOUN", "ADJF", "PRTF")


def _form(parses: tuple[Any, ...], pos: tuple[str, ...], grammemes: set[str]) -> Any | None:
    """The first parse of a wanted part of speech, inflected to ``grammemes``.

    Parses the dictionary marks as place names (Geox) go first: "Находки" is far likelier
    the town's genitive than the plural of the common noun находка.
    """
    for p in sorted(parses, key=lambda p: "Geox" not in p.tag):
        if p.tag.POS in pos:
            form = p.inflect(grammemes | ({"plur"} if "plur" in p.tag and p.tag.POS == "NOUN"
                                          else set()))
            if form is not None:
                return form
    return None


def _lemmatise(words: list[str]) -> list[str]:
    """Candidate nominative phrases for the inflected part of a name, best first.

    The last word is read as the head noun, the words before it as adjectives agreeing
    with it (gender, number); a second candidate reads a lone last word as an adjective
    (в Уссурийском → уссурийский). Words of other parts of speech (the южно of
    Южно-Сахалинск) are kept as written.
    """
    parses = [_parses(w) for w in words]
    out: list[str] = []
    noun = _form(parses[-1], ("NOUN",), {"nomn"})
    head_word = noun.word if noun is not None else None
    gender = noun.tag.gender if noun is not None else None
    number = noun.tag.number if noun is not None else None
    adj_last = _form(parses[-1], ("ADJF", "PRTF"), {"nomn"})
    for last in (head_word, adj_last.word if adj_last is not None else None):
        if last is None:
            continue
        if last is not head_word and noun is None:
            gender = adj_last.tag.gender if adj_last is not None else None
            number = adj_last.tag.number if adj_last is not None else None
        agree = {"nomn", "plur"} if number == "plur" else {"nomn", "sing", *([gender] if gender
                                                                            else [])}
        phrase = []
        for w, options in zip(words[:-1], parses[:-1], strict=True):
            adj = _form(options, ("ADJF", "PRTF"), agree)
            phrase.append(adj.word if adj is not None else w)
        out.append(" ".join([*phrase, last]))
    if len(words) > 1:
        # Hyphenated noun–adjective names (Никольск-Уссурийский): every word on its own.
        alone = []
        for w, options in zip(words, parses, strict=True):
            form = _form(options, ("NOUN",), {"nomn"}) or _form(options, ("ADJF",), {"nomn"})
            alone.append(form.word if form is not None else w)
        out.append(" ".join(alone))
    return list(dict.fromkeys(out))


@lru_cache(maxsize=16384)
def lemma_variants(text: str) -> tuple[str, ...]:
    """Normalised nominative forms of a Russian phrase, best first; () if nothing changes.

    Only Cyrillic words are analysed; the result never includes the input's own
    normalised form.
    """
    words = normalise(text).split()
    if not words or not any("\u0400" <= c <= "\u04ff" for c in text):
        return ()
    while len(words) > 1 and words[0] in PREPOSITIONS:
        words = words[1:]
    inner = next((i for i, w in enumerate(words) if i > 0 and w in PREPOSITIONS), len(words))
    head, tail = words[:inner], words[inner:]
    if not all(any("\u0400" <= c <= "\u04ff" for c in w) for w in head):
        return ()
    own = normalise(text)
    out: list[str] = []
    for phrase in _lemmatise(head):
        full = normalise(" ".join([phrase, *tail]))
        if full != own and full not in out:
            out.append(full)
    stripped = " ".join(words)
    if stripped != own and stripped not in out:
        out.append(stripped)  # an indeclinable name after a preposition (в Сочи)
    return tuple(out[:_MAX_VARIANTS])

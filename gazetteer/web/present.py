"""Page-side arrangements of the views' shapes: names grouped for reading, usage advice as
rows, a search hit's reason in words. Pure functions over the API's shapes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from gazetteer.schemas import MatchOut, NameOut, UsageAdvice, UsageRule
from gazetteer.vocabulary import NameKind

KIND_ORDER = {kind.value: i for i, kind in enumerate(NameKind)}
# Languages a translator of this gazetteer reads first; the rest follow alphabetically.
LANGUAGE_ORDER = ("ru", "zh-Hans", "zh-Hant", "en", "ru-Latn", "zh-Latn-pinyin")


@dataclass(frozen=True)
class KindGroup:
    kind: str
    names: list[NameOut]


@dataclass(frozen=True)
class LanguageGroup:
    lang: str
    kinds: list[KindGroup]


def language_key(lang: str) -> tuple[int, int, str]:
    listed = LANGUAGE_ORDER.index(lang) if lang in LANGUAGE_ORDER else len(LANGUAGE_ORDER)
    return (lang.startswith("und"), listed, lang)


def group_names(names: Sequence[NameOut]) -> list[LanguageGroup]:
    """Names by language (the translator's languages first, untagged variants last), then by
    kind in the vocabulary's order, preferred names first within a kind."""
    by_lang: dict[str, dict[str, list[NameOut]]] = {}
    for name in names:
        by_lang.setdefault(name.lang, {}).setdefault(name.kind, []).append(name)
    return [
        LanguageGroup(
            lang=lang,
            kinds=[
                KindGroup(kind, sorted(group, key=lambda n: (not n.preferred, n.id)))
                for kind, group in sorted(
                    by_lang[lang].items(), key=lambda item: KIND_ORDER.get(item[0], 99)
                )
            ],
        )
        for lang in sorted(by_lang, key=language_key)
    ]


@dataclass(frozen=True)
class UsageRow:
    advice: UsageAdvice
    forms: list[tuple[str, list[UsageRule]]]  # each prescribed form with the rules giving it


def usage_rows(advice: Sequence[UsageAdvice]) -> list[UsageRow]:
    """One row per context; rules that prescribe the same form are shown under it together."""
    rows = []
    for item in advice:
        forms: dict[str, list[UsageRule]] = {}
        for rule in item.rules:
            forms.setdefault(rule.form, []).append(rule)
        rows.append(UsageRow(item, list(forms.items())))
    return rows


def why(match: MatchOut, t: Callable[..., str]) -> str:
    """Why a hit matched, in the interface's words: which name, of which kind, how."""
    kind = t(f"kind.{match.kind}", match.kind.replace("_", " "))
    parts = [f"{kind} · {match.match_kind}"]
    if match.transformations:
        parts.append(", ".join(match.transformations))
    return " · ".join(parts)


CURRENT_KINDS = frozenset({NameKind.OFFICIAL.value, NameKind.EXONYM.value})


def current_names(names: Sequence[NameOut], today: date) -> list[LanguageGroup]:
    """The names to write today, per language: official names and exonyms whose recorded
    period has not ended (undated ones included: nothing says they ended), preferred first."""
    iso = today.isoformat()
    current = [
        n for n in names
        if n.kind in CURRENT_KINDS
        and not n.lang.startswith("und")
        and not (n.period and n.period.end_latest and n.period.end_latest < iso)
    ]
    return group_names(current)

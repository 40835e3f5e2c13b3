"""How the page arranges the views' shapes, and how it picks its interface language."""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.schemas import MatchOut, NameOut, Period
from gazetteer.web.i18n import CATALOGUE, UI_LANGUAGES, negotiate, translator
from gazetteer.web.present import current_names, group_names, why


def name(i: int, text: str, lang: str, kind: str, *, preferred: bool = False, end: str | None = None) -> NameOut:
    period = Period(start="1900", end=end, end_latest=f"{end}-12-31" if end else None) if end else None
    return NameOut(
        id=i, text=text, lang=lang, kind=kind, preferred=preferred, period=period,
        confidence="high", origin="curated", sources=[],
    )


NAMES = [
    name(1, "Hai-Shen-Wai", "und-Latn", "variant"),
    name(2, "Ворошилов", "ru", "former_official", end="1957"),
    name(3, "Никольск", "ru", "official", end="1926"),
    name(4, "Уссурийск", "ru", "official", preferred=True),
    name(5, "双城子", "zh-Hans", "historical"),
    name(6, "乌苏里斯克", "zh-Hans", "exonym", preferred=True),
    name(7, "Ussuriysk", "en", "exonym"),
]


def test_names_group_by_language_then_kind_translators_languages_first() -> None:
    groups = group_names(NAMES)
    assert [g.lang for g in groups] == ["ru", "zh-Hans", "en", "und-Latn"]
    assert [k.kind for k in groups[0].kinds] == ["official", "former_official"]
    assert [n.text for n in groups[0].kinds[0].names] == ["Уссурийск", "Никольск"]  # preferred first


def test_current_names_leave_out_ended_historical_and_untagged_ones() -> None:
    groups = current_names(NAMES, date(2025, 1, 1))
    assert {g.lang: [n.text for k in g.kinds for n in k.names] for g in groups} == {
        "ru": ["Уссурийск"], "zh-Hans": ["乌苏里斯克"], "en": ["Ussuriysk"],
    }


def test_why_names_the_kind_the_match_and_what_was_done() -> None:
    match = MatchOut(name_id=1, text="海參崴", lang="zh-Hant", kind="historical", match_kind="normalised", transformations=["traditional→simplified"])
    assert why(match, translator("en")) == "historical · normalised · traditional→simplified"
    assert why(match, translator("ru")).startswith("историческое")


@pytest.mark.parametrize(
    ("hl", "accept", "chosen"),
    [
        (None, None, "en"),
        ("ru", "zh-CN", "ru"),
        ("zh", None, "zh-Hans"),
        (None, "zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans"),
        (None, "de-DE,ru;q=0.5", "ru"),
        ("xx", "fr", "en"),
    ],
)
def test_interface_language(hl: str | None, accept: str | None, chosen: str) -> None:
    assert negotiate(hl, accept) == chosen


def test_every_interface_word_exists_in_every_language() -> None:
    missing = [(k, lang) for k, entry in CATALOGUE.items() for lang in UI_LANGUAGES if not entry.get(lang)]
    assert missing == []

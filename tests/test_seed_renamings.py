"""Renamings with both ends: a former official name says when it ended, the name that replaced it
says when it began, and both rest on a source that dates them."""

from __future__ import annotations

import pytest

from gazetteer.inputs import PlaceIn
from tests import seed_rules
from tests.conftest import SEED_DIR


@pytest.fixture(scope="module")
def bundle():
    return seed_rules.seed_bundle(SEED_DIR)


def test_every_renaming_in_the_seed_has_both_ends_dated(bundle):
    kinds = {s.id: s.kind for s in bundle.sources}
    problems = [p for place in bundle.places for p in seed_rules.renaming_problems(place, kinds)]
    assert problems == [], "\n".join(problems)


RENAMINGS = {  # place: (former name, end = start of its successor, successor)
    "kyakhta": ("Троицкосавск", "1934-07-27", "Кяхта"),
    "ulan-ude": ("Верхнеудинск", "1934-07-27", "Улан-Удэ"),
    "khabarovsk": ("Хабаровка", "1893", "Хабаровск"),
    "komsomolsk-on-amur": ("Пермское", "1932-12-10", "Комсомольск-на-Амуре"),
    "birobidzhan": ("Тихонькая", "1931-10-10", "Биробиджан"),
    "arsenyev": ("Семеновка", "1952-12-24", "Арсеньев"),
    "dalnerechensk": ("Иман", "1972-12-26", "Дальнереченск"),
    "partizansk": ("Сучан", "1972-12-26", "Партизанск"),
    "ussuriysk": ("Ворошилов", "1957", "Уссурийск"),
    "yuzhno-sakhalinsk": ("豊原", "1946-06-04", "Южно-Сахалинск"),
}


@pytest.mark.parametrize("place_id", sorted(RENAMINGS))
def test_the_documented_renamings_are_recorded(bundle, place_id):
    former, date, successor = RENAMINGS[place_id]
    names = {n.text: n for p in bundle.places if p.id == place_id for n in p.names}
    assert names[former].kind == "former_official"
    assert names[former].period.to == date
    assert names[successor].period.from_ == date


def _place(*names: dict) -> PlaceIn:
    return PlaceIn.model_validate({"id": "testtown", "feature_type": "town", "sources": ["act"],
                                   "names": list(names)})


def _ru(text: str, kind: str, sources: list, **period) -> dict:
    return {"key": text, "text": text, "lang": "ru", "kind": kind, "sources": sources,
            **({"period": period} if period else {})}


KINDS = {"act": "decree", "geonames-cities500": "dataset"}


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ((_ru("Старое", "former_official", ["act"], to="1934"), _ru("Новое", "official", ["act"], **{"from": "1934"})), None),
        ((_ru("Старое", "former_official", ["act"]), _ru("Новое", "official", ["act"])), "has no period.to"),
        ((_ru("Старое", "former_official", ["act"], to="1934"), _ru("Новое", "official", ["act"])), "no official or former official name starts then"),
        ((_ru("Старое", "former_official", ["act"], to="1934"), _ru("Новое", "official", ["act"], **{"from": "1935"})), "period.from: '1934'"),
        ((_ru("Старое", "former_official", [{"source": "geonames-cities500", "locator": "geonameid 1 alternatenames"}], to="1934"),
          _ru("Новое", "official", ["act"], **{"from": "1934"})), "its end 1934 cites no source that dates it"),
        ((_ru("Старое", "former_official", ["act"], to="1934"),
          _ru("Новое", "official", [{"source": "geonames-cities500", "locator": "geonameid 1 name"}], **{"from": "1934"})),
         "'Новое' starts 1934 but cites no source that dates it"),
    ],
)
def test_a_renaming_with_a_missing_end_is_caught(names, expected):
    problems = seed_rules.renaming_problems(_place(*names), KINDS)
    if expected is None:
        assert problems == []
    else:
        assert any(expected in p and "seed/places/testtown.yaml" in p for p in problems), problems


def test_a_change_of_sovereignty_needs_an_end_but_no_successor_in_the_old_language():
    japanese = {"key": "ja", "text": "豊原", "lang": "ja", "kind": "former_official", "sources": ["act"],
                "period": {"from": "1908", "to": "1946-06-04"}}
    russian = _ru("Южно-Сахалинск", "official", ["act"], **{"from": "1946-06-04"})
    assert seed_rules.renaming_problems(_place(japanese, russian), KINDS) == []
    undated = japanese | {"period": {"from": "1908"}}
    assert seed_rules.renaming_problems(_place(undated, russian), KINDS)


def test_a_gap_explained_in_the_period_note_is_no_missing_end():
    abandoned = _ru("Пост", "former_official", ["act"], **{"from": "1853", "to": "1854"})
    refounded = _ru("Новый пост", "former_official", ["act"], **{"from": "1869", "to": "1908"})
    current = _ru("Город", "official", ["act"], **{"from": "1908"})
    assert seed_rules.renaming_problems(_place(abandoned, refounded, current), KINDS)  # unexplained
    abandoned["period"]["note"] = "Abandoned in 1854, refounded in 1869 under another name."
    assert seed_rules.renaming_problems(_place(abandoned, refounded, current), KINDS) == []


def test_a_name_is_dated_by_the_same_name_in_another_script_with_the_same_period():
    cyrillic = _ru("Маука", "former_official", ["act"], **{"from": "1870", "to": "1905"})
    latin = {"key": "en", "text": "Mauka", "lang": "en", "kind": "former_official",
             "sources": [{"source": "geonames-cities500", "locator": "geonameid 1 alternatenames"}],
             "period": {"from": "1870", "to": "1905"}}
    japanese = {"key": "ja", "text": "真岡", "lang": "ja", "kind": "former_official", "sources": ["act"],
                "period": {"from": "1905", "to": "1946"}}
    current = _ru("Холмск", "official", ["act"], **{"from": "1946"})
    assert seed_rules.renaming_problems(_place(cyrillic, latin, japanese, current), KINDS) == []
    latin["period"] = {"from": "1870", "to": "1906"}
    assert any("'Mauka': its end 1906 cites no source" in p
               for p in seed_rules.renaming_problems(_place(cyrillic, latin, japanese, current), KINDS))

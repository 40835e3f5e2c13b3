"""The lookup table: queries of every kind → the place a user expects first, through HTTP."""

from __future__ import annotations

import pytest

LOOKUPS: list[tuple[str, str, str]] = [
    # (query, expected place id, what kind of query it is)
    ("Haishenwai", "vladivostok", "pinyin, toneless"),
    ("hai shen wai", "vladivostok", "pinyin, spaced"),
    ("Hǎishēnwǎi", "vladivostok", "pinyin with tone marks"),
    ("hai3shen1wai3", "vladivostok", "pinyin with tone numbers"),
    ("Hai-shen-wai", "vladivostok", "Wade–Giles style, hyphenated"),
    ("海參崴", "vladivostok", "traditional Chinese"),
    ("海参崴", "vladivostok", "simplified Chinese"),
    ("符拉迪沃斯托克", "vladivostok", "current Chinese exonym"),
    ("Vladivostock", "vladivostok", "typo"),
    ("Владивосток", "vladivostok", "Russian"),
    ("владивосток", "vladivostok", "Russian, lower case"),
    ("Wladiwostok", "vladivostok", "German"),
    ("VLADIVOSTOK", "vladivostok", "Latin, upper case"),
    ("伯力", "khabarovsk", "historical Chinese"),
    ("Boli", "khabarovsk", "pinyin of the historical name"),
    ("哈巴罗夫斯克", "khabarovsk", "Chinese exonym"),
    ("哈巴羅夫斯克", "khabarovsk", "Chinese exonym, traditional"),
    ("Chabarowsk", "khabarovsk", "German/Polish"),
    ("Хабаровк", "khabarovsk", "Russian with a typo"),
    ("Khabarovsk", "khabarovsk", "BGN/PCGN"),
    ("Habarovsk", "khabarovsk", "ISO 9-like"),
    ("双城子", "ussuriysk", "historical Chinese"),
    ("雙城子", "ussuriysk", "historical Chinese, traditional"),
    ("Voroshilov", "ussuriysk", "former Russian name, romanised"),
    ("Ворошилов", "ussuriysk", "former Russian name"),
    ("Nikolsk-Ussuriysky", "ussuriysk", "former Russian name, hyphenated"),
    ("Nikolsk Ussuriiskii", "ussuriysk", "former name, other romanisation"),
    ("Никольск-Уссурийский", "ussuriysk", "former name in Cyrillic"),
    ("海兰泡", "blagoveshchensk", "historical Chinese"),
    ("Hailanpao", "blagoveshchensk", "pinyin"),
    ("Blagoveschensk", "blagoveshchensk", "romanisation variant"),
    ("库页岛", "sakhalin", "historical Chinese"),
    ("庫頁島", "sakhalin", "historical Chinese, traditional"),
    ("Sakhalin", "sakhalin", "English"),
    ("庙街", "nikolayevsk-on-amur", "historical Chinese"),
    ("廟街", "nikolayevsk-on-amur", "historical Chinese, traditional"),
    ("尼布楚", "nerchinsk", "historical Chinese"),
    ("Nerchinsk", "nerchinsk", "English"),
    ("外兴安岭", "stanovoy-range", "historical Chinese"),
    ("Становой хребет", "stanovoy-range", "Russian"),
    ("黑瞎子岛", "bolshoy-ussuriysky-island", "Chinese"),
    ("Bolshoi Ussuriiskii", "bolshoy-ussuriysky-island", "romanisation variant, partial"),
    ("Suchan", "partizansk", "pre-1972 name"),
    ("Iman", "dalnerechensk", "pre-1972 name"),
    ("珍宝岛", "damansky-island", "Chinese"),
    ("兴凯湖", "lake-khanka", "Chinese"),
    ("黑龙江", "amur-river", "Chinese name of the Amur"),
    ("乌苏里江", "ussuri-river", "Chinese"),
    # Russian as it appears in news text: inflected and derived forms (pymorphy3)
    ("во Владивостоке", "vladivostok", "inflected, with preposition"),
    ("Хабаровска", "khabarovsk", "genitive"),
    ("под Благовещенском", "blagoveshchensk", "instrumental, with preposition"),
    ("Хабаровского края", "khabarovsk-krai", "inflected adjective + noun"),
    ("Приморского края", "primorsky-krai", "inflected adjective + noun"),
    ("Амурской области", "amur-oblast", "inflected adjective + noun"),
    ("в Уссурийске", "ussuriysk", "locative"),
    ("на Сахалине", "sakhalin", "locative, with на"),
    ("из Находки", "nakhodka", "genitive, with из"),
    ("в Комсомольске-на-Амуре", "komsomolsk-on-amur", "inflected hyphenated name"),
    # Palladius: Russian Cyrillic spellings of Chinese names
    ("Хэйлунцзян", "amur-river", "Palladius of 黑龙江"),
    ("Усулицзян", "ussuri-river", "Palladius of 乌苏里江"),
    ("Синкайху", "lake-khanka", "Palladius of 兴凯湖"),
    ("Чжэньбаодао", "damansky-island", "Palladius of 珍宝岛"),
]

PREFIXES: list[tuple[str, str]] = [
    ("Влади", "vladivostok"),
    ("haishen", "vladivostok"),
    ("哈巴", "khabarovsk"),
    ("Благове", "blagoveshchensk"),
    ("Nikolayevsk-na", "nikolayevsk-on-amur"),
    ("Komsomolsk", "komsomolsk-on-amur"),
]


@pytest.mark.parametrize(("query", "expected", "kind"), LOOKUPS, ids=[q for q, _, _ in LOOKUPS])
def test_lookup_finds_the_expected_place_first(client, query, expected, kind):
    response = client.get("/v1/search", params={"q": query})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["items"], f"{kind}: nothing found for {query!r}"
    assert body["items"][0]["place"]["id"] == expected, (kind, [h["place"]["id"] for h in body["items"]])


@pytest.mark.parametrize(("prefix", "expected"), PREFIXES, ids=[p for p, _ in PREFIXES])
def test_prefix_mode_completes_as_you_type(client, prefix, expected):
    body = client.get("/v1/search", params={"q": prefix, "mode": "prefix"}).json()
    assert body["mode"] == "prefix"
    assert body["items"] and body["items"][0]["place"]["id"] == expected, [
        h["place"]["id"] for h in body["items"]
    ]


def test_inflected_hits_say_so(client):
    hit = client.get("/v1/search", params={"q": "во Владивостоке"}).json()["items"][0]
    assert hit["match"]["match_kind"] == "inflected"
    assert any("inflection" in step for step in hit["match"]["transformations"])


def test_table_is_large_enough():
    assert len(LOOKUPS) >= 40


def test_a_hit_explains_itself(client):
    hit = client.get("/v1/search", params={"q": "Haishenwai"}).json()["items"][0]
    assert hit["place"]["id"] == "vladivostok"
    assert hit["place"]["external_ids"]["geonames"] == 2013348
    match = hit["match"]
    assert match["match_kind"] in ("exact", "normalised", "romanised")
    assert 0 < hit["score"] <= 100
    assert match["lang"] and match["kind"] and match["text"]
    # The pinyin that matched is tied to the Chinese name it romanises.
    matched_chinese = match if match["lang"] == "zh-Hans" else match["romanisation_of"]
    assert matched_chinese["text"] == "海参崴"
    assert matched_chinese["lang"] == "zh-Hans"
    assert matched_chinese["kind"] == "historical"


def test_the_historical_chinese_name_is_named_as_the_match(client):
    hit = client.get("/v1/search", params={"q": "海參崴"}).json()["items"][0]
    assert hit["match"]["text"] in ("海参崴", "海參崴")
    assert hit["match"]["kind"] == "historical"


def test_exact_hits_rank_above_fuzzy_ones(client):
    exact = client.get("/v1/search", params={"q": "Владивосток"}).json()["items"][0]
    fuzzy = client.get("/v1/search", params={"q": "Vladivostik"}).json()["items"][0]
    assert fuzzy["place"]["id"] == exact["place"]["id"] == "vladivostok"
    assert exact["match"]["match_kind"] == "exact"
    assert fuzzy["match"]["match_kind"] == "fuzzy"
    assert any("edit" in step for step in fuzzy["match"]["transformations"])
    assert fuzzy["score"] < exact["score"]


def test_nothing_found_is_an_empty_list(client):
    body = client.get("/v1/search", params={"q": "Qwxzzy Plorb"}).json()
    assert body["items"] == [] and body["total"] == 0


def test_search_paginates(client):
    first = client.get("/v1/search", params={"q": "river", "limit": 2}).json()
    second = client.get("/v1/search", params={"q": "river", "limit": 2, "offset": 2}).json()
    assert first["limit"] == 2 and len(first["items"]) <= 2
    if first["total"] > 2:
        assert {h["place"]["id"] for h in first["items"]}.isdisjoint(
            {h["place"]["id"] for h in second["items"]}
        )


def test_search_filters_by_type_and_language(client):
    rivers = client.get("/v1/search", params={"q": "黑龙江", "type": "river"}).json()
    assert rivers["items"] and all(h["place"]["feature_type"] == "river" for h in rivers["items"])
    chinese = client.get("/v1/search", params={"q": "Vladivostok", "lang": "zh"}).json()
    assert all(h["match"]["lang"].startswith("zh") for h in chinese["items"])

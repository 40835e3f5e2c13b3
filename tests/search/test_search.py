"""The engine on a small hand-made gazetteer: match kinds, ranking, filters, pages."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.search import IndexedName, MatchKind, SearchFilters, SearchIndex

_ROWS = [
    # place, text, lang, kind, feature, country, importance
    ("vladivostok", "Владивосток", "ru", "official", "city", "RU", 0.8),
    ("vladivostok", "Vladivostok", "ru-Latn", "official", "city", "RU", 0.8),
    ("vladivostok", "符拉迪沃斯托克", "zh-Hans", "exonym", "city", "RU", 0.8),
    ("vladivostok", "海参崴", "zh-Hans", "historical", "city", "RU", 0.8),
    ("vladivostok", "海參崴", "zh-Hant", "historical", "city", "RU", 0.8),
    ("khabarovsk", "Хабаровск", "ru", "official", "city", "RU", 0.8),
    ("khabarovsk", "伯力", "zh-Hans", "historical", "city", "RU", 0.8),
    ("khabarovsk", "哈巴罗夫斯克", "zh-Hans", "exonym", "city", "RU", 0.8),
    ("khabarovsk-krai", "Хабаровский край", "ru", "official", "region", "RU", 0.7),
    ("blagoveshchensk", "Благовещенск", "ru", "official", "city", "RU", 0.6),
    ("blagoveshchensk", "海兰泡", "zh-Hans", "historical", "city", "RU", 0.6),
    ("ussuriysk", "Уссурийск", "ru", "official", "city", "RU", 0.6),
    ("ussuriysk", "Никольск-Уссурийский", "ru", "former_official", "city", "RU", 0.6),
    ("ussuriysk", "Ворошилов", "ru", "former_official", "city", "RU", 0.6),
    ("ussuriysk", "双城子", "zh-Hans", "historical", "city", "RU", 0.6),
    ("heihe", "黑河", "zh-Hans", "official", "city", "CN", 0.5),
    ("heihe", "Хэйхэ", "ru", "exonym", "city", "CN", 0.5),
    ("vladimir", "Владимир", "ru", "official", "city", "RU", 0.7),
    ("vladivostok-village", "Vladivostok", "en", "variant", "village", "US", 0.01),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(
        IndexedName(i, place, text, lang, kind, ft, (cc,), imp)
        for i, (place, text, lang, kind, ft, cc, imp) in enumerate(_ROWS, start=1)
    )


@pytest.mark.parametrize(
    ("query", "place", "kind", "transformation"),
    [
        ("Vladivostok", "vladivostok", MatchKind.EXACT, None),
        ("vladivostok", "vladivostok", MatchKind.EXACT, None),
        ("海参崴", "vladivostok", MatchKind.EXACT, None),
        ("海參崴", "vladivostok", MatchKind.EXACT, None),
        ("Hǎishēnwǎi", "vladivostok", MatchKind.ROMANISED, "pinyin tone-stripped"),
        ("hai3shen1wai3", "vladivostok", MatchKind.ROMANISED, "pinyin tone-stripped"),
        ("Hai-shen-wai", "vladivostok", MatchKind.ROMANISED, "Chinese read as pinyin"),
        ("hai shen wai", "vladivostok", MatchKind.ROMANISED, "Chinese read as pinyin"),
        ("haishenwai", "vladivostok", MatchKind.ROMANISED, "Chinese read as pinyin"),
        ("Хайшэньвай", "vladivostok", MatchKind.ROMANISED, "Palladius→pinyin"),
        ("Wladiwostok", "vladivostok", MatchKind.ROMANISED, "Latin spelling variants folded"),
        ("Chabarowsk", "khabarovsk", MatchKind.ROMANISED, "Cyrillic romanised (BGN/PCGN)"),
        ("Khabarovsk", "khabarovsk", MatchKind.ROMANISED, "Cyrillic romanised (BGN/PCGN)"),
        ("Nikolsk Ussuriiskii", "ussuriysk", MatchKind.ROMANISED, None),
        ("Nikolsk-Ussuriysky", "ussuriysk", MatchKind.ROMANISED, None),
        ("Никольск Уссурийский", "ussuriysk", MatchKind.NORMALISED, None),
        ("Po-li", "khabarovsk", MatchKind.ROMANISED, "Wade–Giles→pinyin"),
        ("Shuangchengzi", "ussuriysk", MatchKind.ROMANISED, None),
        ("Heihe", "heihe", MatchKind.ROMANISED, None),
        ("во Владивостоке", "vladivostok", MatchKind.INFLECTED, "inflection removed"),
        ("Хабаровска", "khabarovsk", MatchKind.INFLECTED, "inflection removed"),
        ("под Благовещенском", "blagoveshchensk", MatchKind.INFLECTED, "inflection removed"),
        ("Хабаровского края", "khabarovsk-krai", MatchKind.INFLECTED, "inflection removed"),
        ("Vladivostock", "vladivostok", MatchKind.ROMANISED, None),
        ("Vladivostik", "vladivostok", MatchKind.FUZZY, "1 edit"),
        ("Хабаровк", "khabarovsk", MatchKind.FUZZY, "1 edit"),
        ("Wladiwostokk", "vladivostok", MatchKind.ROMANISED, None),
        ("Wladiwastok", "vladivostok", MatchKind.FUZZY, "1 edit"),
    ],
)
def test_top_hit(
    index: SearchIndex, query: str, place: str, kind: MatchKind, transformation: str | None
) -> None:
    result = index.search(query)
    assert result.hits, query
    top = result.hits[0]
    assert (top.place_id, top.match_kind) == (place, kind)
    assert 0 <= top.score <= 100
    if transformation:
        assert transformation in top.transformations


def test_one_hit_per_place_with_the_best_name(index: SearchIndex) -> None:
    result = index.search("Vladivostok")
    places = [h.place_id for h in result.hits]
    assert len(places) == len(set(places)) == result.total
    # Both places have an exact name; the city outranks the village by importance.
    assert places[:2] == ["vladivostok", "vladivostok-village"]


def test_exact_ranks_above_fuzzy(index: SearchIndex) -> None:
    hits = index.search("Владимир").hits
    assert hits[0].place_id == "vladimir" and hits[0].match_kind is MatchKind.EXACT
    kinds = [h.match_kind for h in hits]
    assert kinds == sorted(kinds, reverse=True)


@pytest.mark.parametrize(
    ("query", "place"), [("Влади", "vladivostok"), ("haishen", "vladivostok"),
                         ("哈巴", "khabarovsk"), ("Хабаровский к", "khabarovsk-krai")],
)
def test_prefix_mode(index: SearchIndex, query: str, place: str) -> None:
    result = index.search(query, mode="prefix")
    assert result.hits and result.hits[0].place_id == place
    assert "prefix completed" in result.hits[0].transformations


def test_full_mode_does_not_complete_prefixes(index: SearchIndex) -> None:
    assert all(h.place_id != "vladivostok" for h in index.search("Влади").hits)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (SearchFilters(lang="zh"), {"vladivostok"}),
        (SearchFilters(lang="ru-Latn"), {"vladivostok"}),
        (SearchFilters(country="US"), {"vladivostok-village"}),
        (SearchFilters(feature_type="village"), {"vladivostok-village"}),
        (SearchFilters(country="CN"), set()),
    ],
)
def test_filters(index: SearchIndex, filters: SearchFilters, expected: set[str]) -> None:
    query = "海参崴" if filters.lang == "zh" else "Vladivostok"
    places = {h.place_id for h in index.search(query, filters=filters).hits}
    assert places == expected


def test_lang_filter_applies_to_the_matched_name(index: SearchIndex) -> None:
    hits = index.search("Vladivostok", filters=SearchFilters(lang="zh")).hits
    assert hits == []


def test_pagination(index: SearchIndex) -> None:
    full = index.search("Vladivostok", limit=10)
    assert full.total >= 2
    pages = [index.search("Vladivostok", limit=1, offset=i).hits[0] for i in range(full.total)]
    assert pages == full.hits[: full.total]
    assert index.search("Vladivostok", limit=1, offset=full.total).hits == []
    assert index.search("Vladivostok", limit=1).total == full.total


@pytest.mark.parametrize("query", ["", "   ", "\x00", "zzzzqqqq", "ꙮ", "😀😀"])
def test_no_match_is_empty(index: SearchIndex, query: str) -> None:
    result = index.search(query)
    assert (result.total, result.hits) == (0, [])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["full", "prefix"]))
def test_search_never_raises(index: SearchIndex, query: str, mode: str) -> None:
    result = index.search(query, mode=mode)  # type: ignore[arg-type]
    assert result.total >= len(result.hits)
    assert all(0 <= h.score <= 100 for h in result.hits)


def test_empty_index() -> None:
    assert SearchIndex.build([]).search("Vladivostok").total == 0


_GENERIC_ROWS = [
    ("bolshoy-ussuriysky-island", "остров Большой Уссурийский", "ru", "island", 0.3),
    ("bolshoy-ussuriysky-island", "Bolshoy Ussuriysky Island", "en", "island", 0.3),
    ("lake-khanka", "озеро Ханка", "ru", "lake", 0.5),
    ("lake-khanka", "Lake Khanka", "en", "lake", 0.5),
    ("sikhote-alin", "хребет Сихотэ-Алинь", "ru", "mountain_range", 0.5),
    ("khabarovsk", "Хабаровск", "ru", "city", 0.8),
    ("khabarovsk-krai", "Хабаровский край", "ru", "region", 0.7),
    ("khanka-village", "Khanka", "en", "village", 0.01),
    ("russky-island", "остров Русский", "ru", "island", 0.3),
]


@pytest.fixture(scope="module")
def generic_index() -> SearchIndex:
    return SearchIndex.build(
        IndexedName(i, place, text, lang, "official", ft, ("RU",), imp)
        for i, (place, text, lang, ft, imp) in enumerate(_GENERIC_ROWS, start=1)
    )


@pytest.mark.parametrize(
    ("query", "place"),
    [
        ("Bolshoi Ussuriiskii", "bolshoy-ussuriysky-island"),
        ("Большой Уссурийский", "bolshoy-ussuriysky-island"),
        ("Bolshoy Ussuriysky", "bolshoy-ussuriysky-island"),
        ("Sikhote-Alin", "sikhote-alin"),
        ("Сихотэ-Алинь", "sikhote-alin"),
        ("Lake Khanka", "lake-khanka"),
        ("озеро Ханка", "lake-khanka"),
        ("Ханка", "lake-khanka"),
        ("Khanka Lake", "lake-khanka"),
        ("Khabarovsk", "khabarovsk"),
        ("Хабаровск", "khabarovsk"),
        ("Хабаровский край", "khabarovsk-krai"),
        ("Хабаровского края", "khabarovsk-krai"),
        ("о. Русский", "russky-island"),
    ],
)
def test_generic_terms_are_optional(generic_index: SearchIndex, query: str, place: str) -> None:
    hits = generic_index.search(query).hits
    assert hits and hits[0].place_id == place, [h.place_id for h in hits]


def test_stripped_key_ranks_below_a_full_key(generic_index: SearchIndex) -> None:
    hits = generic_index.search("Khanka").hits
    # The village is called exactly "Khanka"; the lake only once "Lake" is dropped.
    assert [h.place_id for h in hits[:2]] == ["khanka-village", "lake-khanka"]
    assert "generic term removed" in hits[1].transformations
    assert hits[1].score < hits[0].score


def test_administrative_terms_are_not_stripped(generic_index: SearchIndex) -> None:
    places = [h.place_id for h in generic_index.search("Хабаровск").hits]
    assert places[0] == "khabarovsk"
    assert "khabarovsk-krai" not in places[:1]


# -- busy prefixes and candidate caps (scale behaviour on a synthetic gazetteer) ---------

@functools.cache
def _busy_index() -> SearchIndex:
    """Six hundred "ka…" villages that sort before "kazan", which is the big city."""
    rows = [
        IndexedName(i, f"v{i}", f"Kaa{i:04d}", "en", "official", "village", ("RU",), 0.01)
        for i in range(600)
    ]
    rows.append(IndexedName(10_000, "kazan", "Kazan", "en", "official", "city", ("RU",), 0.9))
    rows.append(IndexedName(10_001, "kazan-ru", "Казань", "ru", "official", "city", ("RU",), 0.9))
    return SearchIndex.build(rows)


@pytest.mark.parametrize("query", ["k", "ka", "K"])
def test_busy_prefix_ranks_by_importance_not_key_order(query: str) -> None:
    from gazetteer.search.prefix import HEAVY

    index = _busy_index()
    assert len(index) > HEAVY
    result = index.search(query, mode="prefix", limit=5)
    assert result.hits[0].place_id in {"kazan", "kazan-ru"}
    assert result.total_exact is False  # a busy prefix is not counted whole
    assert "prefix completed" in result.hits[0].transformations


def test_busy_prefix_with_a_filter_still_finds_the_rest() -> None:
    index = _busy_index()
    hits = index.search("ka", mode="prefix", filters=SearchFilters(feature_type="village")).hits
    assert len(hits) == 10 and all(h.place_id.startswith("v") for h in hits)


def test_quiet_prefix_is_counted_whole() -> None:
    result = _busy_index().search("kaa001", mode="prefix", limit=100)
    # Kaa0010…Kaa0019, plus the names whose Latin skeleton (doubles folded) also fits.
    assert result.total_exact
    assert {f"v{i}" for i in range(10, 20)} <= {h.place_id for h in result.hits}


def test_candidate_cut_keeps_the_true_neighbour(monkeypatch: pytest.MonkeyPatch) -> None:
    import gazetteer.search.fuzzy as fuzzy

    monkeypatch.setattr(fuzzy, "_CANDIDATES", 5)
    words = [f"zz{i:03d}qq" for i in range(300)] + ["moscow", "moscva", "mascow"]
    gi = fuzzy.GramIndex(words, [0] * len(words))
    found = {gi.strings[sid]: d for sid, d in gi.search("moscou", 2)}
    assert found.get("moscow") == 1


@pytest.mark.parametrize(("parts", "block"), [(1, 1 << 20), (2, 7), (3, 1)])
def test_gram_postings_are_exact_whatever_the_blocks(
    monkeypatch: pytest.MonkeyPatch, parts: int, block: int,
) -> None:
    """The chunked, in-place build gives every (gram, string) pair once, grams sorted,
    ids sorted within a gram."""
    import gazetteer.search.fuzzy as fuzzy

    monkeypatch.setattr(fuzzy, "_PARTS", parts)
    monkeypatch.setattr(fuzzy, "_BLOCK", block)
    monkeypatch.setattr(fuzzy, "_CHUNK", 3)
    words = ["aaaa", "ab", "abab", "x", "владивосток", "海参崴", "moscow", "zz", "baba", "a"]
    gi = fuzzy.GramIndex(words, [0] * len(words))
    for post in (gi._tri, gi._bi):
        codes, bits, q = post.alphabet.codes, post.alphabet.bits, post.q
        want = set()
        for sid, s in enumerate(gi.strings):
            for g in fuzzy._grams(s, q):
                k = 0
                for ch in g:
                    k = (k << bits) | codes[ch]
                want.add((k, sid))
        got = []
        for gi_, gram in enumerate(post.grams.tolist()):
            ids = post.ids[post.offsets[gi_] : post.offsets[gi_ + 1]].tolist()
            assert ids == sorted(ids)
            got += [(gram, i) for i in ids]
        assert post.grams.tolist() == sorted(post.grams.tolist())
        assert len(got) == len(set(got)) and set(got) == want

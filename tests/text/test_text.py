"""Table-driven checks of the text folding functions shared by index and queries."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gazetteer.search.types import MatchKind
from gazetteer.text.chinese import (
    display_pinyin,
    pinyin_readings,
    strip_tone_digits,
    to_simplified,
    wade_giles_to_pinyin,
)
from gazetteer.text.cyrillic import romanise, skeleton
from gazetteer.text.generic import strip_generic
from gazetteer.text.keys import index_key_tuples, index_keys, query_keys
from gazetteer.text.morphology import lemma_variants
from gazetteer.text.normalise import clean, compact, fold_case, has_diacritics, normalise
from gazetteer.text.palladius import palladius_to_pinyin, pinyin_to_palladius
from gazetteer.text.script import detect_script


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nikolsk-Ussuriysky", "Nikolsk Ussuriysky"),
        ("Nikolsk–Ussuriysky", "nikolsk ussuriysky"),
        ("Ёлкино", "Елкино"),
        ("Zürich", "Zurich"),
        ("Mar’ino", "Marino"),
        ("Olʹga", "Ol'ga"),
        ("（海参崴）", "(海参崴)"),
        ("  Vladi   vostok ", "Vladi vostok"),
        ("Straße", "Strasse"),
    ],
)
def test_normalised_keys_meet(a: str, b: str) -> None:
    assert compact(a) == compact(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Йошкар-Ола", "Иошкар-Ола"), ("が", "か"), ("Vladivostok", "Vladimir")],
)
def test_normalisation_keeps_letters_apart(a: str, b: str) -> None:
    assert compact(a) != compact(b)


def test_levels() -> None:
    assert clean("（海参崴）") == "(海参崴)"
    assert fold_case("VLADIVOSTOK") == "vladivostok"
    assert normalise("Nikolsk-Ussuriysky!") == "nikolsk ussuriysky"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Vladivostok", "Latn"), ("Владивосток", "Cyrl"), ("海参崴", "Hani"),
        ("ᠮᠠᠨᠵᡠ", "Mong"), ("서울", "Hang"), ("大韓民國 서울", "Kore"), ("とうきょう", "Hira"), ("トウキョウ", "Kana"),
        ("東京タワー", "Jpan"), ("Αθήνα", "Grek"), ("القاهرة", "Arab"), ("ירושלים", "Hebr"),
        ("Երևան", "Armn"), ("თბილისი", "Geor"), ("กรุงเทพ", "Thai"), ("123 -", "Zyyy"),
        ("", "Zyyy"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


@pytest.mark.parametrize(
    ("trad", "simp"), [("海參崴", "海参崴"), ("廟街", "庙街"), ("庫頁島", "库页岛")]
)
def test_traditional_to_simplified(trad: str, simp: str) -> None:
    assert to_simplified(trad) == simp


@pytest.mark.parametrize("text", ["海参崴", "海參崴"])
def test_pinyin_readings_include_attested_reading(text: str) -> None:
    assert "haishenwai" in pinyin_readings(text)


def test_pinyin_tone_digits() -> None:
    assert strip_tone_digits("hai3shen1wai3") == "haishenwai"
    assert strip_tone_digits("Vladivostok") is None


@pytest.mark.parametrize(
    ("wg", "pinyin"),
    [("Po-li", "boli"), ("Hai-shen-wai", "haishenwai"), ("Ha-erh-pin", "haerbin"),
     ("Hei-lung-chiang", "heilongjiang"), ("Ch'ang-ch'un", "changchun"), ("Vladivostok", None)],
)
def test_wade_giles(wg: str, pinyin: str | None) -> None:
    assert wade_giles_to_pinyin(wg) == pinyin


@pytest.mark.parametrize(
    "variants",
    [
        ("Vladivostok", "Wladiwostok", "Vladivostock", romanise("Владивосток")),
        ("Khabarovsk", "Chabarowsk", "Habarovsk", romanise("Хабаровск")),
        ("Nikolsk Ussuriiskii", "Nikolsk-Ussuriysky", romanise("Никольск-Уссурийский")),
        ("Chita", "Tschita", "Tchita", "Čita", romanise("Чита")),
        ("Blagoveshchensk", "Blagoveščensk", romanise("Благовещенск")),
        ("Yekaterinburg", "Jekaterinburg", "Ekaterinburg"),
    ],
)
def test_romanisations_share_a_skeleton(variants: tuple[str, ...]) -> None:
    assert len({skeleton(v) for v in variants}) == 1


@pytest.mark.parametrize(
    ("cyrillic", "pinyin"),
    [("Хайшэньвай", "haishenwai"), ("Хэйлунцзян", "heilongjiang"), ("Боли", "boli"),
     ("Шуанчэнцзы", "shuangchengzi"), ("Чанъань", "changan"), ("Владивосток", None)],
)
def test_palladius_to_pinyin(cyrillic: str, pinyin: str | None) -> None:
    assert palladius_to_pinyin(cyrillic) == pinyin


@pytest.mark.parametrize(
    ("pinyin", "cyrillic"),
    [("shen", "шэнь"), ("jiang", "цзян"), ("zhou", "чжоу"), ("xue", "сюэ"), ("yu", "юй"),
     ("hui", "хуэй"), ("wu", "у"), ("si", "сы"), ("ju", "цзюй")],
)
def test_pinyin_to_palladius(pinyin: str, cyrillic: str) -> None:
    assert pinyin_to_palladius(pinyin) == cyrillic


@pytest.mark.parametrize(
    ("query", "lemma"),
    [
        ("во Владивостоке", "владивосток"),
        ("Хабаровска", "хабаровск"),
        ("под Благовещенском", "благовещенск"),
        ("Хабаровского края", "хабаровский край"),
        ("Амурской области", "амурская область"),
        ("в Комсомольске-на-Амуре", "комсомольск на амуре"),
        ("в Набережных Челнах", "набережные челны"),
        ("Никольска-Уссурийского", "никольск уссурийский"),
    ],
)
def test_lemma_variants(query: str, lemma: str) -> None:
    assert lemma in lemma_variants(query)


def test_lemma_variants_of_nominative_is_empty() -> None:
    assert lemma_variants("Владивосток") == ()
    assert lemma_variants("Vladivostok") == ()


@pytest.mark.parametrize(
    "query", ["Hǎishēnwǎi", "hai3shen1wai3", "Hai-shen-wai", "haishenwai", "hai shen wai",
              "Хайшэньвай"],
)
def test_pinyin_queries_meet_the_chinese_name(query: str) -> None:
    name_keys = {k.text for k in index_keys("海参崴", "zh-Hans") if k.space == "r"}
    assert name_keys & {k.text for k in query_keys(query) if k.space == "r"}


def test_keys_carry_kind_and_transformations() -> None:
    keys = query_keys("во Владивостоке")
    inflected = [k for k in keys if k.match_kind is MatchKind.INFLECTED and k.space == "n"]
    assert inflected[0].text == "владивосток"
    assert "inflection removed" in inflected[0].transformations
    assert query_keys("") == [] and query_keys("   ") == []


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("остров Большой Уссурийский", "большой уссурийский"),
        ("Bolshoy Ussuriysky Island", "bolshoy ussuriysky"),
        ("озеро Ханка", "ханка"),
        ("Lake Khanka", "khanka"),
        ("хребет Сихотэ-Алинь", "сихотэ алинь"),
        ("о. Русский", "русский"),
        ("Amur River", "amur"),
        ("Tatar Strait", "tatar"),
        ("Хабаровский край", None),  # administrative terms stay
        ("Амурская область", None),
        ("Island", None),  # nothing would remain
        ("Vladivostok", None),
    ],
)
def test_strip_generic(text: str, stripped: str | None) -> None:
    assert strip_generic(text) == stripped


@pytest.mark.parametrize("text", ["海参崴", "海參崴"])
def test_heteronym_readings_cover_both_readings_of_wai(text: str) -> None:
    readings = pinyin_readings(text)
    assert readings[0] == "haishenwei"  # pypinyin's own reading comes first
    assert {"haishenwai", "haishenwei"} <= set(readings)


def test_readings_stay_bounded() -> None:
    # Many polyphonic characters: one swap at a time, never the whole product.
    assert 1 <= len(pinyin_readings("重长参行差单")) <= 13


def test_display_pinyin_is_generic() -> None:
    assert display_pinyin("海参崴") == "Hǎishēnwēi"
    assert display_pinyin("Vladivostok") is None


@pytest.mark.parametrize(
    "text",
    [
        "Vladivostok", "St. John's", "O'Neil", "Mt. Fuji", "Lake Khanka", "Island", "a_b",
        "1-2", "---", "", " ", "Ab\x1fc", "~`@#", "Wladiwostok", "Khabarovsk Krai",
        "Владивосток", "озеро Ханка", "Хайшэньвай", "海參崴", "黑龙江省", "Zürich",
        "Straße", "東京都", "Ελλάδα", "Mar’ino", "Schtschutschinsk",
    ],
)
def test_bulk_index_keys_equal_index_keys(text: str) -> None:
    """The build's fast path yields exactly ``index_keys``, in the same order."""
    want = [(k.text, k.transformations, k.space) for k in index_keys(text, "und")]
    assert index_key_tuples(text, "und") == want


def test_cached_segment_pinyin_equals_lazy_pinyin() -> None:
    from pypinyin import lazy_pinyin

    from gazetteer.text.chinese import _lazy_pinyin

    for han in ["海参崴", "黑龙江省", "哈尔滨市", "重庆", "长春", "乐山", "银行村", "行唐县"]:
        assert _lazy_pinyin(han) == lazy_pinyin(han)


@pytest.mark.parametrize(
    ("text", "marked"),
    [("Hǎishēnwǎi", True), ("Wladiwostok", False), ("Йошкар-Ола", False), ("Ёлки", True),
     ("Ha\u0301", True), ("海参崴", False), ("Владивосток", False), ("Tōkyō", True)],
)
def test_has_diacritics(text: str, marked: bool) -> None:
    assert has_diacritics(text) is marked


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
def test_has_diacritics_is_any_folded_mark_after_decomposition(text: str) -> None:
    """The regular expression says what the definition says: after NFKC, case folding and
    NFD, a combining mark from the diacritic blocks other than the breve of й."""
    blocks = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF),
              (0xFE20, 0xFE2F))
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    expected = any(
        c != "\u0306" and any(lo <= ord(c) <= hi for lo, hi in blocks) for c in decomposed
    )
    assert has_diacritics(text) is expected


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=16))
def test_skeleton_strips_exactly_the_combining_marks(text: str) -> None:
    """The translate table behind ``skeleton`` deletes what ``unicodedata.combining`` calls
    a mark and keeps everything else."""
    from gazetteer.text.cyrillic import _STRIP_COMBINING

    decomposed = unicodedata.normalize("NFD", text)
    expected = "".join(c for c in decomposed if not unicodedata.combining(c))
    assert decomposed.translate(_STRIP_COMBINING) == expected

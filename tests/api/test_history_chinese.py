"""A date query answers in Chinese too: the Chinese names of the seed carry periods where sources
date them (the founding of the Russian town, the end of Qing rule), checked through HTTP."""

from __future__ import annotations

import pytest


def _chinese(client, place_id: str, at: str, lang: str = "zh-Hans") -> dict:
    record = client.get(f"/v1/places/{place_id}", params={"at": at}).json()
    return next(entry for entry in record["in_use_at"]["languages"] if entry["lang"] == lang)


def _status(language: dict) -> dict[str, str]:
    return {n["text"]: n["status"] for n in language["names"]}


@pytest.mark.parametrize(
    ("place_id", "at", "name"),
    [
        ("khabarovsk", "1900", "伯力"),
        ("vladivostok", "1900", "海参崴"),
        ("ussuriysk", "1900", "双城子"),
        ("ussuriysk", "1940", "伏罗希洛夫"),
        ("blagoveshchensk", "1900", "海兰泡"),
    ],
)
def test_a_chinese_name_is_certain_at_a_date(client, place_id, at, name):
    chinese = _chinese(client, place_id, at)
    assert chinese["status"] == "certain"
    assert _status(chinese)[name] == "certain"
    reasons = next(n["reasons"] for n in chinese["names"] if n["text"] == name)
    assert any("in use from" in r for r in reasons)


def test_before_1860_the_qing_name_of_vladivostok_is_possible_and_the_city_names_are_not(client):
    chinese = _chinese(client, "vladivostok", "1850")
    assert _status(chinese)["海参崴"] == "possible"  # former official: its start is not recorded
    assert "符拉迪沃斯托克" not in _status(chinese) or _status(chinese)["符拉迪沃斯托克"] == "unknown"
    traditional = _chinese(client, "vladivostok", "1850", "zh-Hant")
    assert _status(traditional)["海參崴"] == "possible"


def test_the_russian_town_did_not_yet_exist_so_neither_did_its_chinese_name(client):
    chinese = _chinese(client, "khabarovsk", "1850")
    assert "伯力" not in _status(chinese)
    assert "1858" in chinese["message"]

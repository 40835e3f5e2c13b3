"""GET /v1/places/{id}/usage: data-driven advice, quoted and cited; no rule means no guess."""

from __future__ import annotations

import pytest

from gazetteer.vocabulary import USAGE_CONTEXTS


def test_vladivostok_on_a_prc_public_map(client):
    response = client.get(
        "/v1/places/vladivostok/usage", params={"lang": "zh-Hans", "context": "prc-public-map"}
    )
    assert response.status_code == 200
    advice = response.json()
    assert advice["agreement"] in ("single", "agree")
    forms = {rule["form"] for rule in advice["rules"]}
    assert forms == {"符拉迪沃斯托克（海参崴）"}
    norms = next(r for r in advice["rules"] if r["source"]["id"] == "mnr-2023-public-map-norms")
    assert norms["source"]["prescriptive"] and "prc-public-map" in norms["source"]["contexts"]
    assert {p["role"] for p in norms["parts"]} == {"primary_label", "parenthetical"}
    assert {p["name_text"] for p in norms["parts"]} == {"符拉迪沃斯托克", "海参崴"}
    assert "14" in (norms["locator"] or "")
    dates = [r["source"]["date"] for r in advice["rules"]]
    assert dates == sorted(dates, reverse=True), "newest rule first"
    assert "符拉迪沃斯托克（海参崴）" in advice["message"]


def test_the_broader_language_tag_finds_the_same_rule(client):
    advice = client.get(
        "/v1/places/vladivostok/usage", params={"lang": "zh", "context": "prc-public-map"}
    ).json()
    assert {r["form"] for r in advice["rules"]} == {"符拉迪沃斯托克（海参崴）"}


@pytest.mark.parametrize("context", [c for c in USAGE_CONTEXTS if c != "prc-public-map"])
def test_no_recorded_rule_is_said_not_guessed(client, context):
    advice = client.get(
        "/v1/places/vladivostok/usage", params={"lang": "zh-Hant", "context": context}
    ).json()
    if advice["rules"]:  # the seed may record a rule for this context one day
        return
    assert advice["agreement"] == "none"
    assert "No rule is recorded" in advice["message"] and "does not guess" in advice["message"]


def test_a_place_without_rules_says_so(client):
    advice = client.get(
        "/v1/places/zarubino/usage", params={"lang": "zh-Hans", "context": "prc-public-map"}
    ).json()
    assert advice["rules"] == [] and advice["agreement"] == "none"
    assert {s["id"] for s in advice["silent_sources"]} >= {"mnr-2023-public-map-norms"}


@pytest.mark.parametrize(
    "params",
    [
        {"lang": "zh-Hans", "context": "narnia"},
        {"lang": "zh-Hans", "context": ""},
        {"lang": "xx-yy-zz", "context": "prc-public-map"},
        {"lang": "zh-Hans"},
        {"context": "prc-public-map"},
    ],
)
def test_bad_parameters_are_problems(client, params):
    response = client.get("/v1/places/vladivostok/usage", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "invalid_parameter"


def test_disagreeing_sources_are_each_shown(tiny):
    advice = tiny.get(
        "/v1/places/testville/usage", params={"lang": "zh-Hans", "context": "prc-public-map"}
    ).json()
    assert advice["agreement"] == "disagree"
    assert [(r["source"]["id"], r["form"]) for r in advice["rules"]] == [
        ("test-norms-2023", "诺沃格勒"),
        ("test-rules-2003", "诺沃格勒（旧城）"),
    ]
    older = advice["rules"][1]
    assert older["quote"] == "诺沃格勒（旧城）" and older["locator"] == "art. 17"
    parenthetical = next(p for p in older["parts"] if p["role"] == "parenthetical")
    assert {c["value"] for c in parenthetical["name_claims"]} == {"Jiùchéng", "Jiùshèng"}
    assert len(advice["rules"][0]["source"]["claims"]) == 2  # disputed date of the 2023 norms
    assert "disagree" in advice["message"]
    assert [s["id"] for s in advice["silent_sources"]] == ["test-silent-guide"]


def test_a_rule_for_one_context_is_not_advice_for_another(tiny):
    news = tiny.get(
        "/v1/places/testville/usage", params={"lang": "zh-Hans", "context": "prc-news"}
    ).json()
    assert [r["source"]["id"] for r in news["rules"]] == ["test-norms-2023"]
    assert news["agreement"] == "single"
    taiwan = tiny.get(
        "/v1/places/testville/usage", params={"lang": "zh-Hant", "context": "taiwan"}
    ).json()
    assert taiwan["rules"] == [] and taiwan["agreement"] == "none"
    english = tiny.get(
        "/v1/places/testville/usage", params={"lang": "zh-Hans", "context": "english-news"}
    ).json()
    assert english["rules"] == []
    assert set(english["other_contexts"]) == {"prc-public-map", "prc-news"}
    assert "other contexts" in english["message"]

"""Sources and maps: the seed records what maps, atlases, map-content regulations, gazetteers and
style guides printed (attestations with the label as printed), and which usage contexts have a
rule that prescribes a form."""

from __future__ import annotations

from collections import Counter

import pytest

from tests import seed_rules
from tests.conftest import SEED_DIR

MAP_KINDS = frozenset({"map", "atlas", "map_content_regulation", "gazetteer", "style_guide"})


@pytest.fixture(scope="module")
def bundle():
    return seed_rules.seed_bundle(SEED_DIR)


def _attested(bundle) -> Counter:
    return Counter(a.source for place in bundle.places for a in place.attestations)


def test_at_least_twenty_map_and_gazetteer_sources_record_what_they_printed(bundle):
    attested = _attested(bundle)
    printed = sorted(s.id for s in bundle.sources if s.kind in MAP_KINDS and attested[s.id])
    assert len(printed) >= 20, printed
    kinds = {s.kind for s in bundle.sources if s.id in printed}
    assert {"map", "gazetteer", "map_content_regulation", "style_guide"} <= kinds


def test_every_attestation_of_a_map_source_says_where_on_it_and_rests_on_a_citation(bundle):
    kinds = {s.id: s.kind for s in bundle.sources}
    for place in bundle.places:
        for a in place.attestations:
            if kinds[a.source] in ("map", "gazetteer"):
                assert a.locator, (place.id, a.source, a.label)
                assert a.sources or a.source == "geonames-cities500", (place.id, a.source)  # read back mechanically


def test_software_labels_are_recorded_for_every_place_cldr_names(bundle):
    cldr = {(p.id, a.locator.split()[0]) for p in bundle.places for a in p.attestations if a.source == "unicode-cldr"}
    for place_id in ("vladivostok", "irkutsk", "chita", "sakhalin"):
        assert {(place_id, locale) for locale in ("zh", "zh_Hant", "zh_Hant_HK", "ru")} <= cldr


def test_usage_contexts_with_a_rule_that_prescribes_a_form(bundle):
    attested = _attested(bundle)
    covered = {c for s in bundle.sources if s.prescriptive and attested[s.id] for c in s.contexts}
    # prc-public-map (the 2003 and 2023 map norms) and prc-publishing (a publisher's house rule).
    # The issue asks for three contexts beyond prc-public-map; taiwan (NAER's list), hong-kong,
    # prc-news and english-news have no rule read that names one of these places: see
    # seed/README.md, "What is missing". The test holds the line at what is verified.
    assert {"prc-public-map", "prc-publishing"} <= covered
    for source in bundle.sources:
        if source.prescriptive:
            assert source.contexts, source.id

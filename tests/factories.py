"""A tiny seed written to a folder, for the edge cases the real seed may not carry.

The facts here are invented on purpose and use an invented place (`testville`), so that no test
depends on them being true: open and approximate periods, an uncertain date, a boundary day, two
prescriptive sources that disagree, a source that changes a name's role, and a map whose depiction
differs from the legal status.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from fastapi.testclient import TestClient

from gazetteer.config import Settings
from gazetteer.db import make_engine, session_scope
from gazetteer.importers.seed import load_seed
from gazetteer.main import create_app

SOURCES: list[dict] = [
    {
        "id": "test-dataset",
        "kind": "dataset",
        "title": "Test dataset",
        "url": "https://example.org/d",
    },
    {
        "id": "test-rules-2003",
        "kind": "map_content_regulation",
        "title": "测试规定",
        "title_lang": "zh-Hans",
        "title_en": "Test rules 2003",
        "date": "2003-05-09",
        "url": "https://example.org/2003",
        "prescriptive": True,
        "contexts": ["prc-public-map"],
    },
    {
        "id": "test-norms-2023",
        "kind": "map_content_regulation",
        "title": "测试规范",
        "title_lang": "zh-Hans",
        "title_en": "Test norms 2023",
        "date": "2023-02-06",
        "url": "https://example.org/2023",
        "prescriptive": True,
        "contexts": ["prc-public-map", "prc-news"],
        "claims": [
            {"field": "date", "value": "2023-02-06", "sources": ["test-dataset"]},
            {
                "field": "date",
                "value": "2023-02-14",
                "sources": ["test-dataset"],
                "note": "Publication, not signature.",
            },
        ],
    },
    {
        "id": "test-silent-guide",
        "kind": "style_guide",
        "title": "Silent guide",
        "title_lang": "zh-Hans",
        "date": "2010",
        "url": "https://example.org/g",
        "prescriptive": True,
        "contexts": ["prc-public-map"],
    },
    {
        "id": "test-treaty-2004",
        "kind": "treaty",
        "title": "Test treaty",
        "date": "2004-10-14",
        "url": "https://example.org/t",
    },
    {
        "id": "test-map-1900",
        "kind": "map",
        "title": "Test map 1900",
        "date": "1900~",
        "url": "https://example.org/m1900",
    },
    {
        "id": "test-map-2023",
        "kind": "map",
        "title": "Test map 2023",
        "date": "2023-08-28",
        "url": "https://example.org/m2023",
    },
]

PLACE: dict = {
    "id": "testville",
    "feature_type": "city",
    "country_codes": ["RU"],
    "sources": ["test-dataset"],
    "names": [
        {
            "key": "ru",
            "text": "Новоград",
            "lang": "ru",
            "kind": "official",
            "preferred": True,
            "period": {"from": "1860~", "to": None},
            "sources": ["test-dataset"],
        },
        {
            "key": "ru-bgn",
            "text": "Novograd",
            "lang": "ru-Latn",
            "kind": "official",
            "romanisation_of": "ru",
            "romanisation_system": "bgn-pcgn",
            "derived": True,
        },
        {
            "key": "ru-old",
            "text": "Староград",
            "lang": "ru",
            "kind": "former_official",
            "period": {"from": "1935?", "to": "1957"},
            "sources": ["test-dataset"],
        },
        {
            "key": "ru-decree",
            "text": "Декретск",
            "lang": "ru",
            "kind": "former_official",
            "period": {"from": "1800", "to": "1972-12-26"},
            "sources": ["test-dataset"],
        },
        {
            "key": "ru-open",
            "text": "Забытск",
            "lang": "ru",
            "kind": "former_official",
            "period": {"from": "1700"},
            "sources": ["test-dataset"],
        },
        {
            "key": "zh-exonym",
            "text": "诺沃格勒",
            "lang": "zh-Hans",
            "kind": "exonym",
            "preferred": True,
            "sources": ["test-dataset"],
        },
        {
            "key": "zh-hist",
            "text": "旧城",
            "lang": "zh-Hans",
            "kind": "historical",
            "period": {"to": "1860"},
            "sources": ["test-dataset"],
            "claims": [
                {"field": "reading", "value": "Jiùchéng", "sources": ["test-dataset"]},
                {"field": "reading", "value": "Jiùshèng", "sources": ["test-rules-2003"]},
            ],
        },
    ],
    "attestations": [
        {
            "source": "test-rules-2003",
            "name": "zh-exonym",
            "label": "诺沃格勒（旧城）",
            "role": "primary_label",
            "locator": "art. 17",
            "quote": "诺沃格勒（旧城）",
        },
        {
            "source": "test-rules-2003",
            "name": "zh-hist",
            "label": "诺沃格勒（旧城）",
            "role": "parenthetical",
            "locator": "art. 17",
        },
        {
            "source": "test-norms-2023",
            "name": "zh-exonym",
            "label": "诺沃格勒",
            "role": "sole_label",
            "locator": "item 14",
        },
        {"source": "test-map-1900", "name": "zh-hist", "label": "旧城", "role": "sole_label"},
        {
            "source": "test-map-2023",
            "name": "zh-exonym",
            "label": "诺沃格勒",
            "role": "primary_label",
        },
    ],
    "sovereignty": [
        {
            "source": "test-treaty-2004",
            "aspect": "legal",
            "status": "divided",
            "from": "2005-06-02",
        },
        {"source": "test-map-2023", "aspect": "depicted", "status": "chinese"},
        {"source": "test-map-1900", "aspect": "depicted", "status": "chinese"},
    ],
    "claims": [
        {"field": "population", "value": "1000", "sources": ["test-dataset"]},
        {"field": "population", "value": "2000", "sources": ["test-map-2023"]},
    ],
}

# A second place printed only by the 2003 rules: "dropped" in a 2003→2023 comparison.
DROPPED_PLACE: dict = {
    "id": "oldtown",
    "feature_type": "town",
    "sources": ["test-dataset"],
    "names": [
        {
            "key": "zh",
            "text": "老镇",
            "lang": "zh-Hans",
            "kind": "historical",
            "sources": ["test-dataset"],
        }
    ],
    "attestations": [
        {"source": "test-rules-2003", "name": "zh", "label": "老镇", "role": "sole_label"}
    ],
}


def write_seed(folder: Path, places: list[dict] | None = None) -> Path:
    """Write the tiny seed as YAML files, one per record, as the real seed is laid out."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "places").mkdir(parents=True, exist_ok=True)
    for source in SOURCES:
        (folder / "sources" / f"{source['id']}.yaml").write_text(
            yaml.safe_dump(source, allow_unicode=True), encoding="utf-8"
        )
    for place in places if places is not None else [PLACE, DROPPED_PLACE]:
        (folder / "places" / f"{place['id']}.yaml").write_text(
            yaml.safe_dump(place, allow_unicode=True), encoding="utf-8"
        )
    return folder


@contextmanager
def tiny_client(database_url: str, folder: Path) -> Iterator[TestClient]:
    """A client on a migrated empty database loaded with the tiny seed."""
    seed_dir = write_seed(folder)
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        load_seed(session, seed_dir)
    engine.dispose()
    with TestClient(create_app(Settings(database_url=database_url, seed_dir=seed_dir))) as client:
        yield client

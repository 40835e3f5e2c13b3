"""The GeoNames dump importer: the published formats (malformed lines included), language tags,
kinds, periods, pseudo-languages, curated records, idempotency; through the CLI, the database and
the HTTP API, on whichever backend the suite runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import Session
from typer.testing import CliRunner

from gazetteer.cli import app
from gazetteer.config import Settings
from gazetteer.db import make_engine, session_scope
from gazetteer.importers.geonames_dump import (
    DumpAlternateName,
    Problem,
    bcp47_tag,
    name_kind,
    period,
    read_alternate_names,
    read_places,
)
from gazetteer.main import create_app
from gazetteer.models import Citation, Name, Place
from gazetteer.repository.imports import _insert_rows
from tests.conftest import DUMP_DATE, DUMP_DIR, SEED_DIR

runner = CliRunner()


def alt(lang: str = "", text: str = "x", **flags: object) -> DumpAlternateName:
    values = {"preferred": False, "short": False, "colloquial": False, "historic": False,
              "valid_from": None, "valid_to": None} | flags
    return DumpAlternateName(1, lang, text, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "text", "tag"),
    [
        ("ru", "Москва", "ru"),
        ("rus", "Москва", "ru"),
        ("en", "Moscow", "en"),
        ("zh", "海参崴", "zh-Hans"),
        ("zh", "海參崴", "zh-Hant"),
        ("zh-CN", "哈尔滨", "zh-Hans"),
        ("zh-TW", "哈爾濱", "zh-Hant-TW"),
        ("zh", "Haishenwai", "zh-Latn"),
        ("piny", "Mòsīkē", "zh-Latn-pinyin"),
        ("fr_1793", "Khabarovsk-la-Montagne", "fr"),
        ("", "Владивосток", "und-Cyrl"),
        ("abbr", "MSK", "und-Latn"),
        ("xx-bogus", "Nonsense", None),
    ],
)
def test_language_codes_become_bcp47_tags(code, text, tag):
    assert bcp47_tag(code, text) == tag


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        (alt(), "variant"),
        (alt(historic=True, colloquial=True), "historical"),
        (alt(colloquial=True), "colloquial"),
        (alt(short=True), "short"),
        (alt("abbr"), "abbreviation"),
        (alt("fr_1793"), "historical"),
    ],
)
def test_flags_become_name_kinds(name, kind):
    assert name_kind(name) == kind


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [("1858", "1893", ("1858", "1893")), (None, "1860", (None, "1860")),
     ("sometime", "1860-07", (None, "1860-07"))],
)
def test_from_and_to_become_partial_dates(start, end, expected):
    assert period(alt(valid_from=start, valid_to=end)) == expected


def test_malformed_lines_are_reported_by_number():
    places = [p for p in read_places(DUMP_DIR / "RU.txt") if isinstance(p, Problem)]
    names = [p for p in read_alternate_names(DUMP_DIR / "alternateNamesV2.txt")
             if isinstance(p, Problem)]
    assert [str(p) for p in places + names] == [
        "RU.txt:6: 4 fields where 19 were expected",
        "RU.txt:7: stray double quote in a name",
        "RU.txt:8: name starts with a backslash",
        "RU.txt:10: not UTF-8 (byte 9)",
        "alternateNamesV2.txt:23: 3 fields where 10 were expected",
        "alternateNamesV2.txt:24: stray double quote in a name",
    ]


def _names(url: str, place_id: str) -> dict[tuple[str, str], Name]:
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.scalars(select(Name).where(Name.place_id == place_id)).all()
    engine.dispose()
    return {(n.text, n.lang): n for n in rows}


def _run(*args: str) -> str:
    result = runner.invoke(app, ["import", "geonames", *args])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


DUMP_ARGS = (
    str(DUMP_DIR / "RU.txt"), str(DUMP_DIR / "alternateNamesV2.txt"),
    "--admin1", str(DUMP_DIR / "admin1CodesASCII.txt"),
    "--country-info", str(DUMP_DIR / "countryInfo.txt"), "--dump-date", DUMP_DATE,
)


def test_cli_import_is_idempotent_and_reports(empty_url, use_database):
    use_database(empty_url)
    first = _run(*DUMP_ARGS, "--countries", "RU,CN")
    assert "7 places read, 1 filtered out" in first
    assert "places: 6 added" in first
    assert "6 malformed lines skipped" in first
    assert "RU.txt:10: not UTF-8" in first
    assert "identifiers (not names): iata 1, icao 1, link 1, post 1, wkdt 1" in first
    second = _run(*DUMP_ARGS, "--countries", "RU,CN")
    assert "places: 0 added, 0 updated, 6 unchanged" in second
    assert "names: 0 added, 0 updated, 0 removed" in second

    names = _names(empty_url, "geonames-2013348")
    haishenwai = names[("海参崴", "zh-Hans")]
    assert (haishenwai.kind, haishenwai.valid_to) == ("historical", "1860")
    assert names[("海參崴", "zh-Hant")].kind == "historical"
    assert names[("Владик", "ru")].kind == "colloquial"
    assert not any(text.startswith(("http", "Q649", "UHHH")) for text, _ in names)
    # A backslash inside a name survives the bulk load on both backends.
    assert ("C:\\Moskau", "de") in _names(empty_url, "geonames-524901")

    engine = make_engine(empty_url)
    with Session(engine) as session:
        moscow = session.get(Place, "geonames-524901")
        assert (moscow.wikidata_id, moscow.admin_region) == ("Q649", "Moscow")
        assert session.get(Place, "geonames-1850147") is None  # JP filtered out
        cited = session.scalars(
            select(Citation.source_id).where(
                Citation.name_id == haishenwai.id
            )
        ).all()
    engine.dispose()
    assert cited == [f"geonames-dump-{DUMP_DATE}"]


def test_cli_rejects_a_country_not_in_country_info(empty_url, use_database):
    use_database(empty_url)
    result = runner.invoke(app, ["import", "geonames", *DUMP_ARGS, "--countries", "RU,ZZ"])
    assert result.exit_code == 2
    assert "ZZ" in result.output


def test_feature_class_filter(empty_url, use_database):
    use_database(empty_url)
    assert "places: 1 added" in _run(*DUMP_ARGS, "--feature-classes", "H")


def test_curated_names_are_never_overwritten(imported_url):
    names = _names(imported_url, "vladivostok")
    curated = [n for n in names.values() if n.origin == "curated"]
    assert curated and ("Владик", "ru") in names
    assert names[("Владик", "ru")].origin == "geonames"
    # The curated record's own 海参崴 stays as cited; GeoNames adds no second copy of it.
    haishenwai = [n for (text, _), n in names.items() if text == "海参崴"]
    assert haishenwai and all(n.origin == "curated" for n in haishenwai)
    engine = make_engine(imported_url)
    with Session(engine) as session:
        assert session.scalar(select(Place.id).where(Place.geonames_id == 2013348)) == "vladivostok"
    engine.dispose()


def test_copy_keeps_backslashes(empty_url):
    """psycopg's text-format COPY escapes what it writes: a backslash arrives as written."""
    engine = make_engine(empty_url)
    texts = ["C:\\path", "\\N", "tab\\tnot", "end\\"]
    with session_scope(engine) as session:
        session.add(Place(id="p", feature_type="city"))
        session.flush()
        _insert_rows(session, Name.__table__, [
            {"place_id": "p", "text": t, "lang": "und", "kind": "variant", "preferred": False,
             "derived": False, "confidence": "low", "origin": "geonames"} for t in texts
        ])
    with Session(engine) as session:
        assert sorted(session.scalars(select(Name.text)).all()) == sorted(texts)
    engine.dispose()


@pytest.fixture(scope="module")
def imported_client(imported_url) -> TestClient:
    with TestClient(create_app(Settings(database_url=imported_url, seed_dir=SEED_DIR))) as client:
        yield client


@pytest.mark.parametrize(
    "place_id", ["geonames-524901", "geonames-2027467", "geonames-2037013", "geonames-2017364"]
)
@pytest.mark.parametrize(
    "route",
    ["", "/timeline", "/status", "/usage?lang=zh-Hans&context=prc-news",
     "/usage?lang=ru&context=english-news"],
)
def test_every_place_route_answers_for_imported_places(imported_client, place_id, route):
    response = imported_client.get(f"/v1/places/{place_id}{route}")
    assert response.status_code == 200, response.text


def test_imported_places_have_labels_and_readable_regions(imported_client):
    body = imported_client.get("/v1/places/geonames-524901").json()
    assert body["labels"] == {"en": "Moscow", "ru": "Москва", "zh-Hans": "莫斯科",
                              "de": "C:\\Moskau", "zh-Latn-pinyin": "Mòsīkē"}
    assert body["admin_region"] == "Moscow"
    harbin = imported_client.get("/v1/places/geonames-2037013").json()
    assert harbin["labels"]["zh-Hans"] == "哈尔滨"
    assert harbin["admin_region"] == "Heilongjiang Sheng"


def test_files_exist():
    assert all((DUMP_DIR / f).is_file() for f in ("RU.txt", "alternateNamesV2.txt"))
    assert Path(DUMP_DIR / "admin1CodesASCII.txt").read_text(encoding="utf-8").startswith("RU.48")

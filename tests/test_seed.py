"""The curated seed: every fact cited, every reference resolvable, loading idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from sqlmodel import Session

from gazetteer.db import make_engine, session_scope
from gazetteer.importers.seed import SeedError, load_seed, read_seed
from gazetteer.models import Attestation, Citation, Name, Place
from tests.conftest import SEED_DIR

ITEM_14 = {
    "vladivostok": ("符拉迪沃斯托克", "海参崴"),
    "ussuriysk": ("乌苏里斯克", "双城子"),
    "khabarovsk": ("哈巴罗夫斯克", "伯力"),
    "blagoveshchensk": ("布拉戈维申斯克", "海兰泡"),
    "sakhalin": ("萨哈林岛", "库页岛"),
    "nerchinsk": ("涅尔琴斯克", "尼布楚"),
    "nikolayevsk-on-amur": ("尼古拉耶夫斯克", "庙街"),
    "stanovoy-range": ("斯塔诺夫山脉", "外兴安岭"),
}
REGULATION_2023 = "mnr-2023-public-map-norms"


@pytest.fixture(scope="module")
def bundle():
    return read_seed(SEED_DIR)


def test_the_seed_is_valid_and_large_enough(bundle):
    assert len(bundle.places) >= 60
    assert len(bundle.sources) >= 15


def test_every_source_is_locatable(bundle):
    for source in bundle.sources:
        assert source.url or source.locator, source.id


def test_item_14_of_the_2023_regulation_is_attested_in_full(bundle):
    places = {p.id: p for p in bundle.places}
    for place_id, (exonym, historical) in ITEM_14.items():
        place = places[place_id]
        names = {n.key: n for n in place.names}
        roles = {
            (names[a.name].text, a.role)
            for a in place.attestations
            if a.source == REGULATION_2023 and a.name
        }
        assert (exonym, "primary_label") in roles, place_id
        assert (historical, "parenthetical") in roles, place_id
        labels = {a.label for a in place.attestations if a.source == REGULATION_2023}
        assert any(exonym in label and historical in label for label in labels), place_id


def test_loaded_seed_leaves_no_fact_uncited(seeded_url):
    engine = make_engine(seeded_url)
    with Session(engine) as session:
        uncited_places = session.scalars(
            select(Place.id).where(~Place.id.in_(select(Citation.place_id).where(Citation.place_id.is_not(None))))
        ).all()
        cited_names = select(Citation.name_id).where(Citation.name_id.is_not(None))
        uncited_names = session.scalars(
            select(Name).where(~Name.id.in_(cited_names))
        ).all()
        # A romanisation may rest on the citations of the name it romanises.
        truly_uncited = [
            n.text for n in uncited_names
            if n.romanisation_of_id is None
            or session.scalar(select(func.count()).where(Citation.name_id == n.romanisation_of_id)) == 0
        ]
        attestations_without_source = session.scalar(
            select(func.count()).select_from(Attestation).where(Attestation.source_id.is_(None))
        )
    engine.dispose()
    assert uncited_places == []
    assert truly_uncited == []
    assert attestations_without_source == 0


def test_loading_twice_changes_nothing_and_keeps_name_ids(empty_url):
    engine = make_engine(empty_url)

    def snapshot() -> tuple[dict[tuple[str, str | None], int], int, int]:
        with Session(engine) as session:
            ids = {(n.place_id, n.seed_key): n.id for n in session.scalars(select(Name))}
            attestations = session.scalar(select(func.count()).select_from(Attestation))
            citations = session.scalar(select(func.count()).select_from(Citation))
        return ids, attestations, citations

    with session_scope(engine) as session:
        first_stats = load_seed(session, SEED_DIR)
    first = snapshot()
    with session_scope(engine) as session:
        second_stats = load_seed(session, SEED_DIR)
    second = snapshot()
    engine.dispose()
    assert first == second
    assert first_stats == second_stats


# ---- the checker rejects what it must, naming the file and the problem


def _write_seed(root: Path, places: list[dict], sources: list[dict]) -> Path:
    for folder, records in (("places", places), ("sources", sources)):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for record in records:
            (root / folder / f"{record['id']}.yaml").write_text(
                yaml.safe_dump(record, allow_unicode=True), encoding="utf-8"
            )
    return root


def _source(**overrides) -> dict:
    return {"id": "atlas", "kind": "atlas", "title": "An atlas", "url": "https://example.org/atlas"} | overrides


def _place(**overrides) -> dict:
    return {
        "id": "testville",
        "feature_type": "town",
        "country_codes": ["RU"],
        "sources": ["atlas"],
        "names": [{"key": "ru", "text": "Тествиль", "lang": "ru", "kind": "official", "sources": ["atlas"]}],
    } | overrides


def _name(**overrides) -> dict:
    return {"key": "ru", "text": "Тествиль", "lang": "ru", "kind": "official", "sources": ["atlas"]} | overrides


@pytest.mark.parametrize(
    ("place", "sources", "expected"),
    [
        (_place(names=[_name(sources=[])]), [_source()], "cites no source"),
        (_place(), [_source(), _source()], None),  # same file written twice: fine
        (_place(names=[_name(lang="xx-yy-zz")]), [_source()], "not a valid BCP 47"),
        (_place(names=[_name(sources=["nowhere"])]), [_source()], "unknown source 'nowhere'"),
        (_place(attestations=[{"source": "atlas", "name": "zz", "label": "X", "role": "sole_label"}]), [_source()], "unknown name key 'zz'"),
        (_place(attestations=[{"source": "gone", "name": "ru", "label": "X", "role": "sole_label"}]), [_source()], "unknown source 'gone'"),
        (_place(names=[_name(), _name()]), [_source()], "duplicate name key"),
        (_place(names=[_name(kind="nickname")]), [_source()], "names.0.kind"),
        (_place(names=[_name(period={"from": "about 1860"})]), [_source()], "not a partial date"),
        (_place(names=[_name(key="lat", text="Testvil", lang="ru-Latn", romanisation_of="ru")]), [_source()], "needs romanisation_system"),
        (_place(sources=[]), [_source()], "sources"),
        (_place(id="Test Ville"), [_source()], "not a slug"),
        (_place(), [_source(url=None)], "needs a url or a locator"),
    ],
)
def test_the_checker_rejects_bad_seeds(tmp_path, place, sources, expected):
    root = _write_seed(tmp_path, [place], sources)
    if expected is None:
        read_seed(root)
        return
    with pytest.raises(SeedError) as raised:
        read_seed(root)
    assert any(expected in problem for problem in raised.value.problems), raised.value.problems


def test_duplicate_ids_across_files_are_rejected(tmp_path):
    root = _write_seed(tmp_path, [_place()], [_source()])
    (root / "places" / "copy.yaml").write_text(yaml.safe_dump(_place()), encoding="utf-8")
    with pytest.raises(SeedError) as raised:
        read_seed(root)
    problems = "\n".join(raised.value.problems)
    assert "duplicate id 'testville'" in problems
    assert "does not match the file name" in problems


def _derived(**overrides) -> dict:
    return _name(key="lat", text="Testvil", lang="ru-Latn", romanisation_of="ru",
                 romanisation_system="bgn-pcgn", derived=True, sources=[]) | overrides


def test_a_derived_romanisation_rests_on_its_cited_original(tmp_path):
    read_seed(_write_seed(tmp_path, [_place(names=[_name(), _derived()])], [_source()]))


@pytest.mark.parametrize(
    ("derived", "expected"),
    [
        (_derived(derived=False), "cites no source"),  # a romanisation no longer leans silently
        (_derived(sources=["atlas"]), "cites no source of its own"),
        (_derived(romanisation_of=None, romanisation_system=None), "needs romanisation_of"),
        (_derived(romanisation_of="lat2"), "unknown key 'lat2'"),
    ],
)
def test_derived_names_say_from_what(tmp_path, derived, expected):
    root = _write_seed(tmp_path, [_place(names=[_name(), derived])], [_source()])
    with pytest.raises(SeedError) as raised:
        read_seed(root)
    assert any(expected in problem for problem in raised.value.problems), raised.value.problems


def test_a_name_derived_from_a_derived_name_is_rejected(tmp_path):
    names = [_name(), _derived(), _derived(key="lat2", text="Testvil2", romanisation_of="lat")]
    with pytest.raises(SeedError) as raised:
        read_seed(_write_seed(tmp_path, [_place(names=names)], [_source()]))
    assert any("derived from 'lat', which cites no source" in p for p in raised.value.problems)


def test_versions_move_only_when_a_record_changes(tmp_path, empty_url):
    root = _write_seed(tmp_path, [_place(), _place(id="otherville")], [_source()])
    engine = make_engine(empty_url)

    def versions() -> dict[str, int]:
        with Session(engine) as session:
            return {p.id: p.version for p in session.scalars(select(Place))}

    with session_scope(engine) as session:
        load_seed(session, root)
    with session_scope(engine) as session:
        load_seed(session, root)
    assert versions() == {"testville": 1, "otherville": 1}
    _write_seed(tmp_path, [_place(admin_region="Primorsky Krai")], [])
    with session_scope(engine) as session:
        load_seed(session, root)
    assert versions() == {"testville": 2, "otherville": 1}
    engine.dispose()


def test_reloading_the_seed_keeps_what_an_importer_added(tmp_path, empty_url):
    root = _write_seed(tmp_path, [_place()], [_source()])
    engine = make_engine(empty_url)
    with session_scope(engine) as session:
        load_seed(session, root)
    with session_scope(engine) as session:
        imported = Name(place_id="testville", text="Testvil'", lang="und-Latn", kind="variant",
                        origin="geonames")
        session.add(imported)
        session.flush()
        session.add(Citation(source_id="atlas", name_id=imported.id, locator="geonameid 1"))
    _write_seed(tmp_path, [_place(admin_region="Primorsky Krai")], [])  # a change: rewritten
    with session_scope(engine) as session:
        load_seed(session, root)
    with Session(engine) as session:
        kept = session.scalars(select(Name).where(Name.origin == "geonames")).all()
        assert [n.text for n in kept] == ["Testvil'"]
        assert session.scalar(select(func.count()).where(Citation.name_id == kept[0].id)) == 1
        assert session.get(Place, "testville").admin_region == "Primorsky Krai"
    engine.dispose()

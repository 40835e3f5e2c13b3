"""Map by map: what a source printed, two sources side by side, and which sources used which name.

`diff_place` and `compare_entries` are pure (printed entries in, differences out); the view
functions below them read the rows through the repository.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlmodel import Session

from gazetteer import repository
from gazetteer.errors import SourceNotFound
from gazetteer.labels import place_label
from gazetteer.models import Attestation, Name, Place, Source
from gazetteer.schemas import (
    AttestationMatrix,
    ChangeDetail,
    ComparisonSummary,
    MatrixCell,
    MatrixRow,
    PlaceDiff,
    PrintedEntry,
    PrintedLabel,
    SourceAttestationPage,
    SourceComparison,
)
from gazetteer.views.history import ClaimsIndex, name_brief, name_claims, source_cards
from gazetteer.views.records import place_summary
from gazetteer.views.sources import printed_label_fields
from gazetteer.views.usage import lang_matches

CHANGE_ORDER = {"changed": 0, "added": 1, "dropped": 2, "unchanged": 3}

# ---------------------------------------------------------------- pure


def _key(entry: PrintedEntry) -> tuple[str, object]:
    # Entries are matched by the name they use; labels not linked to a name, by label and role.
    if entry.name_id is not None:
        return ("name", entry.name_id)
    return ("label", (entry.label, entry.role))


def diff_place(
    a: Sequence[PrintedEntry], b: Sequence[PrintedEntry]
) -> tuple[str, list[ChangeDetail]]:
    """How one place's entries changed from source a to source b."""
    if not a and not b:
        return "unchanged", []
    if not a:
        return "added", []
    if not b:
        return "dropped", []
    by_key_a: dict[tuple[str, object], list[PrintedEntry]] = defaultdict(list)
    by_key_b: dict[tuple[str, object], list[PrintedEntry]] = defaultdict(list)
    for entry in a:
        by_key_a[_key(entry)].append(entry)
    for entry in b:
        by_key_b[_key(entry)].append(entry)
    details: list[ChangeDetail] = []
    for key in list(dict.fromkeys([*by_key_a, *by_key_b])):
        pairs_a = {(e.label, e.role): e for e in by_key_a.get(key, [])}
        pairs_b = {(e.label, e.role): e for e in by_key_b.get(key, [])}
        only_a = [pairs_a[k] for k in sorted(set(pairs_a) - set(pairs_b))]
        only_b = [pairs_b[k] for k in sorted(set(pairs_b) - set(pairs_a))]
        for old, new in zip(only_a, only_b, strict=False):
            details.extend(_pair_changes(old, new))
        for old in only_a[len(only_b) :]:
            details.append(_presence("name_dropped", old, a_side=True))
        for new in only_b[len(only_a) :]:
            details.append(_presence("name_added", new, a_side=False))
    return ("changed" if details else "unchanged"), details


def _pair_changes(old: PrintedEntry, new: PrintedEntry) -> list[ChangeDetail]:
    common = {
        "name_id": old.name_id,
        "name_text": old.name_text or new.name_text,
        "a_label": old.label,
        "b_label": new.label,
        "a_role": old.role,
        "b_role": new.role,
    }
    who = old.name_text or old.label
    changes: list[ChangeDetail] = []
    if old.label != new.label:
        changes.append(
            ChangeDetail(
                kind="form_changed",
                description=f"{who}: printed {old.label} → {new.label}",
                **common,
            )
        )
    if old.role != new.role:
        changes.append(
            ChangeDetail(
                kind="role_changed", description=f"{who}: {old.role} → {new.role}", **common
            )
        )
    return changes


def _presence(kind: str, entry: PrintedEntry, *, a_side: bool) -> ChangeDetail:
    who = entry.name_text or entry.label
    verb = "only in a" if a_side else "only in b"
    return ChangeDetail(
        kind=kind,
        name_id=entry.name_id,
        name_text=entry.name_text,  # type: ignore[arg-type]
        a_label=entry.label if a_side else None,
        b_label=None if a_side else entry.label,
        a_role=entry.role if a_side else None,
        b_role=None if a_side else entry.role,
        description=f"{who} ({entry.role}) {verb}: {entry.label}",
    )


def compare_entries(
    a: dict[str, list[PrintedEntry]],
    b: dict[str, list[PrintedEntry]],
    labels: dict[str, str | None] | None = None,
) -> list[PlaceDiff]:
    """Place by place, changed first, then added, dropped and unchanged; by place id within."""
    diffs = []
    for place_id in sorted(set(a) | set(b)):
        change, details = diff_place(a.get(place_id, []), b.get(place_id, []))
        diffs.append(
            PlaceDiff(
                place_id=place_id,
                place_label=(labels or {}).get(place_id),
                change=change,  # type: ignore[arg-type]
                a=a.get(place_id, []),
                b=b.get(place_id, []),
                changes=details,
            )
        )
    diffs.sort(key=lambda d: (CHANGE_ORDER[d.change], d.place_id))
    return diffs


# ---------------------------------------------------------------- views


def printed_entry(
    attestation: Attestation, name: Name | None, claims: ClaimsIndex | None = None
) -> PrintedEntry:
    return PrintedEntry(
        name_id=attestation.name_id,
        name_text=name.text if name else None,
        name_lang=name.lang if name else None,
        label=attestation.label,
        role=attestation.role,
        locator=attestation.locator,
        name_claims=(claims or {}).get(("name", str(name.id)), []) if name else [],
    )


def compare_sources(session: Session, a_id: str, b_id: str) -> SourceComparison:
    sources = repository.sources_by_id(session, {a_id, b_id})
    missing = [s for s in (a_id, b_id) if s not in sources]
    if missing:
        raise SourceNotFound(f"No source has the id {missing[0]!r}.")
    rows_a = repository.attestations_of_source(session, a_id)
    rows_b = repository.attestations_of_source(session, b_id)
    claims = name_claims(session, [n for _, n in [*rows_a, *rows_b]])
    entries_a: dict[str, list[PrintedEntry]] = defaultdict(list)
    entries_b: dict[str, list[PrintedEntry]] = defaultdict(list)
    for rows, entries in ((rows_a, entries_a), (rows_b, entries_b)):
        for attestation, name in rows:
            entries[attestation.place_id].append(printed_entry(attestation, name, claims))
    place_ids = sorted(set(entries_a) | set(entries_b))
    labels = repository.preferred_labels(session, place_ids)
    diffs = compare_entries(
        entries_a, entries_b, {p: place_label(labels.get(p, {})) for p in place_ids}
    )
    counts = {kind: sum(d.change == kind for d in diffs) for kind in CHANGE_ORDER}
    cards = source_cards(session, sources.values())
    a, b = cards[a_id], cards[b_id]
    message = (
        f"From {a.title_en or a.title} ({a.date or 'undated'}) to {b.title_en or b.title} "
        f"({b.date or 'undated'}): {counts['added']} place(s) added, {counts['dropped']} dropped, "
        f"{counts['changed']} changed, {counts['unchanged']} unchanged."
    )
    if not diffs:
        message += " Neither source has recorded attestations in the gazetteer."
    return SourceComparison(
        a=a, b=b, summary=ComparisonSummary(**counts), message=message, places=diffs
    )


def source_attestations(
    session: Session, source: Source, *, place_id: str | None, limit: int, offset: int
) -> SourceAttestationPage:
    total, rows = repository.attestations_of_source_page(
        session, source.id, place_id=place_id, limit=limit, offset=offset
    )
    labels = repository.preferred_labels(session, sorted({a.place_id for a, _ in rows}))
    claims = name_claims(session, [n for _, n in rows])
    return SourceAttestationPage(
        source=source_cards(session, [source])[source.id],
        total=total,
        limit=limit,
        offset=offset,
        items=[
            PrintedLabel(
                **printed_label_fields(a, n, labels),  # type: ignore[arg-type]
                name_kind=n.kind if n else None,
                name_claims=claims.get(("name", str(n.id)), []) if n else [],
            )
            for a, n in rows
        ],
    )


def attestation_matrix(
    session: Session, place: Place, *, source_kind: str | None, lang: str | None
) -> AttestationMatrix:
    """Which sources (of a kind) used which of a place's names: sources as columns, names as rows."""
    rows = repository.attestations_of_place(session, place.id, source_kind=source_kind)
    if lang:
        rows = [(a, s, n) for a, s, n in rows if n is not None and lang_matches(lang, n.lang)]
    claims = name_claims(session, [n for _, _, n in rows])
    ordered_sources = list({s.id: s for _, s, _ in rows}.values())  # already in date order
    cards = source_cards(session, ordered_sources)
    by_name: dict[int | None, list[MatrixCell]] = defaultdict(list)
    names: dict[int, Name] = {}
    for attestation, source, name in rows:
        if name is not None and name.id is not None:
            names[name.id] = name
        by_name[attestation.name_id if name else None].append(
            MatrixCell(
                source_id=source.id,
                label=attestation.label,
                role=attestation.role,
                locator=attestation.locator,
            )
        )
    ordered_ids = sorted(names, key=lambda i: (names[i].lang, i))
    matrix_rows = [
        MatrixRow(name=name_brief(names[i], claims), uses=by_name[i]) for i in ordered_ids
    ]
    if None in by_name:
        matrix_rows.append(MatrixRow(name=None, uses=by_name[None]))
    labels = repository.preferred_labels(session, [place.id]).get(place.id, {})
    what = f"{source_kind} sources" if source_kind else "sources"
    if matrix_rows:
        message = (
            f"{len(ordered_sources)} {what} (columns) used {len(ordered_ids)} of this place's names"
            + (f" in {lang}" if lang else "")
            + "."
        )
    else:
        message = f"No {what} are recorded as printing a name of this place" + (
            f" in {lang}." if lang else "."
        )
    return AttestationMatrix(
        place=place_summary(place, labels),
        source_kind=source_kind,
        sources=[cards[s.id] for s in ordered_sources],
        rows=matrix_rows,
        message=message,
    )

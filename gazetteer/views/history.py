"""Names through time: which names were in use at a date, and a place's timeline.

The first half is pure (rows in, verdicts out) so that the historian's rules are tested without a
database. The second half assembles the API shapes from a session, through the repository.

How a date question is answered
-------------------------------
A name's period is two partial dates; each stands for a range of days (``1860`` is the whole of
1860, ``1860~`` is 1855–1865). The date asked about is a range too (``at=1940`` is the whole of
1940). A name is

* **certain** when it was in use on every day of the date asked about, whatever day its start and
  end stand for;
* **possible** when it may have been in use on some day of it: the date falls within the slack of an
  approximate (``~``), uncertain (``?``) or coarse (year-only) bound, the period has no recorded
  start, or a former name has no recorded end;
* **unknown** when no period is recorded (nor for the name it romanises).

An empty end is an open end ("still in use"), as the seed format says, except for a name whose kind
says it is former: then the end is unknown. An uncertain bound (``1935?``) gets the same slack as an
approximate one, because the text itself may be wrong.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from sqlmodel import Session

from gazetteer import repository
from gazetteer.dates import APPROXIMATE_MARGIN_YEARS, PartialDate, PartialDateError, parse_optional
from gazetteer.errors import InvalidParameter
from gazetteer.labels import display_labels
from gazetteer.models import Attestation, Name, Place, Source, Sovereignty
from gazetteer.schemas import (
    AttestationPart,
    ClaimOut,
    LanguageAtDate,
    LegalInForce,
    NameAtDate,
    NameBrief,
    NamesAtDate,
    NameSpan,
    PlaceStatus,
    SearchHitAtDate,
    SearchResponse,
    SearchResponseAtDate,
    SourceCard,
    StatusStatement,
    Timeline,
    TimelineEvent,
)
from gazetteer.views.records import (
    citations_out,
    claims_out,
    period_out,
    place_summary,
    source_out,
    sovereignty_out,
)
from gazetteer.vocabulary import NameKind, SovereigntyAspect

# ---------------------------------------------------------------- pure: names at a date


class UseStatus(StrEnum):
    CERTAIN = "certain"
    POSSIBLE = "possible"
    UNKNOWN = "unknown"
    NOT_IN_USE = "not_in_use"


STATUS_RANK = {UseStatus.CERTAIN: 0, UseStatus.POSSIBLE: 1, UseStatus.UNKNOWN: 2}
KINDS_THAT_HAVE_ENDED = frozenset({NameKind.FORMER_OFFICIAL.value})


class PeriodRow(Protocol):
    """What the rules read from a name row (models.Name fits)."""

    text: str
    kind: str
    valid_from: str | None
    valid_to: str | None
    from_earliest: date | None
    from_latest: date | None
    to_earliest: date | None
    to_latest: date | None


# The date asked about is a partial date like any other: its earliest and latest day.
Window = PartialDate


@dataclass(frozen=True, slots=True)
class Bound:
    """One end of a period: the text as written and the days it may stand for."""

    text: str
    earliest: date
    latest: date
    approximate: bool
    uncertain: bool

    def describe(self) -> str:
        if self.approximate or self.uncertain:
            span = f"{self.earliest.year}–{self.latest.year}"
            what = "approximate" if self.approximate else "uncertain"
            return f"{self.text} ({what}: read as {span})"
        return self.text


@dataclass(frozen=True, slots=True)
class Verdict:
    status: UseStatus
    reasons: tuple[str, ...]
    inherited_from: str | None = None  # text of the name whose period was used
    side: str | None = None  # for a name not in use: "before" (it came later) or "after"


def parse_at(text: str) -> Window:
    """The `at` parameter: a partial date (``1940``, ``1940-05``, ``1860~``) or a 422."""
    try:
        parsed = parse_optional(text)
    except PartialDateError as exc:
        raise InvalidParameter(f"at: {exc}") from exc
    if parsed is None:
        raise InvalidParameter("at: give a date such as 1940, 1940-05 or 1940-05-09")
    return parsed


def has_period(name: PeriodRow) -> bool:
    return bool(name.valid_from or name.valid_to)


def _bound(text: str | None, earliest: date | None, latest: date | None) -> Bound | None:
    if not text:
        return None
    try:
        parsed = parse_optional(text)
    except PartialDateError:
        parsed = None
    approximate = bool(parsed and parsed.approximate)
    uncertain = bool(parsed and parsed.uncertain)
    lo = earliest or (parsed.earliest if parsed else None)
    hi = latest or (parsed.latest if parsed else None)
    if lo is None or hi is None:
        return None
    if uncertain and not approximate:
        # dates.py keeps `?` dates exact; for "was it in use" the text itself may be off.
        lo = date(max(1, lo.year - APPROXIMATE_MARGIN_YEARS), 1, 1)
        hi = date(min(9999, hi.year + APPROXIMATE_MARGIN_YEARS), 12, 31)
    return Bound(text, lo, hi, approximate, uncertain)


def name_in_use(name: PeriodRow, window: Window, *, romanises: PeriodRow | None = None) -> Verdict:
    """Was this name in use at the date asked about? See the module docstring for the rules."""
    source = name
    inherited: str | None = None
    if not has_period(name) and romanises is not None and has_period(romanises):
        source, inherited = romanises, romanises.text
    if not has_period(source):
        return Verdict(UseStatus.UNKNOWN, ("no period of use is recorded for this name",))
    start = _bound(source.valid_from, source.from_earliest, source.from_latest)
    end = _bound(source.valid_to, source.to_earliest, source.to_latest)
    ended_kind = name.kind in KINDS_THAT_HAVE_ENDED or source.kind in KINDS_THAT_HAVE_ENDED

    if start is not None and window.latest < start.earliest:
        reason = (f"from {start.describe()}",)
        return Verdict(UseStatus.NOT_IN_USE, reason, inherited, side="before")
    if end is not None and window.earliest > end.latest:
        reason = (f"until {end.describe()}",)
        return Verdict(UseStatus.NOT_IN_USE, reason, inherited, side="after")

    doubts: list[str] = []
    if start is None:
        doubts.append("the start of its period is not recorded")
    elif start.latest > window.earliest:
        if start.approximate or start.uncertain:
            doubts.append(
                f"its period starts {start.describe()}, so it may not yet have been in use"
            )
        else:
            doubts.append(f"its period starts {start.text}, within the date asked about")
    if end is None:
        if ended_kind:
            doubts.append(f"it is a {name.kind.replace('_', ' ')} name but no end is recorded")
    elif end.earliest <= window.latest:  # the day a name is dropped is not a sure day of use
        if end.approximate or end.uncertain:
            doubts.append(f"its period ends {end.describe()}, so it may already have been dropped")
        else:
            doubts.append(f"its period ends {end.text}, within the date asked about")

    reasons: list[str] = []
    if inherited:
        reasons.append(f"period taken from the name it romanises ({inherited})")
    if doubts:
        return Verdict(UseStatus.POSSIBLE, tuple(reasons + doubts), inherited)
    span = f"in use from {start.describe() if start else '?'}"
    span += f" to {end.describe()}" if end else " with an open end (no end recorded: still in use)"
    return Verdict(UseStatus.CERTAIN, (*reasons, span), inherited)


def language_message(
    lang: str, window: Window, verdicts: Sequence[tuple[PeriodRow, Verdict]]
) -> tuple[str, str]:
    """The status of one language at the date (best of its names) and a sentence saying so."""
    listed = [(n, v) for n, v in verdicts if v.status is not UseStatus.NOT_IN_USE]
    before = [(n, v) for n, v in verdicts if v.side == "after"]
    after = [(n, v) for n, v in verdicts if v.side == "before"]
    context = ""
    if before:
        context += " Earlier: " + "; ".join(_period_phrase(n, v) for n, v in before) + "."
    if after:
        context += " Later: " + "; ".join(_period_phrase(n, v) for n, v in after) + "."
    if not listed:
        return "none", f"No {lang} name is recorded as in use at {window.text}.{context}"
    best = min((v.status for _, v in listed), key=STATUS_RANK.__getitem__)

    def texts(status: UseStatus) -> str:
        return ", ".join(n.text for n, v in listed if v.status is status)

    if best is UseStatus.CERTAIN:
        message = f"Certainly in use at {window.text}: {texts(UseStatus.CERTAIN)}."
    elif best is UseStatus.POSSIBLE:
        message = (
            f"No {lang} name is certainly in use at {window.text}; possibly: "
            f"{texts(UseStatus.POSSIBLE)} (see each name's reasons)."
        )
    else:
        message = (
            f"No dated {lang} name is recorded as in use at {window.text}; "
            f"recorded without dates (not guessed): {texts(UseStatus.UNKNOWN)}."
        )
    if best is not UseStatus.UNKNOWN and any(v.status is UseStatus.UNKNOWN for _, v in listed):
        message += f" Also recorded without dates: {texts(UseStatus.UNKNOWN)}."
    return best.value, message + context


def _period_phrase(name: PeriodRow, verdict: Verdict) -> str:
    return f"{name.text} ({verdict.reasons[-1]})"


# ---------------------------------------------------------------- pure: ordering and status


SortKey = tuple[int, date, date, int, str]
UNDATED = date.max


def date_key(earliest: date | None, latest: date | None, rank: int = 0, tie: str = "") -> SortKey:
    """Order by earliest day, then latest (the more precise date first), then by kind of event."""
    if earliest is None:
        return (1, UNDATED, UNDATED, rank, tie)
    return (0, earliest, latest or earliest, rank, tie)


@dataclass(frozen=True, slots=True)
class LegalRow:
    """A legal statement with the date it took effect (its own `from`, else its source's date)."""

    id: int
    status: str
    source_id: str
    starts: date | None


def legal_in_force(legal: Sequence[LegalRow], on: date | None) -> LegalRow | None:
    """The latest legal statement that had certainly taken effect by `on`."""
    if on is None:
        return None
    candidates = [row for row in legal if row.starts is not None and row.starts <= on]
    return max(candidates, key=lambda row: (row.starts, row.id), default=None)


# ---------------------------------------------------------------- views (session in, shapes out)


ClaimsIndex = dict[tuple[str, str], list[ClaimOut]]


def name_brief(name: Name, claims: ClaimsIndex | None = None) -> NameBrief:
    assert name.id is not None
    return NameBrief(
        id=name.id,
        text=name.text,
        lang=name.lang,
        kind=name.kind,
        preferred=name.preferred,
        period=period_out(name),
        romanisation_system=name.romanisation_system,
        romanisation_of=name.romanisation_of_id,
        claims=(claims or {}).get(("name", str(name.id)), []),
    )


def claims_index(session: Session, subjects: Sequence[tuple[str, str]]) -> ClaimsIndex:
    """Claims about these subjects, each with the sources that make it, in three queries."""
    claims = repository.claims_for(session, subjects)
    claim_ids = [c.id for group in claims.values() for c in group]
    citations = repository.citations_for(session, claim_ids=claim_ids) if claim_ids else {}
    cited = repository.sources_by_id(
        session, {c.source_id for group in citations.values() for c in group}
    )
    return {key: claims_out(group, citations, cited) for key, group in claims.items()}


def name_claims(session: Session, names: Iterable[Name | None]) -> ClaimsIndex:
    return claims_index(session, [("name", str(n.id)) for n in names if n is not None])


def names_at_date(
    names: Sequence[Name], window: Window, claims: ClaimsIndex | None = None
) -> NamesAtDate:
    """Group a place's names by language and say which were in use at the window."""
    by_id = {n.id: n for n in names}
    by_lang: dict[str, list[tuple[Name, Verdict]]] = defaultdict(list)
    for name in names:
        romanises = by_id.get(name.romanisation_of_id) if name.romanisation_of_id else None
        by_lang[name.lang].append((name, name_in_use(name, window, romanises=romanises)))
    languages: list[LanguageAtDate] = []
    for lang in sorted(by_lang):
        verdicts = by_lang[lang]
        status, message = language_message(lang, window, verdicts)
        shown = sorted(
            (item for item in verdicts if item[1].status is not UseStatus.NOT_IN_USE),
            key=lambda item: (STATUS_RANK[item[1].status], not item[0].preferred, item[0].id or 0),
        )
        languages.append(
            LanguageAtDate(
                lang=lang,
                status=status,
                message=message,  # type: ignore[arg-type]
                names=[
                    NameAtDate(
                        **dict(name_brief(n, claims)),
                        status=v.status.value,  # type: ignore[arg-type]
                        reasons=list(v.reasons),
                    )
                    for n, v in shown
                ],
            )
        )
    counts = defaultdict(int)
    for language in languages:
        counts[language.status] += 1
    message = (
        f"At {window.text} ({window.earliest.isoformat()} to {window.latest.isoformat()}): "
        f"{counts['certain']} language(s) with a name certainly in use, "
        f"{counts['possible']} only possibly, {counts['unknown']} with undated names only, "
        f"{counts['none']} with no name in use. Undated names are listed as unknown, not guessed."
    )
    return NamesAtDate(
        at=window.text,
        at_earliest=window.earliest.isoformat(),
        at_latest=window.latest.isoformat(),
        languages=languages,
        message=message,
    )


def source_cards(session: Session, sources: Iterable[Source]) -> dict[str, SourceCard]:
    """Sources as cards carrying the disagreeing claims about them, each with its sources."""
    sources = list({s.id: s for s in sources}.values())
    claims = claims_index(session, [("source", s.id) for s in sources])
    card_fields = set(SourceCard.model_fields) - {"claims"}
    return {
        s.id: SourceCard(
            **source_out(s).model_dump(include=card_fields),
            claims=claims.get(("source", s.id), []),
        )
        for s in sources
    }


def attestation_part(
    attestation: Attestation, name: Name | None, claims: ClaimsIndex | None = None
) -> AttestationPart:
    return AttestationPart(
        attestation_id=attestation.id or 0,
        name_id=attestation.name_id,
        name_text=name.text if name else None,
        name_lang=name.lang if name else None,
        name_kind=name.kind if name else None,
        role=attestation.role,
        locator=attestation.locator,
        quote=attestation.quote,
        note=attestation.note,
        name_claims=(claims or {}).get(("name", str(name.id)), []) if name else [],
    )


def _source_date(source: Source | None) -> tuple[date | None, date | None]:
    return (source.date_earliest, source.date_latest) if source else (None, None)


def timeline(
    session: Session,
    place: Place,
    details: repository.PlaceDetails | None = None,
    cards: dict[str, SourceCard] | None = None,
) -> Timeline:
    """Every name with its period, every attestation and status statement, in date order.

    ``details`` and ``cards``, when the caller has read them already (the place page), are
    used instead of reading them again."""
    details = details or repository.get_place_details(session, place)
    names = {n.id: n for n in details.names}
    if cards is None:
        cards = source_cards(session, details.sources.values())
    claims: ClaimsIndex = {
        key: claims_out(group, details.citations, details.sources)
        for key, group in details.claims.items()
    }
    keyed: list[tuple[SortKey, TimelineEvent]] = []
    spans: list[tuple[SortKey, NameSpan]] = []
    undated_names: list[NameBrief] = []
    for name in details.names:
        brief = name_brief(name, claims)
        if not has_period(name):
            undated_names.append(brief)
            continue
        sources = citations_out(details.citations.get(("name_id", name.id), []), details.sources)
        spans.append(
            (
                date_key(name.from_earliest, name.from_latest, 0, name.text),
                NameSpan(**dict(brief), sources=sources),
            )
        )
        for rank, (text, lo, hi, verb) in enumerate(
            (
                (name.valid_from, name.from_earliest, name.from_latest, "comes into use"),
                (name.valid_to, name.to_earliest, name.to_latest, "goes out of use"),
            )
        ):
            if not text:
                continue
            keyed.append(
                (
                    date_key(lo, hi, 2 - 2 * rank, name.text),  # an end sorts before a start
                    TimelineEvent(
                        type="name_start" if rank == 0 else "name_end",
                        date=text,
                        date_earliest=_iso(lo),
                        date_latest=_iso(hi),
                        approximate=text.endswith(("~", "?", "%")),
                        caption=f"{name.text} ({name.lang}, {name.kind}) {verb}",
                        name=brief,
                        sources=sources,
                        claims=brief.claims,
                    ),
                )
            )
    grouped: dict[tuple[str, str], list[Attestation]] = defaultdict(list)
    for attestation in details.attestations:
        grouped[(attestation.source_id, attestation.label)].append(attestation)
    for (source_id, label), group in grouped.items():
        source = details.sources.get(source_id)
        lo, hi = _source_date(source)
        card = cards.get(source_id)
        title = (source.title_en or source.title) if source else source_id
        keyed.append(
            (
                date_key(lo, hi, 1, source_id),
                TimelineEvent(
                    type="attestation",
                    date=source.date if source else None,
                    date_earliest=_iso(lo),
                    date_latest=_iso(hi),
                    approximate=bool(source and source.date and source.date.endswith(("~", "?"))),
                    caption=f"{title}: {label}",
                    source=card,
                    label=label,
                    parts=[attestation_part(a, names.get(a.name_id), claims) for a in group],
                    sources=[
                        c
                        for a in group
                        for c in citations_out(
                            details.citations.get(("attestation_id", a.id), []), details.sources
                        )
                    ],
                    claims=card.claims if card else [],
                ),
            )
        )
    for statement in details.sovereignty:
        source = details.sources.get(statement.source_id)
        card = cards.get(statement.source_id)
        if statement.valid_from:
            start = _bound(statement.valid_from, statement.from_earliest, None)
            when, lo, hi = (
                statement.valid_from,
                statement.from_earliest,
                start.latest if start else None,
            )
        else:
            when = source.date if source else None
            lo, hi = _source_date(source)
        out = sovereignty_out(statement, details)
        keyed.append(
            (
                date_key(lo, hi, 3, str(statement.id)),
                TimelineEvent(
                    type="sovereignty",
                    date=when,
                    date_earliest=_iso(lo),
                    date_latest=_iso(hi),
                    approximate=bool(when and when.endswith(("~", "?"))),
                    caption=f"{statement.aspect} status: {statement.status}"
                    + (f" ({source.title_en or source.title})" if source else ""),
                    source=card,
                    aspect=statement.aspect,
                    status=statement.status,
                    note=statement.note,
                    sources=out.sources,
                    claims=card.claims if card else [],
                ),
            )
        )
    keyed.sort(key=lambda item: item[0])
    spans.sort(key=lambda item: item[0])
    return Timeline(
        place=place_summary(place, display_labels(details.names)),
        spans=[span for _, span in spans],
        events=[event for key, event in keyed if key[0] == 0],
        undated=[event for key, event in keyed if key[0] == 1],
        names_without_period=undated_names,
        claims=claims.get(("place", place.id), []),
    )


def place_status(
    session: Session,
    place: Place,
    details: repository.PlaceDetails | None = None,
    cards: dict[str, SourceCard] | None = None,
) -> PlaceStatus:
    """Legal status under each agreement beside what each map depicted or was reported to show
    (``details`` and ``cards`` as for :func:`timeline`)."""
    details = details or repository.get_place_details(session, place)
    if cards is None:
        cards = source_cards(session, details.sources.values())

    def starts(statement: Sovereignty) -> tuple[date | None, date | None]:
        if statement.valid_from:
            bound = _bound(statement.valid_from, statement.from_earliest, None)
            return (bound.earliest, bound.latest) if bound else (None, None)
        return _source_date(details.sources.get(statement.source_id))

    legal_rows = [
        LegalRow(s.id or 0, s.status, s.source_id, starts(s)[1])
        for s in details.sovereignty
        if s.aspect == SovereigntyAspect.LEGAL
    ]
    groups: dict[str, list[tuple[SortKey, StatusStatement]]] = defaultdict(list)
    for statement in details.sovereignty:
        lo, hi = starts(statement)
        out = sovereignty_out(statement, details)
        in_force: LegalRow | None = None
        agrees: bool | None = None
        if statement.aspect != SovereigntyAspect.LEGAL:
            # Compared at the date the statement is about: its own start, else its source's date.
            in_force = legal_in_force(legal_rows, lo)
            agrees = None if in_force is None else in_force.status == statement.status
        card = cards.get(statement.source_id)
        groups[statement.aspect].append(
            (
                date_key(lo, hi, 0, str(statement.id)),
                StatusStatement(
                    **out.model_dump(exclude={"source"}),
                    source=card or out.source,
                    effective_date=_iso(lo),
                    legal_in_force=LegalInForce(
                        statement_id=in_force.id,
                        status=in_force.status,
                        source_id=in_force.source_id,
                    )
                    if in_force
                    else None,
                    agrees_with_legal=agrees,
                ),
            )
        )
    ordered = {
        aspect: [s for _, s in sorted(rows, key=lambda r: r[0])] for aspect, rows in groups.items()
    }
    disagreeing = [
        s
        for aspect in ("depicted", "reported")
        for s in ordered.get(aspect, [])
        if s.agrees_with_legal is False
    ]
    if not details.sovereignty:
        message = "No legal, depicted or reported status is recorded for this place."
    elif disagreeing:
        message = (
            f"{len(disagreeing)} depiction(s) or report(s) differ from the legal status in force at "
            "their date; each is shown with its source."
        )
    else:
        message = "Every depiction or report recorded agrees with the legal status of its date, or has none to compare with."
    return PlaceStatus(
        place=place_summary(place, display_labels(details.names)),
        status_note=place.status_note,
        legal=ordered.get("legal", []),
        depicted=ordered.get("depicted", []),
        reported=ordered.get("reported", []),
        claims=claims_out(
            details.claims.get(("place", place.id), []), details.citations, details.sources
        ),
        message=message,
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def undated(response: SearchResponse) -> SearchResponseAtDate:
    """The search answer when no date was asked for (no database needed)."""
    return SearchResponseAtDate(
        **{**dict(response), "items": [SearchHitAtDate(**dict(hit)) for hit in response.items]}
    )


def search_at_date(
    session: Session, response: SearchResponse, window: Window | None
) -> SearchResponseAtDate:
    """Search hits, and with a date: whether each matched name was in use then, and which were."""
    if window is None:
        return undated(response)
    names = repository.names_of_places(session, [hit.place.id for hit in response.items])
    claims = name_claims(session, [n for group in names.values() for n in group])
    items: list[SearchHitAtDate] = []
    for hit in response.items:
        place_names = names.get(hit.place.id, [])
        by_id = {n.id: n for n in place_names}
        matched = by_id.get(hit.match.name_id)
        status = None
        if matched is not None:
            romanises = (
                by_id.get(matched.romanisation_of_id) if matched.romanisation_of_id else None
            )
            status = name_in_use(matched, window, romanises=romanises).status.value
        items.append(
            SearchHitAtDate(
                **dict(hit),
                match_status=status,  # type: ignore[arg-type]
                in_use_at=names_at_date(place_names, window, claims),
            )
        )
    return SearchResponseAtDate(**{**dict(response), "items": items}, at=window.text)

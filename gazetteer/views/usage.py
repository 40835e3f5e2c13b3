"""Usage advice for translators: which form each recorded rule prescribes, quoted and cited.

Data-driven only: a rule is an attestation by a prescriptive source (`source.prescriptive`) whose
`contexts` include the context asked about. Nothing here knows a place name or a rule; where no rule
is recorded the answer says so instead of guessing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from gazetteer import repository
from gazetteer.errors import InvalidParameter
from gazetteer.models import Attestation, Citation, Name, Place, Source
from gazetteer.schemas import SourceCard, UsageAdvice, UsageRule
from gazetteer.validation import validate_language_tag
from gazetteer.views.history import ClaimsIndex, attestation_part, name_claims, source_cards
from gazetteer.views.records import citations_out, place_summary
from gazetteer.vocabulary import USAGE_CONTEXTS


def check_context(context: str) -> str:
    if context not in USAGE_CONTEXTS:
        raise InvalidParameter(
            f"context: {context!r} is not a usage context; use one of {', '.join(USAGE_CONTEXTS)}"
        )
    return context


def check_lang(lang: str) -> str:
    try:
        return validate_language_tag(lang)
    except ValueError as exc:
        raise InvalidParameter(f"lang: {exc}") from exc


def lang_matches(asked: str, tag: str | None) -> bool:
    """zh matches zh-Hans; a rule on zh also applies to zh-Hans; zh-Hant never matches zh-Hans."""
    if not tag:
        return False
    a, t = asked.lower(), tag.lower()
    return a == t or t.startswith(a + "-") or a.startswith(t + "-")


def agreement(forms_by_source: dict[str, set[str]]) -> str:
    """none, single (one source), agree (several, one form) or disagree."""
    forms = {form for group in forms_by_source.values() for form in group}
    if not forms:
        return "none"
    if len(forms) > 1:
        return "disagree"
    return "single" if len(forms_by_source) == 1 else "agree"


@dataclass
class UsageRows:
    """What usage advice reads for one place, loaded once for any number of questions."""

    place: Place
    labels: dict[str, str]
    rows: list[tuple[Attestation, Source, Name | None]]
    cards: dict[str, SourceCard]
    claims: ClaimsIndex
    citations: dict[tuple[str, object], list[Citation]]
    cited: dict[str, Source]
    prescriptive: list[Source]  # every prescriptive source, newest first (for "silent" ones)


def load_usage_rows(
    session: Session, place: Place, labels: dict[str, str] | None = None
) -> UsageRows:
    """One read of a place's prescriptive attestations and of everything their rules cite."""
    rows = [
        (a, s, n) for a, s, n in repository.attestations_of_place(session, place.id)
        if s.prescriptive
    ]
    prescriptive = repository.prescriptive_sources(session)
    citations = repository.citations_for(session, attestation_ids=[a.id for a, _, _ in rows])
    cited = repository.sources_by_id(
        session, {c.source_id for group in citations.values() for c in group}
    )
    if labels is None:
        labels = repository.preferred_labels(session, [place.id]).get(place.id, {})
    return UsageRows(
        place=place,
        labels=labels,
        rows=rows,
        cards=source_cards(session, [*(s for _, s, _ in rows), *prescriptive]),
        claims=name_claims(session, [n for _, _, n in rows]),
        citations=citations,
        cited=cited,
        prescriptive=prescriptive,
    )


def usage_rows_from_details(
    details: repository.PlaceDetails,
    labels: dict[str, str],
    cards: dict[str, SourceCard],
    claims: ClaimsIndex,
    prescriptive: list[Source],
) -> UsageRows:
    """The same rows as :func:`load_usage_rows`, from what the place page has read already:
    the place's details, every prescriptive source, and cards for both. No database access."""
    names = {n.id: n for n in details.names}
    attested = [
        (a, details.sources[a.source_id], names.get(a.name_id) if a.name_id else None)
        for a in details.attestations
        if a.source_id in details.sources and details.sources[a.source_id].prescriptive
    ]
    # In the order attestations_of_place gives: by source date (undated last), source, id.
    attested.sort(
        key=lambda row: (
            row[1].date_earliest is None, row[1].date_earliest or date.min, row[1].id, row[0].id
        )
    )
    return UsageRows(
        place=details.place,
        labels=labels,
        rows=attested,
        cards=cards,
        claims=claims,
        citations=details.citations,
        cited=details.sources,
        prescriptive=prescriptive,
    )


def usage_advice(session: Session, place: Place, lang: str, context: str) -> UsageAdvice:
    """The form each recorded rule prescribes for ``lang`` in ``context`` (see the module)."""
    check_context(context)
    check_lang(lang)
    return advise(load_usage_rows(session, place), lang, context)


def advise(loaded: UsageRows, lang: str, context: str) -> UsageAdvice:
    """Usage advice from rows already loaded: no database access."""

    def speaks(source: Source, name: Name | None) -> bool:
        # An attestation without a linked name is judged by the language of its source's title.
        return lang_matches(lang, name.lang if name else source.title_lang)

    relevant = [(a, s, n) for a, s, n in loaded.rows if speaks(s, n)]
    in_context = [(a, s, n) for a, s, n in relevant if context in s.contexts.split()]
    other_contexts = sorted({c for _, s, _ in relevant for c in s.contexts.split()} - {context})
    groups: dict[tuple[str, str], list[tuple[Attestation, Name | None]]] = defaultdict(list)
    sources: dict[str, Source] = {}
    for attestation, source, name in in_context:
        groups[(source.id, attestation.label)].append((attestation, name))
        sources[source.id] = source

    def by_date(key: tuple[str, str]) -> tuple[date, str, str]:
        return (sources[key[0]].date_earliest or date.min, *key)

    rules: list[UsageRule] = []
    for key in sorted(groups, key=by_date, reverse=True):  # newest first, undated last
        source_id, form = key
        members = groups[key]
        quotes = [a.quote for a, _ in members if a.quote]
        locators = [a.locator for a, _ in members if a.locator]
        rules.append(
            UsageRule(
                source=loaded.cards[source_id],
                form=form,
                parts=[attestation_part(a, n, loaded.claims) for a, n in members],
                quote=quotes[0] if quotes else None,
                locator=locators[0] if locators else None,
                citations=[
                    c
                    for a, _ in members
                    for c in citations_out(
                        loaded.citations.get(("attestation_id", a.id), []), loaded.cited
                    )
                ],
            )
        )
    forms_by_source: dict[str, set[str]] = defaultdict(set)
    for rule in rules:
        forms_by_source[rule.source.id].add(rule.form)
    verdict = agreement(forms_by_source)
    silent = [
        s for s in loaded.prescriptive if context in s.contexts.split() and s.id not in sources
    ]
    return UsageAdvice(
        place=place_summary(loaded.place, loaded.labels),
        lang=lang,
        context=context,
        agreement=verdict,  # type: ignore[arg-type]
        message=_message(verdict, rules, lang, context, other_contexts, len(silent)),
        rules=rules,
        other_contexts=other_contexts,
        silent_sources=[loaded.cards[s.id] for s in silent],
    )


def _title(rule: UsageRule) -> str:
    source = rule.source
    title = source.title_en or source.title
    return f"{title} ({source.date})" if source.date else title


def _message(
    verdict: str,
    rules: list[UsageRule],
    lang: str,
    context: str,
    other_contexts: list[str],
    silent: int,
) -> str:
    if verdict == "none":
        parts = [
            f"No rule is recorded for {lang} in the context {context} for this place; "
            "the gazetteer does not guess."
        ]
        if other_contexts:
            parts.append(f"Rules are recorded for other contexts: {', '.join(other_contexts)}.")
        if silent:
            parts.append(
                f"{silent} prescriptive source(s) for this context record no form for this place "
                "in the gazetteer."
            )
        return " ".join(parts)
    if verdict == "single":
        forms = ", ".join(dict.fromkeys(r.form for r in rules))
        return f"{_title(rules[0])} prescribes {forms}."
    if verdict == "agree":
        titles = "; ".join(dict.fromkeys(_title(r) for r in rules))
        return f"{len({r.source.id for r in rules})} sources prescribe {rules[0].form}: {titles}."
    listing = "; ".join(f"{_title(r)}: {r.form}" for r in rules)
    return (
        f"Sources disagree — {listing}. Each rule is shown with its source, newest first; "
        "the gazetteer does not choose."
    )

"""Validated input shapes shared by the seed loader, the importers and the write API.

The seed files (docs/design.md, "Seed format") are read into these models before anything is
written, so a record that the seed rejects is rejected everywhere else too.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from gazetteer.dates import parse_partial_date
from gazetteer.validation import validate_country_code, validate_language_tag, validate_slug
from gazetteer.vocabulary import (
    USAGE_CONTEXTS,
    AttestationRole,
    Confidence,
    FeatureType,
    NameKind,
    RomanisationSystem,
    SourceKind,
    SovereigntyAspect,
)


def _partial_date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    text = str(value)
    parse_partial_date(text)
    return text


def _citation_shorthand(value: Any) -> Any:
    return {"source": value} if isinstance(value, str) else value


def _to_text(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) else value


LanguageTag = Annotated[str, AfterValidator(validate_language_tag)]
Slug = Annotated[str, AfterValidator(validate_slug)]
PartialDateText = Annotated[str | None, BeforeValidator(_partial_date)]
CountryCode = Annotated[str, AfterValidator(validate_country_code)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_enum_values=True)


class CitationIn(Strict):
    source: str
    locator: Annotated[str | None, BeforeValidator(_to_text)] = None
    note: str | None = None


Citations = list[Annotated[CitationIn, BeforeValidator(_citation_shorthand)]]


class ClaimIn(Strict):
    field: str
    value: Annotated[str, BeforeValidator(_to_text)]
    note: str | None = None
    sources: Citations = Field(min_length=1)


class PeriodIn(Strict):
    from_: PartialDateText = Field(default=None, alias="from")
    to: PartialDateText = None
    note: str | None = None


class NameIn(Strict):
    key: str
    text: str = Field(min_length=1, max_length=500)
    lang: LanguageTag
    kind: NameKind
    preferred: bool = False
    period: PeriodIn | None = None
    romanisation_of: str | None = None
    romanisation_system: RomanisationSystem | None = None
    derived: bool = Field(
        default=False,
        description="Produced by rule (romanisation_system applied to romanisation_of), not "
        "printed by a source: it cites nothing of its own and shows its original's sources.",
    )
    sources: Citations = Field(default_factory=list)
    note: str | None = None
    confidence: Confidence = Confidence.MEDIUM
    claims: list[ClaimIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _provenance(self) -> NameIn:
        """A name is either cited or derived by a named rule from a name that is."""
        if self.romanisation_of and not self.romanisation_system:
            raise ValueError(f"name {self.key!r}: a romanisation needs romanisation_system")
        if self.derived:
            if not self.romanisation_of:
                raise ValueError(
                    f"name {self.key!r}: a derived name needs romanisation_of (the name it is "
                    "derived from) and romanisation_system (the rule)"
                )
            if self.sources:
                raise ValueError(
                    f"name {self.key!r}: a derived name cites no source of its own; if a source "
                    "prints this form, it is attested: drop `derived`"
                )
        elif not self.sources:
            raise ValueError(
                f"name {self.key!r} cites no source: cite one that prints it, or mark it "
                "`derived: true` with romanisation_of and romanisation_system"
            )
        return self


class AttestationIn(Strict):
    source: str
    name: str | None = None
    label: str = Field(min_length=1)
    role: AttestationRole
    locator: Annotated[str | None, BeforeValidator(_to_text)] = None
    quote: str | None = None
    note: str | None = None
    confidence: Confidence = Confidence.MEDIUM
    sources: Citations = Field(default_factory=list)


class SovereigntyIn(Strict):
    source: str
    aspect: SovereigntyAspect
    status: str = Field(min_length=1, max_length=60)
    from_: PartialDateText = Field(default=None, alias="from")
    note: str | None = None
    confidence: Confidence = Confidence.MEDIUM
    sources: Citations = Field(default_factory=list)


class CoordinatesIn(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class ExternalIdsIn(Strict):
    geonames: int | None = None
    wikidata: Annotated[str | None, Field(pattern=r"^Q[1-9][0-9]*$")] = None
    osm: str | None = None


class PlaceIn(Strict):
    id: Slug
    feature_type: FeatureType
    country_codes: list[CountryCode] = Field(default_factory=list)
    admin_region: str | None = None
    coordinates: CoordinatesIn | None = None
    population: int | None = Field(default=None, ge=0)
    external_ids: ExternalIdsIn = Field(default_factory=ExternalIdsIn)
    status_note: str | None = None
    note: str | None = None
    confidence: Confidence = Confidence.MEDIUM
    sources: Citations = Field(min_length=1)
    names: list[NameIn] = Field(min_length=1)
    attestations: list[AttestationIn] = Field(default_factory=list)
    sovereignty: list[SovereigntyIn] = Field(default_factory=list)
    claims: list[ClaimIn] = Field(default_factory=list)


class SourceIn(Strict):
    id: Slug
    kind: SourceKind
    title: str = Field(min_length=1)
    title_lang: LanguageTag | None = None
    title_en: str | None = None
    issuer: str | None = None
    date: PartialDateText = None
    edition: Annotated[str | None, BeforeValidator(_to_text)] = None
    url: str | None = None
    locator: str | None = None
    note: str | None = None
    confidence: Confidence = Confidence.MEDIUM
    prescriptive: bool = False
    contexts: list[str] = Field(default_factory=list)
    cited_by: Citations = Field(default_factory=list)
    claims: list[ClaimIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_contexts(self) -> SourceIn:
        unknown = set(self.contexts) - set(USAGE_CONTEXTS)
        if unknown:
            raise ValueError(
                f"unknown usage contexts {sorted(unknown)}; known: {', '.join(USAGE_CONTEXTS)}"
            )
        if not (self.url or self.locator):
            raise ValueError(f"source {self.id!r} needs a url or a locator")
        return self

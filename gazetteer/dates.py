"""Partial, approximate and open-ended dates, as historians write them.

We accept a small subset of EDTF: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, optionally followed
by ``~`` (about) or ``?`` (uncertain). Each date becomes an earliest and a latest possible day,
stored beside the text so that "which names were in use in 1940" is a range query.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PATTERN = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[~?%]?)$")
APPROXIMATE_MARGIN_YEARS = 5


class PartialDateError(ValueError):
    """The text is not a partial date we understand."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    text: str
    earliest: date
    latest: date
    approximate: bool
    uncertain: bool

    @property
    def precision(self) -> str:
        core = self.text.rstrip("~?%")
        return {4: "year", 7: "month", 10: "day"}[len(core)]


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``1860``, ``1860-07``, ``1860-07-02``, ``1860~`` or ``1935?``."""
    cleaned = text.strip()
    match = _PATTERN.match(cleaned)
    if not match:
        raise PartialDateError(
            f"{text!r} is not a partial date: use YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally followed by ~ (about) or ? (uncertain)"
        )
    year = int(match["y"])
    qualifier = match["q"]
    approximate = qualifier in ("~", "%")
    uncertain = qualifier in ("?", "%")
    try:
        if match["d"]:
            earliest = latest = date(year, int(match["m"]), int(match["d"]))
        elif match["m"]:
            month = int(match["m"])
            earliest = date(year, month, 1)
            latest = date(year, month, calendar.monthrange(year, month)[1])
        else:
            earliest, latest = date(year, 1, 1), date(year, 12, 31)
    except ValueError as exc:
        raise PartialDateError(f"{text!r} is not a real calendar date") from exc
    if approximate:
        earliest = date(max(1, earliest.year - APPROXIMATE_MARGIN_YEARS), 1, 1)
        latest = date(min(9999, latest.year + APPROXIMATE_MARGIN_YEARS), 12, 31)
    return PartialDate(cleaned, earliest, latest, approximate, uncertain)


def parse_optional(text: str | None) -> PartialDate | None:
    if text is None or not str(text).strip():
        return None
    return parse_partial_date(str(text))


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def period_columns(start: str | None, end: str | None) -> dict[str, object]:
    """A name's period as stored: the texts as written and the day bounds they stand for."""
    first, last = parse_optional(start), parse_optional(end)
    return {
        "valid_from": first.text if first else None,
        "valid_to": last.text if last else None,
        "from_earliest": first.earliest if first else None,
        "from_latest": first.latest if first else None,
        "to_earliest": last.earliest if last else None,
        "to_latest": last.latest if last else None,
    }

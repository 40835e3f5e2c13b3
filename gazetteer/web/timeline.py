"""A place's timeline laid out for an SVG drawn on the server: names as bars over the years,
attestations and status statements as marks, approximate dates drawn as ranges.

Pure: a ``Timeline`` (the API's shape) in, coordinates out; the template only draws them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gazetteer.schemas import NameSpan, Timeline, TimelineEvent

WIDTH = 960
LABEL_WIDTH = 230
RIGHT_MARGIN = 24
ROW_HEIGHT = 24
TOP = 28  # room for the axis labels
MARK_ROWS = ("attestation", "sovereignty")
TICK_STEPS = (5, 10, 20, 25, 50, 100, 200, 250, 500)
MAX_TICKS = 9


def year_of(iso: str | None, *, end_of_day: bool = False) -> float | None:
    """An ISO day (or year) as a fractional year: 1860-07-02 → 1860.50."""
    if not iso:
        return None
    try:
        day = date.fromisoformat(iso) if len(iso) == 10 else date(int(iso[:4]), 1, 1)
    except ValueError:
        return None
    fraction = (day.timetuple().tm_yday - (0 if end_of_day else 1)) / 365.25
    return day.year + fraction


def is_approximate(text: str | None) -> bool:
    return bool(text) and text.endswith(("~", "?", "%"))  # type: ignore[union-attr]


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    approximate: bool  # drawn faded: the date may fall anywhere in it


@dataclass(frozen=True)
class Bar:
    y: float
    text: str
    lang: str
    kind: str
    period: str  # the period as written, for the tooltip and screen readers
    solid: Segment | None
    fuzzy: list[Segment] = field(default_factory=list)
    open_end: bool = False  # no end recorded: still in use
    unknown_start: bool = False


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    kind: str  # attestation or sovereignty
    caption: str
    href: str | None
    approximate: bool
    whisker: Segment | None  # the range an approximate or coarse date stands for


@dataclass(frozen=True)
class Tick:
    x: float
    year: int


@dataclass(frozen=True)
class TimelineLayout:
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: float
    ticks: list[Tick]
    bars: list[Bar]
    marks: list[Mark]
    mark_rows: list[tuple[float, str]]  # (y, row name)
    at_x: float | None
    today_x: float
    empty: bool


def _bounds(timeline: Timeline, today: float, at: float | None) -> tuple[float, float]:
    years: list[float] = []
    for span in timeline.spans:
        if span.period:
            for iso in (span.period.start_earliest, span.period.end_latest):
                value = year_of(iso)
                if value is not None:
                    years.append(value)
    for event in timeline.events:
        for iso in (event.date_earliest, event.date_latest):
            value = year_of(iso)
            if value is not None:
                years.append(value)
    if at is not None:
        years.append(at)
    if not years:
        return today - 50, today + 2
    low = min(years)
    return (low - max(5.0, (today - low) * 0.04)), today + 2


def _ticks(low: float, high: float) -> list[int]:
    span = high - low
    step = next((s for s in TICK_STEPS if span / s <= MAX_TICKS), TICK_STEPS[-1])
    first = int(low // step + 1) * step
    return list(range(first, int(high) + 1, step))


def layout(
    timeline: Timeline, *, today: date | None = None, at: str | None = None
) -> TimelineLayout:
    """Coordinates for every bar and mark; ``at`` (an ISO day) draws the date asked about."""
    now = (today or date.today()).year + 0.5
    at_year = year_of(at)
    low, high = _bounds(timeline, now, at_year)
    left, right = LABEL_WIDTH, WIDTH - RIGHT_MARGIN

    def x(year: float) -> float:
        return round(left + (year - low) / (high - low) * (right - left), 1)

    def segment(start: float, end: float, approximate: bool) -> Segment:
        return Segment(x(start), max(2.0, round(x(end) - x(start), 1)), approximate)

    bars = [
        _bar(span, TOP + i * ROW_HEIGHT, low, now, segment) for i, span in enumerate(timeline.spans)
    ]
    y = TOP + len(bars) * ROW_HEIGHT + (8 if bars else 0)
    marks: list[Mark] = []
    rows: list[tuple[float, str]] = []
    for row in MARK_ROWS:
        events = [e for e in timeline.events if e.type == row]
        if not events:
            continue
        centre = y + ROW_HEIGHT / 2
        rows.append((centre, row))
        marks.extend(_mark(e, centre, x, segment) for e in events)
        y += ROW_HEIGHT
    return TimelineLayout(
        width=WIDTH,
        height=int(y + 12),
        plot_left=left,
        plot_right=right,
        axis_y=TOP - 10,
        ticks=[Tick(x(year), year) for year in _ticks(low, high)],
        bars=bars,
        marks=marks,
        mark_rows=rows,
        at_x=x(at_year) if at_year is not None else None,
        today_x=x(now),
        empty=not bars and not marks,
    )


def _bar(span: NameSpan, y: float, low: float, now: float, segment) -> Bar:  # type: ignore[no-untyped-def]
    period = span.period
    assert period is not None  # spans are the names that have one
    start_lo = year_of(period.start_earliest)
    start_hi = year_of(period.start_latest, end_of_day=True)
    end_lo = year_of(period.end_earliest)
    end_hi = year_of(period.end_latest, end_of_day=True)
    fuzzy: list[Segment] = []
    solid_from = start_lo if start_lo is not None else low
    if start_lo is not None and start_hi is not None and is_approximate(period.start):
        fuzzy.append(segment(start_lo, start_hi, True))
        solid_from = start_hi
    if start_lo is None:
        fuzzy.append(segment(low, low + (now - low) * 0.05, True))
    solid_to = end_hi if end_hi is not None else now
    if end_lo is not None and end_hi is not None and is_approximate(period.end):
        fuzzy.append(segment(end_lo, end_hi, True))
        solid_to = end_lo
    written = f"{period.start or '?'} – {period.end or ''}".strip()
    return Bar(
        y=y,
        text=span.text,
        lang=span.lang,
        kind=span.kind,
        period=written,
        solid=segment(solid_from, solid_to, False) if solid_to > solid_from else None,
        fuzzy=fuzzy,
        open_end=period.end is None,
        unknown_start=start_lo is None,
    )


def _mark(event: TimelineEvent, y: float, x, segment) -> Mark:  # type: ignore[no-untyped-def]
    lo = year_of(event.date_earliest)
    hi = year_of(event.date_latest, end_of_day=True)
    assert lo is not None  # dated events only
    hi = hi if hi is not None else lo
    middle = (lo + hi) / 2
    coarse = hi - lo > 0.1  # a year or a month rather than a day
    return Mark(
        x=x(middle),
        y=y,
        kind=event.type,
        caption=f"{event.date}: {event.caption}",
        href=f"/sources/{event.source.id}" if event.source else None,
        approximate=event.approximate,
        whisker=segment(lo, hi, event.approximate) if (coarse or event.approximate) else None,
    )

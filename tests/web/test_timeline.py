"""The timeline's layout, from the API's Timeline shape: pure, no database."""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.dates import parse_optional
from gazetteer.schemas import NameSpan, Period, PlaceSummary, SourceCard, Timeline, TimelineEvent
from gazetteer.web.timeline import layout, year_of

PLACE = PlaceSummary(id="p", feature_type="city", country_codes=["RU"], external_ids={}, labels={}, origin="curated")  # type: ignore[arg-type]


def span(text: str, start: str | None, end: str | None) -> NameSpan:
    lo, hi = parse_optional(start), parse_optional(end)
    return NameSpan(
        id=len(text), text=text, lang="ru", kind="official", preferred=False,
        period=Period(
            start=start, end=end,
            start_earliest=lo.earliest.isoformat() if lo else None,
            start_latest=lo.latest.isoformat() if lo else None,
            end_earliest=hi.earliest.isoformat() if hi else None,
            end_latest=hi.latest.isoformat() if hi else None,
        ),
        sources=[],
    )


def event(when: str, kind: str = "attestation") -> TimelineEvent:
    parsed = parse_optional(when)
    assert parsed is not None
    return TimelineEvent(
        type=kind, date=when, date_earliest=parsed.earliest.isoformat(),  # type: ignore[arg-type]
        date_latest=parsed.latest.isoformat(), approximate=parsed.approximate,
        caption=f"printed {when}",
        source=SourceCard(id="s", kind="map", title="A map"),
    )


def timeline(spans: list[NameSpan], events: list[TimelineEvent]) -> Timeline:
    return Timeline(place=PLACE, spans=spans, events=events, undated=[], names_without_period=[], claims=[])


TODAY = date(2025, 6, 1)


def test_exact_period_is_one_solid_bar_and_an_open_end_has_an_arrow() -> None:
    drawn = layout(timeline([span("A", "1900", None)], []), today=TODAY)
    (bar,) = drawn.bars
    assert bar.fuzzy == [] and bar.open_end and bar.solid is not None
    assert bar.solid.x == pytest.approx(drawn.ticks[0].x - (drawn.ticks[0].year - 1900) * (drawn.ticks[1].x - drawn.ticks[0].x) / (drawn.ticks[1].year - drawn.ticks[0].year), abs=1.5)


def test_approximate_bounds_are_drawn_faded_over_the_years_they_may_mean() -> None:
    drawn = layout(timeline([span("B", "1860~", "1900~")], []), today=TODAY)
    (bar,) = drawn.bars
    assert [s.approximate for s in bar.fuzzy] == [True, True]
    start, end = bar.fuzzy
    assert bar.solid is not None
    assert start.x < bar.solid.x <= start.x + start.width + 0.2  # solid from the latest start
    assert end.x == pytest.approx(bar.solid.x + bar.solid.width, abs=0.2)
    assert not bar.open_end


def test_marks_sit_at_their_dates_and_coarse_or_approximate_ones_get_a_range() -> None:
    drawn = layout(timeline([], [event("2003-05-09"), event("2023~"), event("1999", "sovereignty")]), today=TODAY)
    exact, approximate = [m for m in drawn.marks if m.kind == "attestation"]
    (status,) = [m for m in drawn.marks if m.kind == "sovereignty"]
    assert exact.whisker is None and not exact.approximate
    assert approximate.approximate and approximate.whisker is not None
    assert approximate.whisker.width > 10 * (drawn.ticks[1].x - drawn.ticks[0].x) / (drawn.ticks[1].year - drawn.ticks[0].year)
    assert status.whisker is not None and not status.whisker.approximate  # a year, not a day
    assert exact.x < approximate.x and status.y != exact.y
    assert exact.href == "/sources/s"


def test_the_date_asked_about_is_drawn_and_widens_the_axis() -> None:
    drawn = layout(timeline([span("C", "1950", None)], []), today=TODAY, at="1900-01-01")
    assert drawn.at_x is not None and drawn.at_x > drawn.plot_left
    assert drawn.ticks[0].year <= 1900


def test_nothing_to_draw() -> None:
    assert layout(timeline([], []), today=TODAY).empty


@pytest.mark.parametrize(("iso", "year"), [("1860-01-01", 1860.0), ("1860", 1860.0), ("bad", None), (None, None)])
def test_year_of(iso: str | None, year: float | None) -> None:
    assert year_of(iso) == year

"""The historian's rules as pure functions: names at a date, ordering, legal status, diffs."""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.dates import period_columns
from gazetteer.errors import InvalidParameter
from gazetteer.models import Name
from gazetteer.schemas import PrintedEntry
from gazetteer.views.comparison import diff_place
from gazetteer.views.history import (
    LegalRow,
    UseStatus,
    date_key,
    language_message,
    legal_in_force,
    name_in_use,
    parse_at,
)
from gazetteer.views.usage import agreement, lang_matches


def name(
    text: str = "X", start: str | None = None, end: str | None = None, kind: str = "official"
) -> Name:
    """A name row as the seed loader writes it (bounds computed from the texts)."""
    return Name(place_id="p", text=text, lang="ru", kind=kind, **period_columns(start, end))


CERTAIN, POSSIBLE, UNKNOWN, OUT = (
    UseStatus.CERTAIN,
    UseStatus.POSSIBLE,
    UseStatus.UNKNOWN,
    UseStatus.NOT_IN_USE,
)

CASES = [
    # (start, end, kind, at, expected, why)
    ("1860", None, "official", "1940", CERTAIN, "open end: still in use"),
    ("1860", None, "official", "1860", POSSIBLE, "the date is the start year"),
    ("1860", None, "official", "1861-01-01", CERTAIN, "day after the start year"),
    ("1860", None, "official", "1859-12-31", OUT, "before the start"),
    ("1860", None, "official", "1850", OUT, "before the start"),
    ("1860~", None, "official", "1854", OUT, "before the slack of an approximate start"),
    ("1860~", None, "official", "1856", POSSIBLE, "inside the slack of an approximate start"),
    ("1860~", None, "official", "1865", POSSIBLE, "last year of the slack"),
    ("1860~", None, "official", "1866", CERTAIN, "after the slack"),
    ("1935", "1957", "former_official", "1940", CERTAIN, "inside a closed period"),
    ("1935", "1957", "former_official", "1935", POSSIBLE, "start year"),
    ("1935", "1957", "former_official", "1957", POSSIBLE, "end year: boundary"),
    ("1935", "1957", "former_official", "1956-12-31", CERTAIN, "day before the end year"),
    ("1935", "1957", "former_official", "1958", OUT, "after the end"),
    ("1935", "1957", "former_official", "1936-05", CERTAIN, "month precision inside"),
    ("1935?", "1957", "former_official", "1933", POSSIBLE, "uncertain start gets slack"),
    ("1935?", "1957", "former_official", "1929", OUT, "beyond the slack of an uncertain start"),
    ("1935?", "1957", "former_official", "1945", CERTAIN, "well after an uncertain start"),
    ("1972-12-26", None, "official", "1972-12-26", CERTAIN, "a name is in use on its first day"),
    ("1800", "1972-12-26", "former_official", "1972-12-26", POSSIBLE, "the day a name is dropped"),
    ("1800", "1972-12-26", "former_official", "1972-12-25", CERTAIN, "the day before"),
    ("1800", "1972-12-26", "former_official", "1972-12-27", OUT, "the day after"),
    ("1800", "1972-12-26", "former_official", "1972", POSSIBLE, "renamed during the year"),
    (None, "1860", "historical", "1850", POSSIBLE, "start not recorded"),
    (None, "1860", "historical", "1870", OUT, "after the end"),
    ("1700", None, "former_official", "1950", POSSIBLE, "a former name with no recorded end"),
    (None, None, "historical", "1850", UNKNOWN, "no period"),
    ("1860", None, "official", "1860~", POSSIBLE, "approximate date asked about"),
    ("1860", None, "official", "1880~", CERTAIN, "approximate date wholly after the start"),
]


@pytest.mark.parametrize(
    ("start", "end", "kind", "at", "expected", "why"), CASES, ids=[c[5] for c in CASES]
)
def test_names_at_a_date(start, end, kind, at, expected, why):
    verdict = name_in_use(name(start=start, end=end, kind=kind), parse_at(at))
    assert verdict.status is expected, (why, verdict.reasons)
    assert verdict.reasons


def test_possible_names_say_why():
    verdict = name_in_use(name(start="1860~"), parse_at("1862"))
    assert "approximate" in verdict.reasons[-1] and "1855–1865" in verdict.reasons[-1]
    verdict = name_in_use(name(start="1935?", end="1957"), parse_at("1933"))
    assert any("uncertain" in reason for reason in verdict.reasons)
    verdict = name_in_use(name(start="1860"), parse_at("1940"))
    assert "open end" in verdict.reasons[-1]


def test_a_romanisation_shares_the_period_of_the_name_it_romanises():
    original = name("Владивосток", start="1860")
    romanised = name("Vladivostok")
    before = name_in_use(romanised, parse_at("1850"), romanises=original)
    after = name_in_use(romanised, parse_at("1900"), romanises=original)
    assert before.status is OUT and after.status is CERTAIN
    assert after.inherited_from == "Владивосток"
    assert name_in_use(romanised, parse_at("1900")).status is UNKNOWN


@pytest.mark.parametrize("bad", ["", "19400", "1940-13", "about 1940", "1940/1950"])
def test_bad_dates_are_invalid_parameters(bad):
    with pytest.raises(InvalidParameter):
        parse_at(bad)


def test_language_message_names_earlier_and_later_names():
    window = parse_at("1850")
    verdicts = [(n, name_in_use(n, window)) for n in (name("Владивосток", start="1860"),)]
    status, message = language_message("ru", window, verdicts)
    assert status == "none"
    assert "No ru name" in message and "Later: Владивосток (from 1860)" in message
    window = parse_at("1960")
    old = name("Ворошилов", start="1935", end="1957", kind="former_official")
    new = name("Уссурийск", start="1957")
    status, message = language_message(
        "ru", window, [(n, name_in_use(n, window)) for n in (old, new)]
    )
    assert status == "certain" and "Уссурийск" in message and "Earlier: Ворошилов" in message


def test_undated_events_sort_last_and_precise_dates_first():
    keys = [
        date_key(None, None),
        date_key(date(1855, 1, 1), date(1865, 12, 31)),
        date_key(date(1855, 1, 1), date(1855, 12, 31)),
        date_key(date(2023, 2, 6), date(2023, 2, 6)),
    ]
    ordered = sorted(keys)
    assert ordered[0][2] == date(1855, 12, 31) and ordered[-1] == keys[0]


def test_legal_status_in_force_is_the_latest_that_had_taken_effect():
    rows = [
        LegalRow(1, "disputed", "a-1991", date(1991, 5, 16)),
        LegalRow(2, "divided", "a-2004", date(2005, 6, 2)),
        LegalRow(3, "undated", "a-x", None),
    ]
    assert legal_in_force(rows, date(2023, 8, 28)).status == "divided"
    assert legal_in_force(rows, date(2000, 1, 1)).status == "disputed"
    assert legal_in_force(rows, date(1929, 1, 1)) is None
    assert legal_in_force(rows, None) is None


def entry(
    label: str, role: str, name_id: int | None = 1, text: str | None = "海参崴"
) -> PrintedEntry:
    return PrintedEntry(name_id=name_id, name_text=text, label=label, role=role)


DIFFS = [
    ([entry("A（B）", "parenthetical")], [entry("A（B）", "parenthetical")], "unchanged", []),
    ([], [entry("A", "sole_label")], "added", []),
    ([entry("A", "sole_label")], [], "dropped", []),
    (
        [entry("A（B）", "parenthetical")],
        [entry("A（B）", "primary_label")],
        "changed",
        ["role_changed"],
    ),
    (
        [entry("A（B）", "parenthetical")],
        [entry("A (B)", "parenthetical")],
        "changed",
        ["form_changed"],
    ),
    (
        [entry("A（B）", "parenthetical")],
        [entry("B", "sole_label")],
        "changed",
        ["form_changed", "role_changed"],
    ),
    (
        [entry("A", "sole_label", 1)],
        [entry("A", "sole_label", 1), entry("C", "gloss", 2, "C")],
        "changed",
        ["name_added"],
    ),
    (
        [entry("A", "sole_label", 1), entry("C", "gloss", 2, "C")],
        [entry("A", "sole_label", 1)],
        "changed",
        ["name_dropped"],
    ),
    ([entry("X", "mention", None, None)], [entry("X", "mention", None, None)], "unchanged", []),
    (
        [entry("X", "mention", None, None)],
        [entry("Y", "mention", None, None)],
        "changed",
        ["name_dropped", "name_added"],
    ),
]


@pytest.mark.parametrize(("a", "b", "change", "kinds"), DIFFS)
def test_diff_of_one_place(a, b, change, kinds):
    result, details = diff_place(a, b)
    assert result == change
    assert sorted(d.kind for d in details) == sorted(kinds)
    assert all(d.description for d in details)


@pytest.mark.parametrize(
    ("asked", "tag", "expected"),
    [
        ("zh", "zh-Hans", True),
        ("zh-Hans", "zh-Hans", True),
        ("zh-hans", "zh-Hans", True),
        ("zh-Hans", "zh", True),
        ("zh-Hans", "zh-Hant", False),
        ("ru", "ru-Latn", True),
        ("en", "ru", False),
        ("zh", None, False),
        ("z", "zh-Hans", False),
    ],
)
def test_language_matching(asked, tag, expected):
    assert lang_matches(asked, tag) is expected


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        ({}, "none"),
        ({"a": {"X"}}, "single"),
        ({"a": {"X"}, "b": {"X"}}, "agree"),
        ({"a": {"X"}, "b": {"Y"}}, "disagree"),
        ({"a": {"X", "Y"}}, "disagree"),
    ],
)
def test_agreement_between_sources(forms, expected):
    assert agreement(forms) == expected

from datetime import date

import pytest

from gazetteer.dates import PartialDateError, parse_partial_date


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "approximate", "uncertain", "precision"),
    [
        ("1860", date(1860, 1, 1), date(1860, 12, 31), False, False, "year"),
        ("1860-07", date(1860, 7, 1), date(1860, 7, 31), False, False, "month"),
        ("1900-02", date(1900, 2, 1), date(1900, 2, 28), False, False, "month"),
        ("1860-07-02", date(1860, 7, 2), date(1860, 7, 2), False, False, "day"),
        ("1860~", date(1855, 1, 1), date(1865, 12, 31), True, False, "year"),
        ("1935?", date(1935, 1, 1), date(1935, 12, 31), False, True, "year"),
    ],
)
def test_partial_dates(text, earliest, latest, approximate, uncertain, precision):
    parsed = parse_partial_date(text)
    assert (parsed.earliest, parsed.latest) == (earliest, latest)
    assert (parsed.approximate, parsed.uncertain) == (approximate, uncertain)
    assert parsed.precision == precision


@pytest.mark.parametrize("text", ["", "186", "1860-13", "1860-02-30", "about 1860", "1860/1870", "18600"])
def test_bad_partial_dates_are_rejected(text):
    with pytest.raises(PartialDateError):
        parse_partial_date(text)

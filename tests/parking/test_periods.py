"""Validity periods, month ends included: a renewal starts the day after the period ends."""

from datetime import date, timedelta

import pytest

from primaria.parking.periods import period_end


@pytest.mark.parametrize("start, period, end", [
    (date(2027, 1, 1), "month", date(2027, 1, 31)),
    (date(2027, 1, 15), "month", date(2027, 2, 14)),
    (date(2027, 1, 31), "month", date(2027, 2, 28)),
    (date(2028, 1, 31), "month", date(2028, 2, 29)),
    (date(2027, 1, 30), "month", date(2027, 2, 28)),
    (date(2027, 3, 31), "month", date(2027, 4, 30)),
    (date(2026, 12, 15), "month", date(2027, 1, 14)),
    (date(2026, 11, 30), "quarter", date(2027, 2, 28)),
    (date(2027, 1, 1), "quarter", date(2027, 3, 31)),
    (date(2027, 1, 1), "year", date(2027, 12, 31)),
    (date(2028, 2, 29), "year", date(2029, 2, 28)),
])
def test_period_ends(start, period, end):
    assert period_end(start, period) == end


def test_renewed_months_follow_each_other_without_gaps():
    start = date(2027, 1, 31)
    for expected_end in (date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)):
        end = period_end(start, "month")
        assert end == expected_end
        start = end + timedelta(days=1)

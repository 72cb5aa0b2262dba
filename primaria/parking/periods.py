"""Validity periods: a subscription runs from its first day to the day before the same date one period later.

A month from 15 January ends on 14 February. When the same date does not exist in the month reached (31
January plus one month: there is no 31 February) the next period would begin on the first day of the month
after, so the subscription ends on the last day of the short month: 31 January -> 28 February (29 in a leap
year), and its renewal starts on 1 March. A quarter is three months, a year twelve.
"""

import calendar
from datetime import date, timedelta

MONTHS = {"month": 1, "quarter": 3, "year": 12}


def next_start(start: date, months: int) -> date:
    """The same date `months` later; the first of the month after when that date does not exist."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if start.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, start.day)
    return date(year + month // 12, month % 12 + 1, 1)


def period_end(start: date, period: str) -> date:
    """The last day of a period of kind `period` ("month", "quarter", "year") that begins on `start`."""
    return next_start(start, MONTHS[period]) - timedelta(days=1)

"""Dates as the command line and the HTTP API take them: a year, a month or a day."""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def is_date(value: str) -> bool:
    """A date of any precision (YYYY, YYYY-MM, YYYY-MM-DD) that exists on the calendar."""
    if not _DATE.match(value):
        return False
    padded = value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value
    try:
        dt.date.fromisoformat(padded)
    except ValueError:
        return False
    return True

"""Dates and weekdays in the user's language, by Babel (CLDR) rather than strftime.

strftime names days and months in the process locale (English here) and knows no grammar;
CLDR patterns give "Monday, 23 November" in English and "понедельник, 23 ноября" in Russian,
the month in the genitive that a date needs. Times stay HH:MM (bot.domain.schedule.format_time).
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date


def weekday_and_date(day: date, language: str) -> str:
    """The weekday and the date: "Monday, 23 November", "понедельник, 23 ноября"."""
    return format_date(day, format="EEEE, d MMMM", locale=language)


def weekday(day: date, language: str) -> str:
    """The name of the weekday: "Monday", "понедельник"."""
    return format_date(day, format="EEEE", locale=language)


def day_and_month(day: date, language: str) -> str:
    """The day of the month and the month's name: "23 November", "23 ноября"."""
    return format_date(day, format="d MMMM", locale=language)


def short_date(day: date, language: str) -> str:
    """A compact date for tables: "23 Nov", "23 нояб."."""
    return format_date(day, format="d MMM", locale=language)

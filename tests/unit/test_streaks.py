"""Streak rules, totals, ratings, and the calendar picture."""

from __future__ import annotations

import io
import time
from datetime import date, timedelta

import pytest
from PIL import Image

from bot import progress_image
from bot.domain.progress import (
    FinishedSession,
    Pause,
    Streaks,
    average_ratings,
    streaks,
    summarize,
)

MON = date(2026, 11, 16)  # a Monday


def days(*offsets: int) -> list[date]:
    return [MON + timedelta(days=o) for o in offsets]


def test_empty_history() -> None:
    assert streaks([], MON, weekdays_only=False) == Streaks(0, 0)


def test_daily_run_and_a_break() -> None:
    history = days(0, 1, 2, 4, 5)  # Wednesday done, Thursday missed
    assert streaks(history, MON + timedelta(days=5), weekdays_only=False) == Streaks(2, 3)


def test_today_not_done_yet_keeps_yesterdays_streak() -> None:
    assert streaks(days(0, 1, 2), MON + timedelta(days=3), weekdays_only=False).current == 3


def test_yesterday_missed_breaks_it() -> None:
    assert streaks(days(0, 1), MON + timedelta(days=3), weekdays_only=False).current == 0


def test_weekends_do_not_break_a_workday_streak() -> None:
    history = days(0, 1, 2, 3, 4, 7)  # Mon–Fri, then the next Monday
    assert streaks(history, MON + timedelta(days=7), weekdays_only=True) == Streaks(6, 6)
    assert streaks(history, MON + timedelta(days=7), weekdays_only=False).current == 1


def test_a_weekend_routine_adds_to_the_streak() -> None:
    history = days(3, 4, 5, 7)  # Thu, Fri, Sat, Mon
    assert streaks(history, MON + timedelta(days=7), weekdays_only=True).current == 4


def test_a_missed_weekday_breaks_even_with_workday_reminders() -> None:
    history = days(0, 1, 3)  # Wednesday missed
    assert streaks(history, MON + timedelta(days=3), weekdays_only=True) == Streaks(1, 2)


def test_a_pause_freezes_the_streak() -> None:
    history = days(0, 1, 2, 6)  # Mon–Wed, paused Thu–Sat, Sunday done
    pause = Pause(MON + timedelta(days=3), MON + timedelta(days=5))
    assert streaks(history, MON + timedelta(days=6), weekdays_only=False, pauses=[pause]) == (
        Streaks(4, 4)
    )
    assert streaks(history, MON + timedelta(days=6), weekdays_only=False).current == 1


def test_a_pause_over_a_weekend() -> None:
    history = days(0, 1, 2, 3, 8)  # Mon–Thu, paused Fri–Mon (a weekend inside), Tuesday done
    pause = Pause(MON + timedelta(days=4), MON + timedelta(days=7))
    result = streaks(history, MON + timedelta(days=8), weekdays_only=True, pauses=[pause])
    assert result == Streaks(5, 5)


def test_days_in_the_future_are_ignored() -> None:
    assert streaks(days(0, 1, 9), MON + timedelta(days=1), weekdays_only=False) == Streaks(2, 2)


def test_three_years_of_history_is_fast() -> None:
    history = [MON - timedelta(days=i) for i in range(3 * 365)]
    started = time.perf_counter()
    result = streaks(history, MON, weekdays_only=True, pauses=[Pause(MON, MON)])
    assert time.perf_counter() - started < 0.5
    assert result.current == 3 * 365


def test_summary_totals_and_top_routines() -> None:
    today = date(2026, 12, 2)  # Wednesday; the ISO week started on Monday 30 November
    sessions = [
        FinishedSession(date(2026, 11, 25), "neck", 12),
        FinishedSession(date(2026, 11, 30), "full", 33),
        FinishedSession(date(2026, 12, 1), "neck", 11),
        FinishedSession(date(2026, 12, 1), "ribs", 2),
        FinishedSession(date(2026, 12, 9), "full", 30),  # the future: ignored
    ]
    progress = summarize(sessions, today, weekdays_only=False)
    assert (progress.week.sessions, progress.week.minutes) == (3, 46)
    assert (progress.month.sessions, progress.month.minutes) == (2, 13)
    assert (progress.total.sessions, progress.total.minutes) == (4, 58)
    assert progress.top_routines == (("neck", 2), ("full", 1), ("ribs", 1))
    assert progress.last_day == date(2026, 12, 1)
    assert progress.per_day[date(2026, 12, 1)] == 2


def test_average_ratings() -> None:
    ratings = average_ratings([(4, 2), (6, None), (None, 3), (None, None)])
    assert (ratings.before, ratings.after, ratings.count) == (5.0, 2.5, 1)
    assert average_ratings([]).before is None


LABELS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


def test_calendar_is_a_phone_sized_png_drawn_quickly() -> None:
    busy = {MON - timedelta(days=i): i % 4 for i in range(35)}
    started = time.perf_counter()
    png = progress_image.calendar_png(busy, MON, weekday_labels=LABELS, title="The last 5 weeks")
    assert time.perf_counter() - started < 0.5
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.mode == "RGB"
    assert 600 <= image.width <= 800
    assert image.height <= 800
    empty = progress_image.calendar_png({}, MON, weekday_labels=LABELS, title="The last 5 weeks")
    assert empty != png


def test_calendar_with_cyrillic_and_without_system_fonts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(progress_image, "FONT_PATHS", ("/nonexistent/font.ttf",))
    labels = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]
    png = progress_image.calendar_png(
        {MON: 1}, MON, weekday_labels=labels, title="Последние 5 недель"
    )
    assert png.startswith(b"\x89PNG")


def test_emoji_grid() -> None:
    grid = progress_image.emoji_grid(
        {MON: 1, MON - timedelta(days=1): 2}, MON + timedelta(days=1), weekday_labels=LABELS
    )
    lines = grid.splitlines()
    assert len(lines) == 7
    assert lines[0].startswith("Mo ")
    assert lines[0].endswith("🟩")
    assert lines[6].endswith("🟢▫️")

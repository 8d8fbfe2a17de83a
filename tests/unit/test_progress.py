"""Streak rules, weekly/monthly/total summaries and the discomfort trend."""

from __future__ import annotations

import time
from datetime import date, timedelta

from bot.domain.progress import (
    FinishedSession,
    Pause,
    Ratings,
    Streaks,
    Totals,
    average_ratings,
    streaks,
    summarize,
)

MON = date(2026, 11, 16)  # a Monday; MON + 5 is Saturday, MON + 6 Sunday, MON + 7 Monday


def day(offset: int) -> date:
    return MON + timedelta(days=offset)


def days(*offsets: int) -> list[date]:
    return [day(o) for o in offsets]


def pause(first: int, last: int) -> Pause:
    return Pause(day(first), day(last))


def test_the_reference_day_is_a_monday() -> None:
    assert MON.weekday() == 0


# --- streaks ---------------------------------------------------------------------------------


def test_empty_history_is_zero() -> None:
    assert streaks([], MON, weekdays_only=False) == Streaks(0, 0)
    assert streaks([], MON, weekdays_only=True, pauses=[pause(-3, 3)]) == Streaks(0, 0)


def test_consecutive_days_up_to_today() -> None:
    assert streaks(days(0, 1, 2, 3), day(3), weekdays_only=False) == Streaks(4, 4)


def test_input_order_generators_and_duplicates_do_not_matter() -> None:
    history = days(2, 0, 1, 1, 2, 0)
    assert streaks(iter(history), day(2), weekdays_only=False) == Streaks(3, 3)


def test_weekdays_only_streak_goes_across_an_empty_weekend() -> None:
    history = days(0, 1, 2, 3, 4, 7)  # Mon–Fri, nothing at the weekend, the next Monday
    assert streaks(history, day(7), weekdays_only=True) == Streaks(6, 6)


def test_an_empty_weekend_breaks_an_every_day_streak() -> None:
    history = days(0, 1, 2, 3, 4, 7)
    assert streaks(history, day(7), weekdays_only=False) == Streaks(1, 5)


def test_a_weekend_routine_adds_to_a_workday_streak() -> None:
    history = days(3, 4, 5, 7)  # Thu, Fri, Sat, Mon
    assert streaks(history, day(7), weekdays_only=True) == Streaks(4, 4)
    both_days = days(3, 4, 5, 6, 7)
    assert streaks(both_days, day(7), weekdays_only=True) == Streaks(5, 5)


def test_a_missed_weekday_breaks_even_with_workday_reminders() -> None:
    history = days(0, 1, 3)  # Wednesday missed
    assert streaks(history, day(3), weekdays_only=True) == Streaks(1, 2)


def test_today_not_done_yet_keeps_yesterdays_streak() -> None:
    assert streaks(days(0, 1, 2), day(3), weekdays_only=False) == Streaks(3, 3)
    assert streaks(days(0, 1, 2), day(3), weekdays_only=True) == Streaks(3, 3)


def test_today_not_done_on_a_monday_looks_back_across_the_weekend() -> None:
    assert streaks(days(0, 1, 2, 3, 4), day(7), weekdays_only=True) == Streaks(5, 5)


def test_a_missed_yesterday_ends_the_current_streak() -> None:
    assert streaks(days(0, 1), day(3), weekdays_only=False) == Streaks(0, 2)


def test_a_missed_friday_ends_a_workday_streak_seen_on_monday() -> None:
    assert streaks(days(0, 1, 2, 3), day(7), weekdays_only=True) == Streaks(0, 4)


def test_today_done_after_a_missed_yesterday_starts_again() -> None:
    assert streaks(days(0, 1, 3), day(3), weekdays_only=False) == Streaks(1, 2)


def test_a_pause_of_several_days_freezes_the_streak() -> None:
    history = days(0, 1, 2, 6)  # Mon–Wed, paused Thu–Sat, Sunday done
    assert streaks(history, day(6), weekdays_only=False, pauses=[pause(3, 5)]) == Streaks(4, 4)
    assert streaks(history, day(6), weekdays_only=False) == Streaks(1, 3)


def test_a_streak_stays_frozen_while_the_pause_lasts() -> None:
    history = days(0, 1, 2)
    result = streaks(history, day(5), weekdays_only=False, pauses=[pause(3, 9)])
    assert result == Streaks(3, 3)


def test_a_routine_during_a_pause_is_a_bonus() -> None:
    history = days(0, 1, 4, 6)  # Thursday paused and skipped, Friday done while paused
    result = streaks(history, day(6), weekdays_only=False, pauses=[pause(2, 5)])
    assert result == Streaks(4, 4)


def test_a_pause_over_a_weekend() -> None:
    history = days(0, 1, 2, 3, 8)  # Mon–Thu, paused Fri–Mon (a weekend inside), Tuesday done
    result = streaks(history, day(8), weekdays_only=True, pauses=[pause(4, 7)])
    assert result == Streaks(5, 5)
    # Every day counts: the pause still covers the weekend.
    assert streaks(history, day(8), weekdays_only=False, pauses=[pause(4, 7)]) == Streaks(5, 5)
    # Without the pause, the missed Friday breaks it.
    assert streaks(history, day(8), weekdays_only=True) == Streaks(1, 4)


def test_a_pause_does_not_bridge_the_missed_days_around_it() -> None:
    history = days(0, 1, 5)  # Wednesday missed before the pause on Thursday–Friday
    result = streaks(history, day(5), weekdays_only=False, pauses=[pause(3, 4)])
    assert result == Streaks(1, 2)


def test_overlapping_and_far_away_pauses() -> None:
    pauses = [pause(2, 4), pause(3, 5), Pause(date(2000, 1, 1), date(2000, 1, 9))]
    assert streaks(days(0, 1, 6), day(6), weekdays_only=False, pauses=pauses) == Streaks(3, 3)


def test_best_is_the_longest_run_and_current_the_latest() -> None:
    history = [*days(*range(10)), *days(20, 21)]
    assert streaks(history, day(21), weekdays_only=False) == Streaks(2, 10)
    assert streaks(history, day(30), weekdays_only=False) == Streaks(0, 10)


def test_days_in_the_future_are_ignored() -> None:
    assert streaks(days(0, 1, 2, 3, 4), day(1), weekdays_only=False) == Streaks(2, 2)
    assert streaks(days(5, 6), day(1), weekdays_only=False) == Streaks(0, 0)


def test_three_years_of_daily_history_is_fast() -> None:
    history = [MON - timedelta(days=i) for i in range(3 * 365)]
    pauses = [
        Pause(MON - timedelta(days=i + 10), MON - timedelta(days=i)) for i in range(0, 900, 30)
    ]
    started = time.perf_counter()
    result = streaks(history, MON, weekdays_only=True, pauses=pauses)
    elapsed = time.perf_counter() - started
    assert result == Streaks(3 * 365, 3 * 365)
    assert elapsed < 0.05


def test_an_endless_pause_is_clipped_to_the_history() -> None:
    started = time.perf_counter()
    result = streaks([MON], MON, weekdays_only=False, pauses=[Pause(date.min, date.max)])
    assert time.perf_counter() - started < 0.05
    assert result == Streaks(1, 1)


# --- summarize -------------------------------------------------------------------------------

TODAY = date(2026, 12, 2)  # a Wednesday; its ISO week started on Monday 30 November


def session(when: date, routine: str = "neck", minutes: int = 10) -> FinishedSession:
    return FinishedSession(when, routine, minutes)


def test_summary_of_nothing() -> None:
    progress = summarize([], TODAY, weekdays_only=False)
    assert progress.streaks == Streaks(0, 0)
    assert progress.week == progress.month == progress.total == Totals(0, 0)
    assert progress.top_routines == ()
    assert progress.last_day is None
    assert progress.per_day == {}


def test_week_is_the_iso_week_from_monday_to_today() -> None:
    sessions = [
        session(date(2026, 11, 29), minutes=7),  # Sunday: last week
        session(date(2026, 11, 30), minutes=11),  # Monday: this week, last month
        session(date(2026, 12, 2), minutes=13),  # today
    ]
    progress = summarize(sessions, TODAY, weekdays_only=False)
    assert progress.week == Totals(2, 24)


def test_week_on_a_monday_and_a_sunday() -> None:
    sessions = [session(date(2026, 11, 29)), session(date(2026, 11, 30))]
    assert summarize(sessions, date(2026, 11, 30), weekdays_only=False).week == Totals(1, 10)
    assert summarize(sessions, date(2026, 11, 29), weekdays_only=False).week == Totals(1, 10)


def test_month_is_the_calendar_month() -> None:
    sessions = [
        session(date(2025, 12, 1), minutes=50),  # the same month a year ago
        session(date(2026, 11, 30), minutes=11),
        session(date(2026, 12, 1), minutes=5),
        session(date(2026, 12, 2), minutes=6),
    ]
    progress = summarize(sessions, TODAY, weekdays_only=False)
    assert progress.month == Totals(2, 11)
    assert progress.total == Totals(4, 72)


def test_future_sessions_are_ignored_everywhere() -> None:
    sessions = [session(date(2026, 12, 1)), session(date(2026, 12, 3), "full", 30)]
    progress = summarize(sessions, TODAY, weekdays_only=False)
    assert progress.total == progress.week == progress.month == Totals(1, 10)
    assert progress.top_routines == (("neck", 1),)
    assert progress.last_day == date(2026, 12, 1)
    assert date(2026, 12, 3) not in progress.per_day


def test_top_routines_most_first_ties_by_id_at_most_three() -> None:
    sessions = [
        *(session(date(2026, 11, 1), "wrists") for _ in range(2)),
        *(session(date(2026, 11, 2), "neck") for _ in range(3)),
        *(session(date(2026, 11, 3), "back") for _ in range(2)),
        *(session(date(2026, 11, 4), "ankles") for _ in range(2)),
        session(date(2026, 11, 5), "full"),
    ]
    progress = summarize(sessions, TODAY, weekdays_only=False)
    assert progress.top_routines == (("neck", 3), ("ankles", 2), ("back", 2))


def test_last_day_and_sessions_per_day() -> None:
    sessions = [
        session(date(2026, 11, 20)),
        session(date(2026, 12, 1), "full"),
        session(date(2026, 12, 1), "neck"),
        session(date(2026, 11, 25)),
    ]
    progress = summarize(sessions, TODAY, weekdays_only=False)
    assert progress.last_day == date(2026, 12, 1)
    assert progress.per_day == {date(2026, 11, 20): 1, date(2026, 11, 25): 1, date(2026, 12, 1): 2}


def test_summary_streaks_follow_the_rules() -> None:
    sessions = [
        session(date(2026, 11, 27)),
        session(date(2026, 11, 30)),
        session(date(2026, 12, 1)),
    ]
    assert summarize(sessions, TODAY, weekdays_only=True).streaks == Streaks(3, 3)
    assert summarize(sessions, TODAY, weekdays_only=False).streaks == Streaks(2, 2)
    paused = [Pause(date(2026, 11, 28), date(2026, 11, 29))]
    assert summarize(sessions, TODAY, weekdays_only=False, pauses=paused).streaks == Streaks(3, 3)


# --- ratings ---------------------------------------------------------------------------------


def test_average_ratings_each_side_over_its_own_values() -> None:
    ratings = average_ratings([(4, 2), (6, None), (None, 3), (None, None)])
    assert ratings == Ratings(before=5.0, after=2.5, count=1)


def test_average_ratings_round_to_one_decimal() -> None:
    ratings = average_ratings([(1, 0), (2, 0), (2, 1)])
    assert ratings == Ratings(before=1.7, after=0.3, count=3)


def test_no_ratings() -> None:
    assert average_ratings([]) == Ratings(None, None, 0)
    assert average_ratings([(None, None)]) == Ratings(None, None, 0)
    assert average_ratings([(7, None)]) == Ratings(7.0, None, 0)

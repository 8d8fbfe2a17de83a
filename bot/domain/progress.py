"""Streaks, totals and the discomfort trend, from the days a user finished routines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

TOP_ROUTINES = 3


@dataclass(frozen=True, slots=True)
class Pause:
    """A paused span of local dates, both ends included."""

    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Streaks:
    """Days in a row: the run that reaches today, and the longest one."""

    current: int
    best: int


def _is_weekend(ordinal: int) -> bool:
    # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is date.weekday().
    return (ordinal - 1) % 7 >= 5


def streaks(
    active_days: Iterable[date],
    today: date,
    *,
    weekdays_only: bool,
    pauses: Sequence[Pause] = (),
) -> Streaks:
    """Current and best streak, from the local dates with at least one finished routine.

    - A day is *neutral* when it is a Saturday or Sunday and `weekdays_only` is set, or when
      it falls in a pause; every other day is *required*.
    - An active day always adds one to its run (a weekend or paused day done is a bonus).
    - An inactive neutral day neither adds nor breaks: the run goes on across it.
    - An inactive required day breaks the run.
    - Today, if not done yet, does not break anything: the day is not over, so `current` is
      the run that reached yesterday (across neutral days), and 0 if the last required day
      before today was missed.
    - `best` is the longest run anywhere, so never less than `current`.

    Active days after `today` are ignored; duplicates are fine. One pass over the days from
    the first active day to today.
    """
    last = today.toordinal()
    active = {ordinal for day in active_days if (ordinal := day.toordinal()) <= last}
    if not active:
        return Streaks(0, 0)
    first = min(active)
    paused: set[int] = set()
    for pause in pauses:
        paused.update(
            range(max(pause.start.toordinal(), first), min(pause.end.toordinal(), last) + 1)
        )

    best = run = 0
    for ordinal in range(first, last + 1):
        if ordinal in active:
            run += 1
            best = max(best, run)
        elif ordinal == last or ordinal in paused or (weekdays_only and _is_weekend(ordinal)):
            continue
        else:
            run = 0
    return Streaks(current=run, best=best)


@dataclass(frozen=True, slots=True)
class FinishedSession:
    """A finished routine, on the user's local date."""

    day: date
    routine_id: str
    minutes: int


@dataclass(frozen=True, slots=True)
class Totals:
    """Routines finished and their active minutes."""

    sessions: int
    minutes: int


@dataclass(frozen=True, slots=True)
class Progress:
    """Everything /progress shows, but the ratings."""

    streaks: Streaks
    week: Totals  # this ISO week, Monday..today
    month: Totals  # this calendar month
    total: Totals
    top_routines: tuple[tuple[str, int], ...]  # (routine_id, times), most first, ties by id
    last_day: date | None
    per_day: dict[date, int] = field(default_factory=dict)  # sessions per local date


def summarize(
    sessions: Sequence[FinishedSession],
    today: date,
    *,
    weekdays_only: bool,
    pauses: Sequence[Pause] = (),
) -> Progress:
    """Streaks, totals for this ISO week, this month and all time, and the routines done most.

    Sessions after `today` are ignored everywhere.
    """
    week_start = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    week = month = total = week_minutes = month_minutes = total_minutes = 0
    routines: Counter[str] = Counter()
    per_day: Counter[date] = Counter()
    for session in sessions:
        day = session.day
        if day > today:
            continue
        total += 1
        total_minutes += session.minutes
        if day >= week_start:
            week += 1
            week_minutes += session.minutes
        if day >= month_start:
            month += 1
            month_minutes += session.minutes
        routines[session.routine_id] += 1
        per_day[day] += 1
    top = sorted(routines.items(), key=lambda item: (-item[1], item[0]))[:TOP_ROUTINES]
    return Progress(
        streaks=streaks(per_day, today, weekdays_only=weekdays_only, pauses=pauses),
        week=Totals(week, week_minutes),
        month=Totals(month, month_minutes),
        total=Totals(total, total_minutes),
        top_routines=tuple(top),
        last_day=max(per_day, default=None),
        per_day=dict(per_day),
    )


@dataclass(frozen=True, slots=True)
class Ratings:
    """Average discomfort (0–10) before and after routines."""

    before: float | None
    after: float | None
    count: int


def _average(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def average_ratings(pairs: Sequence[tuple[int | None, int | None]]) -> Ratings:
    """Averages (to one decimal) of the ratings given, each side over its own values.

    `count` is the number of sessions rated both before and after.
    """
    before = [b for b, _ in pairs if b is not None]
    after = [a for _, a in pairs if a is not None]
    both = sum(1 for b, a in pairs if b is not None and a is not None)
    return Ratings(before=_average(before), after=_average(after), count=both)

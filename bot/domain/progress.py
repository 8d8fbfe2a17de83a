"""Streaks, totals and the discomfort trend, from the days a user finished routines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta


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


def streaks(
    active_days: Iterable[date],
    today: date,
    *,
    weekdays_only: bool,
    pauses: Sequence[Pause] = (),
) -> Streaks:
    """Current and best streak.

    - A day is *neutral* when it is a weekend day and the user's reminders are for workdays,
      or when it falls in a pause; every other day is *required*.
    - An active day always adds one to its run (a weekend or paused day done is a bonus).
    - An inactive neutral day neither adds nor breaks: the run goes on across it.
    - An inactive required day breaks the run.
    - Today, if not done yet, does not break the current run: the day is not over.
    Active days after `today` are ignored.
    """
    days = {day for day in active_days if day <= today}
    if not days:
        return Streaks(0, 0)

    def neutral(day: date) -> bool:
        if weekdays_only and day.weekday() >= 5:
            return True
        return any(p.start <= day <= p.end for p in pauses)

    best = run = 0
    day = min(days)
    while day <= today:
        if day in days:
            run += 1
        elif day == today or neutral(day):
            pass
        else:
            run = 0
        best = max(best, run)
        day += timedelta(days=1)
    return Streaks(current=run, best=best)


@dataclass(frozen=True, slots=True)
class FinishedSession:
    """A finished routine, on the user's local date."""

    day: date
    routine_id: str
    minutes: int


@dataclass(frozen=True, slots=True)
class Totals:
    """Routines finished and their minutes."""

    sessions: int
    minutes: int


@dataclass(frozen=True, slots=True)
class Progress:
    """Everything /progress shows, but the ratings."""

    streaks: Streaks
    week: Totals
    month: Totals
    total: Totals
    top_routines: tuple[tuple[str, int], ...]
    last_day: date | None
    per_day: dict[date, int] = field(default_factory=dict)


def _totals(sessions: Iterable[FinishedSession]) -> Totals:
    chosen = list(sessions)
    return Totals(len(chosen), sum(s.minutes for s in chosen))


def summarize(
    sessions: Sequence[FinishedSession],
    today: date,
    *,
    weekdays_only: bool,
    pauses: Sequence[Pause] = (),
) -> Progress:
    """Streaks, totals for this ISO week, this month and all time, the routines done most."""
    past = [s for s in sessions if s.day <= today]
    week_start = today - timedelta(days=today.weekday())
    counts = Counter(s.routine_id for s in past)
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
    return Progress(
        streaks=streaks((s.day for s in past), today, weekdays_only=weekdays_only, pauses=pauses),
        week=_totals(s for s in past if s.day >= week_start),
        month=_totals(s for s in past if (s.day.year, s.day.month) == (today.year, today.month)),
        total=_totals(past),
        top_routines=tuple(top),
        last_day=max((s.day for s in past), default=None),
        per_day=dict(Counter(s.day for s in past)),
    )


@dataclass(frozen=True, slots=True)
class Ratings:
    """Average discomfort (0–10) before and after routines."""

    before: float | None
    after: float | None
    count: int


def average_ratings(pairs: Sequence[tuple[int | None, int | None]]) -> Ratings:
    """Averages of the ratings given; `count` is the sessions rated both before and after."""
    before = [b for b, _ in pairs if b is not None]
    after = [a for _, a in pairs if a is not None]
    return Ratings(
        before=round(sum(before) / len(before), 1) if before else None,
        after=round(sum(after) / len(after), 1) if after else None,
        count=sum(1 for b, a in pairs if b is not None and a is not None),
    )

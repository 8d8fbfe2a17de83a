"""Rendering of /progress, /pause, ratings, /mydata and /deleteme. No I/O."""

from __future__ import annotations

import logging
from datetime import date

from bot.content.formatting import weekday_and_date
from bot.content.keys import K, P
from bot.content.loader import Locale
from bot.features.menu import routine_title
from bot.features.progress.image import calendar_png, emoji_grid
from bot.services.progress import Overview

log = logging.getLogger(__name__)


def day_text(day: date, language: str) -> str:
    """A date as the user reads it: "Monday, 23 November", "понедельник, 23 ноября"."""
    return weekday_and_date(day, language)


def progress_text(locale: Locale, overview: Overview, *, with_grid: bool) -> str:
    """The numbers of /progress (and the emoji calendar when the picture is unavailable)."""
    texts = locale.texts
    progress = overview.progress
    lines = [texts.get(K.PROGRESS_TITLE)]
    if overview.paused_until:
        lines.append(
            texts.get(K.PROGRESS_PAUSED, date=day_text(overview.paused_until, locale.language))
        )
    if progress.total.sessions == 0:
        lines.append(texts.get(K.PROGRESS_EMPTY))
        return "\n\n".join(lines)
    streaks = progress.streaks
    lines.append(
        texts.get(
            K.PROGRESS_STREAK,
            current=texts.count(P.DAYS, streaks.current),
            best=texts.count(P.DAYS, streaks.best),
        )
    )
    lines.append(
        "\n".join(
            texts.get(
                key,
                sessions=texts.count(P.ROUTINES, period.sessions),
                minutes=period.minutes,
            )
            for key, period in (
                (K.PROGRESS_WEEK, progress.week),
                (K.PROGRESS_MONTH, progress.month),
                (K.PROGRESS_TOTAL, progress.total),
            )
        )
    )
    top = ", ".join(
        texts.get(K.PROGRESS_TOP_ITEM, routine=routine_title(locale, routine_id), count=count)
        for routine_id, count in progress.top_routines
    )
    details = [texts.get(K.PROGRESS_TOP, routines=top)]
    if progress.last_day:
        details.append(
            texts.get(K.PROGRESS_LAST, date=day_text(progress.last_day, locale.language))
        )
    lines.append("\n".join(details))
    ratings = overview.ratings
    if ratings.before is not None or ratings.after is not None:
        lines.append(
            texts.get(
                K.PROGRESS_RATINGS,
                before=_score(ratings.before),
                after=_score(ratings.after),
            )
        )
    else:
        lines.append(texts.get(K.PROGRESS_NO_RATINGS))
    if with_grid:
        grid = emoji_grid(progress.per_day, overview.today, weekday_labels=weekday_labels(locale))
        lines.append(f"{texts.get(K.PROGRESS_CALENDAR_TEXT)}\n{grid}")
    lines.append(texts.get(K.PROGRESS_RULES))
    return "\n\n".join(lines)


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def weekday_labels(locale: Locale) -> list[str]:
    """Seven short weekday names, Monday first."""
    labels = locale.texts.get(K.PROGRESS_WEEKDAY_LABELS).split()
    return labels if len(labels) == 7 else ["1", "2", "3", "4", "5", "6", "7"]


def progress_picture(locale: Locale, overview: Overview) -> tuple[bytes, str] | None:
    """The five-week calendar as a PNG with its caption; None when it cannot be drawn."""
    texts = locale.texts
    streaks = overview.progress.streaks
    try:
        png = calendar_png(
            overview.progress.per_day,
            overview.today,
            weekday_labels=weekday_labels(locale),
            title=texts.get(K.PROGRESS_CALENDAR_TITLE),
        )
    except Exception:  # Pillow or fonts missing or broken: the text grid stands in
        log.warning("progress picture could not be drawn", exc_info=True)
        return None
    caption = texts.get(
        K.PROGRESS_CAPTION,
        current=texts.count(P.DAYS, streaks.current),
        best=texts.count(P.DAYS, streaks.best),
    )
    return png, caption

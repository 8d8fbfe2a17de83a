"""The ⏱ hold timer: one per chat, kept in memory (a timer lost in a restart is acceptable)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from telegram.ext import ContextTypes, JobQueue

from bot.content.keys import K
from bot.content.loader import Locale
from bot.domain.program import Exercise

Context = ContextTypes.DEFAULT_TYPE


def _job_name(chat_id: int) -> str:
    return f"hold-timer:{chat_id}"


def cancel_timer(job_queue: JobQueue[Any] | None, chat_id: int) -> None:
    """Drops the chat's running timer, if any (the user moved on)."""
    if job_queue is None:
        return
    for job in job_queue.get_jobs_by_name(_job_name(chat_id)):
        job.schedule_removal()


def start_timer(job_queue: JobQueue[Any], chat_id: int, locale: Locale, exercise: Exercise) -> str:
    """Schedules the cues of a hold and returns the message announcing it."""
    hold = exercise.hold
    if hold is None:
        raise ValueError(f"exercise {exercise.id} has no hold")
    cancel_timer(job_queue, chat_id)
    title = locale.exercises[exercise.id].title
    name = _job_name(chat_id)
    texts = locale.texts
    # Timers run on the scheduler's real clock; one base instant keeps the cues exactly apart.
    started = datetime.now(UTC)
    if hold.sides == 2:
        switch = texts.get(K.TIMER_SWITCH_SIDES, title=title, seconds=hold.seconds)
        when = started + timedelta(seconds=hold.seconds)
        job_queue.run_once(_cue, when=when, data=switch, name=name, chat_id=chat_id)
    done = texts.get(K.TIMER_DONE, title=title)
    when = started + timedelta(seconds=hold.total_seconds)
    job_queue.run_once(_cue, when=when, data=done, name=name, chat_id=chat_id)
    key = K.TIMER_STARTED_TWO_SIDES if hold.sides == 2 else K.TIMER_STARTED
    return texts.get(key, title=title, seconds=hold.seconds)


async def _cue(context: Context) -> None:
    job = context.job
    if job is None or job.chat_id is None or not isinstance(job.data, str):
        return
    await context.bot.send_message(job.chat_id, job.data)

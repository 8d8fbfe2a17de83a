"""The ⏱ hold timer: one per user, kept in the database, its cues run by the JobQueue.

The database row is the timer; the in-memory jobs only wake the process at the right moment.
A cue is sent by whoever claims it first, so after a restart (jobs are scheduled again from the
rows) or with several instances each cue goes out exactly once.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from telegram.ext import CallbackContext, JobQueue

from bot.content.keys import K
from bot.content.loader import Locale
from bot.deps import Deps
from bot.domain.program import Exercise, Hold
from bot.storage.timers import Cue, PendingCue

log = logging.getLogger(__name__)


def _job_name(chat_id: int) -> str:
    return f"hold-timer:{chat_id}"


def cancel_cues(job_queue: JobQueue[Any] | None, chat_id: int) -> None:
    """Unschedules the chat's cues here; the coaching service already dropped the timer's
    row with the press that moved on, so a cue left elsewhere finds nothing to send."""
    if job_queue is not None:
        for job in job_queue.get_jobs_by_name(_job_name(chat_id)):
            job.schedule_removal()


def _now() -> datetime:
    # The JobQueue runs on the real clock, so the timer does too.
    return datetime.now(UTC)


class HoldTimers:
    """Starts, cancels and restores hold timers, and sends their cues."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def start(
        self,
        job_queue: JobQueue[Any],
        chat_id: int,
        user_id: int,
        locale: Locale,
        exercise: Exercise,
        card: tuple[int, int],
    ) -> str | None:
        """Starts the timer of a hold on the card `(session id, step)`, replacing a running
        one; returns its announcement, or None when the user moved on meanwhile (a ✅ Done
        that raced the ⏱)."""
        hold = exercise.hold
        if hold is None:
            raise ValueError(f"exercise {exercise.id} has no hold")
        async with self._deps.timers() as timers:
            cues = await timers.start(card, user_id, chat_id, exercise.id, hold, _now())
        if not cues:
            return None
        cancel_cues(job_queue, chat_id)
        for cue in cues:
            self._schedule(job_queue, cue)
        title = locale.exercises[exercise.id].title
        key = K.TIMER_STARTED_TWO_SIDES if hold.sides == 2 else K.TIMER_STARTED
        return locale.texts.get(key, title=title, seconds=hold.seconds, change=hold.change_seconds)

    async def restore(self, job_queue: JobQueue[Any]) -> None:
        """At start-up: schedules every cue still due; forgets timers long past."""
        async with self._deps.timers() as timers:
            pending = await timers.restore(_now())
        for cue in pending:
            self._schedule(job_queue, cue)
        if pending:
            log.info("hold timers restored: %d cues", len(pending))

    def _schedule(self, job_queue: JobQueue[Any], cue: PendingCue) -> None:
        job_queue.run_once(
            self._send_cue,
            when=max(cue.due_at, _now()),
            data=cue,
            name=_job_name(cue.chat_id),
            chat_id=cue.chat_id,
        )

    async def _send_cue(self, context: CallbackContext[Any, Any, Any, Any]) -> None:
        job = context.job
        if job is None or not isinstance(job.data, PendingCue):
            return
        async with self._deps.timers() as timers:
            claimed = await timers.claim(job.data)
        if claimed is None:
            return  # sent by another instance, or the timer was cancelled or replaced
        locale = self._deps.content.locale(claimed.language_code)
        words = locale.exercises.get(claimed.exercise_id)
        if words is None:  # the exercise left the content since the timer started
            return
        if job.data.cue is Cue.SWITCH:
            hold = _hold(self._deps, claimed.exercise_id)
            text = locale.texts.get(
                K.TIMER_SWITCH_SIDES,
                title=words.title,
                seconds=hold.seconds,
                change=hold.change_seconds,
            )
        else:
            text = locale.texts.get(K.TIMER_DONE, title=words.title)
        await context.bot.send_message(claimed.chat_id, text)


def _hold(deps: Deps, exercise_id: str) -> Hold:
    exercise = deps.content.program.exercise(exercise_id)
    return exercise.hold if exercise and exercise.hold else Hold(0)

"""The coaching use cases: start a routine, apply a press, stop, summarise."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.domain.flow import (
    CardAction,
    Outcome,
    SessionState,
    SessionStatus,
    Summary,
    TapVerdict,
    active_minutes,
    advance,
    answer_maybe_lost,
    judge_press,
    moves_on,
    step_after,
)
from bot.domain.program import Exercise, Program, Routine
from bot.services.progress import ProgressService
from bot.storage.repositories import SessionRepository
from bot.storage.timers import TimerRepository


@dataclass(frozen=True, slots=True)
class Card:
    """The card a session is on."""

    session: SessionState
    routine: Routine
    exercise: Exercise

    @property
    def step(self) -> int:
        """0-based position in the routine."""
        return self.session.step


# --- outcomes of starting a routine ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Started:
    """A new session was opened (or the open one of the same routine goes on)."""

    card: Card
    resumed: bool = False


@dataclass(frozen=True, slots=True)
class OpenElsewhere:
    """Another routine is open: the user must choose."""

    open_session: SessionState
    requested: Routine


@dataclass(frozen=True, slots=True)
class NoSuchRoutine:
    """The routine id is unknown (a stale button, or content changed)."""


StartOutcome = Started | OpenElsewhere | NoSuchRoutine


# --- outcomes of a press on a card ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rejected:
    """The press changed nothing; the verdict says why."""

    verdict: TapVerdict


@dataclass(frozen=True, slots=True)
class Moved:
    """Done or Skip was applied: the pressed card, and the next card or the summary.

    `again`: it had been applied already, by an earlier press whose answer may not have reached
    the user (see `answer_maybe_lost`); nothing was applied now, the answer is to be shown again.
    """

    exercise: Exercise
    session: SessionState
    outcome: Outcome
    next_card: Card | None
    summary: Summary | None
    again: bool = False


@dataclass(frozen=True, slots=True)
class Ended:
    """The session was stopped on this card (`again`: by an earlier press, as for Moved)."""

    exercise: Exercise | None
    session: SessionState
    summary: Summary
    again: bool = False


@dataclass(frozen=True, slots=True)
class TimerAllowed:
    """The timer may run for this card."""

    exercise: Exercise
    session: SessionState


PressOutcome = Rejected | Moved | Ended | TimerAllowed


class CoachingService:
    """Coaching use cases over one database session (one transaction)."""

    def __init__(self, session: AsyncSession, program: Program, clock: Clock) -> None:
        self._sessions = SessionRepository(session)
        self._program = program
        self._clock = clock
        self._progress = ProgressService(session, clock)
        self._timers = TimerRepository(session)

    async def open_session(self, user_id: int) -> SessionState | None:
        """The user's open session, if any."""
        return await self._sessions.active_for(user_id)

    async def start(self, user_id: int, routine_id: str) -> StartOutcome:
        """Opens a routine, goes on with the same open one, or reports another open one.

        The user is stored already (the update's user was met before the handler ran)."""
        routine = self._program.routine(routine_id)
        if routine is None or routine.total == 0:
            return NoSuchRoutine()
        open_session = await self.open_session(user_id)
        if open_session is not None:
            open_card = self._card(open_session)
            if open_card is None:
                # Its routine is gone from the content: close it and go on.
                await self._sessions.end(open_session.id, self._now())
            elif open_session.routine_id == routine.id:
                return Started(open_card, resumed=True)
            else:
                return OpenElsewhere(open_session, routine)
        created = await self._sessions.create(user_id, routine.id, routine.total, self._now())
        if created is None:  # a concurrent start won; show what is open now
            current = await self._sessions.active_for(user_id)
            card = self._card(current) if current else None
            return Started(card, resumed=True) if card else NoSuchRoutine()
        return Started(Card(created, routine, routine.exercises[0]))

    async def resume(self, user_id: int, session_id: int) -> Started | Rejected:
        """Goes on with an open session chosen from the "continue or start new" question."""
        session = await self._sessions.get(session_id)
        verdict = judge_press(session, user_id, session.step if session else 0)
        if session is None or verdict is not TapVerdict.APPLY:
            return Rejected(verdict)
        card = self._card(session)
        if card is None:
            return Rejected(TapVerdict.ENDED)
        return Started(card, resumed=True)

    async def replace(self, user_id: int, session_id: int, routine_id: str) -> StartOutcome:
        """Stops the open session `session_id` (if still open) and starts `routine_id`."""
        session = await self._sessions.get(session_id)
        if session is not None and session.user_id == user_id:
            await self._sessions.end(session.id, self._now())
            await self._timers.cancel(user_id)
        return await self.start(user_id, routine_id)

    async def press(
        self, user_id: int, session_id: int, step: int, action: CardAction, message_id: int
    ) -> PressOutcome:
        """Applies a press on card `step` of a session (shown in message `message_id`) at most
        once. A press that does not apply is rejected, or, on the card of the last applied press,
        answered again with what that press led to (`again`).

        A press never stores a user who is not stored (after /deleteme, say)."""
        if moves_on(action):
            return await self._move(user_id, session_id, step, action, message_id)
        session = await self._sessions.get(session_id)
        verdict = judge_press(session, user_id, step)
        lost = verdict is not TapVerdict.APPLY and answer_maybe_lost(
            session, user_id, step, action, message_id
        )
        if session is not None and action is CardAction.STOP and lost:
            return await self._answer_again(session, step)
        if session is None or verdict is not TapVerdict.APPLY:
            return Rejected(verdict)
        card = self._card(session)
        if action is CardAction.STOP:
            if not await self._sessions.end(session.id, self._now(), expected_step=step):
                return Rejected(TapVerdict.STALE)
            await self._timers.cancel(user_id)
            return Ended(card.exercise if card else None, session, await self._summary(session))
        if card is None:
            await self._sessions.end(session.id, self._now())
            return Rejected(TapVerdict.ENDED)
        if card.exercise.hold is None:
            return Rejected(TapVerdict.STALE)
        return TimerAllowed(card.exercise, session)

    async def _move(
        self, user_id: int, session_id: int, step: int, action: CardAction, message_id: int
    ) -> Rejected | Moved | Ended:
        # The hot path of every ✅ Done: check and move in one statement, and read the session
        # only to say why when the press does not apply.
        now = self._now()
        session = await self._sessions.step_forward(session_id, user_id, step, step_after(step))
        if session is None:
            current = await self._sessions.get(session_id)
            if answer_maybe_lost(current, user_id, step, action, message_id):
                assert current is not None
                return await self._answer_again(current, step)
            verdict = judge_press(current, user_id, step)
            return Rejected(TapVerdict.STALE if verdict is TapVerdict.APPLY else verdict)
        card = self._card(session)
        if card is None:  # its routine is gone from the content: close it
            await self._sessions.end(session.id, now)
            return Rejected(TapVerdict.ENDED)
        move = advance(step, session.total, action)
        if move.finished:
            await self._sessions.finish(session.id, now)
        if card.exercise.hold is not None:
            # The hold of the card left behind is over. A timer only ever runs for the card a
            # session is on (TimerRepository.start), so leaving a card without one has none.
            await self._timers.cancel(user_id)
        await self._sessions.log_card(session, step, card.exercise.id, move.outcome, now)
        status = SessionStatus.FINISHED if move.finished else SessionStatus.ACTIVE
        after = replace(session, step=move.next_step, status=status)
        if move.finished:
            return Moved(card.exercise, after, move.outcome, None, await self._summary(after))
        return Moved(card.exercise, after, move.outcome, self._card(after), None)

    async def _answer_again(self, session: SessionState, step: int) -> Moved | Ended | Rejected:
        """What the earlier press on card `step` led to, to be shown again; nothing changes."""
        if session.status is SessionStatus.STOPPED:
            card = self._card(session)
            summary = await self._summary(session)
            return Ended(card.exercise if card else None, session, summary, again=True)
        routine = self._program.routine(session.routine_id)
        left = routine.card(step) if routine else None
        outcome = await self._sessions.logged_outcome(session.id, step)
        if left is None or outcome is None:
            return Rejected(TapVerdict.STALE)
        if session.status is SessionStatus.FINISHED:
            summary = await self._summary(session)
            return Moved(left, session, outcome, None, summary, again=True)
        card = self._card(session)
        if card is None:
            return Rejected(TapVerdict.ENDED)
        return Moved(left, session, outcome, card, None, again=True)

    async def stop(self, user_id: int) -> Ended | None:
        """Stops the user's open session; None when there is none."""
        session = await self.open_session(user_id)
        if session is None or not await self._sessions.end(session.id, self._now()):
            return None
        await self._timers.cancel(user_id)
        card = self._card(session)
        return Ended(card.exercise if card else None, session, await self._summary(session))

    async def remember_card_message(
        self, session_id: int, step: int, message_id: int, media_message_id: int | None
    ) -> None:
        """Stores which messages show card `step` of a session and its movement, unless the
        session has moved on from it."""
        await self._sessions.set_card_message(session_id, step, message_id, media_message_id)

    def _card(self, session: SessionState) -> Card | None:
        routine = self._program.routine(session.routine_id)
        exercise = routine.card(session.step) if routine else None
        if routine is None or exercise is None:
            return None
        return Card(session, routine, exercise)

    async def _summary(self, session: SessionState) -> Summary:
        log = await self._sessions.logged_cards(session.id)
        skipped = tuple(card.exercise_id for card in log if card.outcome is Outcome.SKIPPED)
        finished = session.step >= session.total
        minutes = active_minutes(session.started_at, sorted(card.at for card in log))
        await self._progress.record_minutes(session.id, minutes)
        return Summary(
            routine_id=session.routine_id,
            status=SessionStatus.FINISHED if finished else SessionStatus.STOPPED,
            done=len(log) - len(skipped),
            skipped=len(skipped),
            total=session.total,
            minutes=minutes,
            reached_step=session.step,
            streak=await self._progress.current_streak(session.user_id) if finished else None,
            skipped_ids=skipped,
        )

    def _now(self) -> datetime:
        return self._clock.now()

"""Hold timers: start, cancel, claim a cue (once, whichever instance asks first), restore."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import HOLD_TIMERS, SESSIONS, HoldTimer, User, on_active_card

# Leaving a card with a hold drops its timer: built once, as the statements of a tap are.
_CANCEL = delete(HOLD_TIMERS).where(HOLD_TIMERS.c.user_id == bindparam("user_id"))


class Cue(enum.Enum):
    """The two moments a hold timer speaks."""

    SWITCH = "switch"  # switch sides (two-sided holds)
    DONE = "done"  # time is up


@dataclass(frozen=True, slots=True)
class PendingCue:
    """A cue still to be sent."""

    user_id: int
    chat_id: int
    cue: Cue
    due_at: datetime


@dataclass(frozen=True, slots=True)
class ClaimedCue:
    """A cue this caller, and no one else, sends now."""

    chat_id: int
    exercise_id: str
    language_code: str | None


class TimerRepository:
    """The hold_timers table."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def start(
        self,
        card: tuple[int, int],
        user_id: int,
        chat_id: int,
        exercise_id: str,
        switch_at: datetime | None,
        done_at: datetime,
    ) -> bool:
        """Starts the user's timer for the card `(session id, step)`, replacing one that was
        running (one upsert, so two taps at once leave one timer, never an error); False when
        the session has left that card meanwhile.

        The card is checked under the session row's lock (a no-op update), so a ✅ Done on the
        same card either commits first and no timer starts, or waits for this one and drops
        it: a timer row only ever exists for the card a session is on."""
        session_id, step = card
        on_card = await self._session.execute(
            update(SESSIONS).where(on_active_card(session_id, step)).values(step=SESSIONS.c.step)
        )
        if on_card.rowcount != 1:  # type: ignore[attr-defined]
            return False
        dialect = self._session.bind.dialect.name if self._session.bind else "sqlite"
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        values = {
            "chat_id": chat_id,
            "exercise_id": exercise_id,
            "switch_at": switch_at,
            "done_at": done_at,
        }
        await self._session.execute(
            insert(HoldTimer)
            .values(user_id=user_id, **values)
            .on_conflict_do_update(index_elements=[HoldTimer.user_id], set_=values)
        )
        return True

    async def cancel(self, user_id: int) -> None:
        """Drops the user's timer (they moved on)."""
        await self._session.execute(_CANCEL, {"user_id": user_id})

    async def claim(self, user_id: int, cue: Cue, due_at: datetime) -> ClaimedCue | None:
        """Takes the cue due at `due_at`; None if it was sent, cancelled or replaced meanwhile."""
        returned = (HoldTimer.chat_id, HoldTimer.exercise_id)
        options = {"synchronize_session": False}
        if cue is Cue.SWITCH:
            result = await self._session.execute(
                update(HoldTimer)
                .where(HoldTimer.user_id == user_id, HoldTimer.switch_at == due_at)
                .values(switch_at=None)
                .returning(*returned)
                .execution_options(**options)
            )
        else:
            result = await self._session.execute(
                delete(HoldTimer)
                .where(HoldTimer.user_id == user_id, HoldTimer.done_at == due_at)
                .returning(*returned)
                .execution_options(**options)
            )
        row = result.first()
        if row is None:
            return None
        language = await self._session.scalar(select(User.language_code).where(User.id == user_id))
        return ClaimedCue(chat_id=row.chat_id, exercise_id=row.exercise_id, language_code=language)

    async def pending(self) -> list[PendingCue]:
        """Every cue still to be sent, for scheduling after a start-up."""
        cues: list[PendingCue] = []
        for timer in (await self._session.scalars(select(HoldTimer))).all():
            if timer.switch_at is not None:
                cues.append(PendingCue(timer.user_id, timer.chat_id, Cue.SWITCH, timer.switch_at))
            cues.append(PendingCue(timer.user_id, timer.chat_id, Cue.DONE, timer.done_at))
        return cues

    async def drop_stale(self, before: datetime) -> None:
        """Forgets timers whose last cue was due before `before`: too late to be of use."""
        await self._session.execute(
            delete(HoldTimer)
            .where(HoldTimer.done_at < before)
            .execution_options(synchronize_session=False)
        )

"""Repositories of users and sessions (the other tables have theirs in bot/storage/). They
return plain domain objects; SQL lives only in bot/storage/."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.flow import Outcome, SessionState, SessionStatus
from bot.domain.people import Stored
from bot.storage.models import (
    CARD_EVENTS,
    SESSIONS,
    USERS,
    CardEvent,
    Session,
    User,
    on_active_card,
)

# The columns a SessionState is made of, read as a plain row (no ORM object to build and track).
_STATE_COLUMNS = tuple(
    SESSIONS.c[name]
    for name in (
        "id",
        "user_id",
        "routine_id",
        "step",
        "total_steps",
        "status",
        "started_at",
        "card_message_id",
        "media_message_id",
    )
)

# The statements of every tap, built once with parameters: SQLAlchemy then neither builds them
# nor computes their cache key again, and as Core statements they skip the ORM's DML work.
_STORED_USER = select(USERS.c.language_code, USERS.c.last_seen_at).where(
    USERS.c.id == bindparam("user_id")
)
_SESSION_BY_ID = select(*_STATE_COLUMNS).where(SESSIONS.c.id == bindparam("session_id"))
_STEP_FORWARD = (
    update(SESSIONS)
    .where(
        on_active_card(bindparam("session_id"), bindparam("on_step")),
        SESSIONS.c.user_id == bindparam("by_user"),
    )
    .values(step=bindparam("to_step"))
    .returning(*_STATE_COLUMNS)
)
_FINISH = (
    update(SESSIONS)
    .where(SESSIONS.c.id == bindparam("session_id"))
    .values(status=SessionStatus.FINISHED.value, finished_at=bindparam("at_time"))
)
_LOG_CARD = insert(CARD_EVENTS)


def _state(row: Any) -> SessionState:
    return SessionState(
        id=row.id,
        user_id=row.user_id,
        routine_id=row.routine_id,
        step=row.step,
        total=row.total_steps,
        status=SessionStatus(row.status),
        started_at=row.started_at,
        card_message_id=row.card_message_id,
        media_message_id=row.media_message_id,
    )


@dataclass(frozen=True, slots=True)
class LoggedCard:
    """One card of a session's log: which exercise, done or skipped, and when."""

    exercise_id: str
    outcome: Outcome
    at: datetime


@dataclass(frozen=True, slots=True)
class UserProfile:
    """What the bot keeps about a user besides their log."""

    id: int
    first_name: str
    language_code: str | None
    timezone: str | None
    is_active: bool
    awaiting: str | None
    awaiting_since: datetime | None
    setup_offered: bool


class UserRepository:
    """Users by Telegram id."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def profile(self, user_id: int) -> UserProfile | None:
        """The stored user, or None."""
        user = await self._session.get(User, user_id)
        if user is None:
            return None
        return UserProfile(
            id=user.id,
            first_name=user.first_name,
            language_code=user.language_code,
            timezone=user.timezone,
            is_active=user.is_active,
            awaiting=user.awaiting,
            awaiting_since=user.awaiting_since,
            setup_offered=user.setup_offered,
        )

    async def stored(self, user_id: int) -> Stored:
        """Whether the user is stored, their language code (chosen, or from first contact) and
        their last-seen time."""
        row = (await self._session.execute(_STORED_USER, {"user_id": user_id})).first()
        return Stored(False, None) if row is None else Stored(True, row[0], row[1])

    async def change(self, user_id: int, **values: object) -> None:
        """Updates some of a user's columns (timezone, is_active, awaiting, ...)."""
        unknown = set(values) - {
            "language_code",
            "timezone",
            "is_active",
            "awaiting",
            "awaiting_since",
            "setup_offered",
        }
        if unknown:
            raise ValueError(f"not a user setting: {sorted(unknown)}")
        await self._session.execute(
            update(User)
            .where(User.id == user_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )

    async def touch(
        self, user_id: int, first_name: str, language_code: str | None, now: datetime
    ) -> None:
        """Creates the user on first contact, or refreshes name and last-seen time."""
        dialect = self._session.bind.dialect.name if self._session.bind else "sqlite"
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        values = {
            "id": user_id,
            "first_name": first_name[:256],
            "language_code": (language_code or None) and language_code[:16],
            "created_at": now,
            "last_seen_at": now,
        }
        statement = insert(User).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=[User.id],
            set_={"first_name": values["first_name"], "last_seen_at": now},
        )
        await self._session.execute(statement)

    async def seen(self, user_id: int, now: datetime) -> None:
        """Refreshes the last-seen time of a stored user; never creates one."""
        await self._session.execute(update(User).where(User.id == user_id).values(last_seen_at=now))


class SessionRepository:
    """Sessions and their card log. Every change that a double tap could race is atomic."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, session_id: int) -> SessionState | None:
        """A session by id, or None."""
        found = await self._session.execute(_SESSION_BY_ID, {"session_id": session_id})
        row = found.first()
        return _state(row) if row else None

    async def active_for(self, user_id: int) -> SessionState | None:
        """The user's active session, if any."""
        row = await self._session.scalar(
            select(Session).where(
                Session.user_id == user_id, Session.status == SessionStatus.ACTIVE.value
            )
        )
        return _state(row) if row else None

    async def create(
        self, user_id: int, routine_id: str, total: int, now: datetime
    ) -> SessionState | None:
        """Opens a session; None when the user already has an active one (a race lost)."""
        row = Session(
            user_id=user_id,
            routine_id=routine_id,
            step=0,
            total_steps=total,
            status=SessionStatus.ACTIVE.value,
            started_at=now,
        )
        try:
            async with self._session.begin_nested():
                self._session.add(row)
                await self._session.flush()
        except IntegrityError:
            return None
        return _state(row)

    async def step_forward(
        self, session_id: int, user_id: int, step: int, next_step: int
    ) -> SessionState | None:
        """Moves the user's active session from card `step` to `next_step`, in one statement
        that checks and moves; returns the session as it was on `step`, or None when it is not
        on that card (another press got there first), not active, or not the user's."""
        moved = await self._session.execute(
            _STEP_FORWARD,
            {"session_id": session_id, "on_step": step, "by_user": user_id, "to_step": next_step},
        )
        row = moved.first()
        return replace(_state(row), step=step) if row else None

    async def finish(self, session_id: int, now: datetime) -> None:
        """Marks a session finished (its last card was just left)."""
        await self._session.execute(_FINISH, {"session_id": session_id, "at_time": now})

    async def end(self, session_id: int, now: datetime, expected_step: int | None = None) -> bool:
        """Stops an active session (at `expected_step`, when given); False if it was not."""
        conditions = [Session.id == session_id, Session.status == SessionStatus.ACTIVE.value]
        if expected_step is not None:
            conditions.append(Session.step == expected_step)
        result = await self._session.execute(
            update(Session)
            .where(*conditions)
            .values(status=SessionStatus.STOPPED.value, finished_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def set_card_message(
        self, session_id: int, step: int, message_id: int, media_message_id: int | None
    ) -> None:
        """Remembers which messages show card `step` of the session and its movement, while
        the session is still on that card: a write that comes late (the user tapped on in the
        meantime, on another instance) never points the session back at an older card."""
        await self._session.execute(
            update(Session)
            .where(Session.id == session_id, Session.step == step)
            .values(card_message_id=message_id, media_message_id=media_message_id)
            .execution_options(synchronize_session=False)
        )

    async def log_card(
        self,
        session: SessionState,
        step: int,
        exercise_id: str,
        outcome: Outcome,
        now: datetime,
    ) -> None:
        """Appends one done or skipped card to the log."""
        await self._session.execute(
            _LOG_CARD,
            {
                "session_id": session.id,
                "user_id": session.user_id,
                "step": step,
                "exercise_id": exercise_id,
                "outcome": outcome.value,
                "at": now,
            },
        )

    async def logged_outcome(self, session_id: int, step: int) -> Outcome | None:
        """How card `step` of the session was left (done or skipped), if it was."""
        outcome = await self._session.scalar(
            select(CardEvent.outcome).where(
                CardEvent.session_id == session_id, CardEvent.step == step
            )
        )
        return Outcome(outcome) if outcome is not None else None

    async def logged_cards(self, session_id: int) -> list[LoggedCard]:
        """The cards of the session done or skipped, in the routine's order."""
        rows = await self._session.execute(
            select(CardEvent.exercise_id, CardEvent.outcome, CardEvent.at)
            .where(CardEvent.session_id == session_id)
            .order_by(CardEvent.step)
        )
        return [LoggedCard(exercise_id, Outcome(outcome), at) for exercise_id, outcome, at in rows]

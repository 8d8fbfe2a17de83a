"""SQLAlchemy 2 models. Telegram ids are BigInteger; times are stored in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    false,
    text,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlalchemy.types import TypeDecorator

from bot.domain.flow import SessionStatus

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments an INTEGER PRIMARY KEY; elsewhere ids are 64-bit.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use aware UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints stably."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    """A person who has talked to the bot."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    first_name: Mapped[str] = mapped_column(String(256))
    # The user's language: Telegram's language_code at first contact, then what /language chose.
    language_code: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # IANA zone name, e.g. "Europe/Berlin"; None until the user chose one.
    timezone: Mapped[str | None] = mapped_column(String(64))
    # False once Telegram said the user blocked the bot (403); /start sets it back.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # What typed text means right now ("timezone" or "time" during set-up), and since when.
    awaiting: Mapped[str | None] = mapped_column(String(16))
    awaiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Whether the reminder set-up after the first /start was offered (done or skipped).
    setup_offered: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


# The tables behind the models, for the Core statements of the hot paths (a statement on a
# table skips the ORM's work at execution; the models stay the schema's one description).
USERS = cast(Table, User.__table__)


class Reminder(Base):
    """A user's evening reminder: settings, and the next instant it is due (UTC)."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_next_at", "next_at"),)

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    local_time: Mapped[str] = mapped_column(String(5))  # "HH:MM"
    days: Mapped[str] = mapped_column(String(16))  # "weekdays" or "daily"
    # None when off, or while the time zone is unknown.
    next_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A one-off snoozed reminder may come on a day that already had one.
    snoozed: Mapped[bool] = mapped_column(Boolean, default=False)
    # A sender holds the reminder until this instant; a dead sender's claim expires.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_sent_on: Mapped[date | None] = mapped_column(Date)
    sent_count: Mapped[int] = mapped_column(Integer, default=0)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)


class Session(Base):
    """One run through a routine."""

    __tablename__ = "sessions"
    __table_args__ = (
        # At most one active session per user, enforced by the database itself.
        Index(
            "uq_sessions_user_id_active",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        Index("ix_sessions_user_id_started_at", "user_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    routine_id: Mapped[str] = mapped_column(String(32))
    step: Mapped[int] = mapped_column(Integer, default=0)
    total_steps: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # The message above the card that shows its movement (its animation or image).
    media_message_id: Mapped[int | None] = mapped_column(BigInteger)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Active minutes, stored when the session ends (progress sums them).
    minutes: Mapped[int | None] = mapped_column(Integer)
    # How the joints felt, 0 (fine) to 10 (worst), before and after; None when not given.
    discomfort_before: Mapped[int | None] = mapped_column(SmallInteger)
    discomfort_after: Mapped[int | None] = mapped_column(SmallInteger)


SESSIONS = cast(Table, Session.__table__)


def on_active_card(
    session_id: int | BindParameter[int], step: int | BindParameter[int]
) -> ColumnElement[bool]:
    """The condition that a session is active and on card `step`: what a press (or a timer)
    must still find true to change anything. On the table's columns, so that a statement
    built with it stays a Core one (no ORM work at execution)."""
    columns = SESSIONS.c
    return and_(
        columns.id == session_id,
        columns.step == step,
        columns.status == SessionStatus.ACTIVE.value,
    )


class Pause(Base):
    """A vacation or sick leave: no reminders, and the streak is frozen."""

    __tablename__ = "pauses"
    __table_args__ = (Index("ix_pauses_user_id_start", "user_id", "start"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    start: Mapped[date] = mapped_column(Date)  # first paused local date
    end: Mapped[date] = mapped_column(Date)  # last paused local date


class Broadcast(Base):
    """A message an operator sends to every active user."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # The operator; no foreign key, so deleting that operator's data keeps the record.
    author_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    # "draft" (previewed), "sending", "done", or "cancelled".
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Delivery(Base):
    """One user's copy of a broadcast: sent at most once, resumable after a restart."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_broadcast_id_status", "broadcast_id", "status"),)

    broadcast_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # "pending", "sent", "failed" or "blocked".
    status: Mapped[str] = mapped_column(String(16))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class CardEvent(Base):
    """A card done or skipped, with its time: the log everything else is computed from."""

    __tablename__ = "card_events"
    __table_args__ = (
        UniqueConstraint("session_id", "step"),
        Index("ix_card_events_user_id_at", "user_id", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("sessions.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    step: Mapped[int] = mapped_column(Integer)
    exercise_id: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


CARD_EVENTS = cast(Table, CardEvent.__table__)


class HoldTimer(Base):
    """A running ⏱ hold timer (one per user): the instants its cues are due, until sent.

    Kept in the database so that a restart, or another instance, still sends each cue once.
    """

    __tablename__ = "hold_timers"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger)
    exercise_id: Mapped[str] = mapped_column(String(64))
    # "Switch sides" of a two-sided hold; None for one side, or once it was sent.
    switch_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime] = mapped_column(UTCDateTime())


HOLD_TIMERS = cast(Table, HoldTimer.__table__)


class Lease(Base):
    """A job only one instance may run at a time (the bulk lane), and who runs it until when."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(32))
    until: Mapped[datetime] = mapped_column(UTCDateTime())
    # When the holder took it (renewals keep it): a new value means a new holder's turn.
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MediaFile(Base):
    """A file Telegram already has: the bot sends its `file_id` instead of uploading it again
    (after a restart, or from another instance). `key` names the file and its content (an
    exercise's drawing and a hash of its bytes), so a changed drawing is uploaded once anew."""

    __tablename__ = "media_files"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    file_id: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
